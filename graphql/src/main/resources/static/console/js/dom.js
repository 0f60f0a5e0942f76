// Small DOM helpers: every element is built with text nodes (never innerHTML), so no value from the API can inject
// markup, and the page needs no inline script or style (the console's CSP forbids both).

/**
 * h('a', {href: '#/x', class: 'link', onclick: fn, 'aria-label': '…'}, 'text', child, [more, children])
 * Attributes with null/undefined/false are left out; `true` sets an empty attribute.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'value') {
      el.value = value;
    } else if (key === 'checked' || key === 'selected' || key === 'disabled' || key === 'required'
        || key === 'multiple' || key === 'hidden') {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

let ids = 0;
/** A unique element id, for label/for and aria-describedby pairs. */
export function uid(prefix = 'f') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/** A labelled form field: {label, input, hint}. The input gets an id and, with a hint, aria-describedby. */
export function field(label, input, hint) {
  if (!input.id) input.id = uid();
  const parts = [h('label', {for: input.id}, label), input];
  if (hint) {
    const hintId = uid('hint');
    input.setAttribute('aria-describedby', hintId);
    parts.push(h('small', {id: hintId, class: 'hint'}, hint));
  }
  return h('div', {class: 'field'}, parts);
}

export function select(name, options, value, attrs = {}) {
  return h('select', {name, ...attrs},
      options.map(([v, text]) => h('option', {value: v, selected: v === (value ?? '')}, text)));
}

/** A table with a caption (visually hidden when asked) and a horizontal scroll wrapper for narrow screens. */
export function table(caption, headers, rows, {hideCaption = false, cls = ''} = {}) {
  return h('div', {class: 'table-wrap'},
      h('table', {class: cls},
          h('caption', {class: hideCaption ? 'visually-hidden' : null}, caption),
          h('thead', {}, h('tr', {}, headers.map((text) => h('th', {scope: 'col'}, text)))),
          h('tbody', {}, rows)));
}

// ---------------------------------------------------------------------------------------------- formatting

export function formatDateTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'});
}

/** "3 min", "5 h", "2 d" since (or, negative, until) an instant. */
export function age(iso, now = Date.now()) {
  const ms = now - new Date(iso).getTime();
  return duration(Math.abs(ms));
}

export function duration(ms) {
  const min = Math.round(ms / 60000);
  if (min < 1) return 'under a minute';
  if (min < 60) return `${min} min`;
  const hours = Math.round(min / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

export function deadlineText(iso, now = Date.now()) {
  if (!iso) return '—';
  const ms = new Date(iso).getTime() - now;
  return ms < 0 ? `overdue by ${duration(-ms)}` : `in ${duration(ms)}`;
}

export const TYPE_LABELS = {SUPPLIER: 'Supplier', ITEM: 'Item', CONTRACT: 'Contract', LOCATION: 'Location'};

/** A golden record's display name from the `Names` fragment. */
export function recordName(record) {
  if (!record) return null;
  return record.legalName || record.description || record.contractNumber || record.name || null;
}

/** A compact JSON value (as the API sends before/after values) as readable text. */
export function jsonText(value) {
  if (value === null || value === undefined) return '—';
  let parsed;
  try {
    parsed = JSON.parse(value);
  } catch {
    return String(value);
  }
  return valueText(parsed);
}

export function valueText(v) {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map(valueText).join('; ');
  if (typeof v === 'object') {
    const parts = Object.entries(v).filter(([, x]) => x !== null && x !== undefined && x !== '')
        .map(([k, x]) => `${humanize(k)}: ${valueText(x)}`);
    return parts.length ? parts.join(', ') : '—';
  }
  return String(v);
}

/** Names whose words alone would read wrong. */
const LABELS = {duns: 'D-U-N-S', gln: 'GLN', hin: 'HIN', udiDi: 'UDI-DI', unspsc: 'UNSPSC', hibcCode: 'HIBC code',
  iban: 'IBAN', mriSafety: 'MRI safety', gtin: 'GTIN', taxId: 'Tax id', line1: 'Line 1', line2: 'Line 2',
  manufacturerId: 'Manufacturer', supplierId: 'Supplier', parentId: 'Parent', MED_SURG: 'Med/surg',
  PAR_LOCATION: 'PAR location', GPO: 'GPO', MR_SAFE: 'MR safe', MR_CONDITIONAL: 'MR conditional', MR_UNSAFE: 'MR unsafe'};

/** camelCase or SNAKE_CASE to words: "bankAccount" → "Bank account". */
export function humanize(name) {
  if (!name) return '';
  if (LABELS[name]) return LABELS[name];
  const words = String(name).includes('_')
    ? String(name).toLowerCase().split('_')
    : String(name).replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(' ');
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The hash route's query parameters as an object. */
export function hashParams(query) {
  const out = {};
  for (const [k, v] of new URLSearchParams(query || '')) {
    if (k in out) out[k] = [].concat(out[k], v);
    else out[k] = v;
  }
  return out;
}

export function toQuery(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === null || v === undefined || v === '') continue;
    for (const one of [].concat(v)) q.append(k, one);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A datetime-local input's value (local time) as an ISO instant, or null. */
export function localToIso(value) {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** An ISO instant as a datetime-local input value (local time, minutes). */
export function isoToLocal(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
