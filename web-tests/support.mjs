// What the browser test scripts share: their environment, a free port,
// step lines, Chromium, and asking in the chat and waiting for the answer.

import { createServer } from 'node:net';
import { chromium } from 'playwright-core';

/** Milliseconds any one wait may take. */
export const T = 20_000;

/** A variable `cargo test -p kubechat --test browser` sets. */
export function env(k) {
  const v = process.env[k];
  if (!v) throw new Error(`${k} is not set; run this through \`cargo test -p kubechat --test browser\``);
  return v;
}

export function step(name) { console.log(`- ${name}`); }

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** The one-time setup link a fresh `kubechat serve` prints once it
 * listens, read from its log as it grows (`log()` gives it so far). */
export async function setupLink(log) {
  for (let i = 0; i < 300; i++) {
    const m = log().match(/create the first admin at (http:\/\/\S+\/setup#token=[0-9a-f]{32})/);
    if (m) return m[1];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no setup link in the log:\n${log().slice(-4000)}`);
}

/** Debian's headless Chromium, quiet (no first-run work, no network of its own). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Asks `text` in the chat and waits for its answer's card. */
export async function ask(page, text) {
  const before = await page.locator('#messages > li.msg.bot').count();
  await page.fill('#ask-text', text);
  await page.press('#ask-text', 'Enter');
  const card = page.locator('#messages > li.msg.bot').nth(before);
  await card.waitFor({ timeout: T });
  await page.waitForFunction((i) => {
    const c = document.querySelectorAll('#messages > li.msg.bot')[i];
    return c && !c.hasAttribute('aria-busy');
  }, before, { timeout: T });
  return card;
}
