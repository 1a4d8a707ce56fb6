// The admin's bot settings: the workspace policy (allowed verbs, namespace
// patterns, denied resources), read and replaced through /api/v1/policy,
// and how requests are translated (/api/v1/translator, read-only).

import { h, clear, $, $$ } from './dom.js';

// The verbs of the `Operation` contract, in the order people think of them.
const VERBS = ['get', 'describe', 'logs', 'events', 'top', 'explain', 'diagnose', 'rollout-status',
  'scale', 'rollout-restart', 'rollout-undo', 'label', 'annotate', 'patch', 'expose', 'create', 'apply',
  'cordon', 'uncordon', 'drain', 'delete'];

const lines = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean);

export class SettingsView {
  constructor(api) {
    this.api = api;
    this.form = $('#policy-form');
    const boxes = $('#verb-boxes');
    for (const v of VERBS) {
      const id = `verb-${v}`;
      boxes.append(h('label', { for: id }, h('input', { type: 'checkbox', id, value: v }), v));
    }
    this.form.addEventListener('submit', (e) => { e.preventDefault(); this.save(); });
  }

  status(text, bad = false) {
    const el = $('#policy-status');
    el.textContent = text;
    el.className = bad ? 'error' : 'muted';
  }

  async show() {
    this.status('Loading…');
    try {
      const p = await this.api.request('GET', '/api/v1/policy');
      for (const box of $$('#verb-boxes input')) box.checked = p.allowed_verbs.includes(box.value);
      $('#policy-namespaces').value = p.allowed_namespaces.join('\n');
      $('#policy-denied').value = p.denied_resources.join('\n');
      $('#policy-destructive').value = p.destructive_confirmation || 'typed';
      this.status('');
    } catch (e) {
      this.status(e.message, true);
    }
    await this.showTranslator();
  }

  async showTranslator() {
    const mode = $('#translator-mode');
    const table = $('#translator-providers');
    try {
      const t = await this.api.request('GET', '/api/v1/translator');
      const threshold = `readings below ${Math.round(t.confidence_threshold * 100)}% confidence`;
      mode.textContent = {
        rules: 'Embedded rules only: no LLM provider is configured.',
        providers: `Embedded rules, then the LLM providers in this order for ${threshold}.`,
        service: `Embedded rules, then the translator service at ${t.service_url} for ${threshold}.`,
      }[t.mode] || t.mode;
      const body = clear(table.querySelector('tbody'));
      for (const p of t.providers) {
        body.append(h('tr', {},
          h('td', { text: p.name }), h('td', { text: p.kind }), h('td', { text: p.model }),
          h('td', { text: p.host }), h(`td.breaker-${p.breaker}`, { text: p.breaker })));
      }
      table.hidden = t.providers.length === 0;
    } catch (e) {
      mode.textContent = e.message;
      table.hidden = true;
    }
  }

  async save() {
    const policy = {
      allowed_verbs: $$('#verb-boxes input').filter((b) => b.checked).map((b) => b.value),
      allowed_namespaces: lines($('#policy-namespaces').value),
      denied_resources: lines($('#policy-denied').value),
      destructive_confirmation: $('#policy-destructive').value,
    };
    try {
      await this.api.request('PUT', '/api/v1/policy', policy);
      this.status(`Saved at ${new Date().toLocaleTimeString()}.`);
    } catch (e) {
      this.status(`Not saved: ${e.message}`, true);
    }
  }
}
