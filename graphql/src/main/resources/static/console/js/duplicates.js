// Duplicate candidates: pairs of golden suppliers that may be the same company, compared side by side, and a merge
// request for the domain's stewards (mergeRecords opens a change request that another steward approves).

import {h, field, table, humanize, valueText, toQuery, recordName} from './dom.js';
import {describeError, eventually} from './api.js';

const SUPPLIER_FIELDS = `id status version legalName tradingNames taxId duns gln screeningStatus
  orderingAddress { line1 city region postalCode country }
  remitToAddress { line1 city region postalCode country }
  bankAccount { bankName accountNumber currency }
  sourceRefs { system sourceId }`;

const CANDIDATES = `
query Candidates($minScore: Float, $first: Int) {
  duplicateCandidates(type: SUPPLIER, minScore: $minScore, first: $first) {
    recordId candidateId score reasons
    record { ... on Supplier { ${SUPPLIER_FIELDS} } }
    candidate { ... on Supplier { ${SUPPLIER_FIELDS} } }
  }
}`;

const MERGE = `
mutation Merge($survivor: ID!, $merged: ID!, $reason: String!) {
  mergeRecords(type: SUPPLIER, survivorId: $survivor, mergedId: $merged, reason: $reason) { id }
}`;

const PENDING_OF = `query Pending($id: ID!) { supplier(id: $id) { id changeRequests(status: PENDING) { id action } } }`;

const COMPARE = ['legalName', 'tradingNames', 'taxId', 'duns', 'gln', 'orderingAddress', 'remitToAddress', 'bankAccount',
  'screeningStatus', 'status', 'sourceRefs'];

export async function renderDuplicates(view, ctx, params, stale) {
  ctx.setTitle('Duplicate candidates');
  view.append(h('h1', {tabindex: '-1'}, 'Duplicate candidates'),
      h('p', {class: 'lead'}, 'Suppliers that may be the same company (similar name and address, or a shared identifier), '
          + 'best match first. Nothing is merged automatically.'));
  // no minimum given: the service applies the rules file's threshold (matching.duplicateMinScore)
  const minScore = params.minScore ? Number(params.minScore) : null;
  const scoreInput = h('input', {type: 'number', name: 'minScore', min: '0', max: '1', step: '0.05',
    value: minScore === null ? '' : String(minScore), placeholder: 'rules file'});
  const form = h('form', {class: 'filters', 'aria-label': 'Duplicate candidate settings'},
      field('Minimum similarity (0 to 1; empty: the rules file\'s threshold)', scoreInput),
      h('div', {class: 'actions'}, h('button', {type: 'submit'}, 'Show')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    ctx.navigate(`#/duplicates${toQuery({minScore: scoreInput.value})}`);
  });
  view.append(form);

  const data = await ctx.api.graphql(CANDIDATES, {minScore, first: 50});
  if (stale()) return;
  const pairs = data.duplicateCandidates.filter((p) => p.record && p.candidate);
  if (pairs.length === 0) {
    view.append(h('p', {class: 'empty'}, 'No candidate pairs at this similarity.'));
    return;
  }
  const selected = pairs.find((p) => p.recordId === params.a && p.candidateId === params.b);
  view.append(table('Candidate pairs', ['Similarity', 'Record', 'Candidate', 'Why', ''],
      pairs.map((p) => h('tr', {class: p === selected ? 'selected' : null},
          h('td', {}, `${Math.round(p.score * 100)} %`),
          h('td', {}, recordName(p.record)), h('td', {}, recordName(p.candidate)),
          h('td', {}, p.reasons.join('; ')),
          h('td', {}, h('a', {href: `#/duplicates${toQuery({minScore, a: p.recordId, b: p.candidateId})}`,
            class: 'button secondary compare-link', 'aria-label': `Compare ${recordName(p.record)} with ${recordName(p.candidate)}`},
          'Compare')))), {hideCaption: true}));
  if (selected) view.append(comparison(ctx, selected));
}

function comparison(ctx, pair) {
  const a = pair.record;
  const b = pair.candidate;
  const section = h('section', {'aria-labelledby': 'compare-h', id: 'comparison'},
      h('h2', {id: 'compare-h'}, 'Side by side'));
  const rows = COMPARE.map((attribute) => {
    const va = show(attribute, a[attribute]);
    const vb = show(attribute, b[attribute]);
    const differs = va !== vb;
    return h('tr', {class: differs ? 'changed' : 'same'},
        h('th', {scope: 'row'}, humanize(attribute), differs ? h('span', {class: 'visually-hidden'}, ' (differs)') : null),
        h('td', {}, va), h('td', {}, vb));
  });
  section.append(table('The two records side by side', ['Attribute',
    h('a', {href: `#/records/SUPPLIER/${encodeURIComponent(a.id)}`}, `${recordName(a)} (${a.id})`),
    h('a', {href: `#/records/SUPPLIER/${encodeURIComponent(b.id)}`}, `${recordName(b)} (${b.id})`)], rows,
  {hideCaption: true, cls: 'compare'}));

  // Merge
  const blocked = ctx.mayStewardType('SUPPLIER') ? null : 'Only a supplier-steward may merge suppliers.';
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
          h('div', {class: 'field checkbox'}, keepA, h('label', {for: 'keep-a'}, `${recordName(a)} (${a.id})`)),
          h('div', {class: 'field checkbox'}, keepB, h('label', {for: 'keep-b'}, `${recordName(b)} (${b.id})`))),
      field('Reason (required)', reason, 'The other record is retired and its source records move to the survivor once '
          + 'another supplier steward approves.'),
      h('div', {class: 'actions'}, button),
      blocked ? h('p', {class: 'blocked', id: whyId}, blocked) : null,
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
      await ctx.api.graphql(MERGE, {survivor, merged, reason: reason.value.trim()});
      const pending = await eventually(async () => (await ctx.api.graphql(PENDING_OF, {id: merged})).supplier,
          (s) => !s || s.changeRequests.some((cr) => cr.action === 'MERGE'));
      const request = pending?.changeRequests.find((cr) => cr.action === 'MERGE');
      result.className = 'result ok';
      result.textContent = '';
      if (request) {
        result.append('Merge requested: ', h('a', {href: `#/requests/${encodeURIComponent(request.id)}`}, 'the change request'),
            ' awaits another supplier steward\'s approval.');
      } else {
        result.append('Merge done.');
      }
    } catch (e) {
      result.className = 'result error';
      result.textContent = `Not done: ${describeError(e)}`;
      button.disabled = false;
    }
  });
  section.append(form);
  return section;
}

function show(attribute, value) {
  if (attribute === 'sourceRefs') return (value || []).map((s) => `${s.system} ${s.sourceId}`).join('; ') || '—';
  return valueText(value);
}
