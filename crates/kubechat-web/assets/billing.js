// The admins' billing page: the workspace's plan and why it applies, usage
// against the plan's entitlements, invoices, and upgrades through the
// payment provider's checkout (the browser goes to the provider's page
// and comes back to #/billing).

import { h, clear, $ } from './dom.js';

const limit = (n) => (n === 0 ? 'unlimited' : String(n));

function money(cents, currency) {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: (currency || 'usd').toUpperCase() }).format(cents / 100);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
}

const when = (unix) => (unix ? new Date(unix * 1000).toLocaleDateString() : '');

export class BillingView {
  constructor(api) {
    this.api = api;
  }

  status(text, bad = false) {
    const el = $('#billing-status');
    el.textContent = text;
    el.className = bad ? 'error' : 'muted';
  }

  async show() {
    if (/checkout=done/.test(location.hash)) this.status('Thank you — the new plan applies as soon as the payment provider confirms it.');
    else if (/checkout=cancelled/.test(location.hash)) this.status('The checkout was cancelled; nothing changed.');
    else this.status('');
    let o;
    try {
      o = await this.api.request('GET', '/api/v1/billing');
    } catch (e) {
      this.status(e.message, true);
      return;
    }
    this.render(o);
  }

  render(o) {
    const s = o.standing;
    const plan = s.plan;
    const summary = clear($('#billing-plan'));
    summary.append(
      h('p', {}, h('strong', { text: plan.display_name || plan.name }), ' — ', h('span', { text: s.note })),
      h('p.badges', {},
        o.enabled ? h('span.badge', { dataset: { status: s.status }, text: `subscription: ${s.status.replace('_', ' ')}` }) : null,
        s.downgraded ? h('span.badge.warn', { text: 'downgraded until the invoice is paid' }) : null,
        s.grace_until && !s.downgraded ? h('span.badge.warn', { text: `payment overdue: grace until ${when(s.grace_until)}` }) : null),
      o.enabled ? null : h('p.muted', { text: 'Billing is off in this deployment (billing.enabled); every entitlement applies.' }));

    const u = o.usage;
    const rows = [
      ['Requests today', `${u.requests_today} of ${limit(u.requests_per_day)}`, u.requests_per_day ? u.requests_today / u.requests_per_day : 0],
      ['Seats', `${u.seats_used} of ${limit(u.seats)}`, u.seats ? u.seats_used / u.seats : 0],
      ['Clusters', `${u.clusters_used} of ${limit(u.clusters)}`, u.clusters ? u.clusters_used / u.clusters : 0],
      ['Changes (scale, restart, delete …)', plan.mutations ? 'allowed' : 'reads only', null],
      ['LLM translation', plan.llm ? 'allowed' : 'embedded rules only', null],
      ['Requests per minute (workspace)', plan.requests_per_minute ? String(plan.requests_per_minute) : 'the server\'s rate limit', null],
    ];
    const usage = clear($('#billing-usage tbody'));
    for (const [name, value, share] of rows) {
      usage.append(h('tr', {},
        h('th', { scope: 'row', text: name }),
        h('td', {}, value, share === null ? null : h('meter', { min: 0, max: 1, low: 0.7, high: 0.9, optimum: 0, value: Math.min(share, 1), title: value }))));
    }

    const plans = clear($('#billing-plans'));
    for (const p of o.plans) {
      const current = p.name === plan.name;
      const buy = h('button.primary', { type: 'button', text: current ? 'Current plan' : `Upgrade to ${p.display_name || p.name}`, disabled: current || !p.price_id || !o.enabled });
      buy.addEventListener('click', () => this.checkout(p.name, buy));
      plans.append(h('li.card', { dataset: { plan: p.name } },
        h('h3', { text: p.display_name || p.name }),
        h('ul.muted', {},
          h('li', { text: `${limit(p.requests_per_day)} requests a day` }),
          h('li', { text: p.mutations ? 'changes with preview and confirmation' : 'reads only' }),
          h('li', { text: `${limit(p.seats)} seats, ${limit(p.clusters)} cluster${p.clusters === 1 ? '' : 's'}` }),
          h('li', { text: p.llm ? 'LLM translation' : 'embedded rules only' })),
        p.price_id ? buy : null));
    }

    const tbody = clear($('#billing-invoices tbody'));
    $('#billing-invoices').hidden = o.invoices.length === 0;
    $('#billing-no-invoices').hidden = o.invoices.length !== 0;
    for (const i of o.invoices) {
      const link = i.hosted_url ? h('a', { href: i.hosted_url, rel: 'noopener noreferrer', target: '_blank', text: 'view' }) : '';
      tbody.append(h('tr', { dataset: { status: i.status } },
        h('td', { text: i.number || i.id }),
        h('td', { text: when(i.created) }),
        h('td', { text: i.status }),
        h('td.num', { text: money(i.amount_due, i.currency) }),
        h('td.num', { text: money(i.amount_paid, i.currency) }),
        h('td', {}, link)));
    }
  }

  async checkout(plan, button) {
    button.disabled = true;
    this.status('Opening the payment provider…');
    try {
      const c = await this.api.request('POST', '/api/v1/billing/checkout', { plan });
      const url = new URL(c.url);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('the provider answered an unusable checkout address');
      location.assign(url.href);
    } catch (e) {
      button.disabled = false;
      this.status(e.message, true);
    }
  }
}
