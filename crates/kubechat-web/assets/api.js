// The REST side: sign-in, tokens and JSON requests.
//
// Access tokens are short-lived; the refresh token rotates on every use and
// a reused one revokes the whole login, so refreshes are single-flight: two
// requests that find the token expiring share one refresh.

const KEY = 'kubechat.auth';
const EARLY_MS = 60_000;

/** An error answer of the API: `code` is stable, `message` is for people. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Thrown when the server cannot be reached at all. */
export class Offline extends Error {}

export class Api {
  constructor(storage = window.sessionStorage) {
    this.storage = storage;
    this.auth = null;
    try { this.auth = JSON.parse(storage.getItem(KEY) || 'null'); } catch { this.auth = null; }
    this.refreshing = null;
    /** Called once when the login is gone (refresh refused, signed out). */
    this.onSignedOut = () => {};
  }

  get signedIn() { return !!this.auth; }

  save(pair) {
    this.auth = {
      access_token: pair.access_token,
      refresh_token: pair.refresh_token,
      expires_at: Date.now() + pair.expires_in * 1000,
    };
    this.storage.setItem(KEY, JSON.stringify(this.auth));
  }

  forget() {
    const had = !!this.auth;
    this.auth = null;
    this.storage.removeItem(KEY);
    if (had) this.onSignedOut();
  }

  async login(workspace, username, password) {
    const body = { username, password };
    if (workspace) body.workspace = workspace;
    const pair = await this.raw('POST', '/api/v1/login', body);
    this.save(pair);
  }

  /** Trades the one-time code a single sign-on callback handed over for
   * KubeChat's tokens (they never travel in a URL). */
  async ssoExchange(code) {
    const pair = await this.raw('POST', '/api/v1/auth/oidc/exchange', { code }, undefined, true);
    this.save(pair);
  }

  async logout() {
    const auth = this.auth;
    if (!auth) return;
    try { await this.raw('POST', '/api/v1/logout', { refresh_token: auth.refresh_token }); } catch { /* signed out locally either way */ }
    this.forget();
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async token() {
    if (!this.auth) throw new ApiError(401, 'unauthorized', 'sign in first');
    if (Date.now() > this.auth.expires_at - EARLY_MS) await this.refresh();
    return this.auth.access_token;
  }

  refresh() {
    if (!this.refreshing) {
      const used = this.auth && this.auth.refresh_token;
      this.refreshing = (async () => {
        try {
          const pair = await this.raw('POST', '/api/v1/refresh', { refresh_token: used });
          this.save(pair);
        } catch (e) {
          if (e instanceof ApiError && (e.status === 401 || e.status === 400)) this.forget();
          throw e;
        } finally {
          this.refreshing = null;
        }
      })();
    }
    return this.refreshing;
  }

  /** An authenticated JSON request; one retry after a refresh on 401. */
  async request(method, path, body, withCookie = false) {
    const token = await this.token();
    try {
      return await this.raw(method, path, body, token, withCookie);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      await this.refresh();
      return this.raw(method, path, body, this.auth.access_token, withCookie);
    }
  }

  /** One request. Cookies are never sent (the API takes bearer tokens
   * only), except with `withCookie`: the single sign-on exchange proves
   * it runs in the browser that signed in by the sign-in's cookie, and
   * "Add to Slack" sets the cookie that binds the install to this browser. */
  async raw(method, path, body, token, withCookie = false) {
    const headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let resp;
    try {
      resp = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: withCookie ? 'same-origin' : 'omit', cache: 'no-store' });
    } catch (e) {
      throw new Offline(`KubeChat cannot be reached (${e.message})`);
    }
    if (resp.status === 204) return null;
    let data = null;
    try { data = await resp.json(); } catch { data = null; }
    if (!resp.ok) {
      const err = (data && data.error) || data || {};
      const message = err.message || `${resp.status} ${resp.statusText}`;
      throw new ApiError(resp.status, err.code || 'http_error', message);
    }
    return data;
  }
}
