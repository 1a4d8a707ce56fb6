// The conversation: asking, answers as they arrive (`translated` first,
// then `result`, `preview`, `denied`, …), previews with Confirm and Cancel,
// and the session's history.

import { h, clear, $ } from './dom.js';
import { kubectlLine, resultBody, changes } from './render.js';

const HISTORY_PAGE = 50;

export class ChatView {
  constructor(api) {
    this.api = api;
    this.list = $('#messages');
    this.input = $('#ask-text');
    this.nsInput = $('#namespace');
    this.cards = new Map();   // request id → answer card
    this.plans = new Map();   // plan id → preview card
    this.asked = [];          // what was asked, for ↑/↓
    this.recall = -1;
    this.draft = '';
    this.seq = 0;
    this.conn = null;
    this.session = null;
    this.olderBefore = null;
    $('#ask-form').addEventListener('submit', (e) => { e.preventDefault(); this.submit(); });
    // "Preview fix" on a diagnosis finding asks its fix's request.
    $('#messages').addEventListener('click', (e) => {
      const b = e.target.closest('button.preview-fix');
      if (!b) return;
      this.input.value = b.dataset.request;
      this.submit();
    });
    this.input.addEventListener('keydown', (e) => {
      // Enter sends; Shift+Enter (or an IME composing) makes a new line.
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        this.submit();
        return;
      }
      this.walkHistory(e);
    });
    // The box grows with what is typed, up to a few lines.
    this.input.addEventListener('input', () => {
      this.input.style.height = 'auto';
      this.input.style.height = `${Math.min(this.input.scrollHeight, 160)}px`;
    });
    $('#load-older').addEventListener('click', () => this.loadOlder());
  }

  /** Attaches a connection (one per session). */
  attach(conn, session) {
    this.conn = conn;
    this.session = session;
    conn.addEventListener('message', (e) => this.onMessage(e.detail));
    conn.addEventListener('state', (e) => this.onState(e.detail.state));
  }

  nextId() { this.seq += 1; return `c${Date.now().toString(36)}-${this.seq}`; }

  submit() {
    const text = this.input.value.trim();
    if (!text || !this.conn) return;
    const namespace = this.nsInput.value.trim() || 'default';
    const bot = $('#bot').value || 'kubechat';
    const id = this.nextId();
    this.asked.push(text);
    this.recall = -1;
    this.input.value = '';
    this.input.style.height = 'auto';
    const bubble = this.userBubble(text, namespace);
    const card = this.botCard(id);
    const how = this.conn.send({ type: 'ask', id, text, namespace, bot }, true);
    if (how === 'queued') {
      bubble.append(h('span.queued', { text: 'waiting for the connection' }));
    }
    card.querySelector('.summary').textContent = how === 'queued' ? 'Will be sent when the connection is back' : 'Working';
  }

  // ↑ and ↓ at the ends of the input walk through earlier questions.
  walkHistory(e) {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return;
    if (!this.asked.length) return;
    // In several lines (a pasted manifest) the arrows move the caret;
    // only from the first line up, or the last line down, do they walk.
    const { value, selectionStart, selectionEnd } = this.input;
    if (e.key === 'ArrowUp' && value.slice(0, selectionStart).includes('\n')) return;
    if (e.key === 'ArrowDown' && value.slice(selectionEnd).includes('\n')) return;
    if (e.key === 'ArrowUp') {
      if (this.recall === -1) { this.draft = this.input.value; this.recall = this.asked.length; }
      if (this.recall > 0) this.recall -= 1;
      this.input.value = this.asked[this.recall];
    } else {
      if (this.recall === -1) return;
      this.recall += 1;
      if (this.recall >= this.asked.length) { this.recall = -1; this.input.value = this.draft; }
      else this.input.value = this.asked[this.recall];
    }
    e.preventDefault();
    const end = this.input.value.length;
    this.input.setSelectionRange(end, end);
  }

  userBubble(text, namespace) {
    const li = h('li.msg.user', {},
      h('span.sr-only', { text: 'You asked: ' }), text,
      namespace ? h('span.sr-only', { text: ` (namespace ${namespace})` }) : null);
    this.list.append(li);
    this.scroll();
    return li;
  }

  botCard(id) {
    const li = h('li.msg.bot', { 'aria-busy': 'true', dataset: { request: id } },
      h('div.head'), h('p.summary'), h('div.body'));
    this.cards.set(id, li);
    this.list.append(li);
    this.scroll();
    return li;
  }

  cardFor(msg) {
    if (msg.id && this.cards.has(msg.id)) return this.cards.get(msg.id);
    return this.botCard(msg.id || this.nextId());
  }

  scroll() { this.list.scrollTop = this.list.scrollHeight; }

  onState(state) {
    for (const card of this.plans.values()) this.refreshActions(card);
    if (state === 'connected') {
      for (const q of this.list.querySelectorAll('.queued')) q.remove();
    }
  }

  onMessage(msg) {
    switch (msg.type) {
      case 'hello':
        for (const p of msg.pending || []) this.resumePreview(p);
        break;
      case 'progress': {
        // A change handed to the operator (a KubeChatCommand), phase by phase.
        const card = this.cardFor(msg);
        card.setAttribute('aria-busy', 'true');
        card.querySelector('.summary').textContent = `Carried out by the operator: ${msg.phase}`;
        break;
      }
      case 'translated': {
        const card = this.cardFor(msg);
        if (msg.source) card.dataset.source = msg.source;
        if (msg.bot) {
          card.dataset.bot = msg.bot.name;
          card.dataset.botDisplay = msg.bot.display_name;
          card.dataset.botAvatar = msg.bot.avatar;
        }
        this.head(card, msg.kubectl, msg.risk);
        card.querySelector('.summary').textContent = 'Working';
        break;
      }
      default:
        this.answer(msg, this.cardFor(msg));
    }
  }

  /** The card's head: which bot answered (when known) and the kubectl line. */
  head(card, kubectl, risk) {
    const head = clear(card.querySelector('.head'));
    const d = card.dataset;
    if (d.bot) {
      head.append(h('span.who', { title: `answered by ${d.botDisplay} (${d.bot})` },
        h('span.avatar', { 'aria-hidden': 'true', text: d.botAvatar }),
        h('span.bot-name', { text: d.botDisplay })));
    }
    head.append(kubectlLine(kubectl, risk, d.source) || '');
  }

  /** Fills `card` with an answer (live, or from history: no scrolling). */
  answer(msg, card, fromHistory = false) {
    card.removeAttribute('aria-busy');
    card.classList.remove('denied', 'error');
    const summary = card.querySelector('.summary');
    const body = clear(card.querySelector('.body'));
    if (msg.kubectl) this.head(card, msg.kubectl, msg.risk || (msg.operation && msg.operation.risk));
    switch (msg.type) {
      case 'result':
        summary.textContent = msg.summary || 'Done';
        body.append(resultBody(msg));
        this.settlePlan(msg, 'Applied');
        break;
      case 'preview':
        this.preview(msg, card);
        break;
      case 'nothing-to-change':
        summary.textContent = 'Nothing to change: the cluster already looks like that.';
        break;
      case 'cancelled':
        summary.textContent = 'Cancelled; nothing was changed.';
        this.settlePlan(msg, 'Cancelled');
        break;
      case 'denied':
        card.classList.add('denied');
        summary.textContent = `Denied: ${msg.reason}`;
        break;
      case 'error':
        card.classList.add('error');
        summary.textContent = `${msg.message}`;
        body.append(h('p.muted', { text: `error code: ${msg.code}${msg.retry_after_seconds ? `, retry in ${msg.retry_after_seconds} s` : ''}` }));
        break;
      default:
        summary.textContent = `Unexpected answer type ${msg.type}`;
    }
    if (!fromHistory) this.scroll();
  }

  /** A preview: the dry-run changes and how to confirm them. */
  preview(msg, card) {
    const summary = card.querySelector('.summary');
    const body = card.querySelector('.body');
    summary.textContent = 'Preview (server-side dry run): confirm to apply';
    body.append(changes(msg.changes));
    if (msg.text && (!msg.changes || !msg.changes.length)) body.append(h('pre.block', { text: msg.text }));
    if (msg.confirmation && msg.confirmation.kind === 'approval') {
      this.awaitApproval(msg, card);
      return;
    }
    const typed = msg.confirmation && msg.confirmation.kind === 'typed' ? msg.confirmation.phrase : null;
    const connected = this.conn && this.conn.state === 'connected';
    const confirm = h('button.primary', { type: 'button', text: 'Confirm', disabled: !connected || !!typed, dataset: { role: 'confirm' } });
    const cancel = h('button', { type: 'button', text: 'Cancel', disabled: !connected, dataset: { role: 'cancel' } });
    let phrase = null;
    if (typed) {
      confirm.className = 'danger';
      const inputId = `typed-${msg.plan_id}`;
      phrase = h('input', { id: inputId, spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${inputId}-hint` });
      card.dataset.phrase = typed;
      phrase.addEventListener('input', () => this.refreshActions(card));
      phrase.addEventListener('keydown', (e) => { if (e.key === 'Enter' && !confirm.disabled) { e.preventDefault(); confirm.click(); } });
      body.append(h('label', { for: inputId }, 'This cannot be undone. Type ', h('code', { text: typed }), ' to confirm'),
        h('span.sr-only', { id: `${inputId}-hint`, text: `type ${typed} exactly` }));
    }
    const expires = msg.expires_at ? h('span.expires', { text: `expires ${new Date(msg.expires_at).toLocaleTimeString()}` }) : null;
    const actions = h('div.actions', {}, phrase, confirm, cancel, expires);
    body.append(actions);
    const id = msg.id || card.dataset.request;
    confirm.addEventListener('click', () => {
      const m = { type: 'confirm', id, plan_id: msg.plan_id };
      if (typed) m.typed = phrase.value;
      if (this.conn.send(m) === 'sent') { confirm.disabled = true; cancel.disabled = true; card.setAttribute('aria-busy', 'true'); }
    });
    cancel.addEventListener('click', () => {
      if (this.conn.send({ type: 'cancel', id, plan_id: msg.plan_id }) === 'sent') { confirm.disabled = true; cancel.disabled = true; }
    });
    card.dataset.plan = msg.plan_id;
    this.plans.set(msg.plan_id, card);
  }

  /** A destructive preview another admin has to approve: only Cancel here. */
  awaitApproval(msg, card) {
    card.querySelector('.summary').textContent = 'Waiting for another admin to approve this (four eyes)';
    const cancel = h('button', { type: 'button', text: 'Cancel request', dataset: { role: 'cancel' } });
    const expires = msg.expires_at ? h('span.expires', { text: `expires ${new Date(msg.expires_at).toLocaleTimeString()}` }) : null;
    card.querySelector('.body').append(h('div.actions', {}, cancel, expires));
    const id = msg.id || card.dataset.request;
    cancel.addEventListener('click', () => {
      if (this.conn.send({ type: 'cancel', id, plan_id: msg.plan_id }) === 'sent') cancel.disabled = true;
    });
    card.dataset.plan = msg.plan_id;
    this.plans.set(msg.plan_id, card);
    this.refreshActions(card);
  }

  /** Enables a preview's buttons only while they can work. */
  refreshActions(card) {
    const live = !!this.conn && this.conn.state === 'connected' && card.dataset.done !== 'true';
    const phrase = card.querySelector('.actions input');
    if (phrase) phrase.disabled = card.dataset.done === 'true';
    for (const b of card.querySelectorAll('.actions button')) {
      b.disabled = !live || (b.dataset.role === 'confirm' && !!phrase && phrase.value !== card.dataset.phrase);
    }
  }

  /** Marks the preview a confirmation or cancellation answered. */
  settlePlan(msg, word) {
    const planId = msg.plan_id || null;
    for (const [id, card] of this.plans) {
      if ((planId && id === planId) || (msg.id && card.dataset.request === msg.id)) {
        card.dataset.done = 'true';
        this.refreshActions(card);
        const status = card.querySelector('.actions .expires');
        if (status) status.textContent = word;
      }
    }
  }

  /** A preview from `hello.pending`, unless it is on screen already. */
  resumePreview(p) {
    if (this.plans.has(p.plan_id)) {
      const card = this.plans.get(p.plan_id);
      card.dataset.done = 'false';
      const status = card.querySelector('.actions .expires');
      if (status && p.expires_at) status.textContent = `expires ${new Date(p.expires_at).toLocaleTimeString()}`;
      this.refreshActions(card);
      return;
    }
    const card = this.botCard(p.id || this.nextId());
    this.answer({ ...p, type: 'preview' }, card);
  }

  /** Shows a session: its history, newest page first. */
  async load(session) {
    clear(this.list);
    this.cards.clear();
    this.plans.clear();
    this.olderBefore = null;
    const page = await this.api.request('GET', `/api/v1/sessions/${encodeURIComponent(session)}/messages?limit=${HISTORY_PAGE}`);
    this.renderHistory(page.messages, false);
    this.olderBefore = page.next;
    $('#history-more').hidden = page.next === null || page.next === undefined;
  }

  async loadOlder() {
    if (this.olderBefore === null) return;
    const page = await this.api.request('GET', `/api/v1/sessions/${encodeURIComponent(this.session)}/messages?limit=${HISTORY_PAGE}&before=${this.olderBefore}`);
    this.renderHistory(page.messages, true);
    this.olderBefore = page.next;
    $('#history-more').hidden = page.next === null || page.next === undefined;
  }

  renderHistory(messages, older) {
    const frag = document.createDocumentFragment();
    const nodes = [];
    for (const m of messages) {
      if (m.author === 'user') {
        if (m.kind === 'ask') {
          nodes.push(h('li.msg.user', {}, h('span.sr-only', { text: 'You asked: ' }), m.body.text || ''));
          if (m.body.text) this.asked.push(m.body.text);
        }
        continue;
      }
      const li = h('li.msg.bot', { dataset: { request: m.body.id || '' } }, h('div.head'), h('p.summary'), h('div.body'));
      nodes.push(li);
      if (m.body.id) this.cards.set(m.body.id, li);
      const msg = { ...m.body, type: m.body.type || m.kind };
      this.answer(msg, li, true);
      // Old previews get their buttons from `hello.pending` only if they
      // are still waiting; until then they are inert.
      if (msg.type === 'preview') {
        li.dataset.done = 'true';
        this.refreshActions(li);
        const status = li.querySelector('.actions .expires');
        if (status) status.textContent = 'No longer waiting';
      }
    }
    for (const n of nodes) frag.append(n);
    if (older) this.list.prepend(frag); else this.list.append(frag);
    if (!older) this.scroll();
  }
}
