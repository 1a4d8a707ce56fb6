// KubeChat in Slack, the browser's part: a workspace admin adds KubeChat
// to a Slack team from Settings ("Add to Slack" → Slack's authorize page
// → back in Settings with the team listed), and a Slack user links their
// account through the web UI's one-time code, then is answered as
// themselves with that team's own bot token. Slack is a stand-in served
// here (its authorize page "allows" at once; its Web API records every
// call); requests from Slack are signed as Slack signs them. Run by
// `crates/kubechat/tests/browser.rs` against `kubechat serve --demo`.

import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { T, env, step, freePort, launch, setupLink } from './support.mjs';

const BIN = env('KUBECHAT_BIN');
const DATA_DIR = env('KUBECHAT_DATA_DIR');
const SHOTS = env('SCREENSHOTS');
mkdirSync(SHOTS, { recursive: true });
mkdirSync(DATA_DIR, { recursive: true });

const SECRET = 'a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4';
const CLIENT_ID = '2141029472.691202649728';
const CLIENT_SECRET = 'e1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6';
const TOKEN = 'xoxb-2141029472-691202649728-browserTeamToken';
const TEAM = 'T0BROWSER';

// ---- the Slack stand-in -------------------------------------------------
const calls = [];
const slackPort = await freePort();
const slackBase = `http://127.0.0.1:${slackPort}`;
const slackServer = createServer((req, res) => {
  let body = '';
  req.on('data', (d) => { body += d; });
  req.on('end', () => {
    const url = new URL(req.url, slackBase);
    calls.push({ path: url.pathname, query: Object.fromEntries(url.searchParams), auth: req.headers.authorization || null, body });
    const json = (v) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify(v)); };
    if (req.method === 'GET' && url.pathname === '/oauth/v2/authorize') {
      // The admin pressed "Allow": back to KubeChat with a code and the state.
      const back = new URL(url.searchParams.get('redirect_uri'));
      back.searchParams.set('code', 'browser-code');
      back.searchParams.set('state', url.searchParams.get('state'));
      res.writeHead(302, { location: back.toString() });
      res.end();
    } else if (url.pathname === '/api/oauth.v2.access') {
      const form = new URLSearchParams(body);
      if (form.get('code') === 'browser-code' && form.get('client_secret') === CLIENT_SECRET) {
        json({ ok: true, access_token: TOKEN, token_type: 'bot', scope: 'commands,chat:write', bot_user_id: 'U0BOT', app_id: 'A0APP', team: { id: TEAM, name: 'Browser Team' }, enterprise: null, is_enterprise_install: false });
      } else {
        json({ ok: false, error: 'invalid_code' });
      }
    } else if (url.pathname.startsWith('/api/')) {
      json({ ok: true, ts: '1700000000.000100' });
    } else {
      res.writeHead(200); res.end('ok');
    }
  });
});
await new Promise((r) => slackServer.listen(slackPort, '127.0.0.1', r));

// ---- KubeChat, with Slack on and "Add to Slack" configured --------------
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const config = join(DATA_DIR, '..', 'slack.toml');
writeFileSync(config, `[slack]
enabled = true
signing_secret = "${SECRET}"
client_id = "${CLIENT_ID}"
client_secret = "${CLIENT_SECRET}"
api_url = "${slackBase}/api"
oauth_url = "${slackBase}/oauth/v2/authorize"
public_url = "${base}"
`);
let log = '';
const proc = spawn(BIN, ['serve', '--demo', '--config', config, '--listen', `127.0.0.1:${port}`, '--data-dir', DATA_DIR, '--log-format', 'json'],
  { env: process.env, stdio: ['ignore', 'ignore', 'pipe'] });
proc.stderr.on('data', (d) => { log += d; });
let browser;
const pageErrors = [];

/** POSTs `body` to `path` signed as Slack signs it; status and JSON. */
async function fromSlack(path, body, type) {
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  const r = await fetch(`${base}${path}`, { method: 'POST', body, headers: { 'content-type': type, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig } });
  const text = await r.text();
  let data = null;
  try { data = JSON.parse(text); } catch { /* empty acknowledgement */ }
  return [r.status, data];
}

/** `/kubechat TEXT` typed by `user` in the Browser Team. */
const slash = (user, text, respond) => fromSlack('/api/v1/slack/commands', new URLSearchParams({
  token: 'x', team_id: TEAM, team_domain: 'browser', channel_id: 'C0OPS', channel_name: 'ops', user_id: user, user_name: 'ada',
  command: '/kubechat', text, response_url: `${slackBase}/respond/${respond}`, trigger_id: '1.2.3', api_app_id: 'A0APP',
}).toString(), 'application/x-www-form-urlencoded');

/** The calls the stand-in got on `path`, waiting for at least `n`. */
async function received(path, n) {
  for (let i = 0; i < 200; i++) {
    const got = calls.filter((c) => c.path === path);
    if (got.length >= n) return got;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the Slack stand-in never got ${n} calls on ${path}; it got ${JSON.stringify(calls.map((c) => c.path))}`);
}

try {
  step('the server prints the setup link once it listens');
  const link = await setupLink(() => log);

  step('a team nobody added is told so in Slack');
  let [status, said] = await slash('U0ADA', 'show pods in shop', 0);
  assert.equal(status, 200);
  assert.match(JSON.stringify(said), /not installed/);

  browser = await launch();
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' })).newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => d.accept());

  step('the first admin is created and signed in');
  await page.goto(link);
  await page.waitForSelector('#setup-form', { state: 'visible', timeout: T });
  await page.fill('#setup-username', 'ada');
  await page.fill('#setup-password', 'correct horse battery staple');
  await page.click('#setup-form button[type=submit]');
  await page.waitForSelector('#conn[data-state=connected]', { timeout: T });

  step('Settings shows Slack with "Add to Slack" and no team yet');
  await page.goto(`${base}/#/settings`);
  await page.waitForSelector('#slack-card:not([hidden]) #slack-install:not([hidden])', { timeout: T });
  assert.match(await page.textContent('#slack-teams'), /No Slack team/);
  await page.locator('#slack-card').screenshot({ path: join(SHOTS, 'slack-01-settings.png') });

  step('"Add to Slack" goes through Slack\'s authorize page and back to Settings, the team added');
  await page.click('#slack-install');
  await page.waitForFunction(() => location.hash.startsWith('#/settings?slack_installed='), null, { timeout: T });
  await page.waitForFunction(() => document.querySelector('#slack-teams').textContent.includes('Browser Team'), null, { timeout: T });
  assert.match(await page.textContent('#slack-status'), /added to the Slack team Browser Team/);
  assert.match(await page.textContent('#slack-teams'), /T0BROWSER.*added by ada/);
  assert.doesNotMatch(await page.textContent('body'), /xoxb-/);
  const authorize = calls.find((c) => c.path === '/oauth/v2/authorize');
  assert.equal(authorize.query.client_id, CLIENT_ID);
  assert.equal(authorize.query.redirect_uri, `${base}/api/v1/slack/oauth`);
  assert.match(authorize.query.scope, /commands/);
  await page.locator('#slack-card').screenshot({ path: join(SHOTS, 'slack-02-added.png') });

  step('in that team, an unlinked Slack user gets the link prompt and nothing runs');
  [status, said] = await slash('U0ADA', 'show pods in shop', 1);
  assert.equal(status, 200);
  const prompt = JSON.stringify(said);
  assert.match(prompt, /not linked/);
  const linkUrl = prompt.match(/(http:\/\/127\.0\.0\.1:\d+\/#\/slack-link)/)[1];

  step('the link prompt\'s page gives a one-time code for the signed-in person');
  await page.goto(linkUrl);
  await page.waitForSelector('#notice:not([hidden])', { timeout: T });
  const notice = await page.textContent('#notice');
  assert.match(notice, /link your Slack account to ada/);
  const code = notice.match(/\/kubechat link ([A-Z0-9-]+)/)[1];
  await page.screenshot({ path: join(SHOTS, 'slack-03-link-code.png'), fullPage: true });

  step('typed in Slack, it links that Slack user to ada, once');
  [, said] = await slash('U0ADA', `link ${code}`, 2);
  assert.match(JSON.stringify(said), /you now act as ada/);
  [, said] = await slash('U0EVE', `link ${code}`, 3);
  assert.match(JSON.stringify(said), /not valid/);

  step('a mention is answered as ada, with the team\'s own bot token');
  const event = JSON.stringify({
    token: 'x', team_id: TEAM, api_app_id: 'A0APP', type: 'event_callback', event_id: 'Ev0BROWSER1', event_time: 1515449522,
    event: { type: 'app_mention', user: 'U0ADA', text: '<@U0BOT> show pods in shop', ts: '1515449522.000016', channel: 'C0OPS', event_ts: '1515449522.000016' },
  });
  [status] = await fromSlack('/api/v1/slack/events', event, 'application/json');
  assert.equal(status, 200);
  const [answer] = await received('/api/chat.postEphemeral', 1);
  assert.equal(answer.auth, `Bearer ${TOKEN}`);
  assert.match(answer.body, /kubectl get pods -n shop/);
  assert.match(answer.body, /"user":"U0ADA"/);

  step('removing the team in Settings stops it being answered');
  await page.goto(`${base}/#/settings`);
  await page.waitForSelector('#slack-teams button', { timeout: T });
  await page.click('#slack-teams button');
  await page.waitForFunction(() => document.querySelector('#slack-teams').textContent.includes('No Slack team'), null, { timeout: T });
  [, said] = await slash('U0ADA', 'show pods in shop', 4);
  assert.match(JSON.stringify(said), /not installed/);
  await page.screenshot({ path: join(SHOTS, 'slack-04-removed.png'), fullPage: true });

  assert.doesNotMatch(log, /xoxb-/, 'the bot token never reaches the log');
  assert.deepEqual(pageErrors, []);
  console.log('slack: ok');
} finally {
  if (browser) await browser.close();
  proc.kill('SIGTERM');
  slackServer.close();
}
