// Consumers (admins): the downstream systems golden records are distributed to, how each gets them and, for those
// pushed to, where delivery stands. One consumer's page: its parked deliveries with replays, what it has of given
// records (the last version its endpoint acknowledged) and the latest entries of its change feed, paged back and on
// through the feed's cursors. The API allows all of it to the admin role only; the console shows it to admins only.

import {h, field, select, table, formatDateTime, duration, TYPE_LABELS, toQuery} from './dom.js';
import {describeError} from './api.js';

const CONSUMERS = `
query Consumers {
  consumers {
    id name clientId delivery endpoint types lagSlaSeconds registeredAt registeredBy
    deliveryStatus { state ackedSeq backlog parked lagMillis lastError lastErrorAt lastDeliveredAt }
  }
}`;

const PARKED = `
query Parked($consumer: ID!, $first: Int) {
  parkedDeliveries(consumer: $consumer, first: $first) {
    seq recordType recordId version kind attempts lastError parkedAt heldBehind replayRequested
  }
}`;

const REPLAY = `
mutation Replay($consumer: ID!, $seq: Long) {
  replayParkedDeliveries(consumer: $consumer, seq: $seq) { consumerId queued parked }
}`;

const DELIVERED = `
query Delivered($consumer: ID!, $type: RecordType!, $ids: [ID!]!) {
  deliveredVersions(consumer: $consumer, type: $type, ids: $ids) {
    recordType recordId version kind removed seq committedAt deliveredAt
  }
}`;

const FEED = `
query Feed($consumer: ID!, $after: String, $first: Int, $latest: Boolean) {
  changes(consumer: $consumer, after: $after, first: $first, latest: $latest) {
    changes { seq kind recordType recordId version committedAt cursor }
    cursor hasMore previous
  }
}`;

/** Entries of the change feed on one page. */
export const FEED_PAGE = 25;
/** Parked deliveries listed (the API's most is 1,000). */
const PARKED_PAGE = 200;
/** Record ids one lookup takes (the API's most). */
const MAX_IDS = 1000;

const DELIVERY_LABELS = {PULL: 'Pull (reads its feed)', PUSH: 'Push (to its endpoint)', BOTH: 'Push and pull'};

export async function renderConsumers(view, ctx, id, params, stale) {
  ctx.setTitle('Consumers');
  const heading = h('h1', {tabindex: '-1'}, 'Consumers');
  view.append(heading, h('p', {class: 'lead'},
      'The downstream systems golden records are distributed to, and, for those the service pushes to, where '
      + 'delivery stands.'));
  if (!ctx.isAdmin) {
    view.append(h('p', {class: 'notice', id: 'consumers-not-admin'},
        'Consumers are managed by admins; your roles do not include admin.'));
    return;
  }

  const data = await ctx.api.graphql(CONSUMERS);
  if (stale()) return;
  const consumers = data.consumers;
  view.append(consumerList(consumers, id));
  if (!id) return;

  const consumer = consumers.find((c) => c.id === id);
  if (!consumer) {
    view.append(h('p', {class: 'error', role: 'alert', id: 'consumer-missing'}, `There is no consumer ${id}.`));
    return;
  }
  ctx.setTitle(`Consumer ${consumer.name}`);
  const pushed = consumer.delivery !== 'PULL';
  const detail = h('section', {'aria-labelledby': 'consumer-h', id: 'consumer'},
      h('h2', {id: 'consumer-h'}, `${consumer.name}`),
      facts(consumer));
  view.append(detail);
  if (pushed) {
    const parked = h('section', {'aria-labelledby': 'parked-h', id: 'parked'});
    detail.append(parked);
    await showParked(parked, ctx, consumer, stale);
    if (stale()) return;
    detail.append(lookup(ctx, consumer));
  } else {
    detail.append(h('p', {class: 'hint', id: 'pull-only'}, 'This consumer reads its feed itself: the service does not '
        + 'push to it, so there are no parked deliveries, and what it has read is not tracked.'));
  }
  const feed = h('section', {'aria-labelledby': 'feed-h', id: 'feed'});
  detail.append(feed);
  await showFeed(feed, ctx, consumer, params.feed || null, stale);
}

// ------------------------------------------------------------------------------------------------ the list

function consumerList(consumers, selected) {
  const section = h('section', {'aria-labelledby': 'consumers-h', id: 'consumers'},
      h('h2', {id: 'consumers-h'}, `Registered consumers (${consumers.length})`));
  if (consumers.length === 0) {
    section.append(h('p', {class: 'empty', id: 'consumers-empty'}, 'No consumer is registered.'));
    return section;
  }
  const rows = consumers.map((c) => {
    const s = c.deliveryStatus;
    return h('tr', {class: c.id === selected ? 'selected' : null, dataset: {consumerId: c.id}},
        h('td', {}, h('a', {href: `#/consumers/${encodeURIComponent(c.id)}`, class: 'consumer-link',
          'aria-current': c.id === selected ? 'true' : null}, c.name), h('br'), h('small', {class: 'mono'}, c.id)),
        h('td', {class: 'mono client'}, c.clientId),
        h('td', {}, DELIVERY_LABELS[c.delivery] || c.delivery),
        h('td', {class: 'mono'}, c.endpoint || '—'),
        h('td', {}, c.types.map((t) => TYPE_LABELS[t] || t).join(', ')),
        h('td', {class: 'state'}, s ? h('span', {class: `badge state-${s.state.toLowerCase()}`}, stateLabel(s.state)) : '—'),
        h('td', {class: 'backlog'}, s ? String(s.backlog) : '—'),
        h('td', {}, s ? lagText(s.lagMillis) : '—'),
        h('td', {class: 'parked-count'}, s ? String(s.parked) : '—'),
        h('td', {class: 'last-error'}, s && s.lastError ? [s.lastError, h('br'),
          h('small', {class: 'hint'}, formatDateTime(s.lastErrorAt))] : '—'));
  });
  section.append(table('Registered consumers', ['Consumer', 'Client', 'Delivery', 'Endpoint', 'Receives', 'State',
    'Backlog', 'Lag', 'Parked', 'Last error'], rows, {hideCaption: true, cls: 'consumers'}));
  section.append(h('p', {class: 'hint'}, 'State, backlog, lag, parked and last error are for consumers the service '
      + 'pushes to; a consumer that only pulls reads its feed at its own pace.'));
  return section;
}

function facts(c) {
  const s = c.deliveryStatus;
  const rows = [
    ['Client', h('span', {class: 'mono'}, c.clientId)],
    ['Delivery', DELIVERY_LABELS[c.delivery] || c.delivery],
    ['Endpoint', c.endpoint ? h('span', {class: 'mono'}, c.endpoint) : '—'],
    ['Receives', c.types.map((t) => TYPE_LABELS[t] || t).join(', ')],
    ['Lag allowed', c.lagSlaSeconds === null || c.lagSlaSeconds === undefined ? '—' : lagText(c.lagSlaSeconds * 1000)],
    ['Registered', `${formatDateTime(c.registeredAt)} by ${c.registeredBy}`],
  ];
  if (s) {
    rows.push(['Delivery state', h('span', {id: 'delivery-state'}, stateLabel(s.state))],
        ['Acknowledged up to', `feed entry ${s.ackedSeq}`],
        ['Backlog', `${s.backlog} ${s.backlog === 1 ? 'change' : 'changes'}`],
        ['Lag', lagText(s.lagMillis)],
        ['Parked', h('span', {id: 'delivery-parked'}, String(s.parked))],
        ['Last delivered', formatDateTime(s.lastDeliveredAt)],
        ['Last error', s.lastError ? `${s.lastError} (${formatDateTime(s.lastErrorAt)})` : '—']);
  }
  return h('dl', {class: 'facts', id: 'consumer-facts'}, rows.flatMap(([dt, dd]) => [h('dt', {}, dt), h('dd', {}, dd)]));
}

function stateLabel(state) {
  if (state === 'ACTIVE') return 'Active';
  if (state === 'PAUSED') return 'Paused (its endpoint kept failing; probed now and then)';
  return state;
}

/** "none", "850 ms", "42 s", then the console's usual minutes, hours, days. */
export function lagText(ms) {
  if (ms === null || ms === undefined) return '—';
  const n = Number(ms);
  if (n <= 0) return 'none';
  if (n < 1000) return `${n} ms`;
  if (n < 60_000) return `${Math.round(n / 1000)} s`;
  return duration(n);
}

// ------------------------------------------------------------------------------------------------ parked deliveries

async function showParked(section, ctx, consumer, stale) {
  const result = h('p', {id: 'replay-result', role: 'status', class: 'result', hidden: true});
  const body = h('div', {id: 'parked-list'});
  section.append(h('h3', {id: 'parked-h'}, 'Parked deliveries'),
      h('p', {class: 'hint'}, 'Changes its endpoint did not take after every retry (or refused), and later changes '
          + 'of the same records held back behind them. A replay has them delivered again shortly, in feed order; '
          + 'one that fails again is parked again with the new error.'),
      body, result);

  const load = async () => {
    const data = await ctx.api.graphql(PARKED, {consumer: consumer.id, first: PARKED_PAGE});
    return data.parkedDeliveries;
  };
  const replay = async (seq, question, button) => {
    if (!window.confirm(question)) return;
    button.disabled = true;
    result.hidden = false;
    result.className = 'result';
    result.textContent = 'Asking for the replay…';
    try {
      const answer = (await ctx.api.graphql(REPLAY, {consumer: consumer.id, seq})).replayParkedDeliveries;
      result.className = 'result ok';
      result.textContent = `Replay requested: ${answer.queued} ${answer.queued === 1 ? 'delivery' : 'deliveries'} `
          + `queued to be delivered again; ${answer.parked} parked in all.`;
      for (const count of [document.getElementById('delivery-parked'), document.querySelector(
          `tr[data-consumer-id="${CSS.escape(consumer.id)}"] td.parked-count`)]) {
        if (count) count.textContent = String(answer.parked);
      }
    } catch (e) {
      result.className = 'result error';
      result.textContent = `Not replayed: ${describeError(e)}`
          + (e.code === 'FORBIDDEN' ? '. Replays take the admin role.' : '');
    }
    try {
      paint(await load());
    } catch (e) {
      result.textContent += ` The list could not be refreshed: ${describeError(e)}`;
    }
    button.disabled = false;
  };

  const paint = (parked) => {
    const all = h('button', {type: 'button', id: 'replay-all', class: 'secondary', disabled: parked.length === 0},
        parked.length ? `Replay all (${parked.length}${parked.length === PARKED_PAGE ? '+' : ''})` : 'Replay all');
    all.addEventListener('click', () => replay(null, `Have every parked delivery of ${consumer.name} delivered again?`,
        all));
    const list = parked.length === 0
      ? h('p', {class: 'empty', id: 'parked-empty'}, 'Nothing is parked.')
      : table(`Parked deliveries of ${consumer.name}, in feed order`, ['Feed entry', 'Record', 'Version', 'Change',
        'Attempts', 'Last error', 'Parked', ''], parked.map((p) => {
        const record = `${TYPE_LABELS[p.recordType] || p.recordType} ${p.recordId}`;
        const button = h('button', {type: 'button', class: 'secondary replay',
          'aria-label': `Replay the parked deliveries of ${record}`}, 'Replay');
        button.addEventListener('click', () => replay(p.seq, `Have the parked deliveries of ${record} (from feed entry `
            + `${p.seq} on) delivered again?`, button));
        return h('tr', {dataset: {seq: String(p.seq)}},
            h('td', {}, String(p.seq)),
            h('td', {}, TYPE_LABELS[p.recordType] || p.recordType, ' ',
                h('a', {href: `#/records/${p.recordType}/${encodeURIComponent(p.recordId)}`, class: 'mono'}, p.recordId)),
            h('td', {}, p.version === 0 ? '— (removal)' : String(p.version)),
            h('td', {}, p.kind),
            h('td', {}, p.attempts === 0 ? 'held back' : String(p.attempts)),
            h('td', {class: 'parked-error'}, p.lastError,
                p.heldBehind !== null && p.heldBehind !== undefined
                  ? h('small', {class: 'hint'}, ` (waits behind entry ${p.heldBehind})`) : null),
            h('td', {}, formatDateTime(p.parkedAt),
                p.replayRequested ? [h('br'), h('small', {class: 'hint replay-requested'}, 'replay requested')] : null),
            h('td', {}, button));
      }), {hideCaption: true, cls: 'parked'});
    body.replaceChildren(list, h('div', {class: 'toolbar'}, all,
        h('small', {class: 'hint'}, 'Replay: that record\'s parked deliveries. Replay all: every parked delivery. '
            + 'Each asks first.')));
  };

  const parked = await load();
  if (stale()) return;
  paint(parked);
}

// ------------------------------------------------------------------------------------------------ what it has

function lookup(ctx, consumer) {
  const types = consumer.types.length ? consumer.types : Object.keys(TYPE_LABELS);
  const type = select('type', types.map((t) => [t, TYPE_LABELS[t] || t]), types[0], {id: 'has-type'});
  const ids = h('textarea', {name: 'ids', id: 'has-ids', rows: '2', class: 'mono', spellcheck: 'false',
    autocomplete: 'off'});
  const button = h('button', {type: 'submit', id: 'has-lookup'}, 'Look up');
  const out = h('div', {id: 'has-result', 'aria-live': 'polite'});
  const form = h('form', {class: 'inline-form lookup', 'aria-label': `What ${consumer.name} has`},
      field('Record type', type), field('Golden ids', ids, 'One or more, separated by spaces, commas or new lines.'),
      h('div', {class: 'actions'}, button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const wanted = [...new Set(ids.value.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
    if (wanted.length === 0) {
      out.replaceChildren(h('p', {class: 'result error'}, 'Give at least one golden id.'));
      ids.focus();
      return;
    }
    if (wanted.length > MAX_IDS) {
      out.replaceChildren(h('p', {class: 'result error'}, `At most ${MAX_IDS} ids at a time (you gave ${wanted.length}).`));
      return;
    }
    button.disabled = true;
    try {
      const data = await ctx.api.graphql(DELIVERED, {consumer: consumer.id, type: type.value, ids: wanted});
      const byId = new Map(data.deliveredVersions.map((d) => [d.recordId, d]));
      out.replaceChildren(table(`What ${consumer.name} has`, ['Record', 'Version it has', 'Change', 'Committed',
        'Delivered'], wanted.map((recordId) => {
        const d = byId.get(recordId);
        return h('tr', {dataset: {recordId}, class: d ? null : 'not-delivered'},
            h('td', {}, h('a', {href: `#/records/${type.value}/${encodeURIComponent(recordId)}`, class: 'mono'}, recordId)),
            d ? [h('td', {class: 'has-version'}, d.removed ? 'removed from its feed' : String(d.version)),
              h('td', {}, d.kind), h('td', {}, formatDateTime(d.committedAt)), h('td', {}, formatDateTime(d.deliveredAt))]
              : h('td', {class: 'has-version', colspan: '4'}, 'Not delivered'));
      }), {hideCaption: true, cls: 'has'}));
    } catch (e) {
      out.replaceChildren(h('p', {class: 'result error', role: 'alert'}, `The lookup failed: ${describeError(e)}`));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', {'aria-labelledby': 'has-h', id: 'has'},
      h('h3', {id: 'has-h'}, 'What does it have?'),
      h('p', {class: 'hint'}, 'Per record, the last version its endpoint acknowledged, and when.'),
      form, out);
}

// ------------------------------------------------------------------------------------------------ the change feed

async function showFeed(section, ctx, consumer, after, stale) {
  const data = await ctx.api.graphql(FEED, after
    ? {consumer: consumer.id, after, first: FEED_PAGE}
    : {consumer: consumer.id, first: FEED_PAGE, latest: true});
  if (stale()) return;
  const page = data.changes;
  const base = `#/consumers/${encodeURIComponent(consumer.id)}`;
  section.append(h('h3', {id: 'feed-h'}, after ? 'Its change feed' : 'Its change feed: the latest entries'),
      h('p', {class: 'hint'}, 'What the consumer is sent (or reads), in feed order.'));
  if (page.changes.length === 0) {
    section.append(h('p', {class: 'empty', id: 'feed-empty'}, after ? 'No entries here.' : 'Its feed has no entries yet.'));
  } else {
    section.append(table(`Change feed of ${consumer.name}`, ['Entry', 'Change', 'Record', 'Version', 'Committed'],
        page.changes.map((c) => h('tr', {dataset: {seq: String(c.seq)}},
            h('td', {}, String(c.seq)),
            h('td', {}, c.kind),
            h('td', {}, TYPE_LABELS[c.recordType] || c.recordType, ' ',
                h('a', {href: `#/records/${c.recordType}/${encodeURIComponent(c.recordId)}`, class: 'mono'}, c.recordId)),
            h('td', {}, c.kind === 'REMOVED' ? '—' : String(c.version)),
            h('td', {}, formatDateTime(c.committedAt)))), {hideCaption: true, cls: 'feed'}));
  }
  section.append(h('nav', {class: 'pager', 'aria-label': 'Change feed pages'},
      page.previous ? h('a', {href: `${base}${toQuery({feed: page.previous})}`, id: 'feed-older'}, '← Older') : null,
      page.hasMore ? h('a', {href: `${base}${toQuery({feed: page.cursor})}`, id: 'feed-newer'}, 'Newer →') : null,
      after ? h('a', {href: base, id: 'feed-latest'}, 'Latest') : null));
}
