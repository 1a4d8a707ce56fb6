// The page: sign-in, the views (chat, audit, bot settings), sessions and
// the connection indicator. Routes live in the URL hash: `#/chat/NAME`,
// `#/audit`, `#/settings`, so a reload comes back to the same place.

import { Api, ApiError } from './api.js';
import { Connection } from './connection.js';
import { ChatView } from './chat.js';
import { AuditView } from './audit.js';
import { SettingsView } from './settings.js';
import { ApprovalsView } from './approvals.js';
import { BillingView } from './billing.js';
import { PresenceView } from './presence.js';
import { h, clear, $, $$, ago } from './dom.js';

const api = new Api();
let me = null;
let chat = null;
let conn = null;
let audit = null;
let settings = null;
let approvals = null;
let billing = null;
let presence = null;

// ---- theme ---------------------------------------------------------------
const THEMES = ['system', 'light', 'dark'];
function applyTheme(t) {
  if (t === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = t;
  $('#theme-label').textContent = `Theme: ${t}`;
  $('#theme').title = `Theme: ${t} (change)`;
}
function initTheme() {
  let t = localStorage.getItem('kubechat.theme') || 'system';
  if (!THEMES.includes(t)) t = 'system';
  applyTheme(t);
  $('#theme').addEventListener('click', () => {
    const now = localStorage.getItem('kubechat.theme') || 'system';
    const next = THEMES[(THEMES.indexOf(now) + 1) % THEMES.length];
    localStorage.setItem('kubechat.theme', next);
    applyTheme(next);
  });
}

// ---- sign in ---------------------------------------------------------------
function showLogin(message) {
  if (conn) { conn.close(); conn = null; }
  $('#app').hidden = true;
  $('#login-view').hidden = false;
  $('#login-form').hidden = false;
  $('#setup-form').hidden = true;
  const err = $('#login-error');
  err.hidden = !message;
  err.textContent = message || '';
  $('#login-username').focus();
  // A server without accounts says how to make the first one.
  api.raw('GET', '/api/v1/setup').then((r) => { $('#login-setup-hint').hidden = !(r && r.needed); }).catch(() => {});
  showProviders();
}

/** A button per single sign-on provider; each starts the provider's
 * sign-in (a full-page navigation: the provider's page, then back). */
function showProviders() {
  api.raw('GET', '/api/v1/auth/providers').then((r) => {
    const box = $('#login-sso');
    for (const old of box.querySelectorAll('a.sso')) old.remove();
    const list = (r && r.providers) || [];
    for (const p of list) {
      const a = document.createElement('a');
      a.className = 'button sso';
      a.href = p.login_url;
      a.dataset.provider = p.name;
      a.textContent = p.display_name;
      box.append(a);
    }
    box.hidden = list.length === 0;
  }).catch(() => {});
}

/** The one-time code a single sign-on callback left in the address
 * (`/#/sso?code=…`), taken out of it at once. */
function ssoCode() {
  const m = location.hash.match(/^#\/sso\?code=([A-Za-z0-9_-]{20,100})$/);
  if (!m) return null;
  history.replaceState(null, '', '/#/chat');
  return m[1];
}

async function finishSso(code) {
  try {
    await api.ssoExchange(code);
    await start();
  } catch (x) {
    showLogin(x instanceof ApiError ? x.message : `Sign-in failed: ${x.message}`);
  }
}

/** The setup link (`/setup#token=…`): the form that creates the first
 * admin, then signs in with it. */
function setupToken() {
  if (location.pathname !== '/setup') return null;
  const m = location.hash.match(/^#token=([0-9a-f]{32})$/);
  return m ? m[1] : null;
}

function showSetup() {
  $('#app').hidden = true;
  $('#login-view').hidden = false;
  $('#login-form').hidden = true;
  $('#setup-form').hidden = false;
  $('#setup-username').focus();
}

async function onSetup(e) {
  e.preventDefault();
  const f = e.target;
  const err = $('#setup-error');
  const button = f.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const workspace = f.workspace.value.trim();
    await api.raw('POST', '/api/v1/setup', {
      token: setupToken(), username: f.username.value.trim(), password: f.password.value,
      ...(workspace ? { workspace } : {}),
    });
    await api.login(workspace, f.username.value.trim(), f.password.value);
    f.password.value = '';
    history.replaceState(null, '', '/#/chat');
    await start();
  } catch (x) {
    err.textContent = x instanceof ApiError ? x.message : `Setup failed: ${x.message}`;
    err.hidden = false;
  } finally {
    button.disabled = false;
  }
}

async function onLogin(e) {
  e.preventDefault();
  const f = e.target;
  const button = f.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    await api.login(f.workspace.value.trim(), f.username.value.trim(), f.password.value);
    f.password.value = '';
    await start();
  } catch (err) {
    showLogin(err instanceof ApiError ? err.message : `Sign-in failed: ${err.message}`);
  } finally {
    button.disabled = false;
  }
}

// ---- connection indicator ---------------------------------------------------
function showConnection(detail) {
  const el = $('#conn');
  el.dataset.state = detail.state;
  const text = {
    connecting: 'Connecting…',
    connected: 'Connected',
    reconnecting: detail.delay
      ? `Reconnecting (attempt ${detail.attempt}, next in ${Math.max(1, Math.round(detail.delay / 1000))} s)…`
      : `Reconnecting (attempt ${detail.attempt})…`,
    disconnected: detail.reason === 'gave up' ? 'Disconnected: the server did not come back' : 'Disconnected',
  }[detail.state];
  $('#conn-text').textContent = text;
  $('#reconnect').hidden = !(detail.state === 'disconnected' && detail.reason === 'gave up');
}

// ---- sessions --------------------------------------------------------------
function newSessionName() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `chat-${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

async function refreshSessions(current) {
  let list = [];
  try { list = (await api.request('GET', '/api/v1/sessions')).sessions || []; } catch { list = []; }
  if (current && !list.some((s) => s.name === current)) list.unshift({ name: current, last_active_at: new Date().toISOString() });
  const ul = clear($('#session-list'));
  for (const s of list) {
    const b = h('button', { type: 'button', 'aria-current': s.name === current ? 'true' : 'false', onclick: () => { location.hash = `#/chat/${encodeURIComponent(s.name)}`; closeSidebar(); } },
      s.name, h('span.when', { text: ago(s.last_active_at) }));
    ul.append(h('li', {}, b));
  }
  return list;
}

async function openSession(name) {
  $('.views a[data-view=chat]').setAttribute('href', `#/chat/${encodeURIComponent(name)}`);
  if (conn && conn.session === name) { refreshSessions(name); return; }
  if (conn) conn.close();
  conn = new Connection(api, name);
  conn.addEventListener('state', (e) => showConnection(e.detail));
  chat.attach(conn, name);
  try {
    await chat.load(name);
  } catch (e) {
    if (!api.signedIn) return;
    chat.list.append(h('li.msg.bot.error', {}, h('p.summary', { text: `The history could not be loaded: ${e.message}` })));
  }
  conn.open();
  refreshSessions(name);
}

// The bots of the workspace in the chat's picker; choosing one with a
// default namespace fills the namespace in.
let botList = [];
async function loadBots() {
  try {
    botList = (await api.request('GET', '/api/v1/bots')).bots || [];
  } catch { return; }
  const pick = clear($('#bot'));
  for (const b of botList) pick.append(h('option', { value: b.name, text: `${b.settings.avatar} ${b.settings.display_name}` }));
  const kept = localStorage.getItem('kubechat.bot');
  pick.value = botList.some((b) => b.name === kept) ? kept : (botList[0] ? botList[0].name : 'kubechat');
}

function onBotPicked() {
  const name = $('#bot').value;
  localStorage.setItem('kubechat.bot', name);
  const bot = botList.find((b) => b.name === name);
  if (bot && bot.settings.default_namespace) {
    $('#namespace').value = bot.settings.default_namespace;
    localStorage.setItem('kubechat.namespace', bot.settings.default_namespace);
  }
}

async function loadNamespaces() {
  try {
    const r = await api.request('GET', '/api/v1/namespaces');
    const dl = clear($('#namespace-options'));
    for (const n of r.namespaces || []) dl.append(h('option', { value: n }));
  } catch { /* free text still works */ }
}

// ---- views -------------------------------------------------------------------
function closeSidebar() {
  $('#sidebar').classList.remove('open');
  $('#toggle-sidebar').setAttribute('aria-expanded', 'false');
}

/** `#/slack-link` (from Slack's link prompt): a one-time code for the
 * signed-in person, typed in Slack as `/kubechat link CODE` — so the
 * Slack account that types it is linked to this person, and no one
 * else's. */
async function linkSlack() {
  const notice = $('#notice');
  try {
    const r = await api.request('POST', '/api/v1/slack/link-code');
    notice.textContent = `To link your Slack account to ${me.username}, type this in Slack within ${Math.round(r.expires_in_seconds / 60)} minutes: ${r.command}`;
  } catch (e) {
    notice.textContent = `No link code: ${e.message}`;
  }
  notice.hidden = false;
  history.replaceState(null, '', '#/chat');
}

async function route() {
  if (!me) return;
  if (location.hash === '#/slack-link') await linkSlack();
  const hash = location.hash || '#/chat';
  const [, view, arg] = hash.match(/^#\/(chat|approvals|audit|settings|billing)(?:\/(.*)|\?.*)?$/) || [null, 'chat', null];
  const admin = me.role === 'admin';
  const shown = view !== 'chat' && !admin ? 'chat' : view;
  for (const panel of $$('[data-view-panel]')) panel.hidden = panel.dataset.viewPanel !== shown;
  for (const a of $$('.views a')) a.setAttribute('aria-current', a.dataset.view === shown ? 'page' : 'false');
  if (shown === 'chat') {
    let name = arg ? decodeURIComponent(arg) : null;
    if (!name || !/^[A-Za-z0-9_-]{1,128}$/.test(name)) {
      const list = await refreshSessions(null);
      name = list.length ? list[0].name : newSessionName();
      history.replaceState(null, '', `#/chat/${encodeURIComponent(name)}`);
    }
    await openSession(name);
    $('#ask-text').focus();
  } else if (shown === 'approvals') {
    approvals.show();
  } else if (shown === 'audit') {
    audit.show();
  } else if (shown === 'settings') {
    settings.show();
  } else if (shown === 'billing') {
    billing.show();
  }
}

async function start() {
  try {
    me = await api.request('GET', '/api/v1/me');
  } catch (e) {
    me = null;
    showLogin(api.signedIn ? `KubeChat cannot be reached: ${e.message}` : null);
    return;
  }
  $('#login-view').hidden = true;
  $('#app').hidden = false;
  $('#whoami').textContent = `${me.username} (${me.role})`;
  for (const a of $$('[data-admin]')) a.hidden = me.role !== 'admin';
  if (me.role === 'admin') approvals.refresh();
  presence.start();
  loadNamespaces();
  loadBots();
  const ns = $('#namespace');
  ns.value = localStorage.getItem('kubechat.namespace') || ns.value;
  ns.addEventListener('change', () => localStorage.setItem('kubechat.namespace', ns.value.trim() || 'default'));
  await route();
}

function init() {
  initTheme();
  chat = new ChatView(api);
  audit = new AuditView(api);
  settings = new SettingsView(api, () => loadBots());
  $('#bot').addEventListener('change', onBotPicked);
  approvals = new ApprovalsView(api, () => me || {});
  billing = new BillingView(api);
  presence = new PresenceView(api, () => me);
  api.onSignedOut = () => { me = null; showLogin('Your sign-in has ended; sign in again.'); };
  $('#login-form').addEventListener('submit', onLogin);
  $('#setup-form').addEventListener('submit', onSetup);
  $('#sign-out').addEventListener('click', async () => { if (conn) { conn.close(); conn = null; } presence.stop(); me = null; await api.logout(); showLogin(null); });
  $('#new-session').addEventListener('click', () => { location.hash = `#/chat/${newSessionName()}`; closeSidebar(); });
  $('#reconnect').addEventListener('click', () => conn && conn.open());
  $('#toggle-sidebar').addEventListener('click', () => {
    const open = $('#sidebar').classList.toggle('open');
    $('#toggle-sidebar').setAttribute('aria-expanded', String(open));
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') closeSidebar();
    if ((e.ctrlKey || e.metaKey) && e.key === 'k') { e.preventDefault(); $('#ask-text').focus(); }
  });
  window.addEventListener('hashchange', route);
  window.addEventListener('online', () => { if (conn && conn.state !== 'connected') conn.open(); });
  const code = ssoCode();
  if (setupToken()) showSetup();
  else if (code) finishSso(code);
  else if (api.signedIn) start();
  else showLogin(null);
}

init();
