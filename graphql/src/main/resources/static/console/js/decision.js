// The decision view: one change request with its before/after diff, the rule that asks for approval, the decisions so
// far, and the approve/reject forms. The buttons are disabled, with the reason beside them, where segregation of
// duties forbids the signed-in user to decide; the API enforces the same rules whatever the page shows.

import {h, field, table, formatDateTime, deadlineText, humanize, recordName, TYPE_LABELS, valueText, uid} from './dom.js';
import {describeError, eventually} from './api.js';
import {NAMES, riskLabel} from './inbox.js';

const REQUEST = `
query Request($id: ID!) {
  changeRequest(id: $id) {
    id type recordId status action targetStatus survivorId attributes groups reason
    approvals approvalsRequired evidenceRequired approverRole openedAt deadline closedAt supersededBy
    escalatedTo escalatedAt decidableAsDelegateFor
    currentStep steps { role approvalsRequired approvals approvers }
    changes { attribute before after }
    source { system sourceId }
    requestedBy { type name }
    decisions { kind actor { type name } at comment verificationNote correlationId step onBehalfOf }
    record { ...Names version }
  }
}
${NAMES}`;

const APPROVE = `
mutation Approve($id: ID!, $comment: String, $note: String) {
  approveChangeRequest(id: $id, comment: $comment, verificationNote: $note) { id status approvals }
}`;

const REJECT = `
mutation Reject($id: ID!, $reason: String!) {
  rejectChangeRequest(id: $id, reason: $reason) { id status }
}`;

/**
 * Why the user may not approve (null: they may), computed from the token and the request exactly as the change
 * request aggregate decides: never one's own request, one approval per person over all approval steps (whatever
 * roles they hold), only the current step's role (or, once the request escalated, the escalation role).
 */
export function approveBlocked(cr, ctx) {
  if (cr.status !== 'PENDING' || cr.requestedBy.name === ctx.user.name) return rejectBlocked(cr, ctx);
  // said before the step's role, as the aggregate does: who approved an earlier step learns why, not "wrong role"
  // (an approval a delegate gave for the user counts as the user's)
  if (cr.decisions.some((d) => d.kind === 'APPROVED'
      && (d.actor?.name === ctx.user.name || d.onBehalfOf === ctx.user.name))) {
    return 'You have already approved this request; a person approves a request once, over all its steps: the next '
      + 'approval must come from someone else.';
  }
  return rejectBlocked(cr, ctx);
}

/** "step 2 of 2 (finance-controller)" for a request in several steps; '' for one in a single step. */
export function stepText(cr) {
  const steps = cr.steps || [];
  if (steps.length < 2) return '';
  return `step ${cr.currentStep} of ${steps.length} (${steps[cr.currentStep - 1].role})`;
}

export function rejectBlocked(cr, ctx) {
  if (cr.status !== 'PENDING') return `This request is ${cr.status.toLowerCase()}; there is nothing left to decide.`;
  if (cr.requestedBy.name === ctx.user.name) {
    return 'You requested this change: someone else must decide it (segregation of duties).';
  }
  const role = cr.approverRole || ctx.stewardRole(cr.type);
  // a delegate of the role decides for its delegator (the API says for whom, under the same segregation of duties)
  if (!ctx.has(role) && !(cr.escalatedTo && ctx.has(cr.escalatedTo)) && !cr.decidableAsDelegateFor) {
    return (cr.steps || []).length > 1
      ? `This request is at ${stepText(cr)}: only a ${role} may decide it now; your roles do not include it.`
      : `Only a ${role} may decide ${TYPE_LABELS[cr.type].toLowerCase()} changes; your roles do not include it.`;
  }
  return null;
}

export async function renderDecision(view, ctx, id, stale) {
  const data = await ctx.api.graphql(REQUEST, {id});
  if (stale()) return;
  const cr = data.changeRequest;
  if (!cr) {
    ctx.setTitle('Change request not found');
    view.append(h('h1', {tabindex: '-1'}, 'Change request not found'),
        h('p', {}, `There is no change request ${id}.`), h('p', {}, h('a', {href: '#/inbox'}, 'Back to the inbox')));
    return;
  }
  const name = recordName(cr.record) || cr.recordId;
  ctx.setTitle(`Decide: ${name}`);
  view.append(
      h('p', {class: 'crumbs'}, h('a', {href: '#/inbox'}, 'Inbox'), ' › change request'),
      h('h1', {tabindex: '-1'}, `${TYPE_LABELS[cr.type]} ${name}: ${summary(cr)}`),
      h('dl', {class: 'facts'},
          fact('Status', h('span', {class: `badge status-${cr.status.toLowerCase()}`, id: 'request-status'}, cr.status)),
          fact('Record', h('a', {href: `#/records/${cr.type}/${encodeURIComponent(cr.recordId)}`}, name),
              ' ', h('small', {class: 'mono'}, cr.recordId)),
          fact('Requested by', `${cr.requestedBy.name} (${cr.requestedBy.type === 'CLIENT' ? 'source system' : cr.requestedBy.type.toLowerCase()})`,
              cr.source ? ` — source record ${cr.source.system} ${cr.source.sourceId}` : ''),
          fact('Reason', cr.reason || '—'),
          fact('Opened', formatDateTime(cr.openedAt)),
          fact('Deadline', cr.deadline ? `${formatDateTime(cr.deadline)} (${deadlineText(cr.deadline)})` : '—'),
          cr.decidableAsDelegateFor ? fact('You decide', h('span', {class: 'badge', id: 'request-delegated'},
              `for ${cr.decidableAsDelegateFor}`), ' as their delegate (both names are recorded)') : null,
          cr.escalatedTo ? fact('Escalated', h('span', {class: 'badge status-escalated', id: 'request-escalated'},
              `to ${cr.escalatedTo}`), ` ${formatDateTime(cr.escalatedAt)} (past its SLA)`) : null,
          fact('Request id', h('span', {class: 'mono', id: 'request-id'}, cr.id))));

  // The rule
  view.append(h('section', {'aria-labelledby': 'rule-h'},
      h('h2', {id: 'rule-h'}, 'Why it needs approval'),
      h('p', {id: 'rule'}, cr.groups.length
        ? `Rule: ${cr.groups.map(humanize).join(', ')} — ${riskLabel(cr)}, decided by the ${cr.approverRole || ctx.stewardRole(cr.type)} role.`
        : `${humanize(cr.action || 'change')} — ${riskLabel(cr)}, decided by the ${cr.approverRole || ctx.stewardRole(cr.type)} role.`),
      (cr.steps || []).length > 1 ? stepsView(cr) : null,
      cr.evidenceRequired ? h('p', {class: 'notice'},
          `Each approval${(cr.steps || []).length > 1 ? ' of the first step' : ''} needs a verification note: the `
          + 'evidence of an independent check, e.g. a call-back to a number already on file.') : null));

  // The change
  view.append(h('section', {'aria-labelledby': 'diff-h'}, h('h2', {id: 'diff-h'}, 'Proposed change'), changeView(cr)));

  // Decisions so far
  view.append(h('section', {'aria-labelledby': 'decisions-h'},
      h('h2', {id: 'decisions-h'}, `Decisions so far (${cr.approvals} of ${cr.approvalsRequired} approvals)`),
      table('Decisions so far', ['When', 'What', 'Who', 'Comment', 'Verification note'],
          cr.decisions.map((d) => h('tr', {},
              h('td', {}, formatDateTime(d.at)),
              h('td', {}, humanize(d.kind), d.step && (cr.steps || []).length > 1
                ? h('small', {class: 'hint'}, ` (step ${d.step}: ${cr.steps[d.step - 1].role})`) : null),
              h('td', {}, d.actor ? d.actor.name : '—', d.onBehalfOf
                ? h('small', {class: 'hint on-behalf-of'}, ` for ${d.onBehalfOf} (delegate)`) : null),
              h('td', {}, d.comment || '—'), h('td', {}, d.verificationNote || '—'))),
          {hideCaption: true, cls: 'decisions'}),
      ctx.mayReadAudit ? h('p', {}, h('a', {href: `#/audit?changeRequestId=${encodeURIComponent(cr.id)}`},
          'See this request in the audit trail')) : null));

  // Decide
  view.append(decideSection(cr, ctx, id));
}

/** The approval steps in order: done, current (awaiting approval) or waiting, with who approved each. */
function stepsView(cr) {
  const pending = cr.status === 'PENDING';
  return h('ol', {class: 'steps', id: 'steps', 'aria-label': 'Approval steps'},
      cr.steps.map((step, i) => {
        const state = step.approvals >= step.approvalsRequired ? 'done'
          : pending && i + 1 === cr.currentStep ? 'current' : 'waiting';
        return h('li', {class: `step step-${state}`, dataset: {step: String(i + 1), state},
          'aria-current': state === 'current' ? 'step' : null},
        h('strong', {}, step.role), ` — ${step.approvals} of ${step.approvalsRequired} approval`
          + `${step.approvalsRequired === 1 ? '' : 's'}`,
        step.approvers.length ? ` (${step.approvers.join(', ')})` : '',
        h('small', {class: 'hint'}, state === 'done' ? ' done' : state === 'current' ? ' awaiting approval now'
          : ' waits for the step before'));
      }));
}

function summary(cr) {
  if (cr.action === 'MERGE') return `merge into ${cr.survivorId}`;
  if (cr.action === 'LIFECYCLE') return `status to ${cr.targetStatus}`;
  return `change of ${cr.attributes.map(humanize).join(', ')}`;
}

function fact(term, ...description) {
  return [h('dt', {}, term), h('dd', {}, description)];
}

/** Before/after per attribute; object values (addresses, bank accounts) field by field, changed fields marked. */
function changeView(cr) {
  if (cr.action === 'MERGE') {
    return h('p', {}, `Merge this record into `, h('a', {href: `#/records/${cr.type}/${encodeURIComponent(cr.survivorId)}`},
        cr.survivorId), ': its source records move to the survivor and it is retired.');
  }
  if (cr.action === 'LIFECYCLE') return h('p', {}, `Change the record's status to ${cr.targetStatus}.`);
  const rows = [];
  for (const change of cr.changes) {
    const before = parse(change.before);
    const after = parse(change.after);
    if (isObject(before) || isObject(after)) {
      const keys = [...new Set([...Object.keys(before || {}), ...Object.keys(after || {})])];
      rows.push(h('tr', {class: 'group-row'}, h('th', {scope: 'rowgroup', colspan: '3'}, humanize(change.attribute))));
      for (const key of keys) {
        rows.push(diffRow(`${humanize(change.attribute)}: ${humanize(key)}`, (before || {})[key], (after || {})[key], true));
      }
    } else {
      rows.push(diffRow(humanize(change.attribute), before, after, false));
    }
  }
  return table('Proposed change, attribute by attribute', ['Attribute', 'Before', 'After'], rows,
      {hideCaption: true, cls: 'diff'});
}

function diffRow(label, before, after, nested) {
  const changed = JSON.stringify(before ?? null) !== JSON.stringify(after ?? null);
  return h('tr', {class: changed ? 'changed' : 'same', dataset: {attribute: label}},
      h('th', {scope: 'row', class: nested ? 'nested' : null}, label,
          changed ? h('span', {class: 'visually-hidden'}, ' (changed)') : null),
      h('td', {class: 'before'}, changed ? h('del', {}, valueText(before)) : valueText(before)),
      h('td', {class: 'after'}, changed ? h('ins', {}, valueText(after)) : valueText(after)));
}

function parse(json) {
  if (json === null || json === undefined) return null;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function decideSection(cr, ctx, id) {
  const section = h('section', {'aria-labelledby': 'decide-h', class: 'decide'}, h('h2', {id: 'decide-h'}, 'Your decision'));
  const approveWhy = approveBlocked(cr, ctx);
  const rejectWhy = rejectBlocked(cr, ctx);
  const result = h('p', {id: 'decision-result', role: 'alert', class: 'result', hidden: true});
  const show = (text, cls) => {
    result.hidden = false;
    result.className = `result ${cls}`;
    result.textContent = text;
  };

  // Approve
  const approveReasonId = uid('why');
  const comment = h('textarea', {name: 'comment', rows: '2', id: 'approve-comment', disabled: Boolean(approveWhy)});
  // the check (the first approval step) needs the evidence; later steps release on the strength of it
  const noteRequired = cr.evidenceRequired && (cr.currentStep || 1) === 1;
  const note = cr.evidenceRequired
    ? h('textarea', {name: 'verificationNote', rows: '2', id: 'verification-note', required: noteRequired,
      disabled: Boolean(approveWhy)})
    : null;
  const approveButton = h('button', {type: 'submit', id: 'approve', disabled: Boolean(approveWhy),
    'aria-describedby': approveWhy ? approveReasonId : null}, 'Approve');
  const approveForm = h('form', {class: 'decision-form', 'aria-label': 'Approve', novalidate: true},
      h('h3', {}, 'Approve'),
      field('Comment (optional)', comment),
      note ? field(`Verification note (${noteRequired ? 'required' : 'optional at this step'})`, note,
          noteRequired ? 'How the change was verified independently, e.g. "called the supplier back on the number on '
          + 'file, confirmed by J. Doe".' : 'The check is done (see its verification note above); add one if you '
          + 'verified something yourself.') : null,
      h('div', {class: 'actions'}, approveButton),
      approveWhy ? h('p', {class: 'blocked', id: approveReasonId, dataset: {blocked: 'approve'}}, approveWhy) : null);
  approveForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (note && noteRequired && !note.value.trim()) {
      show('Write a verification note first: this change needs evidence of an independent check.', 'error');
      note.focus();
      return;
    }
    await decide(ctx, id, show, [approveButton], () => ctx.api.graphql(APPROVE,
        {id, comment: comment.value.trim() || null, note: note ? note.value.trim() : null}),
    (before) => (r) => r.approvals > before.approvals || r.status !== 'PENDING', cr, 'Approved');
  });

  // Reject
  const rejectReasonId = uid('why');
  const reason = h('textarea', {name: 'reason', rows: '2', id: 'reject-reason', required: true, disabled: Boolean(rejectWhy)});
  const rejectButton = h('button', {type: 'submit', id: 'reject', class: 'danger', disabled: Boolean(rejectWhy),
    'aria-describedby': rejectWhy ? rejectReasonId : null}, 'Reject');
  const rejectForm = h('form', {class: 'decision-form', 'aria-label': 'Reject', novalidate: true},
      h('h3', {}, 'Reject'),
      field('Reason (required)', reason),
      h('div', {class: 'actions'}, rejectButton),
      rejectWhy ? h('p', {class: 'blocked', id: rejectReasonId, dataset: {blocked: 'reject'}}, rejectWhy) : null);
  rejectForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!reason.value.trim()) {
      show('Give a reason for the rejection.', 'error');
      reason.focus();
      return;
    }
    await decide(ctx, id, show, [rejectButton], () => ctx.api.graphql(REJECT, {id, reason: reason.value.trim()}),
        () => (r) => r.status !== 'PENDING', cr, 'Rejected');
  });

  section.append(h('div', {class: 'decision-forms'}, approveForm, rejectForm), result);
  return section;
}

async function decide(ctx, id, show, buttons, mutate, readyFor, before, done) {
  buttons.forEach((b) => { b.disabled = true; });
  try {
    await mutate();
  } catch (e) {
    show(`Not done: ${describeError(e)}`, 'error');
    buttons.forEach((b) => { b.disabled = false; });
    return;
  }
  // The read model follows the decision within moments: wait for it, then show the request as it now stands.
  await eventually(async () => (await ctx.api.graphql(REQUEST, {id})).changeRequest, readyFor(before));
  ctx.announce(`${done}.`);
  ctx.navigate(`#/requests/${encodeURIComponent(id)}`);
}
