// The first five minutes in a browser: a fresh `kubechat serve --demo`
// (embedded SQLite, the demo cluster, no users) prints a one-time setup
// link; opening it shows "Create the first admin"; the admin created there
// is signed in and chats at once. Run by `crates/kubechat/tests/browser.rs`.

import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { T, env, step, freePort, launch, ask, setupLink } from './support.mjs';

const BIN = env('KUBECHAT_BIN');
const DATA_DIR = env('KUBECHAT_DATA_DIR');
const SHOTS = env('SCREENSHOTS');
mkdirSync(SHOTS, { recursive: true });

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let log = '';
const proc = spawn(BIN, ['serve', '--demo', '--listen', `127.0.0.1:${port}`, '--data-dir', DATA_DIR, '--log-format', 'json'],
  { env: process.env, stdio: ['ignore', 'ignore', 'pipe'] });
proc.stderr.on('data', (d) => { log += d; });
let browser;
const pageErrors = [];

try {
  step('the server prints the setup link once it listens');
  const link = await setupLink(() => log);
  assert.equal(new URL(link).origin, base);
  assert.equal((await (await fetch(`${base}/api/v1/setup`)).json()).needed, true);

  browser = await launch();
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' })).newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));

  step('without the link, the sign-in form says where the first account comes from');
  await page.goto(`${base}/`);
  await page.waitForSelector('#login-setup-hint', { state: 'visible', timeout: T });

  step('the link opens "Create the first admin"');
  await page.goto(link);
  await page.waitForSelector('#setup-form', { state: 'visible', timeout: T });
  assert.equal(await page.isVisible('#login-form'), false);
  await page.screenshot({ path: join(SHOTS, 'first-run-01-setup.png'), fullPage: true });
  step('a weak password is refused with the reason, and nothing is created');
  await page.fill('#setup-username', 'ada');
  await page.fill('#setup-password', 'short');
  await page.click('#setup-form button[type=submit]');
  await page.waitForSelector('#setup-error:not([hidden])', { timeout: T });
  assert.match(await page.textContent('#setup-error'), /password/i);
  assert.equal((await (await fetch(`${base}/api/v1/setup`)).json()).needed, true);

  step('the admin is created and signed in, in the chat');
  await page.fill('#setup-password', 'correct horse battery staple');
  await page.click('#setup-form button[type=submit]');
  await page.waitForSelector('#conn[data-state=connected]', { timeout: T });
  assert.match(await page.textContent('#whoami'), /ada \(admin\)/);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.equal((await (await fetch(`${base}/api/v1/setup`)).json()).needed, false);

  step('and chats at once with the demo cluster');
  await page.fill('#namespace', 'shop');
  const card = await ask(page, 'show me the pods');
  assert.match(await card.locator('.kubectl code').textContent(), /kubectl get pods -n shop/);
  assert.ok((await card.locator('table tbody tr').count()) > 0, 'the demo pods are listed');
  await page.screenshot({ path: join(SHOTS, 'first-run-02-chat.png'), fullPage: true });

  step('"why is checkout crashing?" from namespace default finds checkout in shop');
  await page.fill('#namespace', 'default');
  const why = await ask(page, 'why is checkout crashing?');
  const said = await why.textContent();
  assert.match(said, /checkout is in namespace shop/, said);
  assert.match(await why.locator('.kubectl code').textContent(), /-n shop/);
  await page.screenshot({ path: join(SHOTS, 'first-run-03-found-in-shop.png'), fullPage: true });

  step('"what is wrong in shop?" lists the findings across its workloads, with a fix where the evidence gives one');
  const wrong = await ask(page, 'what is wrong in shop?');
  const findings = wrong.locator('.finding');
  assert.ok((await findings.count()) >= 3, await wrong.textContent());
  const oom = wrong.locator('.finding', { hasText: 'OOMKilled' });
  assert.equal(await oom.count(), 1, await wrong.textContent());
  assert.match(await oom.locator('.fix').textContent(), /from 128Mi to 256Mi/);
  // Each fix the evidence determines: the memory limit, the image that
  // ran, the service's selector, the replicas back, the probe's port.
  assert.equal(await wrong.locator('button.preview-fix').count(), 5, await wrong.textContent());
  const checkout = wrong.locator('.finding', { hasText: 'checkout-5f6d8b7c9-qwrty' });
  assert.equal(await checkout.locator('button.preview-fix').count(), 0, 'a crash on a refused connection is explained, not "fixed"');
  await page.screenshot({ path: join(SHOTS, 'first-run-04-what-is-wrong.png'), fullPage: true });

  step('"Preview fix" previews the change by dry run; confirming applies it');
  const before = await page.locator('#messages > li.msg.bot').count();
  await oom.locator('button.preview-fix').click();
  const fix = page.locator('#messages > li.msg.bot').nth(before);
  await fix.locator('button[data-role=confirm]').waitFor({ timeout: T });
  assert.match(await fix.locator('.kubectl code').textContent(), /kubectl patch deployments recommender .*-n shop/);
  assert.match(await fix.locator('.changes').textContent(), /containers\[app\]\.resources\.limits\.memory\s*128Mi\s*→\s*256Mi/);
  await page.screenshot({ path: join(SHOTS, 'first-run-05-fix-preview.png'), fullPage: true });
  await fix.locator('button[data-role=confirm]').click();
  await page.waitForFunction((i) => {
    const c = document.querySelectorAll('#messages > li.msg.bot')[i];
    return c && !c.hasAttribute('aria-busy') && !c.querySelector('button[data-role=confirm]');
  }, before, { timeout: T });
  assert.match(await fix.locator('.summary').textContent(), /256Mi/);
  const after = await ask(page, 'kubectl get deployment recommender -n shop -o yaml');
  const yaml = await after.textContent();
  assert.match(yaml, /memory: 256Mi/, yaml);
  assert.match(yaml, /image: registry\.example\/shop\/recommender:1\.8\.0/, 'the image is kept');
  await page.screenshot({ path: join(SHOTS, 'first-run-06-fixed.png'), fullPage: true });

  step('at 1280 px and at 390 px nothing runs off the screen');
  const overflowing = () => page.evaluate(() => {
    const clipped = (el) => {
      for (let a = el.parentElement; a; a = a.parentElement) {
        if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return true;
      }
      return false;
    };
    const w = window.innerWidth;
    return [...document.querySelectorAll('body *')]
      .filter((el) => el.getClientRects().length && !clipped(el) && el.getBoundingClientRect().right > w + 1)
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${el.className}`)
      .slice(0, 10);
  });
  assert.deepEqual(await overflowing(), [], 'wider than 1280 px');
  await page.setViewportSize({ width: 390, height: 800 });
  await page.fill('#ask-text', 'show me the pods in namespace shop sorted by restart count with their images');
  await page.press('#ask-text', 'Shift+Enter');
  assert.match(await page.inputValue('#ask-text'), /\n$/, 'Shift+Enter starts a new line');
  await page.fill('#ask-text', '');
  assert.deepEqual(await overflowing(), [], 'wider than 390 px');
  const box = await page.locator('#ask-text').boundingBox();
  assert.ok(box.width > 390 * 0.6, `the message box takes the composer's width (${box.width}px)`);
  await page.screenshot({ path: join(SHOTS, 'first-run-07-narrow.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  const wide = await page.locator('#ask-text').boundingBox();
  assert.ok(wide.width > 700, `the message box takes the composer's width (${wide.width}px)`);

  step('the link works once');
  const token = link.split('token=')[1];
  const again = await fetch(`${base}/api/v1/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, username: 'eve', password: 'correct horse battery staple' }) });
  assert.equal(again.status, 409);
  assert.deepEqual(pageErrors, []);
  console.log('first run: ok');
} finally {
  if (browser) await browser.close();
  proc.kill('SIGTERM');
}
