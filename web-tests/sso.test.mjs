// Single sign-on in a browser: `kubechat serve --demo` with a real
// Keycloak as its identity provider. The sign-in form shows the
// provider's button; Keycloak's own login page takes alice's password;
// back in KubeChat she is signed in as the admin her group maps to, and
// chats. Run by `crates/kubechat/tests/browser.rs`.

import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { T, env, step, freePort, launch, ask } from './support.mjs';

const BIN = env('KUBECHAT_BIN');
const DATA_DIR = env('KUBECHAT_DATA_DIR');
const CONFIG = env('KUBECHAT_CONFIG');
const SHOTS = env('SCREENSHOTS');
mkdirSync(SHOTS, { recursive: true });

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let log = '';
const proc = spawn(BIN, ['serve', '--demo', '--config', CONFIG, '--listen', `127.0.0.1:${port}`, '--data-dir', DATA_DIR, '--log-format', 'json'],
  { env: process.env, stdio: ['ignore', 'ignore', 'pipe'] });
proc.stderr.on('data', (d) => { log += d; });
let browser;
const pageErrors = [];

try {
  step('the server listens');
  let up = false;
  for (let i = 0; i < 300 && !up; i++) {
    try { up = (await fetch(`${base}/health/liveness`)).ok; } catch { /* not yet */ }
    if (!up) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(up, `the server did not start:\n${log.slice(-4000)}`);

  browser = await launch();
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' })).newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));

  step('the sign-in form offers the company sign-in');
  await page.goto(`${base}/`);
  const button = page.locator('#login-sso a.sso[data-provider=kc]');
  await button.waitFor({ timeout: T });
  assert.equal((await button.textContent()).trim(), 'Company SSO');
  await page.screenshot({ path: join(SHOTS, 'sso-01-sign-in.png'), fullPage: true });

  step("Keycloak's own login page takes alice's password");
  await button.click();
  await page.waitForSelector('#kc-form-login', { timeout: T });
  assert.ok(page.url().includes('/realms/kubechat/protocol/openid-connect/auth'), page.url());
  assert.ok(page.url().includes('code_challenge_method=S256'), page.url());
  await page.fill('#username', 'alice');
  await page.fill('#password', 'alice-pass');
  await page.screenshot({ path: join(SHOTS, 'sso-02-keycloak.png'), fullPage: true });
  await page.click('#kc-login');

  step('back in KubeChat, signed in as the admin her group maps to');
  try {
    await page.waitForSelector('#conn[data-state=connected]', { timeout: T });
  } catch (e) {
    const said = (await page.textContent('body')).replace(/\s+/g, ' ').slice(0, 800);
    const failures = log.split('\n').filter((l) => /authentication failed|sso|oidc/i.test(l)).slice(-5).join('\n');
    throw new Error(`not signed in at ${page.url()}: ${said}\n${failures}`);
  }
  assert.match(await page.textContent('#whoami'), /alice \(admin\)/);
  assert.ok(!page.url().includes('code='), `the one-time code left the address bar: ${page.url()}`);

  step('and chats with the demo cluster');
  await page.fill('#namespace', 'shop');
  const card = await ask(page, 'show me the pods');
  assert.match(await card.locator('.kubectl code').textContent(), /kubectl get pods -n shop/);
  assert.ok((await card.locator('table tbody tr').count()) > 0, 'the demo pods are listed');
  await page.screenshot({ path: join(SHOTS, 'sso-03-chat.png'), fullPage: true });
  assert.match(log, /signed in with single sign-on/);
  assert.deepEqual(pageErrors, []);
  console.log('sso: ok');
} finally {
  if (browser) await browser.close();
  proc.kill('SIGTERM');
}
