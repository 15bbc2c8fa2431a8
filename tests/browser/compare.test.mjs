// The comparison view (`?image=A&compare=B`) over the seeded pairs (compare/*): the configs
// section by section, the histories step by step and the layers aligned by digest, each pair
// checked against what the registry holds; the "compare platforms" action of an index; and a
// shared comparison link rendered on the server (readable with JavaScript off, taken over by
// the module without a registry request).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, seeded, registryManifest, registryConfig, BASE, REGISTRY } from './support.mjs';

const PRERENDER = process.env.REGSCOPE_PRERENDER_URL ?? 'http://127.0.0.1:18081';
const ref = (repositoryAndTag) => `${REGISTRY}/${repositoryAndTag}`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens the comparison of two references on `origin` and waits for it (or an error). */
async function openComparison(a, b, origin = BASE, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${origin}/?image=${a}&compare=${b}`);
  await page.waitForSelector('[data-testid=compare-summary], [data-testid=error]', { timeout: 30_000 });
  return { context, page };
}

/** What the page shows: verdict, sections that differ, history changes, layer kinds. */
async function shown(page) {
  return page.evaluate(() => {
    const all = (sel, f) => [...document.querySelectorAll(sel)].map(f);
    return {
      verdict: document.querySelector('[data-testid=compare-verdict]')?.dataset.verdict,
      differing: all('[data-testid=config-row][data-same=false]', (r) => r.dataset.section),
      keys: all('[data-testid=config-key]', (k) => k.textContent),
      history: all('[data-testid=history-row]', (r) => r.dataset.change),
      dates: document.querySelectorAll('[data-testid=date-differs]').length,
      layers: all('[data-testid=layer-pair]', (r) => r.dataset.kind),
      read: all('[data-testid=layer-pair]', (r) => r.dataset.read),
      toRead: Number(document.querySelector('[data-testid=layers-cost]')?.dataset.toRead),
      total: Number(document.querySelector('[data-testid=layers-cost]')?.dataset.total),
      digests: all('[data-testid=compare-side] a', (a) => a.title),
    };
  });
}

/** Blob bytes of a manifest's layers, as the registry lists them. */
async function layerSizes(repository, tag) {
  const { body } = await registryManifest(repository, tag);
  return body.layers.map((l) => l.size);
}

const sum = (list) => list.reduce((a, b) => a + b, 0);

test('a rebuild at another time: configs differ only in times, every history step only in its date', async () => {
  const { context, page } = await openComparison(ref('compare/rebuild:v1'), ref('compare/rebuild:v2'));
  const s = await shown(page);
  assert.deepEqual(s.digests, [seeded('compare/rebuild:v1').digest, seeded('compare/rebuild:v2').digest]);
  assert.equal(s.verdict, 'times-only');
  assert.deepEqual(s.differing, ['created']);
  const steps = (await registryConfig('compare/rebuild', 'v1')).history.length;
  assert.equal(s.history.length, steps);
  assert.ok(s.history.every((c) => c === 'same'), s.history.join(' '));
  assert.equal(s.dates, steps);
  // Every blob differs (tar and gzip mtimes): the layers pair by place, and all are read.
  assert.deepEqual(s.layers, ['changed', 'changed']);
  const all = sum(await layerSizes('compare/rebuild', 'v1')) + sum(await layerSizes('compare/rebuild', 'v2'));
  assert.equal(s.toRead, all);
  assert.equal(s.total, all);
  await context.close();
});

test('one package changed: its variable and its history step, the base layer shared and never downloaded', async () => {
  const { context, page } = await openComparison(ref('compare/package:v1'), ref('compare/package:v2'));
  const s = await shown(page);
  assert.equal(s.verdict, 'different');
  assert.deepEqual(s.differing, ['env']);
  assert.deepEqual(s.keys, ['~ PKG_VERSION=1.0', '~ PKG_VERSION=1.1']);
  assert.equal(s.history.at(-1), 'changed');
  assert.ok(s.history.slice(0, -1).every((c) => c === 'same'), s.history.join(' '));
  const steps = await page.locator('[data-testid=history-row][data-change=changed] code').allTextContents();
  assert.ok(steps[0].includes('1.0') && steps[1].includes('1.1'), steps.join(' | '));
  assert.deepEqual(s.layers, ['shared', 'changed']);
  assert.deepEqual(s.read, ['false', 'true']);
  const [v1, v2] = [await layerSizes('compare/package', 'v1'), await layerSizes('compare/package', 'v2')];
  assert.equal(v1[0], v2[0]);
  assert.equal(s.toRead, v1[1] + v2[1], 'only the two package layers');
  assert.equal(s.total, sum(v1) + sum(v2));
  await context.close();
});

test('a layer removed and one added: the layers between stay paired with their matches', async () => {
  const { context, page } = await openComparison(ref('compare/layers:v1'), ref('compare/layers:v2'));
  const s = await shown(page);
  assert.deepEqual(s.layers, ['shared', 'removed', 'shared', 'shared', 'added']);
  assert.equal(s.read[0], 'false', 'the shared bottom layer is not downloaded');
  const rows = await page.locator('[data-testid=layer-pair]').evaluateAll((rs) => rs.map((r) => [...r.cells].slice(1, 3).map((c) => c.title)));
  const [v1, v2] = [await registryManifest('compare/layers', 'v1'), await registryManifest('compare/layers', 'v2')];
  const d1 = v1.body.layers.map((l) => l.digest);
  const d2 = v2.body.layers.map((l) => l.digest);
  assert.deepEqual(rows, [[d1[0], d2[0]], [d1[1], ''], [d1[2], d2[1]], [d1[3], d2[2]], ['', d2[3]]]);
  await context.close();
});

test('an index: "compare platforms" opens the two platforms compared, which differ in architecture', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/?image=${ref('compare/platforms:latest')}`);
  await page.waitForSelector('[data-testid=compare-platforms-link]', { timeout: 30_000 });
  assert.equal(await page.textContent('[data-testid=compare-platforms-link]'), 'linux/arm64');
  await page.click('[data-testid=compare-platforms-link]');
  await page.waitForSelector('[data-testid=compare-summary]', { timeout: 30_000 });
  const url = new URL(page.url());
  const index = (await registryManifest('compare/platforms', 'latest')).body.manifests;
  const of = (arch) => index.find((m) => m.platform?.architecture === arch).digest;
  assert.equal(url.searchParams.get('image'), `${REGISTRY}/compare/platforms@${of('amd64')}`);
  assert.equal(url.searchParams.get('compare'), `${REGISTRY}/compare/platforms@${of('arm64')}`);
  const s = await shown(page);
  assert.deepEqual(s.differing, ['platform']);
  assert.deepEqual(s.layers, ['shared', 'changed']);
  assert.deepEqual(s.digests, [of('amd64'), of('arm64')]);
  await context.close();
});

test('a shared comparison link is rendered on the server: readable with JavaScript off', async () => {
  const { context, page } = await openComparison(ref('compare/package:v1'), ref('compare/package:v2'), PRERENDER, { javaScriptEnabled: false });
  const s = await shown(page);
  assert.equal(s.verdict, 'different');
  assert.deepEqual(s.differing, ['env']);
  assert.deepEqual(s.layers, ['shared', 'changed']);
  assert.equal(s.history.at(-1), 'changed');
  await context.close();
});

test('the module takes the server-rendered comparison over without a registry request', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${PRERENDER}/?image=${ref('compare/layers:v1')}&compare=${ref('compare/layers:v2')}`);
  await page.waitForSelector('[data-lazy=compare][data-lazy-mounted] [data-testid=compare-summary]', { timeout: 30_000 });
  const sent = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => e.name).filter((n) => /\/relay\?|\/v2\/|\/token/.test(n)));
  assert.deepEqual(sent, [], 'no registry request from the page');
  const s = await shown(page);
  assert.deepEqual(s.layers, ['shared', 'removed', 'shared', 'shared', 'added']);
  assert.equal(await page.locator('[data-testid=compare-summary]').count(), 1, 'one view, not two');
  await context.close();
});
