// The admin's audit view: filters, keyset paging (newest first; `next` is
// the cursor of the older page) and the hash chain's status.

import { h, clear, $ } from './dom.js';

const PAGE = 50;

export class AuditView {
  constructor(api) {
    this.api = api;
    this.form = $('#audit-filters');
    this.body = $('#audit-table tbody');
    this.cursors = [];   // `before` of each page shown so far (null: newest)
    this.next = null;
    this.form.addEventListener('submit', (e) => { e.preventDefault(); this.cursors = []; this.page(null); });
    $('#audit-older').addEventListener('click', () => this.page(this.next));
    $('#audit-newer').addEventListener('click', () => { this.cursors.pop(); this.page(this.cursors.pop() ?? null); });
    $('#verify-chain').addEventListener('click', () => this.verify());
  }

  show() {
    this.cursors = [];
    this.page(null);
    this.verify();
  }

  query(before) {
    const q = new URLSearchParams();
    const f = this.form;
    for (const k of ['actor', 'verb', 'resource', 'namespace', 'phase']) {
      const v = f[k].value.trim();
      if (v) q.set(k, v);
    }
    for (const k of ['since', 'until']) {
      const v = f[k].value;
      if (v) q.set(k, new Date(v).toISOString().replace(/\.\d{3}Z$/, 'Z'));
    }
    q.set('limit', String(PAGE));
    if (before !== null && before !== undefined) q.set('before', String(before));
    return q.toString();
  }

  async page(before) {
    const err = $('#audit-error');
    err.hidden = true;
    let page;
    try {
      page = await this.api.request('GET', `/api/v1/audit?${this.query(before)}`);
    } catch (e) {
      err.hidden = false;
      err.textContent = e.message;
      return;
    }
    this.cursors.push(before);
    this.next = page.next;
    clear(this.body);
    if (!page.events.length) {
      this.body.append(h('tr', {}, h('td', { colspan: '8', text: 'No events match.' })));
    }
    for (const e of page.events) {
      this.body.append(h('tr', {},
        h('td', { text: e.seq }),
        h('td', { text: new Date(e.at).toLocaleString() }),
        h('td', { text: `${e.actor_user} (${e.actor_role})` }),
        h('td', { text: e.channel }),
        h('td', { text: e.phase }),
        h('td', { title: e.text, text: e.kubectl }),
        h('td', { title: e.decision_reason || '', text: e.decision || '' }),
        h('td', { text: e.outcome || '' })));
    }
    $('#audit-older').disabled = page.next === null || page.next === undefined;
    $('#audit-newer').disabled = this.cursors.length <= 1;
  }

  async verify() {
    const el = $('#chain-status');
    el.className = 'chain';
    el.textContent = 'Verifying the hash chain…';
    try {
      const r = await this.api.request('GET', '/api/v1/audit/verify');
      if (r.ok) {
        el.classList.add('ok');
        el.textContent = `Chain intact: ${r.events} events verified.`;
      } else {
        el.classList.add('bad');
        el.textContent = `TAMPERED: ${r.findings.map((f) => f.message).join('; ')}`;
      }
    } catch (e) {
      el.classList.add('bad');
      el.textContent = `The chain could not be verified: ${e.message}`;
    }
  }
}
