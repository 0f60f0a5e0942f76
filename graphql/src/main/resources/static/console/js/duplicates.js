// Duplicate candidates: pairs of golden records of one type that may be the same thing, compared side by side, and a
// merge request for the type's stewards (mergeRecords opens a change request that another steward approves, where
// the rules file asks for it). Any two records of the type can be compared by their golden ids as well: the service
// proposes candidates only where it has a similarity policy for the type.

import {h, field, select, table, humanize, toQuery, recordName, TYPE_LABELS} from './dom.js';
import {describeError, eventually} from './api.js';
import {NAMES} from './inbox.js';
import {TYPES, attributeValue} from './records.js';

const CANDIDATES = `
query Candidates($type: RecordType!, $minScore: Float, $first: Int) {
  duplicateCandidates(type: $type, minScore: $minScore, first: $first) {
    recordId candidateId score reasons
    record { ...Names }
    candidate { ...Names }
  }
}
${NAMES}`;

const MERGE = `
mutation Merge($type: RecordType!, $survivor: ID!, $merged: ID!, $reason: String!) {
  mergeRecords(type: $type, survivorId: $survivor, mergedId: $merged, reason: $reason) { id }
}`;

/** The two records of a type, with every attribute the record page shows (records.js knows them per type). */
export function pairQuery(type) {
  const spec = TYPES[type];
  const selection = `id status version mergedInto ${spec.fields} sourceRefs { system sourceId }`;
  return `query Pair($a: ID!, $b: ID!) {
    a: ${spec.query}(id: $a) { ${selection} }
    b: ${spec.query}(id: $b) { ${selection} }
  }`;
}

/** The merged record after a merge: retired into the survivor, or with the merge request pending. */
export function mergedQuery(type) {
  return `query Merged($id: ID!) {
    ${TYPES[type].query}(id: $id) { id status mergedInto changeRequests(status: PENDING) { id action survivorId } }
  }`;
}

export async function renderDuplicates(view, ctx, params, stale) {
  const type = TYPES[params.type] ? params.type : 'SUPPLIER';
  const spec = TYPES[type];
  const plural = spec.plural.toLowerCase();
  ctx.setTitle(`Duplicate candidates: ${plural}`);
  view.append(h('h1', {tabindex: '-1'}, 'Duplicate candidates'),
      h('p', {class: 'lead'}, `${spec.plural} that may be the same, best match first, with the reasons the service `
          + 'gives. Nothing is merged automatically.'));
  // no minimum given: the service applies the rules file's threshold (matching.duplicateMinScore)
  const minScore = params.minScore ? Number(params.minScore) : null;
  const typeSelect = select('type', Object.entries(TYPE_LABELS), type, {id: 'duplicate-type'});
  const scoreInput = h('input', {type: 'number', name: 'minScore', min: '0', max: '1', step: '0.05',
    value: minScore === null ? '' : String(minScore), placeholder: 'rules file'});
  typeSelect.addEventListener('change', () => ctx.navigate(`#/duplicates${toQuery({type: typeSelect.value,
    minScore: scoreInput.value})}`));
  const form = h('form', {class: 'filters', 'aria-label': 'Duplicate candidate settings'},
      field('Record type', typeSelect),
      field('Minimum similarity (0 to 1; empty: the rules file\'s threshold)', scoreInput),
      h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'duplicates-show'}, 'Show')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(`#/duplicates${toQuery({type: typeSelect.value, minScore: scoreInput.value})}`);
  });
  view.append(form);

  const data = await ctx.api.graphql(CANDIDATES, {type, minScore, first: 50});
  if (stale()) return;
  const pairs = data.duplicateCandidates.filter((p) => p.record && p.candidate);
  const candidates = h('section', {'aria-labelledby': 'candidates-h', id: 'candidates'},
      h('h2', {id: 'candidates-h'}, `Candidate pairs (${pairs.length})`));
  if (pairs.length === 0) {
    candidates.append(h('p', {class: 'empty', id: 'candidates-empty'},
        `No candidate pairs of ${plural} at this similarity. Two records you know to be the same can still be `
        + 'compared by their golden ids below.'));
  } else {
    candidates.append(table(`Candidate pairs of ${plural}`, ['Similarity', 'Record', 'Candidate', 'Why', ''],
        pairs.map((p) => h('tr', {class: p.recordId === params.a && p.candidateId === params.b ? 'selected' : null,
          dataset: {pair: `${p.recordId} ${p.candidateId}`}},
        h('td', {}, `${Math.round(p.score * 100)} %`),
        h('td', {}, recordName(p.record) || p.recordId), h('td', {}, recordName(p.candidate) || p.candidateId),
        h('td', {}, p.reasons.join('; ')),
        h('td', {}, h('a', {href: `#/duplicates${toQuery({type, minScore, a: p.recordId, b: p.candidateId})}`,
          class: 'button secondary compare-link',
          'aria-label': `Compare ${recordName(p.record) || p.recordId} with ${recordName(p.candidate) || p.candidateId}`},
        'Compare')))), {hideCaption: true}));
  }
  view.append(candidates, pickForm(ctx, type, minScore, params));
  if (!params.a || !params.b) return;

  const records = await ctx.api.graphql(pairQuery(type), {a: params.a, b: params.b});
  if (stale()) return;
  view.append(comparison(ctx, type, params, records.a, records.b));
}

/** Any two records of the type by golden id (e.g. from the record browser), for types without candidates too. */
function pickForm(ctx, type, minScore, params) {
  const a = h('input', {type: 'text', name: 'a', id: 'compare-a', value: params.a || '', autocomplete: 'off',
    spellcheck: 'false', class: 'mono'});
  const b = h('input', {type: 'text', name: 'b', id: 'compare-b', value: params.b || '', autocomplete: 'off',
    spellcheck: 'false', class: 'mono'});
  const form = h('form', {class: 'inline-form', 'aria-label': 'Compare two records by golden id'},
      field('First record (golden id)', a), field('Second record (golden id)', b),
      h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'compare'}, 'Compare')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(`#/duplicates${toQuery({type, minScore, a: a.value.trim(), b: b.value.trim()})}`);
  });
  return h('section', {'aria-labelledby': 'pick-h'},
      h('h2', {id: 'pick-h'}, `Compare two ${TYPES[type].plural.toLowerCase()}`), form);
}

function comparison(ctx, type, params, a, b) {
  const spec = TYPES[type];
  const label = TYPE_LABELS[type].toLowerCase();
  const section = h('section', {'aria-labelledby': 'compare-h', id: 'comparison'},
      h('h2', {id: 'compare-h'}, 'Side by side'));
  const missing = [[params.a, a], [params.b, b]].filter(([, record]) => !record).map(([id]) => id);
  if (missing.length) {
    section.append(h('p', {class: 'error', role: 'alert', id: 'compare-missing'},
        `There is ${missing.map((id) => `no ${label} ${id}`).join(' and ')}: check the golden ids and the record type.`));
    return section;
  }
  const rows = [...spec.attributes, 'status', 'sourceRefs'].map((attribute) => {
    const differs = key(a[attribute]) !== key(b[attribute]);
    return h('tr', {class: differs ? 'changed' : 'same', dataset: {attribute}},
        h('th', {scope: 'row'}, humanize(attribute), differs ? h('span', {class: 'visually-hidden'}, ' (differs)') : null),
        h('td', {}, show(type, attribute, a)), h('td', {}, show(type, attribute, b)));
  });
  const heading = (r) => [h('a', {href: `#/records/${type}/${encodeURIComponent(r.id)}`}, recordName(r) || r.id),
    h('br'), h('small', {class: 'mono'}, r.id)];
  section.append(table('The two records side by side', ['Attribute', heading(a), heading(b)], rows,
      {hideCaption: true, cls: 'compare'}));
  section.append(mergeForm(ctx, type, a, b));
  return section;
}

/** Why the user may not request this merge (null: they may); the API refuses the same, whatever the page shows. */
export function mergeBlocked(ctx, type, a, b) {
  const role = ctx.stewardRole(type);
  if (!ctx.mayStewardType(type)) {
    return `Only ${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} may merge ${TYPES[type].plural.toLowerCase()}; `
        + 'your roles do not include it.';
  }
  if (a.id === b.id) return 'These are the same record: pick two different ones.';
  const retired = [a, b].find((r) => r.status === 'RETIRED');
  if (retired) {
    return `${recordName(retired) || retired.id} is retired${retired.mergedInto ? ` (merged into ${retired.mergedInto})` : ''}`
        + ' and cannot take part in a merge.';
  }
  return null;
}

function mergeForm(ctx, type, a, b) {
  const role = ctx.stewardRole(type);
  const blocked = mergeBlocked(ctx, type, a, b);
  const whyId = 'merge-why';
  const keepA = h('input', {type: 'radio', name: 'survivor', id: 'keep-a', value: a.id, checked: true, disabled: Boolean(blocked)});
  const keepB = h('input', {type: 'radio', name: 'survivor', id: 'keep-b', value: b.id, disabled: Boolean(blocked)});
  const reason = h('textarea', {name: 'reason', id: 'merge-reason', rows: '2', required: true, disabled: Boolean(blocked)});
  const button = h('button', {type: 'submit', id: 'merge', disabled: Boolean(blocked), 'aria-describedby': blocked ? whyId : null},
      'Request merge');
  const result = h('p', {id: 'merge-result', role: 'alert', hidden: true});
  const form = h('form', {class: 'decision-form', 'aria-label': 'Merge the two records', novalidate: true},
      h('h3', {}, 'Merge'),
      h('fieldset', {}, h('legend', {}, 'Which record survives?'),
          h('div', {class: 'field checkbox'}, keepA, h('label', {for: 'keep-a'}, `${recordName(a) || a.id} (${a.id})`)),
          h('div', {class: 'field checkbox'}, keepB, h('label', {for: 'keep-b'}, `${recordName(b) || b.id} (${b.id})`))),
      field('Reason (required)', reason, 'The other record is retired and its source records move to the survivor; '
          + `where the rules file asks for it (it does by default), once another ${role} approves.`),
      h('div', {class: 'actions'}, button),
      blocked ? h('p', {class: 'blocked', id: whyId, dataset: {blocked: 'merge'}}, blocked) : null,
      result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const survivor = keepA.checked ? a.id : b.id;
    const merged = keepA.checked ? b.id : a.id;
    result.hidden = false;
    if (!reason.value.trim()) {
      result.className = 'result error';
      result.textContent = 'Give a reason for the merge.';
      reason.focus();
      return;
    }
    button.disabled = true;
    try {
      await ctx.api.graphql(MERGE, {type, survivor, merged, reason: reason.value.trim()});
    } catch (e) {
      // A refusal (e.g. FORBIDDEN: not a steward of this domain; CONFLICT: a record retired meanwhile) is the
      // service's word: shown as it answered, with its code or reason (and, when forbidden, the role it takes).
      result.className = 'result error';
      result.textContent = `Not done: ${describeError(e)}`
          + (e.code === 'FORBIDDEN' ? `. Merging ${TYPES[type].plural.toLowerCase()} takes the ${role} role.` : '');
      button.disabled = false;
      return;
    }
    // The read model follows within moments: wait until the merged record shows the request (or the merge).
    const query = mergedQuery(type);
    const after = await eventually(async () => (await ctx.api.graphql(query, {id: merged}))[TYPES[type].query],
        (r) => !r || r.mergedInto === survivor || pendingMerge(r, survivor));
    const request = after ? pendingMerge(after, survivor) : null;
    result.className = 'result ok';
    result.textContent = '';
    if (request) {
      result.append('Merge requested: ', h('a', {href: `#/requests/${encodeURIComponent(request.id)}`, id: 'merge-request'},
          'the change request'), ` awaits another ${role}'s approval.`);
    } else if (after && after.mergedInto === survivor) {
      result.append(`Merged: ${merged} is retired; its source records now map to `,
          h('a', {href: `#/records/${type}/${encodeURIComponent(survivor)}`}, survivor), '.');
    } else {
      result.append('The service accepted the merge; the records do not show it yet. Reload the page in a moment.');
    }
  });
  return form;
}

function pendingMerge(record, survivor) {
  return record.changeRequests.find((cr) => cr.action === 'MERGE' && cr.survivorId === survivor) || null;
}

/** A value's identity for "differs": empty values alike, objects by their JSON (the same query, the same key order). */
function key(value) {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return 'null';
  return JSON.stringify(value);
}

function show(type, attribute, record) {
  const value = record[attribute];
  if (attribute === 'sourceRefs') return (value || []).map((s) => `${s.system} ${s.sourceId}`).join('; ') || '—';
  if (attribute === 'lines') {
    return value && value.length ? h('ul', {class: 'plain'}, value.map((l) => h('li', {},
        `${l.item?.description || l.itemId || '—'}: ${l.unit || '—'} ${l.price ?? '—'} ${l.currency || ''}`.trim()
        + (l.tier ? `, tier ${l.tier}` : '')))) : '—';
  }
  if (attribute === 'status') return humanize(value);
  return attributeValue(type, attribute, record);
}
