// Who else has the chat open in this workspace (GET /api/v1/presence,
// every 30 s while signed in). Names are text, never markup.

import { h, clear, $ } from './dom.js';

const EVERY_MS = 30000;

export class PresenceView {
  constructor(api, me) {
    this.api = api;
    this.me = me;
    this.timer = null;
  }

  start() {
    this.stop();
    this.refresh();
    this.timer = setInterval(() => this.refresh(), EVERY_MS);
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async refresh() {
    const list = $('#presence-list');
    try {
      const { online } = await this.api.request('GET', '/api/v1/presence');
      const mine = (this.me() || {}).username;
      const others = online.filter((o) => o.user !== mine);
      clear(list);
      if (!others.length) {
        list.append(h('li.muted', { text: 'nobody else right now' }));
        return;
      }
      for (const o of others) {
        list.append(h('li', { title: `sessions: ${o.sessions.join(', ')}` },
          h('span.dot.online', { 'aria-hidden': 'true' }), o.user));
      }
    } catch {
      // Presence is a nicety: a failed read leaves the last list.
    }
  }
}
