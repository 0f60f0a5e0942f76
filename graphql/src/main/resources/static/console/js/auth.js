// Sign-in at Keycloak with the OpenID Connect authorization code flow and PKCE (S256), in plain browser code: the
// console is a public client (no secret). Tokens live in this tab's sessionStorage only (gone when the tab closes,
// never shared with other tabs or sent anywhere but to the API and Keycloak), refreshed before they expire.

const SESSION = 'mdg.console.session';
const PENDING = 'mdg.console.pending';
const REFRESH_EARLY_MS = 60_000;

/** The roles the console knows, in display order. */
export class AuthError extends Error {}

export class Auth {
  constructor(config, discovery) {
    this.clientId = config.clientId;
    this.issuer = config.issuer;
    // the rules file's roles (config.json): each record type's steward role, and every role the console shows
    this.stewardRoles = config.stewardRoles || {};
    // the roles that approve a step of change requests without stewarding a type (e.g. finance-controller)
    this.deciderRoles = config.deciderRoles || [];
    this.knownRoles = config.roles || [];
    this.discovery = discovery;
    this.redirectUri = location.origin + location.pathname.replace(/[^/]*$/, '');
    this.session = readJson(SESSION);
    this.refreshTimer = null;
    this.refreshing = null;
    this.onSignedOut = () => {};
  }

  /** Reads the service's console config and the issuer's discovery document. */
  static async create() {
    const response = await fetch('config.json', {headers: {Accept: 'application/json'}});
    if (!response.ok) throw new AuthError(`the console's configuration could not be read (HTTP ${response.status})`);
    const config = await response.json();
    let discovery;
    try {
      const d = await fetch(`${config.issuer}/.well-known/openid-configuration`);
      if (!d.ok) throw new Error(`HTTP ${d.status}`);
      discovery = await d.json();
    } catch (e) {
      throw new AuthError(`the sign-in service at ${config.issuer} does not answer (${e.message}); is Keycloak running?`);
    }
    if (!window.crypto || !window.crypto.subtle) {
      throw new AuthError('signing in needs the browser\'s Web Crypto API, which it offers only over https or on '
          + 'localhost: open the console through https or http://localhost');
    }
    return new Auth(config, discovery);
  }

  /**
   * Finishes a sign-in when Keycloak sent the browser back with a code (or an error), and restores a session.
   * Answers the hash route the user wanted before signing in, if any.
   */
  async start() {
    const params = new URLSearchParams(location.search);
    let returnTo = null;
    if (params.has('code') || params.has('error')) {
      const pending = readJson(PENDING);
      sessionStorage.removeItem(PENDING);
      // Drop ?code=…&state=… from the address bar (and from the history) at once.
      history.replaceState(null, '', this.redirectUri + (pending?.returnTo || ''));
      if (params.has('error')) {
        throw new AuthError(`sign-in failed: ${params.get('error_description') || params.get('error')}`);
      }
      if (!pending || pending.state !== params.get('state')) {
        throw new AuthError('sign-in failed: the answer does not belong to this sign-in (state mismatch); try again');
      }
      await this.exchange({grant_type: 'authorization_code', code: params.get('code'),
        redirect_uri: this.redirectUri, code_verifier: pending.verifier}, pending.nonce);
      returnTo = pending.returnTo;
    }
    if (this.session && this.session.refreshExpiresAt && this.session.refreshExpiresAt < Date.now()) {
      this.forget();
    }
    if (this.session) this.scheduleRefresh();
    return returnTo;
  }

  get signedIn() {
    return Boolean(this.session);
  }

  /** Who is signed in: the user name and realm roles from the access token. */
  get user() {
    if (!this.session) return null;
    const claims = decodeJwt(this.session.accessToken);
    const known = this.knownRoles;
    const roles = (claims.realm_access?.roles || []).filter((r) => known.includes(r));
    roles.sort((a, b) => known.indexOf(a) - known.indexOf(b));
    return {name: claims.preferred_username || claims.sub, roles};
  }

  /** Sends the browser to Keycloak's login page; it comes back to the console with a code. */
  async signIn(returnTo = location.hash) {
    const verifier = randomString(48);
    const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const state = randomString(24);
    const nonce = randomString(24);
    sessionStorage.setItem(PENDING, JSON.stringify({verifier, state, nonce, returnTo}));
    const url = new URL(this.discovery.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code', client_id: this.clientId, redirect_uri: this.redirectUri, scope: 'openid profile',
      state, nonce, code_challenge: challenge, code_challenge_method: 'S256',
    }).toString();
    location.assign(url.toString());
  }

  /** Ends the Keycloak session too (single sign-out), then comes back to the console's start page. */
  signOut() {
    const idToken = this.session?.idToken;
    this.forget();
    const url = new URL(this.discovery.end_session_endpoint);
    const params = {client_id: this.clientId, post_logout_redirect_uri: this.redirectUri};
    if (idToken) params.id_token_hint = idToken;
    url.search = new URLSearchParams(params).toString();
    location.assign(url.toString());
  }

  /** A valid access token, refreshed first when it is about to expire; null when the session has ended. */
  async accessToken() {
    if (!this.session) return null;
    if (this.session.expiresAt - Date.now() < 10_000) await this.refresh();
    return this.session ? this.session.accessToken : null;
  }

  /** Refreshes the tokens (one refresh at a time); on failure the session ends. */
  refresh() {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        try {
          if (!this.session?.refreshToken) throw new AuthError('no refresh token');
          await this.exchange({grant_type: 'refresh_token', refresh_token: this.session.refreshToken});
        } catch (e) {
          this.forget();
          this.onSignedOut('Your session has ended. Sign in again to go on.');
        } finally {
          this.refreshing = null;
        }
      })();
    }
    return this.refreshing;
  }

  async exchange(form, expectedNonce) {
    const body = new URLSearchParams({...form, client_id: this.clientId});
    const response = await fetch(this.discovery.token_endpoint, {
      method: 'POST', headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body,
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new AuthError(`sign-in failed: ${answer.error_description || answer.error || `HTTP ${response.status}`}`);
    }
    if (expectedNonce && answer.id_token && decodeJwt(answer.id_token).nonce !== expectedNonce) {
      throw new AuthError('sign-in failed: the ID token does not belong to this sign-in (nonce mismatch)');
    }
    const now = Date.now();
    this.session = {
      accessToken: answer.access_token,
      idToken: answer.id_token || this.session?.idToken,
      refreshToken: answer.refresh_token || this.session?.refreshToken,
      expiresAt: now + (answer.expires_in || 60) * 1000,
      refreshExpiresAt: answer.refresh_expires_in ? now + answer.refresh_expires_in * 1000 : null,
    };
    sessionStorage.setItem(SESSION, JSON.stringify(this.session));
    this.scheduleRefresh();
  }

  scheduleRefresh() {
    clearTimeout(this.refreshTimer);
    if (!this.session) return;
    const lifetime = this.session.expiresAt - Date.now();
    const wait = Math.max(5_000, lifetime - Math.min(REFRESH_EARLY_MS, lifetime / 3));
    this.refreshTimer = setTimeout(() => this.refresh(), wait);
  }

  forget() {
    clearTimeout(this.refreshTimer);
    this.session = null;
    sessionStorage.removeItem(SESSION);
  }
}

export function decodeJwt(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(payload),
        (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    return JSON.parse(json);
  } catch {
    return {};
  }
}

function randomString(bytes) {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64Url(buffer) {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function readJson(key) {
  try {
    return JSON.parse(sessionStorage.getItem(key));
  } catch {
    return null;
  }
}
