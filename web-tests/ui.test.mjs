// Browser tests of the KubeChat web UI: Debian's headless Chromium driven
// by playwright-core, against a real `kubechat serve` (PostgreSQL, Redis
// and a kube-apiserver prepared by `crates/kubechat/tests/browser.rs`,
// which runs this script and passes everything in the environment).
//
// This script owns the server process so it can stop and restart it in
// the middle of a session. Screenshots of the main screens go to
// $SCREENSHOTS for a reviewer; they are not committed.

import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { T, env, step, freePort, launch, ask } from './support.mjs';

const BIN = env('KUBECHAT_BIN');
const DATA_DIR = env('KUBECHAT_DATA_DIR');
const NS = env('TEST_NAMESPACE');
const PASSWORD = env('TEST_PASSWORD');
const SHOTS = env('SCREENSHOTS');
mkdirSync(SHOTS, { recursive: true });

class Server {
  constructor(port) { this.port = port; this.base = `http://127.0.0.1:${port}`; this.proc = null; this.log = ''; }
  async start() {
    this.proc = spawn(BIN, ['serve', '--listen', `127.0.0.1:${this.port}`, '--data-dir', DATA_DIR, '--log-format', 'json'], { env: process.env, stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc.stderr.on('data', (d) => { this.log = (this.log + d).slice(-20_000); });
    const exited = new Promise((resolve) => this.proc.once('exit', (code) => resolve(code)));
    for (let i = 0; i < 300; i++) {
      const early = await Promise.race([exited, new Promise((r) => setTimeout(() => r(undefined), 100))]);
      if (early !== undefined) throw new Error(`kubechat serve exited with ${early}:\n${this.log}`);
      try { if ((await fetch(`${this.base}/health/readiness`)).ok) return; } catch { /* not yet */ }
    }
    throw new Error(`kubechat serve never became ready:\n${this.log}`);
  }
  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return;
    const p = this.proc;
    const done = new Promise((resolve) => p.once('exit', resolve));
    p.kill('SIGTERM');
    const t = setTimeout(() => p.kill('SIGKILL'), 10_000);
    await done;
    clearTimeout(t);
  }
}

const server = new Server(await freePort());
let browser;
let page;
const pageErrors = [];

async function signIn(page, user) {
  await page.goto(`${server.base}/`);
  await page.waitForSelector('#login-username', { state: 'visible', timeout: T });
  await page.fill('#login-username', user);
  await page.fill('#login-password', PASSWORD);
  await page.press('#login-password', 'Enter');
  await page.waitForSelector('#conn[data-state=connected]', { timeout: T });
}

const shot = (page, name) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

try {
  await server.start();
  browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => { pageErrors.push(`a dialog opened: ${d.message()}`); d.dismiss(); });

  step('the page is served with a strict Content-Security-Policy');
  const resp = await page.goto(`${server.base}/`);
  assert.match(resp.headers()['content-security-policy'], /script-src 'self'/);
  await page.waitForSelector('#login-form', { state: 'visible', timeout: T });
  await shot(page, '01-sign-in');

  step('a wrong password is refused with a clear message');
  await page.fill('#login-username', 'olga');
  await page.fill('#login-password', 'not the password at all');
  await page.press('#login-password', 'Enter');
  await page.waitForSelector('#login-error:not([hidden])', { timeout: T });
  assert.match(await page.textContent('#login-error'), /user name or password/i);

  step('sign in as an operator');
  await signIn(page, 'olga');
  assert.equal((await page.textContent('#conn-text')).trim(), 'Connected');
  assert.match(await page.textContent('#whoami'), /olga \(operator\)/);
  assert.equal(await page.isVisible('.views a[data-view=audit]'), false, 'operators have no audit view');

  step('ask a read question and see the table');
  await page.fill('#namespace', NS);
  let card = await ask(page, 'show me the deployments');
  assert.match(await card.locator('.kubectl code').textContent(), new RegExp(`^\\$ kubectl get deployments -n ${NS}$`));
  const headers = await card.locator('table thead th').allTextContents();
  assert.ok(headers.includes('NAME') && headers.includes('READY'), `table headers: ${headers}`);
  assert.ok((await card.locator('table tbody td').allTextContents()).includes('web'));
  await shot(page, '02-read-table');

  step('ask for two kinds at once and see a table for each');
  card = await ask(page, 'show me the deployments and pods');
  assert.match(await card.locator('.kubectl code').textContent(), new RegExp(`kubectl get deployments,pods -n ${NS}$`));
  assert.deepEqual(await card.locator('.parts section h4').allTextContents(), ['deployments', 'pods']);
  assert.equal(await card.locator('.parts section table').count(), 2);
  assert.ok((await card.locator('.parts table tbody td').allTextContents()).includes('deployment/web'));

  step('ask for a scale, see the preview, confirm, see the result');
  card = await ask(page, 'scale web to 3');
  assert.match(await card.locator('.kubectl code').textContent(), /kubectl scale deployment\/web --replicas=3/);
  assert.match(await card.locator('.changes').textContent(), /spec\.replicas\s*1\s*→\s*3/);
  await shot(page, '03-preview');
  await card.locator('button[data-role=confirm]').click();
  await page.waitForFunction(() => {
    const c = [...document.querySelectorAll('#messages > li.msg.bot')].pop();
    return c && !c.hasAttribute('aria-busy') && !c.querySelector('button[data-role=confirm]');
  }, null, { timeout: T });
  assert.match(await card.locator('.summary').textContent(), /spec\.replicas 1 → 3/);
  await shot(page, '04-applied');

  step('an XSS attempt in a log line is shown as text');
  card = await ask(page, 'show me the logs of api-1');
  const logText = await card.locator('pre.block').textContent();
  assert.ok(logText.includes('<img src=x onerror="window.__xss=1">'), logText);
  assert.ok(logText.includes('<script>window.__xss=2</script>'), logText);
  assert.equal(await page.locator('#messages img, #messages script').count(), 0, 'no element was created from the log');
  assert.equal(await page.evaluate(() => window.__xss), undefined);

  step('↑ recalls the last question');
  await page.focus('#ask-text');
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.inputValue('#ask-text'), 'show me the logs of api-1');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.inputValue('#ask-text'), '');

  step('a pasted manifest keeps its lines and is read as the object it holds');
  const manifest = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n';
  await page.fill('#ask-text', `describe this:\n${manifest}`);
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.inputValue('#ask-text'), `describe this:\n${manifest}`, 'the arrow moved the caret, not the history');
  card = await ask(page, `describe this:\n${manifest}`);
  assert.match(await card.locator('.kubectl code').textContent(), new RegExp(`^\\$ kubectl describe deployments web -n ${NS}$`));

  step('a preview waits while the server stops and restarts');
  card = await ask(page, 'scale web to 5');
  assert.match(await card.locator('.changes').textContent(), /3\s*→\s*5/);
  const onScreen = await page.locator('#messages > li').count();
  await server.stop();
  await page.waitForSelector('#conn[data-state=reconnecting]', { timeout: T });
  assert.match(await page.textContent('#conn-text'), /Reconnecting/);
  assert.ok(await card.locator('button[data-role=confirm]').isDisabled(), 'Confirm is disabled while disconnected');
  await shot(page, '05-reconnecting');
  await server.start();
  await page.waitForSelector('#conn[data-state=connected]', { timeout: 60_000 });
  assert.equal(await page.locator('#messages > li').count(), onScreen, 'the conversation is still on screen');
  await page.waitForFunction(() => {
    const b = [...document.querySelectorAll('#messages button[data-role=confirm]')].pop();
    return b && !b.disabled;
  }, null, { timeout: T });
  await card.locator('button[data-role=confirm]').click();
  await page.waitForFunction(() => /spec\.replicas 3 → 5/.test([...document.querySelectorAll('#messages > li.msg.bot')].pop().textContent), null, { timeout: T });

  step('a reload resumes the session from its history');
  const session = new URL(page.url()).hash;
  await page.reload();
  await page.waitForSelector('#conn[data-state=connected]', { timeout: T });
  assert.equal(new URL(page.url()).hash, session);
  const texts = await page.locator('#messages > li.msg.user').allTextContents();
  assert.ok(texts.some((t) => t.includes('scale web to 5')), texts.join(' | '));
  assert.ok((await page.locator('#messages').textContent()).includes('spec.replicas 3 → 5'));

  assert.equal(await page.inputValue('#namespace'), NS, 'the namespace picked is remembered');

  step('operators are denied destructive requests');
  card = await ask(page, 'delete deployment web');
  assert.match(await card.locator('.summary').textContent(), /^Denied: /);

  step('dark theme and a narrow screen');
  await page.click('#theme');
  await page.click('#theme');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  await shot(page, '06-dark');
  await page.setViewportSize({ width: 390, height: 780 });
  assert.ok(await page.isVisible('#toggle-sidebar'));
  await shot(page, '07-narrow');
  await page.click('#toggle-sidebar');
  await page.waitForSelector('#sidebar.open', { timeout: T });
  await shot(page, '08-narrow-sessions');
  await page.keyboard.press('Escape');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.click('#theme');

  step('sign out; an admin sees the audit view and the bot settings');
  await page.click('#sign-out');
  await page.waitForSelector('#login-form', { state: 'visible', timeout: T });
  await signIn(page, 'ada');
  step('an admin confirms a destructive request by typing its name (then cancels)');
  await page.click('.views a[data-view=chat]');
  await page.waitForSelector('#conn[data-state=connected]', { timeout: T });
  card = await ask(page, 'delete deployment web');
  assert.match(await card.locator('.kubectl .risk').textContent(), /destructive/);
  const confirmButton = card.locator('button[data-role=confirm]');
  assert.ok(await confirmButton.isDisabled(), 'Confirm waits for the typed name');
  await card.locator('.actions input').fill('wb');
  assert.ok(await confirmButton.isDisabled());
  await card.locator('.actions input').fill('web');
  assert.ok(await confirmButton.isEnabled());
  await shot(page, '09-typed-confirmation');
  await card.locator('button[data-role=cancel]').click();
  await page.waitForFunction(() => /Cancelled/.test([...document.querySelectorAll('#messages > li.msg.bot')].pop().textContent), null, { timeout: T });

  await page.click('.views a[data-view=audit]');
  await page.waitForSelector('#chain-status.ok', { timeout: T });
  assert.match(await page.textContent('#chain-status'), /Chain intact: \d+ events verified/);
  await page.fill('#audit-filters input[name=verb]', 'scale');
  await page.click('#audit-filters button[type=submit]');
  await page.waitForFunction(() => document.querySelectorAll('#audit-table tbody tr').length >= 6, null, { timeout: T });
  const phases = await page.locator('#audit-table tbody tr td:nth-child(5)').allTextContents();
  for (const p of ['requested', 'confirmed', 'executed']) assert.ok(phases.includes(p), `phases: ${phases}`);
  await shot(page, '10-audit');
  await page.click('.views a[data-view=settings]');
  await page.waitForFunction(() => document.querySelector('#policy-namespaces').value.length > 0, null, { timeout: T });
  await page.fill('#policy-denied', 'secrets\nconfigmaps');
  await page.selectOption('#policy-destructive', 'approval');
  assert.equal(await page.inputValue('#policy-mcp'), 'elicitation');
  await page.selectOption('#policy-mcp', 'never');
  await page.click('#policy-form button[type=submit]');
  await page.waitForFunction(() => /Saved/.test(document.querySelector('#policy-status').textContent), null, { timeout: T });
  await page.waitForFunction(() => /Embedded rules only/.test(document.querySelector('#translator-mode').textContent), null, { timeout: T });
  await shot(page, '11-settings');
  const policy = await page.evaluate(async () => {
    const auth = JSON.parse(sessionStorage.getItem('kubechat.auth'));
    const r = await fetch('/api/v1/policy', { headers: { authorization: `Bearer ${auth.access_token}` } });
    return r.json();
  });
  assert.deepEqual(policy.denied_resources, ['secrets', 'configmaps']);
  assert.equal(policy.destructive_confirmation, 'approval');
  assert.equal(policy.mcp_confirmation, 'never');

  step('an admin creates a bot; the chat answers as it');
  assert.match(await page.textContent('#bot-version'), /version 1, saved by ada/);
  assert.match(await page.textContent('#bot-history'), /v1.*ada.*changed policy/s);
  await page.click('#new-bot');
  await page.fill('#bot-name', 'shop');
  await page.fill('#bot-display', 'Shop Helper');
  await page.fill('#bot-avatar', '🛒');
  await page.fill('#bot-default-ns', NS);
  await page.fill('#bot-persona', 'Be brief.');
  await page.click('#policy-form button[type=submit]');
  await page.waitForFunction(() => /Saved version 1/.test(document.querySelector('#policy-status').textContent)
    && document.querySelector('#settings-bot').value === 'shop', null, { timeout: T });
  await page.fill('#bot-avatar', 'a very long avatar');
  await page.click('#policy-form button[type=submit]');
  await page.waitForFunction(() => /Not saved: .*avatar/.test(document.querySelector('#policy-status').textContent), null, { timeout: T });
  await shot(page, '11b-bot-settings');
  await page.click('.views a[data-view=chat]');
  await page.waitForSelector('#conn[data-state=connected]', { timeout: T });
  await page.waitForFunction(() => [...document.querySelectorAll('#bot option')].some((o) => o.value === 'shop'), null, { timeout: T });
  await page.selectOption('#bot', 'shop');
  assert.equal(await page.inputValue('#namespace'), NS, 'the bot\'s default namespace');
  card = await ask(page, 'show deployments');
  assert.equal(await card.locator('.who .bot-name').textContent(), 'Shop Helper');
  assert.equal(await card.locator('.who .avatar').textContent(), '🛒');
  await page.selectOption('#bot', 'kubechat');
  await page.click('.views a[data-view=settings]');
  await page.waitForFunction(() => document.querySelector('#policy-namespaces').value.length > 0, null, { timeout: T });

  step('with four eyes, a destructive request waits for another admin');
  await page.click('.views a[data-view=chat]');
  await page.waitForSelector('#conn[data-state=connected]', { timeout: T });
  card = await ask(page, 'delete deployment old');
  assert.match(await card.locator('.summary').textContent(), /Waiting for another admin/);
  assert.equal(await card.locator('button[data-role=confirm]').count(), 0, 'no Confirm for the one who asked');
  await page.click('.views a[data-view=approvals]');
  await page.waitForSelector('#approvals-list li', { timeout: T });
  assert.ok(await page.locator('#approvals-list li button.danger').isDisabled(), 'ada cannot approve her own');
  // ada keeps her chat open; max approves from another browser.
  await page.click('.views a[data-view=chat]');
  await page.waitForSelector('#conn[data-state=connected]', { timeout: T });
  const maxContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  const maxPage = await maxContext.newPage();
  maxPage.on('pageerror', (e) => pageErrors.push(`max: ${e.message}`));
  await signIn(maxPage, 'max');
  // max sees ada has the chat open (presence).
  await maxPage.waitForFunction(() => /ada/.test(document.querySelector('#presence-list')?.textContent || ''), null, { timeout: T });
  await maxPage.waitForSelector('#approvals-count:not([hidden])', { timeout: T });
  assert.equal(await maxPage.textContent('#approvals-count'), '1');
  await maxPage.click('.views a[data-view=approvals]');
  const item = maxPage.locator('#approvals-list li').first();
  await item.waitFor({ timeout: T });
  assert.match(await item.textContent(), /ada asked: .*delete deployment old/);
  await shot(maxPage, '12-approvals');
  await item.locator('button.danger').click();
  await maxPage.waitForFunction(() => /Done: /.test(document.querySelector('#approvals-list li [role=status]')?.textContent || ''), null, { timeout: T });
  await shot(maxPage, '13-approved');
  // ada's open chat gets the result pushed, without a reload.
  await page.waitForFunction(() => {
    const cards = [...document.querySelectorAll('#messages > li.msg.bot')];
    const last = cards[cards.length - 1];
    return last && !/Waiting for another admin/.test(last.querySelector('.summary')?.textContent || '');
  }, null, { timeout: T });
  await shot(page, '14-approval-pushed');
  await maxContext.close();

  step('the billing page shows the plan, usage and plans (billing is off here)');
  await page.click('.views a[data-view=billing]');
  await page.waitForFunction(() => /Unlimited/.test(document.querySelector('#billing-plan')?.textContent || ''), null, { timeout: T });
  assert.match(await page.textContent('#billing-plan'), /Billing is off in this deployment/);
  assert.match(await page.textContent('#billing-usage'), /Seats\s*3 of unlimited/);
  assert.equal(await page.locator('#billing-plans > li').count(), 3);
  assert.ok(await page.locator('#billing-plans button').first().isDisabled(), 'no checkout while billing is off');
  assert.ok(await page.isVisible('#billing-no-invoices'));
  await shot(page, '15-billing');

  assert.deepEqual(pageErrors, [], 'no script errors');
  console.log(`ok: screenshots in ${SHOTS}`);
} catch (e) {
  console.error(`FAILED: ${e.stack || e}`);
  if (page) await shot(page, 'failure').catch(() => {});
  if (pageErrors.length) console.error(`page errors: ${pageErrors.join('\n')}`);
  console.error(`server log (tail):\n${server.log.slice(-4000)}`);
  process.exitCode = 1;
} finally {
  if (browser) await browser.close();
  await server.stop();
}
