// The console's shell: sign-in state, the "signed in as" bar, the section navigation and the hash router
// (#/inbox, #/requests/<id>, #/records, #/records/<TYPE>/<id>, #/audit, #/duplicates, #/consumers, #/consumers/<id>).

import {Auth, AuthError} from './auth.js';
import {Api, describeError} from './api.js';
import {h, clear, hashParams} from './dom.js';
import {renderInbox} from './inbox.js';
import {renderDecision} from './decision.js';
import {renderRecordSearch, renderRecord} from './records.js';
import {renderAudit} from './audit.js';
import {renderDuplicates} from './duplicates.js';
import {renderConsumers} from './consumers.js';

const main = document.getElementById('main');
const status = document.getElementById('status');
let renderSeq = 0;

/** What every view gets: the API, who is signed in and what they may do, and page-level helpers. */
function context(auth, api) {
  const user = auth.user;
  const has = (role) => user.roles.includes(role);
  const STEWARD_ROLES = auth.stewardRoles;
  return {
    api,
    user,
    has,
    isSteward: Object.values(STEWARD_ROLES).some(has),
    // stewards and the roles of other approval steps decide change requests (the inbox)
    isDecider: [...Object.values(STEWARD_ROLES), ...(auth.deciderRoles || [])].some(has),
    stewardRole: (type) => STEWARD_ROLES[type],
    mayStewardType: (type) => has(STEWARD_ROLES[type]),
    mayReadAudit: ['auditor', 'admin', ...Object.values(STEWARD_ROLES)].some(has),
    mayExportAudit: has('auditor') || has('admin'),
    isAdmin: has('admin'),
    setTitle: (title) => { document.title = `${title} — MDG console`; },
    announce,
    navigate: (hash) => { if (location.hash === hash) route(auth, api); else location.hash = hash; },
  };
}

let announcedAt = 0;

function announce(message) {
  // Re-setting the text makes screen readers read it again even when it is the same.
  status.textContent = '';
  announcedAt = Date.now();
  if (message) setTimeout(() => { status.textContent = message; }, 50);
}

async function route(auth, api) {
  const seq = ++renderSeq;
  if (!auth.signedIn) {
    showSignedOut(auth);
    return;
  }
  const ctx = context(auth, api);
  // A message belongs to the page it was said on (a decision's outcome survives the re-render right after it).
  if (Date.now() - announcedAt > 2000) status.textContent = '';
  const raw = location.hash.replace(/^#/, '') || '';
  const [path, query] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = hashParams(query);
  const section = parts[0] || defaultSection(ctx);
  if (!parts.length) {
    history.replaceState(null, '', `#/${section}`);
  }
  markNav(section === 'requests' ? 'inbox' : section);

  const view = h('div', {class: 'view'});
  clear(main).appendChild(view);
  // A view that is still loading when the user moves on must not paint over the next one.
  const stale = () => seq !== renderSeq;
  try {
    switch (section) {
      case 'inbox': await renderInbox(view, ctx, params, stale); break;
      case 'requests': await renderDecision(view, ctx, parts[1], stale); break;
      case 'records':
        if (parts.length >= 3) await renderRecord(view, ctx, parts[1], parts[2], params, stale);
        else await renderRecordSearch(view, ctx, params, stale);
        break;
      case 'audit': await renderAudit(view, ctx, params, stale); break;
      case 'duplicates': await renderDuplicates(view, ctx, params, stale); break;
      case 'consumers': await renderConsumers(view, ctx, parts[1], params, stale); break;
      default:
        ctx.setTitle('Not found');
        view.append(h('h1', {tabindex: '-1'}, 'Not found'), h('p', {}, 'There is no such page in the console.'));
    }
  } catch (e) {
    if (stale()) return;
    if (!auth.signedIn) {
      showSignedOut(auth, 'Your session has ended. Sign in again to go on.');
      return;
    }
    view.append(h('p', {class: 'error', role: 'alert'}, `Could not load this page: ${describeError(e)}`));
  }
  if (!stale()) {
    const heading = view.querySelector('h1');
    if (heading) heading.focus({preventScroll: true});
  }
}

function defaultSection(ctx) {
  if (ctx.isDecider) return 'inbox';
  if (ctx.mayReadAudit) return 'audit';
  return 'records';
}

function markNav(section) {
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.section === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function showWho(auth) {
  const user = auth.user;
  const ctx = {has: (r) => user.roles.includes(r)};
  document.getElementById('who-name').textContent = user.name;
  document.getElementById('who-roles').textContent = user.roles.length ? `(${user.roles.join(', ')})` : '(no MDG role)';
  document.getElementById('who').hidden = false;
  const nav = document.getElementById('nav');
  const steward = Object.values(auth.stewardRoles).some(ctx.has);
  const decider = steward || (auth.deciderRoles || []).some(ctx.has);
  const audit = steward || ctx.has('auditor') || ctx.has('admin');
  for (const a of nav.querySelectorAll('a[data-needs]')) {
    const needs = a.dataset.needs;
    a.parentElement.hidden = (needs === 'steward' && !steward) || (needs === 'decider' && !decider)
        || (needs === 'audit' && !audit)
        || (needs === 'admin' && !ctx.has('admin'));
  }
  nav.hidden = false;
}

function showSignedOut(auth, message) {
  document.getElementById('who').hidden = true;
  document.getElementById('nav').hidden = true;
  document.title = 'Sign in — MDG console';
  const button = h('button', {type: 'button', id: 'sign-in', onclick: () => auth.signIn()}, 'Sign in');
  clear(main).append(h('section', {class: 'signin'},
      h('h1', {tabindex: '-1'}, 'Master data governance'),
      h('p', {}, 'Decide on change requests, browse golden records and trace every change. '
          + 'Sign in with your organisation account.'),
      message ? h('p', {class: 'notice', role: 'alert'}, message) : null,
      button));
  button.focus();
}

function showFatal(message) {
  document.title = 'Unavailable — MDG console';
  clear(main).append(h('section', {class: 'signin'},
      h('h1', {}, 'The console cannot start'),
      h('p', {class: 'error', role: 'alert'}, message),
      h('p', {}, h('button', {type: 'button', onclick: () => location.reload()}, 'Try again'))));
}

// The skip link must not change the hash (that is the router's): it moves the focus instead.
document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  (main.querySelector('h1') || main).focus();
});

async function boot() {
  let auth;
  try {
    auth = await Auth.create();
  } catch (e) {
    showFatal(describeError(e));
    return;
  }
  const api = new Api(auth);
  auth.onSignedOut = (message) => {
    showSignedOut(auth, message);
  };
  document.getElementById('sign-out').addEventListener('click', () => auth.signOut());
  let returnTo = null;
  try {
    returnTo = await auth.start();
  } catch (e) {
    showSignedOut(auth, e instanceof AuthError ? e.message : describeError(e));
    return;
  }
  if (!auth.signedIn) {
    showSignedOut(auth);
    return;
  }
  showWho(auth);
  if (returnTo && returnTo !== location.hash) history.replaceState(null, '', returnTo);
  window.addEventListener('hashchange', () => route(auth, api));
  await route(auth, api);
}

boot();
