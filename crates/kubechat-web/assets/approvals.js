// The admins' queue of destructive requests waiting for a second admin.
// Refreshed while the view is open; approving runs the request as the
// person who asked (the server refuses one's own requests too).

import { h, clear, $ } from './dom.js';
import { changes, kubectlLine } from './render.js';

const REFRESH_MS = 10_000;

export class ApprovalsView {
  constructor(api, me) {
    this.api = api;
    this.me = me;
    this.timer = null;
  }

  show() {
    this.refresh();
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      if ($('#approvals-view').hidden) { clearInterval(this.timer); return; }
      this.refresh();
    }, REFRESH_MS);
  }

  status(text, bad = false) {
    const el = $('#approvals-status');
    el.textContent = text;
    el.className = bad ? 'error' : 'muted';
  }

  async refresh() {
    let list;
    try {
      list = (await this.api.request('GET', '/api/v1/approvals')).approvals;
    } catch (e) {
      this.status(e.message, true);
      return;
    }
    const count = $('#approvals-count');
    count.hidden = list.length === 0;
    count.textContent = String(list.length);
    const ul = clear($('#approvals-list'));
    this.status(list.length ? '' : 'Nothing is waiting for approval.');
    for (const a of list) ul.append(this.item(a));
  }

  item(a) {
    const own = a.requested_by === this.me().username;
    const approve = h('button.danger', { type: 'button', text: 'Approve and run', disabled: own });
    const reject = h('button', { type: 'button', text: 'Reject', disabled: own });
    const result = h('p', { role: 'status' });
    const act = async (verb) => {
      approve.disabled = true;
      reject.disabled = true;
      try {
        const r = await this.api.request('POST', `/api/v1/plans/${a.plan_id}/${verb}`, {});
        result.className = r.type === 'result' ? '' : 'error';
        result.textContent = r.type === 'result' ? `Done: ${r.summary}` : `Rejected: ${r.reason}`;
      } catch (e) {
        result.className = 'error';
        result.textContent = e.message;
      }
      setTimeout(() => this.refresh(), 1500);
    };
    approve.addEventListener('click', () => act('approve'));
    reject.addEventListener('click', () => act('reject'));
    return h('li.card', { dataset: { plan: a.plan_id } },
      h('div', {}, h('strong', { text: a.requested_by }), ' asked: ', h('q', { text: a.text })),
      kubectlLine(a.kubectl, 'destructive'),
      changes(Array.isArray(a.changes) ? a.changes : []),
      h('div.actions', {}, approve, reject,
        h('span.expires', { text: own ? 'your own request: another admin approves it' : `expires ${new Date(a.expires_at).toLocaleTimeString()}` })),
      result);
  }
}
