// The record browser: search golden records of the four types through their Relay connections and filter inputs,
// and a record page with attributes and their lineage, cross-references, related records, an as-of view, pending
// changes, change requests and the record's history.

import {h, field, select, table, formatDateTime, humanize, recordName, TYPE_LABELS, valueText, toQuery,
  localToIso, isoToLocal, jsonText} from './dom.js';
import {NAMES} from './inbox.js';

const STATUS = [['', 'Any status'], ['ACTIVE', 'Active'], ['SUSPENDED', 'Suspended'], ['RETIRED', 'Retired']];
const enumOptions = (any, values) => [['', any], ...values.map((v) => [v, humanize(v)])];

/**
 * Per type: the connection, its filter fields, the list columns, the record's attributes and the fields to ask for
 * them. The console's one place for per-type knowledge (the duplicates view compares records with it as well).
 */
export const TYPES = {
  SUPPLIER: {
    connection: 'suppliers', filterType: 'SupplierFilter', query: 'supplier', plural: 'Suppliers',
    filters: [['text', 'Name or trading name'], ['taxId', 'Tax id'], ['duns', 'D-U-N-S'], ['gln', 'GLN']],
    list: 'legalName taxId duns',
    columns: [['Legal name', (r) => r.legalName], ['Tax id', (r) => r.taxId], ['D-U-N-S', (r) => r.duns]],
    attributes: ['legalName', 'tradingNames', 'taxId', 'duns', 'gln', 'orderingAddress', 'remitToAddress',
      'bankAccount', 'contacts', 'screeningStatus'],
    fields: `legalName tradingNames taxId duns gln screeningStatus
      orderingAddress { line1 line2 city region postalCode country }
      remitToAddress { line1 line2 city region postalCode country }
      bankAccount { accountHolder bankName routingNumber accountNumber iban currency }
      contacts { name role email phone }`,
  },
  ITEM: {
    connection: 'items', filterType: 'ItemFilter', query: 'item', plural: 'Items',
    filters: [['text', 'Description'], ['gtin', 'GTIN'], ['udiDi', 'UDI-DI'], ['hibcCode', 'HIBC code'],
      ['manufacturerPartNumber', 'Manufacturer part number'],
      ['itemClass', 'Item class', enumOptions('Any class', ['IMPLANT', 'PHARMACY', 'MED_SURG', 'LAB', 'EQUIPMENT', 'NUTRITION', 'OTHER'])],
      ['manufacturerId', 'Manufacturer (golden id)']],
    list: 'description itemClass manufacturerPartNumber',
    columns: [['Description', (r) => r.description], ['Class', (r) => humanize(r.itemClass)], ['MPN', (r) => r.manufacturerPartNumber]],
    attributes: ['description', 'manufacturerId', 'manufacturerPartNumber', 'udiDi', 'udiAgency', 'hibcCode', 'unspsc',
      'itemClass', 'packaging', 'sterile', 'latex', 'implantable', 'mriSafety'],
    fields: `description manufacturerId manufacturerPartNumber udiDi udiAgency hibcCode unspsc itemClass
      packaging { unit quantity containsUnit gtin conversionFactor } sterile latex implantable mriSafety
      manufacturer { id legalName }`,
  },
  CONTRACT: {
    connection: 'contracts', filterType: 'ContractFilter', query: 'contract', plural: 'Contracts',
    filters: [['contractNumber', 'Contract number'], ['supplierId', 'Supplier (golden id)'], ['itemId', 'Item (golden id)'],
      ['contractType', 'Type', enumOptions('Any type', ['GPO', 'LOCAL'])]],
    list: 'contractNumber contractType tier supplier { id legalName }',
    columns: [['Number', (r) => r.contractNumber], ['Type', (r) => r.contractType], ['Tier', (r) => r.tier],
      ['Supplier', (r) => r.supplier?.legalName]],
    attributes: ['contractNumber', 'supplierId', 'contractType', 'tier', 'effectiveFrom', 'effectiveTo', 'lines'],
    fields: `contractNumber supplierId contractType tier effectiveFrom effectiveTo
      supplier { id legalName }
      lines { itemId unit price currency tier effectiveFrom effectiveTo item { id description } }`,
  },
  LOCATION: {
    connection: 'locations', filterType: 'LocationFilter', query: 'location', plural: 'Locations',
    filters: [['text', 'Name'], ['gln', 'GLN'], ['hin', 'HIN'],
      ['locationType', 'Type', enumOptions('Any type', ['NETWORK', 'HOSPITAL_CAMPUS', 'FACILITY', 'DEPARTMENT', 'STOREROOM', 'PAR_LOCATION'])],
      ['parentId', 'Parent (golden id)']],
    list: 'name locationType gln',
    columns: [['Name', (r) => r.name], ['Type', (r) => humanize(r.locationType)], ['GLN', (r) => r.gln]],
    attributes: ['name', 'locationType', 'parentId', 'gln', 'hin', 'address', 'costCentre', 'storageCondition',
      'replenishmentMethod'],
    fields: `name locationType parentId gln hin costCentre storageCondition replenishmentMethod
      address { line1 line2 city region postalCode country }
      parent { id name locationType }
      children { id name locationType status }`,
  },
};

export async function renderRecordSearch(view, ctx, params, stale) {
  const type = TYPES[params.type] ? params.type : 'SUPPLIER';
  const spec = TYPES[type];
  ctx.setTitle(`Records: ${spec.plural.toLowerCase()}`);
  view.append(h('h1', {tabindex: '-1'}, 'Records'),
      h('p', {class: 'lead'}, 'Search the golden records. Every filter given must match.'));

  const typeSelect = select('type', Object.entries(TYPE_LABELS), type, {id: 'record-type'});
  const inputs = {};
  const filterFields = spec.filters.map(([name, label, options]) => {
    inputs[name] = options ? select(name, options, params[name] || '')
      : h('input', {type: 'search', name, value: params[name] || '', autocomplete: 'off'});
    return field(label, inputs[name]);
  });
  inputs.status = select('status', STATUS, params.status || '');
  typeSelect.addEventListener('change', () => ctx.navigate(`#/records${toQuery({type: typeSelect.value})}`));
  const form = h('form', {class: 'filters', role: 'search', 'aria-label': 'Search records'},
      field('Record type', typeSelect), filterFields, field('Status', inputs.status),
      h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'search'}, 'Search')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = {type};
    for (const [name, input] of Object.entries(inputs)) next[name] = input.value.trim();
    ctx.navigate(`#/records${toQuery(next)}`);
  });
  view.append(form);

  const filter = {};
  for (const name of Object.keys(inputs)) if (params[name]) filter[name] = params[name];
  const query = `query Search($filter: ${spec.filterType}, $after: ID) {
    ${spec.connection}(filter: $filter, first: 25, after: $after) {
      totalCount edges { node { id status ${spec.list} } } pageInfo { hasNextPage endCursor } } }`;
  const data = await ctx.api.graphql(query, {filter, after: params.after || null}, {allowPartial: true});
  if (stale()) return;
  const page = data[spec.connection];
  const count = page.totalCount;
  view.append(h('h2', {id: 'results-h'}, count === null || count === undefined
    ? 'Results' : `${count} ${count === 1 ? spec.query : spec.plural.toLowerCase()} found`));
  if (page.edges.length === 0) {
    view.append(h('p', {class: 'empty'}, 'No record matches.'));
    return;
  }
  const rows = page.edges.map(({node}) => h('tr', {},
      h('td', {}, h('a', {href: `#/records/${type}/${encodeURIComponent(node.id)}`, class: 'record-link'},
          valueText(spec.columns[0][1](node)))),
      spec.columns.slice(1).map(([, get]) => h('td', {}, valueText(get(node)))),
      h('td', {}, humanize(node.status)),
      h('td', {class: 'mono'}, node.id)));
  view.append(table(`${spec.plural} found`, [...spec.columns.map(([label]) => label), 'Status', 'Golden id'], rows,
      {hideCaption: true}));
  const nav = h('p', {class: 'pager'});
  if (params.after) nav.append(h('a', {href: `#/records${toQuery({...params, after: ''})}`}, 'First page'), ' ');
  if (page.pageInfo.hasNextPage) {
    nav.append(h('a', {href: `#/records${toQuery({...params, type, after: page.pageInfo.endCursor})}`}, 'Next page'));
  }
  view.append(nav);
}

export async function renderRecord(view, ctx, type, id, params, stale) {
  const spec = TYPES[type];
  if (!spec) throw new Error(`unknown record type ${type}`);
  const asOf = params.asOf || null;
  const query = `query Record($id: ID!, $asOf: DateTime) {
    ${spec.query}(id: $id, asOf: $asOf) {
      id version status createdAt updatedAt mergedInto
      ${spec.fields}
      sourceRefs { system sourceId sourceVersion lastSubmittedAt }
      lineage { attribute system sourceId at changeRequestId }
      pendingChanges { attributes system sourceId at approvalsRequired }
      changeRequests { id status attributes action openedAt requestedBy { name } }
      history(first: 100) { edges { node { id at action actor { type name } changeRequestId comment
        source { system sourceId } changes { attribute before after status } } } pageInfo { hasNextPage } }
    }
  }`;
  const data = await ctx.api.graphql(query, {id, asOf}, {allowPartial: true});
  if (stale()) return;
  const record = data[spec.query];
  const label = TYPE_LABELS[type];
  if (!record) {
    ctx.setTitle(`${label} not found`);
    view.append(h('h1', {tabindex: '-1'}, `${label} not found`),
        h('p', {}, asOf ? `The record did not exist yet at ${formatDateTime(asOf)}.` : `There is no ${label.toLowerCase()} ${id}.`),
        asOf ? h('p', {}, h('a', {href: `#/records/${type}/${encodeURIComponent(id)}`}, 'Show the current record')) : null);
    return;
  }
  const name = recordName(record) || id;
  ctx.setTitle(`${label}: ${name}`);
  view.append(
      h('p', {class: 'crumbs'}, h('a', {href: `#/records${toQuery({type})}`}, 'Records'), ` › ${spec.plural.toLowerCase()}`),
      h('h1', {tabindex: '-1'}, `${label}: ${name}`),
      h('dl', {class: 'facts'},
          fact('Golden id', h('span', {class: 'mono'}, record.id)),
          fact('Status', h('span', {class: `badge status-${record.status.toLowerCase()}`}, record.status)),
          fact('Version', String(record.version)),
          fact('Created', formatDateTime(record.createdAt)),
          fact('Last changed', formatDateTime(record.updatedAt)),
          record.mergedInto ? fact('Merged into', h('a', {href: `#/records/${type}/${encodeURIComponent(record.mergedInto)}`},
              record.mergedInto)) : null));

  // As-of picker
  const asOfInput = h('input', {type: 'datetime-local', id: 'as-of', name: 'asOf', value: isoToLocal(asOf), step: '1'});
  const asOfForm = h('form', {class: 'inline-form', 'aria-label': 'Show the record as of a date'},
      field('Show as it was at', asOfInput, 'Your local time.'),
      h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'as-of-apply'}, 'Show'),
          asOf ? h('a', {href: `#/records/${type}/${encodeURIComponent(id)}`, class: 'button secondary', id: 'as-of-clear'},
              'Current record') : null));
  asOfForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const iso = localToIso(asOfInput.value);
    ctx.navigate(`#/records/${type}/${encodeURIComponent(id)}${toQuery({asOf: iso})}`);
  });
  view.append(asOfForm);
  if (asOf) {
    view.append(h('p', {class: 'notice', id: 'as-of-notice'},
        `Showing the record as it was at ${formatDateTime(asOf)} (version ${record.version}). `
        + 'Related records are shown as they are now.'));
  }

  // Attributes with lineage
  const lineage = Object.fromEntries(record.lineage.map((l) => [l.attribute, l]));
  const attributeRows = spec.attributes.map((attribute) => {
    const l = lineage[attribute];
    return h('tr', {dataset: {attribute}},
        h('th', {scope: 'row'}, humanize(attribute)),
        h('td', {class: 'value'}, attributeValue(type, attribute, record)),
        h('td', {}, l ? `${l.system} ${l.sourceId}` : '—'),
        h('td', {}, l ? formatDateTime(l.at) : '—'),
        h('td', {}, l && l.changeRequestId
          ? h('a', {href: `#/requests/${encodeURIComponent(l.changeRequestId)}`}, 'approved request') : (l ? 'directly' : '—')));
  });
  view.append(h('section', {'aria-labelledby': 'attributes-h'}, h('h2', {id: 'attributes-h'}, 'Attributes and lineage'),
      table('Attributes with the source and time of each value', ['Attribute', 'Value', 'Source', 'Since', 'Via'],
          attributeRows, {hideCaption: true, cls: 'attributes'})));

  // Pending changes and change requests
  if (record.pendingChanges.length) {
    view.append(h('section', {'aria-labelledby': 'pending-h'}, h('h2', {id: 'pending-h'}, 'Held for approval'),
        h('ul', {}, record.pendingChanges.map((p) => h('li', {},
            `${p.attributes.map(humanize).join(', ')} from ${p.system} ${p.sourceId}, ${formatDateTime(p.at)} `
            + `(${p.approvalsRequired} approval${p.approvalsRequired === 1 ? '' : 's'} needed)`)))));
  }
  if (record.changeRequests.length) {
    view.append(h('section', {'aria-labelledby': 'requests-h'}, h('h2', {id: 'requests-h'}, 'Change requests'),
        table('Change requests of this record', ['Opened', 'Change', 'Requested by', 'Status'],
            record.changeRequests.map((cr) => h('tr', {},
                h('td', {}, formatDateTime(cr.openedAt)),
                h('td', {}, h('a', {href: `#/requests/${encodeURIComponent(cr.id)}`},
                    cr.action && cr.action !== 'ATTRIBUTES' ? humanize(cr.action) : cr.attributes.map(humanize).join(', '))),
                h('td', {}, cr.requestedBy.name), h('td', {}, cr.status))), {hideCaption: true})));
  }

  // Cross-references
  view.append(h('section', {'aria-labelledby': 'sources-h'}, h('h2', {id: 'sources-h'}, 'Source records (cross-references)'),
      table('Source records that map to this golden record', ['System', 'Source id', 'Source version', 'Last submitted'],
          record.sourceRefs.map((s) => h('tr', {}, h('td', {}, s.system), h('td', {class: 'mono'}, s.sourceId),
              h('td', {}, s.sourceVersion ?? '—'), h('td', {}, formatDateTime(s.lastSubmittedAt)))), {hideCaption: true})));

  // Related records
  const related = await relatedSection(ctx, type, record);
  if (stale()) return;
  if (related) view.append(related);

  // History
  const history = record.history.edges.map((e) => e.node);
  view.append(h('section', {'aria-labelledby': 'history-h'},
      h('h2', {id: 'history-h'}, 'History'),
      history.length === 0 ? h('p', {}, 'No entries.') : table('History of this record, oldest first',
          ['When', 'What', 'Who', 'Changes', 'Comment'],
          history.map((e) => h('tr', {},
              h('td', {}, formatDateTime(e.at)),
              h('td', {}, humanize(e.action), e.changeRequestId ? [' ', h('a', {href: `#/requests/${encodeURIComponent(e.changeRequestId)}`},
                  '(request)')] : null),
              h('td', {}, e.actor ? e.actor.name : '—'),
              h('td', {}, changesList(e.changes)),
              h('td', {}, e.comment || '—'))), {hideCaption: true, cls: 'history'}),
      ctx.mayReadAudit ? h('p', {}, h('a', {href: `#/audit${toQuery({recordId: record.id})}`}, 'Open in the audit trail'),
          record.history.pageInfo.hasNextPage ? ' (more entries there)' : '') : null));
}

export function changesList(changes) {
  if (!changes || changes.length === 0) return '—';
  return h('ul', {class: 'changes'}, changes.map((c) => h('li', {},
      h('span', {class: 'attr'}, humanize(c.attribute)), ': ', jsonText(c.before), ' → ', jsonText(c.after),
      c.status ? ` (${humanize(c.status)})` : '')));
}

function fact(term, ...description) {
  return [h('dt', {}, term), h('dd', {}, description)];
}

/** An attribute's value for display (references as links to the record they name). */
export function attributeValue(type, attribute, record) {
  const v = record[attribute];
  if (attribute === 'manufacturerId' && v) {
    return h('a', {href: `#/records/SUPPLIER/${encodeURIComponent(v)}`}, record.manufacturer?.legalName || v);
  }
  if (attribute === 'supplierId' && v) {
    return h('a', {href: `#/records/SUPPLIER/${encodeURIComponent(v)}`}, record.supplier?.legalName || v);
  }
  if (attribute === 'parentId' && v) {
    return h('a', {href: `#/records/LOCATION/${encodeURIComponent(v)}`}, record.parent?.name || v);
  }
  if (attribute === 'lines') return v && v.length ? `${v.length} line${v.length === 1 ? '' : 's'} (below)` : '—';
  if (attribute === 'packaging' && Array.isArray(v)) {
    return v.length ? h('ul', {class: 'plain'}, v.map((p) => h('li', {}, `${p.unit}`
        + (p.quantity ? ` = ${p.quantity} ${p.containsUnit}` : '') + (p.gtin ? `, GTIN ${p.gtin}` : '')
        + (p.conversionFactor ? ` (× ${p.conversionFactor})` : '')))) : '—';
  }
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const entries = Object.entries(v).filter(([, x]) => x !== null && x !== '');
    return entries.length ? h('dl', {class: 'compact'}, entries.map(([k, x]) => [h('dt', {}, humanize(k)), h('dd', {}, valueText(x))])) : '—';
  }
  return valueText(v);
}

async function relatedSection(ctx, type, record) {
  const section = h('section', {'aria-labelledby': 'related-h'}, h('h2', {id: 'related-h'}, 'Related records'));
  if (type === 'CONTRACT') {
    const lines = record.lines || [];
    section.append(h('h3', {}, `Contract lines (${lines.length})`), lines.length === 0 ? h('p', {}, 'No lines.')
      : table('Contract lines', ['Item', 'Unit', 'Price', 'Tier', 'Effective'], lines.map((l) => h('tr', {},
          h('td', {}, l.itemId ? h('a', {href: `#/records/ITEM/${encodeURIComponent(l.itemId)}`}, l.item?.description || l.itemId) : '—'),
          h('td', {}, l.unit || '—'), h('td', {}, l.price ? `${l.price} ${l.currency || ''}` : '—'),
          h('td', {}, l.tier || record.tier || '—'),
          h('td', {}, `${l.effectiveFrom || record.effectiveFrom || '…'} – ${l.effectiveTo || record.effectiveTo || '…'}`))),
      {hideCaption: true, cls: 'lines'}));
    return section;
  }
  if (type === 'LOCATION') {
    section.append(h('h3', {}, 'Location tree'), h('ul', {class: 'tree'},
        record.parent ? h('li', {}, 'Parent: ', h('a', {href: `#/records/LOCATION/${encodeURIComponent(record.parent.id)}`},
            record.parent.name || record.parent.id), ` (${humanize(record.parent.locationType)})`) : h('li', {}, 'No parent (top of the tree).'),
        h('li', {}, `This: ${record.name || record.id}`, record.children.length ? h('ul', {},
            record.children.map((c) => h('li', {}, h('a', {href: `#/records/LOCATION/${encodeURIComponent(c.id)}`}, c.name || c.id),
                ` (${humanize(c.locationType)}${c.status !== 'ACTIVE' ? `, ${c.status.toLowerCase()}` : ''})`))) : ' — no children')));
    return section;
  }
  // Suppliers and items: the contracts that name them.
  const filter = type === 'SUPPLIER' ? {supplierId: record.id} : {itemId: record.id};
  const data = await ctx.api.graphql(`query Related($filter: ContractFilter) {
    contracts(filter: $filter, first: 25) { totalCount edges { node { ...Names contractType tier } } } }
    ${NAMES}`, {filter}, {allowPartial: true});
  const contracts = data.contracts.edges.map((e) => e.node);
  section.append(h('h3', {}, `Contracts (${data.contracts.totalCount ?? contracts.length})`),
      contracts.length === 0 ? h('p', {}, 'No contracts.') : h('ul', {}, contracts.map((c) => h('li', {},
          h('a', {href: `#/records/CONTRACT/${encodeURIComponent(c.id)}`}, c.contractNumber || c.id),
          ` — ${c.contractType || ''} ${c.tier || ''} (${c.status.toLowerCase()})`))));
  if (type === 'ITEM' && record.manufacturerId) {
    section.append(h('p', {}, 'Manufacturer: ', h('a', {href: `#/records/SUPPLIER/${encodeURIComponent(record.manufacturerId)}`},
        record.manufacturer?.legalName || record.manufacturerId)));
  }
  return section;
}
