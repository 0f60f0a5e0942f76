// The console's only way to data: the service's public GraphQL API (and the audit CSV export), with the signed-in
// user's bearer token. Whatever the API refuses, the console cannot do either.

const GRAPHQL = new URL('../graphql', location.href).toString();

/** A refused call: the first GraphQL error's message with its extensions (code, reason). */
export class ApiError extends Error {
  constructor(message, {code = null, reason = null, status = null, errors = []} = {}) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.status = status;
    this.errors = errors;
  }
}

export class Api {
  constructor(auth) {
    this.auth = auth;
  }

  /** Runs a query or mutation; answers `data`, throws an ApiError when the API answered errors and no data. */
  async graphql(query, variables = {}, {allowPartial = false} = {}) {
    const response = await this.send(GRAPHQL, {
      method: 'POST',
      headers: {'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json'},
      body: JSON.stringify({query, variables}),
    });
    const body = await response.json().catch(() => null);
    if (!body) throw new ApiError(`the API answered HTTP ${response.status} without a result`, {status: response.status});
    const errors = body.errors || [];
    if (errors.length && (!allowPartial || !body.data)) {
      const first = errors[0];
      throw new ApiError(first.message, {code: first.extensions?.code || first.extensions?.classification,
        reason: first.extensions?.reason, status: response.status, errors});
    }
    return body.data;
  }

  /** A GET with the bearer token (e.g. the CSV export), answered as a Blob; errors as ApiError. */
  async download(path) {
    const response = await this.send(new URL(path, GRAPHQL).toString(), {method: 'GET', headers: {Accept: 'text/csv'}});
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      throw new ApiError(problem.message || `the download failed (HTTP ${response.status})`,
          {code: problem.code, status: response.status});
    }
    return response.blob();
  }

  async send(url, init) {
    let token = await this.auth.accessToken();
    if (!token) throw new ApiError('not signed in', {status: 401});
    let response = await fetch(url, withToken(init, token));
    if (response.status === 401) {
      // The token may have been revoked or expired in between: one refresh, one retry.
      await this.auth.refresh();
      token = await this.auth.accessToken();
      if (!token) throw new ApiError('your session has ended', {status: 401});
      response = await fetch(url, withToken(init, token));
    }
    if (response.status === 401) throw new ApiError('the API did not accept your sign-in', {status: 401});
    if (response.status === 403 && !url.endsWith('/graphql')) {
      throw new ApiError('your roles do not allow this', {status: 403, code: 'FORBIDDEN'});
    }
    return response;
  }
}

function withToken(init, token) {
  return {...init, headers: {...(init.headers || {}), Authorization: `Bearer ${token}`}};
}

/** An error as one line for the user: the message and the reason or code the API gave. */
export function describeError(e) {
  if (e instanceof ApiError) {
    const why = e.reason || e.code;
    return why ? `${e.message} (${why})` : e.message;
  }
  return e && e.message ? e.message : String(e);
}

/** Polls `probe` until `ready(value)` (the read model may lag a moment behind a decision), at most ~`ms`. */
export async function eventually(probe, ready, ms = 6000) {
  const until = Date.now() + ms;
  let value = await probe();
  while (!ready(value) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    value = await probe();
  }
  return value;
}
