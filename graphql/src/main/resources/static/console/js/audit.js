// The audit view: the audit trail filtered by record, actor, source, change request, correlation id, record type,
// actions and dates, page by page, and its CSV export (GET /audit/export.csv with the same filters, fetched with the
// user's token and saved from a Blob: a plain link could not carry the token).

import {h, field, select, table, formatDateTime, humanize, TYPE_LABELS, toQuery, localToIso, isoToLocal} from './dom.js';
import {describeError} from './api.js';
import {changesList} from './records.js';

const ACTIONS = ['RECORD_CREATED', 'SUBMISSION_APPLIED', 'SUBMISSION_REJECTED', 'ATTRIBUTES_REFUSED', 'CHANGE_HELD',
  'CHANGE_REQUESTED', 'APPROVAL_RECORDED', 'APPROVED', 'CHANGE_APPLIED', 'REJECTED', 'WITHDRAWN', 'SUPERSEDED', 'ESCALATED', 'EXPIRED',
  'CHANGE_RELEASED', 'STATUS_CHANGED', 'MERGED', 'SOURCES_MOVED', 'SOURCE_LINKED'];
const SYSTEMS = ['ERP', 'SOURCING', 'INVENTORY', 'SUPPLIER_PORTAL', 'STEWARD'];
const TEXT_FILTERS = [['recordId', 'Record (golden id)'], ['actor', 'Actor (user name or client id)'],
  ['changeRequestId', 'Change request id'], ['correlationId', 'Correlation id']];

const TRAIL = `
query Trail($filter: AuditFilter, $after: String) {
  auditTrail(filter: $filter, first: 100, after: $after) {
    edges { node { id at action recordType recordId changeRequestId correlationId comment verificationNote onBehalfOf
      actor { type name } source { system sourceId }
      approvals { approvals required approvers step stepRole }
      changes { attribute before after status code }
      errors { field code } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export async function renderAudit(view, ctx, params, stale) {
  ctx.setTitle('Audit trail');
  view.append(h('h1', {tabindex: '-1'}, 'Audit trail'),
      h('p', {class: 'lead'}, 'Every change to a golden record, every decision and every refused submission, oldest first.'));
  if (!ctx.mayReadAudit) {
    view.append(h('p', {class: 'notice'}, 'The audit trail is for auditors, stewards and admins; your roles do not include one.'));
    return;
  }

  const inputs = {};
  const fields = TEXT_FILTERS.map(([name, label]) => {
    inputs[name] = h('input', {type: 'search', name, id: `audit-${name}`, value: params[name] || '', autocomplete: 'off'});
    return field(label, inputs[name]);
  });
  inputs.sourceSystem = select('sourceSystem', [['', 'Any source'], ...SYSTEMS.map((s) => [s, s])], params.sourceSystem || '',
      {id: 'audit-sourceSystem'});
  inputs.recordType = select('recordType', [['', 'Any type'], ...Object.entries(TYPE_LABELS)], params.recordType || '',
      {id: 'audit-recordType'});
  const from = h('input', {type: 'datetime-local', name: 'from', id: 'audit-from', value: isoToLocal(params.from)});
  const to = h('input', {type: 'datetime-local', name: 'to', id: 'audit-to', value: isoToLocal(params.to)});
  const chosen = [].concat(params.action || []);
  const actions = h('select', {name: 'action', id: 'audit-actions', multiple: true, size: '5'},
      ACTIONS.map((a) => h('option', {value: a, selected: chosen.includes(a)}, humanize(a))));

  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter the audit trail'},
      fields, field('Source system', inputs.sourceSystem), field('Record type', inputs.recordType),
      field('From', from, 'At or after, your local time.'), field('To', to, 'Before, your local time.'),
      field('Actions', actions, 'None selected: all. Ctrl or Cmd to pick several.'),
      h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'audit-search'}, 'Show'),
          h('a', {href: '#/audit', class: 'button secondary'}, 'Clear')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = {};
    for (const [name, input] of Object.entries(inputs)) next[name] = input.value.trim();
    next.from = localToIso(from.value);
    next.to = localToIso(to.value);
    next.action = Array.from(actions.selectedOptions, (o) => o.value);
    ctx.navigate(`#/audit${toQuery(next)}`);
  });
  view.append(form);

  const filter = {};
  for (const name of [...TEXT_FILTERS.map(([n]) => n), 'sourceSystem', 'recordType', 'from', 'to']) {
    if (params[name]) filter[name] = params[name];
  }
  if (chosen.length) filter.actions = chosen;

  // CSV export: the same filters as query parameters (actions as repeated `action`).
  const exportParams = {...filter};
  delete exportParams.actions;
  exportParams.action = chosen;
  const csvStatus = h('span', {id: 'csv-status', role: 'status', class: 'hint'});
  const csvButton = h('button', {type: 'button', id: 'download-csv', class: 'secondary', disabled: !ctx.mayExportAudit,
    'aria-describedby': ctx.mayExportAudit ? 'csv-status' : 'csv-why'}, 'Download CSV');
  csvButton.addEventListener('click', async () => {
    csvButton.disabled = true;
    csvStatus.textContent = 'Preparing the download…';
    try {
      const blob = await ctx.api.download(`/audit/export.csv${toQuery(exportParams)}`);
      const url = URL.createObjectURL(blob);
      const a = h('a', {href: url, download: fileName(filter), hidden: true});
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      csvStatus.textContent = `Downloaded ${fileName(filter)} (${blob.size.toLocaleString()} bytes).`;
    } catch (e) {
      csvStatus.textContent = `The download failed: ${describeError(e)}`;
    } finally {
      csvButton.disabled = false;
    }
  });
  view.append(h('div', {class: 'toolbar'}, csvButton, csvStatus,
      ctx.mayExportAudit ? null : h('small', {id: 'csv-why', class: 'blocked'}, 'Only auditors and admins may export the trail.')));

  const entries = [];
  let after = null;
  const data = await ctx.api.graphql(TRAIL, {filter, after});
  if (stale()) return;
  entries.push(...data.auditTrail.edges.map((e) => e.node));
  const body = h('tbody');
  const heading = h('h2', {id: 'trail-h'});
  const more = h('button', {type: 'button', id: 'audit-more', class: 'secondary'}, 'Show more');
  let page = data.auditTrail.pageInfo;
  const paint = () => {
    heading.textContent = `${entries.length}${page.hasNextPage ? '+' : ''} ${entries.length === 1 ? 'entry' : 'entries'}`;
    more.hidden = !page.hasNextPage;
  };
  for (const e of entries) body.append(row(e));
  more.addEventListener('click', async () => {
    more.disabled = true;
    try {
      const next = await ctx.api.graphql(TRAIL, {filter, after: page.endCursor});
      const added = next.auditTrail.edges.map((e) => e.node);
      entries.push(...added);
      added.forEach((e) => body.append(row(e)));
      page = next.auditTrail.pageInfo;
      paint();
      ctx.announce(`${added.length} more entries shown.`);
    } catch (e) {
      ctx.announce(`Could not load more: ${describeError(e)}`);
    } finally {
      more.disabled = false;
    }
  });
  paint();
  view.append(heading, h('div', {class: 'table-wrap'}, h('table', {class: 'trail', id: 'audit-table'},
      h('caption', {class: 'visually-hidden'}, 'Audit-trail entries, oldest first'),
      h('thead', {}, h('tr', {}, ['When', 'What', 'Record', 'Who', 'Source', 'Changes', 'Comment or note', 'Request', 'Correlation id']
          .map((t) => h('th', {scope: 'col'}, t)))),
      body)), more);
}

function row(e) {
  return h('tr', {dataset: {action: e.action}},
      h('td', {}, formatDateTime(e.at)),
      h('td', {}, humanize(e.action), e.approvals ? h('small', {class: 'hint'},
          ` (${e.approvals.approvals} of ${e.approvals.required}`
          + `${e.approvals.step ? `; step ${e.approvals.step}: ${e.approvals.stepRole}` : ''})`) : null),
      h('td', {}, e.recordId ? [TYPE_LABELS[e.recordType] || '', ' ',
        h('a', {href: `#/records/${e.recordType}/${encodeURIComponent(e.recordId)}`, class: 'mono'}, e.recordId)] : '—'),
      h('td', {}, e.actor ? e.actor.name : '—', e.onBehalfOf
        ? h('small', {class: 'hint on-behalf-of'}, ` for ${e.onBehalfOf} (delegate)`) : null),
      h('td', {}, e.source ? `${e.source.system} ${e.source.sourceId}` : '—'),
      h('td', {}, e.errors && e.errors.length ? e.errors.map((x) => `${x.field}: ${x.code}`).join('; ') : changesList(e.changes)),
      h('td', {}, [e.comment, e.verificationNote ? `Verification: ${e.verificationNote}` : null].filter(Boolean).join(' — ') || '—'),
      h('td', {}, e.changeRequestId ? h('a', {href: `#/requests/${encodeURIComponent(e.changeRequestId)}`, class: 'mono'},
          e.changeRequestId) : '—'),
      h('td', {class: 'mono'}, e.correlationId || '—'));
}

function fileName(filter) {
  const part = filter.changeRequestId || filter.recordId || filter.actor || null;
  return `audit-trail${part ? `-${String(part).replace(/[^A-Za-z0-9._-]/g, '_')}` : ''}.csv`;
}
