// Registries by name that are not public https ones: the zoo's Harbor as `harbor.local` over
// plain http (on the relay's --insecure-registry list, which the page learns from its own
// <meta name="regscope-insecure">, with no request of its own), credentials entered in the
// page, and the stack's https front whose certificate a company CA signed, shown as an error
// that names the host, the problem and the flag. The relays are started by scripts/test with
// --insecure-registry harbor.local and --resolve for harbor.local, registry.corp.test and
// selfsigned.corp.test (no --map-host, no --ca-cert).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openView, BASE, STACK_DIR } from './support.mjs';

const PRERENDER = process.env.REGSCOPE_PRERENDER_URL ?? 'http://127.0.0.1:18081';
const stack = JSON.parse(readFileSync(join(STACK_DIR, 'stack.json'), 'utf8'));
const harborAdmin = stack.zoo.credentials.harbor_admin;
const harborPassword = stack.zoo.credentials.harbor_password;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The registry URLs the page asked the relay for, in order. */
function relayedTargets(page) {
  const targets = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/relay') targets.push(url.searchParams.get('url'));
  });
  return targets;
}

test('the page names the relay\'s plain-http registries in its head', async () => {
  const page = await (await fetch(`${BASE}/`)).text();
  assert.match(page, /<meta name="regscope-insecure" content="[^"]*\bharbor\.local\b[^"]*">/);
});

test('harbor.local is asked over http through the relay, and credentials entered in the page open its private project', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const targets = relayedTargets(page);
  await page.goto(`${BASE}/?image=harbor.local/library/alpine:latest`);
  await page.waitForSelector('[data-testid=top-digest], [data-testid=error]', { timeout: 30_000 });
  assert.equal(await page.locator('[data-testid=error]').count(), 0, await page.textContent('body'));
  assert.ok(targets.length > 0);
  for (const target of targets) assert.match(target, /^http:\/\/harbor\.local\//);

  await page.goto(`${BASE}/?image=harbor.local/regscope/app:1.0`);
  await page.waitForSelector('[data-testid=error]', { timeout: 30_000 });
  await page.fill('[data-testid=cred-username]', harborAdmin);
  await page.fill('[data-testid=cred-password]', harborPassword);
  await page.click('[data-testid=cred-submit]');
  await page.waitForSelector('[data-testid=top-digest]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid=signed-in]'), new RegExp(harborAdmin));
  await context.close();
});

test('a shared harbor.local link is rendered by the relay over http and taken over without a request', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const targets = relayedTargets(page);
  await page.goto(`${PRERENDER}/?image=harbor.local/library/alpine:latest`);
  await page.waitForSelector('[data-testid=top-digest]', { timeout: 30_000 });
  await page.waitForFunction(() => !document.getElementById('regscope-server-view'), null, { timeout: 30_000 });
  assert.deepEqual(targets, [], 'the app replays what the relay fetched over http');
  await context.close();
});

test('a certificate of an unknown company CA is an error naming the host, the problem and the flag', async () => {
  const { context, page } = await openView(browser, `${stack.tls.corp_name}/${stack.tls.repository}:latest`);
  assert.equal(await page.getAttribute('[data-testid=error]', 'data-kind'), 'certificate');
  const text = await page.textContent('[data-testid=error]');
  assert.match(text, /Certificate not trusted/);
  assert.match(text, /registry\.corp\.test/);
  assert.match(text, /issuer the relay does not know/);
  assert.match(text, /--ca-cert/);
  await context.close();
});
