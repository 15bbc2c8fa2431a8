// Direct mode: a registry that sends CORS headers (:5002) is called from the browser
// directly once a probe found it readable; one that needs the relay (:5000, token auth) goes through the relay; the choice
// is remembered per registry for the tab, and the trace says which path each request took.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openView, viewReady, seeded, BASE } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the CORS registry is called directly after a probe, and the trace says so', async () => {
  const expected = seeded('library/alpine:latest');
  const context = await browser.newContext();
  const page = await context.newPage();
  const relayed = [];
  const probes = [];
  page.on('request', (r) => {
    if (r.url().includes('/relay?')) relayed.push(r.url());
    if (r.url() === 'http://127.0.0.1:5002/v2/') probes.push(r.url());
  });
  await page.goto(`${BASE}/?image=127.0.0.1:5002/library/alpine:latest&tab=trace`);
  await viewReady(page);
  assert.equal(await page.textContent('[data-testid=top-digest]'), expected.digest);
  // The first request went through the relay while a direct GET /v2/ probed the registry;
  // every later one went straight to the registry.
  const paths = await page.locator('[data-testid=trace-path]').allTextContents();
  assert.ok(paths.length >= 3);
  assert.deepEqual(paths, ['relay', ...paths.slice(1).map(() => 'direct')]);
  assert.equal(relayed.length, 1);
  assert.equal(probes.length, 1);
  const remembered = await page.evaluate(() => sessionStorage.getItem('regscope.path.http://127.0.0.1:5002'));
  assert.equal(remembered, 'direct');
  // The next view of that registry is direct from its first request.
  relayed.length = 0;
  await page.goto(`${BASE}/?image=127.0.0.1:5002/oci/single:1.0&tab=trace`);
  await viewReady(page);
  assert.deepEqual([...new Set(await page.locator('[data-testid=trace-path]').allTextContents())], ['direct']);
  assert.deepEqual(relayed, []);
  await context.close();
});

test('a token-auth registry costs no extra round trip: relay from the first request', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/?image=127.0.0.1:5000/library/alpine:latest&tab=trace`);
  await viewReady(page);
  // 401, token, index, platform manifest, config: five exchanges, all relayed, none repeated.
  assert.deepEqual(await page.locator('[data-testid=trace-path]').allTextContents(), ['relay', 'relay', 'relay', 'relay', 'relay']);
  await context.close();
});

test('a token-auth registry falls back to the relay, and the choice is remembered', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/?image=127.0.0.1:5000/oci/single:1.0&tab=trace`);
  await viewReady(page);
  assert.deepEqual([...new Set(await page.locator('[data-testid=trace-path]').allTextContents())], ['relay']);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('regscope.path.http://127.0.0.1:5000')), 'relay');
  // Next view: no direct attempt to :5000 any more.
  const direct = [];
  page.on('request', (r) => { if (r.url().startsWith('http://127.0.0.1:5000/')) direct.push(r.url()); });
  await page.goto(`${BASE}/?image=127.0.0.1:5000/docker/schema2:latest`);
  await viewReady(page);
  assert.deepEqual(direct, []);
  await context.close();
});

test('a registry whose blobs redirect to another origin works through the relay', async () => {
  const expected = seeded('oci/single:1.0');
  const { context, page } = await openView(browser, '127.0.0.1:5003/oci/single:1.0');
  assert.equal(await page.textContent('[data-testid=top-digest]'), expected.digest);
  assert.equal(await page.textContent('[data-testid=config-platform]'), 'linux/amd64');
  await context.close();
});
