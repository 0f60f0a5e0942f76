// The inbox: pending change requests the signed-in steward may decide (the API's awaitingMyDecision: at an approval
// step of a role they hold, not requested or already approved by them), riskiest first and, at equal risk, oldest
// first. A request in several steps says which step it is at; one that passed its SLA says to which role it escalated
// and when (that role decides it as well from then on). Below, the requests that expired recently (the deadline passed
// undecided), so that an expiry is seen, not silently gone.

import {h, field, select, table, age, deadlineText, formatDateTime, humanize, recordName, TYPE_LABELS, toQuery} from './dom.js';

export const NAMES = `
fragment Names on MasterRecord {
  id status
  ... on Supplier { legalName }
  ... on Item { description }
  ... on Contract { contractNumber }
  ... on Location { name }
}`;

const INBOX = `
query Inbox($after: String) {
  changeRequests(filter: {awaitingMyDecision: true, status: PENDING}, first: 100, after: $after) {
    edges { node {
      id type recordId action attributes groups approvals approvalsRequired evidenceRequired openedAt deadline reason
      currentStep steps { role approvalsRequired approvals }
      escalatedTo escalatedAt decidableAsDelegateFor
      requestedBy { type name }
      record { ...Names }
    } }
    pageInfo { hasNextPage endCursor }
  }
}
${NAMES}`;

const EXPIRED = `
query Expired {
  changeRequests(filter: {status: EXPIRED}, first: 20) {
    edges { node {
      id type recordId action attributes closedAt escalatedTo approverRole
      requestedBy { type name }
      record { ...Names }
    } }
  }
}
${NAMES}`;

/** Higher is riskier: approvals needed, evidence, record-level actions (merge, lifecycle), then the groups' count. */
export function riskScore(cr) {
  return cr.approvalsRequired * 10 + (cr.evidenceRequired ? 5 : 0) + (cr.action && cr.action !== 'ATTRIBUTES' ? 3 : 0)
      + Math.min(cr.groups.length, 2);
}

export function riskLabel(cr) {
  const parts = [`${cr.approvalsRequired} approval${cr.approvalsRequired === 1 ? '' : 's'}`];
  if (cr.evidenceRequired) parts.push('verification note');
  return `${cr.approvalsRequired >= 2 || cr.evidenceRequired ? 'High' : 'Normal'} (${parts.join(', ')})`;
}

export function sortInbox(requests) {
  return [...requests].sort((a, b) => riskScore(b) - riskScore(a)
      || new Date(a.openedAt) - new Date(b.openedAt));
}

export async function renderInbox(view, ctx, params, stale) {
  ctx.setTitle('Inbox');
  const heading = h('h1', {tabindex: '-1'}, 'Inbox');
  view.append(heading, h('p', {class: 'lead'},
      'Change requests awaiting your decision, highest risk first, then oldest first.'));
  if (!ctx.isDecider) {
    view.append(h('p', {class: 'notice'}, 'Only data stewards and the roles of approval steps (e.g. finance '
        + 'controllers) decide on change requests; your roles include none of them.'));
    return;
  }

  const requests = [];
  let after = null;
  do {
    const data = await ctx.api.graphql(INBOX, {after});
    if (stale()) return;
    const page = data.changeRequests;
    requests.push(...page.edges.map((e) => e.node));
    after = page.pageInfo.hasNextPage && requests.length < 500 ? page.pageInfo.endCursor : null;
  } while (after);

  const sorted = sortInbox(requests);
  ctx.setTitle(`Inbox (${sorted.length})`);
  heading.textContent = `Inbox (${sorted.length})`;

  const domain = select('domain', [['', 'All domains'], ...Object.entries(TYPE_LABELS)], params.domain || '');
  const text = h('input', {type: 'search', name: 'text', value: params.text || '', autocomplete: 'off'});
  const highOnly = h('input', {type: 'checkbox', name: 'high', id: 'inbox-high', checked: params.high === '1'});
  const apply = (event) => {
    event.preventDefault();
    ctx.navigate(`#/inbox${toQuery({domain: domain.value, text: text.value.trim(), high: highOnly.checked ? '1' : ''})}`);
  };
  view.append(h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter the inbox', onsubmit: apply},
      field('Domain', domain),
      field('Record, requester or attribute', text),
      h('div', {class: 'field checkbox'}, highOnly, h('label', {for: 'inbox-high'}, 'High risk only')),
      h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Filter'))));

  const needle = (params.text || '').toLowerCase();
  const shown = sorted.filter((cr) => (!params.domain || cr.type === params.domain)
      && (params.high !== '1' || cr.approvalsRequired >= 2 || cr.evidenceRequired)
      && (!needle || [cr.recordId, recordName(cr.record), cr.requestedBy.name, ...cr.attributes]
          .some((v) => v && String(v).toLowerCase().includes(needle))));

  if (sorted.length === 0) {
    view.append(h('p', {class: 'empty', id: 'inbox-empty'}, 'Nothing awaits your decision.'));
    await renderExpired(view, ctx, stale);
    return;
  }
  if (shown.length !== sorted.length) {
    view.append(h('p', {class: 'hint'}, `Showing ${shown.length} of ${sorted.length} (filtered).`));
  }
  const now = Date.now();
  const rows = shown.map((cr) => h('tr', {class: cr.approvalsRequired >= 2 || cr.evidenceRequired ? 'risk-high' : null,
    dataset: {requestId: cr.id}},
  h('td', {}, riskLabel(cr)),
  h('td', {}, TYPE_LABELS[cr.type] || cr.type),
  h('td', {}, h('a', {href: `#/requests/${encodeURIComponent(cr.id)}`, class: 'request-link'},
      recordName(cr.record) || cr.recordId), h('br'), h('small', {class: 'mono'}, cr.recordId)),
  h('td', {}, cr.action === 'ATTRIBUTES' || !cr.action ? cr.attributes.map(humanize).join(', ') : humanize(cr.action)),
  h('td', {}, `${cr.requestedBy.name}`, h('small', {class: 'hint'}, cr.requestedBy.type === 'CLIENT' ? ' (source system)' : '')),
  h('td', {}, h('time', {datetime: cr.openedAt, title: formatDateTime(cr.openedAt)}, age(cr.openedAt, now))),
  h('td', {}, cr.deadline ? h('time', {datetime: cr.deadline, title: formatDateTime(cr.deadline)}, deadlineText(cr.deadline, now)) : '—',
      cr.escalatedTo ? h('span', {class: 'badge status-escalated escalated', title: `escalated ${formatDateTime(cr.escalatedAt)}`},
          ` escalated to ${cr.escalatedTo}`) : null,
      cr.decidableAsDelegateFor ? h('span', {class: 'badge delegated', title: 'you decide it as their delegate'},
          ` delegated: for ${cr.decidableAsDelegateFor}`) : null),
  h('td', {}, `${cr.approvals} of ${cr.approvalsRequired}`, (cr.steps || []).length > 1
    ? h('small', {class: 'hint step'}, ` — step ${cr.currentStep} of ${cr.steps.length} `
        + `(${cr.steps[cr.currentStep - 1].role})`) : null)));
  view.append(table('Change requests awaiting your decision',
      ['Risk', 'Domain', 'Record', 'Change', 'Requested by', 'Age', 'Deadline', 'Approvals'], rows,
      {hideCaption: true, cls: 'inbox'}));
  await renderExpired(view, ctx, stale);
}

/** The most recent expired requests the user may read: an expiry is an explicit decision, shown, never silent. */
async function renderExpired(view, ctx, stale) {
  let data;
  try {
    data = await ctx.api.graphql(EXPIRED, {});
  } catch (e) {
    return; // (the inbox itself stays usable; the error is the API's to report)
  }
  if (stale()) return;
  const expired = data.changeRequests.edges.map((e) => e.node);
  const section = h('section', {'aria-labelledby': 'expired-h', id: 'expired'},
      h('h2', {id: 'expired-h'}, `Recently expired (${expired.length})`));
  if (expired.length === 0) {
    section.append(h('p', {class: 'empty'}, 'No change request has expired.'));
  } else {
    section.append(table('Change requests that expired undecided', ['Domain', 'Record', 'Change', 'Requested by',
      'Expired', 'Alerted'], expired.map((cr) => h('tr', {dataset: {requestId: cr.id}},
      h('td', {}, TYPE_LABELS[cr.type] || cr.type),
      h('td', {}, h('a', {href: `#/requests/${encodeURIComponent(cr.id)}`}, recordName(cr.record) || cr.recordId)),
      h('td', {}, cr.action === 'ATTRIBUTES' || !cr.action ? cr.attributes.map(humanize).join(', ') : humanize(cr.action)),
      h('td', {}, cr.requestedBy.name),
      h('td', {}, cr.closedAt ? h('time', {datetime: cr.closedAt}, formatDateTime(cr.closedAt)) : '—'),
      h('td', {}, cr.escalatedTo || cr.approverRole || '—'))), {cls: 'expired'}));
  }
  view.append(section);
}
