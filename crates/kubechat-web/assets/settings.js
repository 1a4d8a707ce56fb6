// The admin's bot settings: each bot of the workspace (how it shows
// itself, its persona, provider and model, default namespace, cluster and
// policy), saved as a new version through /api/v1/bots/{name} — a save
// from an older version is refused, so two admins cannot overwrite each
// other — its history, and how requests are translated (read-only).

import { h, clear, $, $$ } from './dom.js';

// The verbs of the `Operation` contract, in the order people think of them.
const VERBS = ['get', 'describe', 'logs', 'events', 'top', 'explain', 'diagnose', 'rollout-status', 'rollout-history', 'auth-can-i',
  'scale', 'rollout-restart', 'rollout-undo', 'rollout-pause', 'rollout-resume', 'label', 'annotate', 'patch', 'expose', 'create', 'apply',
  'taint', 'cordon', 'uncordon', 'drain', 'delete'];

const lines = (text) => text.split('\n').map((l) => l.trim()).filter(Boolean);
const orNull = (v) => (v.trim() ? v.trim() : null);

export class SettingsView {
  constructor(api, onBotsChanged = () => {}) {
    this.api = api;
    this.onBotsChanged = onBotsChanged;
    this.form = $('#policy-form');
    this.bots = [];
    this.current = null; // the bot shown ({name, version, settings}); version 0 and no name: new
    const boxes = $('#verb-boxes');
    for (const v of VERBS) {
      const id = `verb-${v}`;
      boxes.append(h('label', { for: id }, h('input', { type: 'checkbox', id, value: v }), v));
    }
    this.form.addEventListener('submit', (e) => { e.preventDefault(); this.save(); });
    $('#settings-bot').addEventListener('change', () => this.pick($('#settings-bot').value));
    $('#new-bot').addEventListener('click', () => this.startNew());
    $('#slack-install').addEventListener('click', () => this.addToSlack());
  }

  status(text, bad = false) {
    const el = $('#policy-status');
    el.textContent = text;
    el.className = bad ? 'error' : 'muted';
  }

  async show(name = null) {
    this.status('Loading…');
    try {
      const r = await this.api.request('GET', '/api/v1/bots');
      this.bots = r.bots;
      const provider = clear($('#bot-provider'));
      provider.append(h('option', { value: '', text: 'every configured provider, in order' }));
      for (const p of r.choices.providers || []) provider.append(h('option', { value: p, text: p }));
      const cluster = clear($('#bot-cluster'));
      cluster.append(h('option', { value: '', text: "this deployment's cluster" }));
      for (const c of r.choices.clusters || []) cluster.append(h('option', { value: c, text: c }));
      const pick = clear($('#settings-bot'));
      for (const b of this.bots) pick.append(h('option', { value: b.name, text: `${b.settings.avatar} ${b.settings.display_name} (${b.name})` }));
      const keep = name || (this.current && this.current.name) || this.bots[0].name;
      pick.value = this.bots.some((b) => b.name === keep) ? keep : this.bots[0].name;
      await this.pick(pick.value);
      this.status('');
    } catch (e) {
      this.status(e.message, true);
    }
    await this.showTranslator();
    await this.showSlack();
  }

  fill(s) {
    $('#bot-display').value = s.display_name;
    $('#bot-avatar').value = s.avatar;
    $('#bot-default-ns').value = s.default_namespace || '';
    $('#bot-persona').value = s.persona || '';
    $('#bot-provider').value = s.llm_provider || '';
    $('#bot-model').value = s.llm_model || '';
    $('#bot-cluster').value = s.cluster || '';
    const p = s.policy;
    for (const box of $$('#verb-boxes input')) box.checked = p.allowed_verbs.includes(box.value);
    $('#policy-namespaces').value = p.allowed_namespaces.join('\n');
    $('#policy-denied').value = p.denied_resources.join('\n');
    $('#policy-destructive').value = p.destructive_confirmation || 'typed';
    $('#policy-mcp').value = p.mcp_confirmation || 'elicitation';
  }

  async pick(name) {
    const bot = this.bots.find((b) => b.name === name);
    if (!bot) return;
    this.current = bot;
    $('#bot-name').hidden = true;
    $('#bot-name-label').hidden = true;
    this.fill(bot.settings);
    $('#bot-version').textContent = bot.version
      ? `version ${bot.version}, saved by ${bot.updated_by} ${new Date(bot.updated_at * 1000).toLocaleString()}`
      : 'built-in settings, never saved';
    await this.showHistory(name);
  }

  startNew() {
    const base = this.bots[0];
    this.current = { name: null, version: 0, settings: { ...base.settings, display_name: 'New bot', avatar: '🤖', persona: null, llm_provider: null, llm_model: null } };
    this.fill(this.current.settings);
    $('#bot-name').value = '';
    $('#bot-name').hidden = false;
    $('#bot-name-label').hidden = false;
    $('#bot-name').focus();
    $('#bot-version').textContent = 'new bot (starts from the default bot\'s rules)';
    this.status('');
    clear($('#bot-history'));
  }

  async showHistory(name) {
    const list = clear($('#bot-history'));
    let versions = [];
    try {
      versions = (await this.api.request('GET', `/api/v1/bots/${encodeURIComponent(name)}/versions`)).versions;
    } catch (e) {
      list.append(h('li.error', { text: e.message }));
      return;
    }
    if (!versions.length) list.append(h('li.muted', { text: 'No saved versions yet.' }));
    for (const v of versions) {
      list.append(h('li', {},
        h('strong', { text: `v${v.version}` }), ' ',
        h('span', { text: `${v.changed_by}, ${new Date(v.changed_at * 1000).toLocaleString()}` }), ' — ',
        h('span.muted', { text: v.changed.length ? `changed ${v.changed.join(', ')}` : 'no change' })));
    }
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

  /** The Slack teams that added KubeChat for this workspace, with a
   * button to remove each, and "Add to Slack" where the deployment allows
   * it. Hidden when Slack is off. After an install Slack's redirect lands
   * on `#/settings?slack_installed=NAME`, which is said here. */
  async showSlack() {
    const card = $('#slack-card');
    const status = $('#slack-status');
    const added = new URLSearchParams(location.hash.split('?')[1] || '').get('slack_installed');
    let r;
    try {
      r = await this.api.request('GET', '/api/v1/slack/installs');
    } catch (e) {
      card.hidden = e.status === 404;
      status.textContent = e.status === 404 ? '' : e.message;
      return;
    }
    card.hidden = false;
    status.className = 'muted';
    status.textContent = added ? `KubeChat was added to the Slack team ${added}.` : '';
    const list = clear($('#slack-teams'));
    for (const t of r.installs) {
      const remove = h('button', { type: 'button', text: 'Remove' });
      remove.addEventListener('click', () => this.removeSlack(t));
      const when = new Date(t.installed_at * 1000).toLocaleString();
      list.append(h('li', {}, h('strong', { text: t.team_name }), ` (${t.team_id}), added by ${t.installed_by} on ${when} `, remove));
    }
    if (!r.installs.length) list.append(h('li.muted', { text: 'No Slack team has added KubeChat for this workspace.' }));
    $('#slack-install').hidden = !r.can_install;
  }

  /** "Add to Slack": Slack's authorize page, with a state that only this
   * admin's install can use, for 10 minutes. */
  async addToSlack() {
    try {
      // With the cookie that binds the install to this browser.
      const r = await this.api.request('POST', '/api/v1/slack/install', undefined, true);
      location.assign(r.url);
    } catch (e) {
      $('#slack-status').textContent = e.message;
      $('#slack-status').className = 'error';
    }
  }

  async removeSlack(team) {
    if (!confirm(`Remove KubeChat from the Slack team ${team.team_name}? Its people will not be answered until it is added again.`)) return;
    try {
      await this.api.request('DELETE', `/api/v1/slack/installs/${encodeURIComponent(team.team_id)}`);
      await this.showSlack();
    } catch (e) {
      $('#slack-status').textContent = e.message;
      $('#slack-status').className = 'error';
    }
  }

  async save() {
    if (!this.current) return;
    const name = this.current.name || $('#bot-name').value.trim();
    if (!name) { this.status('Give the new bot a name.', true); return; }
    const settings = {
      display_name: $('#bot-display').value.trim(),
      avatar: $('#bot-avatar').value.trim(),
      persona: orNull($('#bot-persona').value),
      default_namespace: orNull($('#bot-default-ns').value),
      llm_provider: orNull($('#bot-provider').value),
      llm_model: orNull($('#bot-model').value),
      cluster: orNull($('#bot-cluster').value),
      policy: {
        allowed_verbs: $$('#verb-boxes input').filter((b) => b.checked).map((b) => b.value),
        allowed_namespaces: lines($('#policy-namespaces').value),
        denied_resources: lines($('#policy-denied').value),
        destructive_confirmation: $('#policy-destructive').value,
        mcp_confirmation: $('#policy-mcp').value,
      },
    };
    try {
      const bot = await this.api.request('PUT', `/api/v1/bots/${encodeURIComponent(name)}`, { version: this.current.version, settings });
      await this.show(bot.name);
      this.status(`Saved version ${bot.version} at ${new Date().toLocaleTimeString()}.`);
      this.onBotsChanged();
    } catch (e) {
      this.status(`Not saved: ${e.message}`, true);
    }
  }
}
