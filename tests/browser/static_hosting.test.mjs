// The app hosted as plain static files: direct-mode registries work without any relay, a
// relay elsewhere is named by <meta name="regscope-relay">, and a missing relay is said in
// words instead of showing a static host's 404 as the registry's answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, viewReady, seeded, BASE } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The same server under another origin (a loopback name, so the browser's private-network
// rules treat it like the real deployment on a LAN).
const STATIC = BASE.replace('127.0.0.1', 'localhost');

/** A page whose /relay answers like a static host (404), optionally with a relay named in a meta tag. */
async function staticPage(relay) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(`${STATIC}/relay?**`, (route) => route.fulfill({ status: 404, body: 'Not Found' }));
  if (relay) {
    await page.route(`${STATIC}/?**`, async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace('<head>', `<head><meta name="regscope-relay" content="${relay}">`);
      await route.fulfill({ response, body: html, headers: { 'content-type': 'text/html' } });
    });
  }
  return { context, page };
}

test('without a relay, a registry with CORS still works directly', async () => {
  const { context, page } = await staticPage();
  await page.goto(`${STATIC}/?image=127.0.0.1:5002/library/alpine:latest&tab=trace`);
  await viewReady(page);
  assert.equal(await page.textContent('[data-testid=top-digest]'), seeded('library/alpine:latest').digest);
  assert.deepEqual([...new Set(await page.locator('[data-testid=trace-path]').allTextContents())], ['direct']);
  await context.close();
});

test('without a relay, a registry that needs one is explained, not shown as a 404', async () => {
  const { context, page } = await staticPage();
  await page.goto(`${STATIC}/?image=127.0.0.1:5000/library/alpine:latest`);
  await viewReady(page);
  assert.equal(await page.getAttribute('[data-testid=error]', 'data-kind'), 'no-relay');
  assert.match(await page.textContent('[data-testid=error]'), /No relay/);
  await context.close();
});

test('a relay named in the page is used', async () => {
  const { context, page } = await staticPage(BASE);
  const relayed = [];
  page.on('request', (r) => { if (r.url().startsWith(`${BASE}/relay?`)) relayed.push(r.url()); });
  await page.goto(`${STATIC}/?image=127.0.0.1:5000/library/alpine:latest`);
  await viewReady(page);
  assert.ok(relayed.length >= 1, 'no request went to the named relay');
  // That relay was not started with --allow-origin for this page: the browser cannot read
  // its answer, and the error says so.
  assert.equal(await page.getAttribute('[data-testid=error]', 'data-kind'), 'network');
  assert.match(await page.textContent('[data-testid=error]'), /--allow-origin/);
  await context.close();
});

test('views loaded on first use load from the static host too', async () => {
  const { context, page } = await staticPage();
  const modules = [];
  page.on('response', (r) => { if (/\/(browse|doctor)(_bg\.wasm|\.js)$/.test(r.url())) modules.push(`${r.status()} ${new URL(r.url()).pathname}`); });
  await page.goto(`${STATIC}/?registry=127.0.0.1:5002&n=3`);
  await page.waitForSelector('[data-testid=catalog-more]', { timeout: 30_000 });
  assert.equal(await page.locator('[data-testid=repository]').count(), 3);
  await page.goto(`${STATIC}/?tool=doctor`);
  await page.fill('[data-testid=doctor-input]', 'https://auth.docker.io/token?service=index.docker.io&scope=repository:library/alpine:pull');
  await page.waitForSelector('[data-testid=doctor-finding][data-kind=WrongService]');
  assert.deepEqual(modules.sort(), ['200 /browse.js', '200 /browse_bg.wasm', '200 /doctor.js', '200 /doctor_bg.wasm']);
  await context.close();
});
