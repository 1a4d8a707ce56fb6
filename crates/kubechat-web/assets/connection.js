// The chat's WebSocket (`kubechat.v1`), kept open.
//
// The indicator tells the truth: `connecting` (first attempt), `connected`
// (the server's hello arrived), `reconnecting` (lost; the next attempt is
// scheduled with exponential backoff and jitter), `disconnected` (gave up,
// or signed out). Before each reconnect the REST API is asked who we are,
// which refreshes an expired access token and tells "server down" (keep
// trying) from "login gone" (stop).

import { Offline } from './api.js';

const PROTOCOL = 'kubechat.v1';
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 8_000;
const MAX_ATTEMPTS = 15;
const PING_EVERY_MS = 25_000;
const PONG_WITHIN_MS = 10_000;

export class Connection extends EventTarget {
  constructor(api, session) {
    super();
    this.api = api;
    this.session = session;
    this.ws = null;
    this.state = 'disconnected';
    this.attempt = 0;
    this.timer = null;
    this.pinger = null;
    this.pongDue = null;
    this.closedByUs = false;
    this.queue = [];
  }

  setState(state, detail = {}) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, ...detail } }));
  }

  /** Opens the connection (again, after `disconnected`). */
  open() {
    this.closedByUs = false;
    this.attempt = 0;
    this.connect(true);
  }

  /** Closes for good (session switch, sign-out). */
  close() {
    this.closedByUs = true;
    clearTimeout(this.timer);
    this.stopPings();
    if (this.ws) this.ws.close(1000, 'closed by the client');
    this.ws = null;
    this.setState('disconnected');
  }

  async connect(first) {
    this.setState(first ? 'connecting' : 'reconnecting', { attempt: this.attempt });
    let token;
    try {
      await this.api.request('GET', '/api/v1/me');
      token = await this.api.token();
    } catch (e) {
      if (e instanceof Offline) return this.retry();
      if (!this.api.signedIn) return this.setState('disconnected', { reason: 'signed out' });
      return this.retry();
    }
    if (this.closedByUs) return;
    const url = new URL(`/api/v1/chat/${encodeURIComponent(this.session)}`, window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    let ws;
    try {
      ws = new WebSocket(url, [PROTOCOL, `bearer.${token}`]);
    } catch {
      return this.retry();
    }
    this.ws = ws;
    ws.addEventListener('message', (ev) => this.onMessage(ev));
    ws.addEventListener('close', () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.stopPings();
      if (!this.closedByUs) this.retry();
    });
  }

  retry() {
    if (this.closedByUs) return;
    this.attempt += 1;
    if (this.attempt > MAX_ATTEMPTS) {
      this.setState('disconnected', { reason: 'gave up' });
      return;
    }
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (this.attempt - 1));
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    this.setState('reconnecting', { attempt: this.attempt, delay });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.connect(false), delay);
  }

  onMessage(ev) {
    let msg;
    try { msg = JSON.parse(ev.data); } catch { return; }
    if (msg.type === 'hello') {
      this.attempt = 0;
      this.setState('connected', { user: msg.user, role: msg.role });
      this.startPings();
      const queued = this.queue.splice(0);
      for (const m of queued) this.ws.send(JSON.stringify(m));
    }
    if (msg.type === 'pong') {
      clearTimeout(this.pongDue);
      return;
    }
    this.dispatchEvent(new CustomEvent('message', { detail: msg }));
  }

  /**
   * Sends `msg` now, or when the connection is back (`queue` true).
   * Returns 'sent', 'queued' or 'dropped'.
   */
  send(msg, queue = false) {
    const m = { v: 1, ...msg };
    if (this.ws && this.state === 'connected' && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(m));
      return 'sent';
    }
    if (queue) { this.queue.push(m); return 'queued'; }
    return 'dropped';
  }

  // A server that vanished without closing (a dead host, a cut cable) is
  // noticed by an unanswered ping, not after the TCP timeout.
  startPings() {
    this.stopPings();
    this.pinger = setInterval(() => {
      if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return;
      this.ws.send(JSON.stringify({ v: 1, type: 'ping', id: 'hb' }));
      clearTimeout(this.pongDue);
      const ws = this.ws;
      this.pongDue = setTimeout(() => this.drop(ws), PONG_WITHIN_MS);
    }, PING_EVERY_MS);
  }

  /** Gives up on a socket that stopped answering and reconnects. */
  drop(ws) {
    if (this.ws !== ws) return;
    this.ws = null;
    this.stopPings();
    ws.close(4000, 'no pong');
    this.retry();
  }

  stopPings() {
    clearInterval(this.pinger);
    clearTimeout(this.pongDue);
  }
}
