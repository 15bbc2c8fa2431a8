// The Files tab: a layer listed while it streams (through the relay, and directly from the
// CORS registry), both digests verified and said so, the address restoring the layer and an
// opened file, a file opened once per page, cancel, and leaving the tab ending the download.
// Expected values come from the registry itself (the blob read here with node's zlib).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { launch, registryManifest, BASE, REGISTRY } from './support.mjs';
import { BODY, blob, tarFiles, openFiles, streamed, shownPaths } from './files_support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ARM64 = '&platform=linux/arm64/v8';

/** The arm64 image of library/alpine:latest, as the registry serves it. */
async function alpineArm64() {
  const index = await registryManifest('library/alpine', 'latest');
  const entry = index.body.manifests.find((m) => m.platform?.architecture === 'arm64');
  return (await registryManifest('library/alpine', entry.digest)).body;
}

for (const [how, registry, path] of [['through the relay', REGISTRY, 'relay'], ['directly from a CORS registry', '127.0.0.1:5002', 'direct']]) {
  test(`a layer is listed ${how}, verified against the manifest and the config, with the bytes in the trace`, async () => {
    const image = await alpineArm64();
    const layer = image.layers[0];
    const { context, page } = await openFiles(browser, `${BASE}/?image=${registry}/library/alpine:latest${ARM64}&tab=files`);
    const digests = await page.locator(`${BODY} [data-testid=files-layer]`).evaluateAll((links) => links.map((a) => a.dataset.digest));
    assert.deepEqual(digests, image.layers.map((l) => l.digest));
    await page.click(`${BODY} [data-testid=files-layer][data-digest="${layer.digest}"]`);
    await streamed(page);
    assert.equal(new URL(page.url()).searchParams.get('layer'), layer.digest);
    // The tree's root: the layer's top-level directories.
    assert.deepEqual(await shownPaths(page), ['bin', 'etc']);
    assert.equal(await page.getAttribute(`${BODY} [data-testid=files-check-digest]`, 'data-result'), 'matched');
    assert.equal(await page.getAttribute(`${BODY} [data-testid=files-check-diff-id]`, 'data-result'), 'matched');
    assert.match(await page.textContent(`${BODY} [data-testid=files-verification]`), /compressed digest \(manifest\) verified; uncompressed digest \(config diff_id\) verified/);
    assert.equal(await page.getAttribute(`${BODY} [data-testid=files-layer-progress]`, 'data-read'), String(layer.size));
    // Every entry, by path: what tar lists.
    await page.click(`${BODY} [data-testid=files-view-flat]`);
    assert.deepEqual(await shownPaths(page), ['bin', 'bin/busybox', 'etc', 'etc/alpine-release', 'etc/os-release']);
    // The worker's GET is in the trace with the path it took and the bytes it moved.
    const rows = page.locator(`${BODY} [data-testid=trace-row]`).filter({ hasText: 'streamed by the worker' });
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().textContent(), new RegExp(`/v2/library/alpine/blobs/${layer.digest}.*${layer.size} B`, 's'));
    assert.equal(await rows.first().locator('[data-testid=trace-path]').textContent(), path);
    await context.close();
  });
}

test('the address restores the layer and the opened file; opening it again moves no bytes', async () => {
  const image = await alpineArm64();
  const layer = image.layers[0];
  const expected = tarFiles(gunzipSync(await blob('library/alpine', layer.digest))).get('etc/os-release').toString('utf8');
  const context = await browser.newContext();
  const page = await context.newPage();
  const blobGets = [];
  page.on('request', (r) => { if (r.method() === 'GET' && r.url().includes(encodeURIComponent(`/blobs/${layer.digest}`))) blobGets.push(r.url()); });
  await page.goto(`${BASE}/?image=${REGISTRY}/library/alpine:latest${ARM64}&tab=files&layer=${layer.digest}&path=etc/os-release`);
  await page.waitForSelector(`${BODY} [data-testid=files-text]`, { timeout: 60_000 });
  assert.equal(await page.textContent(`${BODY} [data-testid=files-text]`), expected);
  assert.equal(await page.textContent(`${BODY} [data-testid=files-file-path]`), '/etc/os-release');
  assert.equal(await page.getAttribute(`${BODY} [data-testid=files-file-info]`, 'data-cached'), 'false');
  // The tree shows the file's directory.
  assert.equal(await page.getAttribute(`${BODY} [data-testid=files-breadcrumb]`, 'data-dir'), 'etc');
  await streamed(page);
  const before = blobGets.length;
  assert.ok(before >= 1, 'the listing and the file were fetched');
  // Close it, open another, then open it again: from this page's cache.
  await page.click(`${BODY} [data-testid=files-file-close]`);
  await page.click(`${BODY} [data-testid=files-row][data-path="etc/alpine-release"] [data-testid=files-open]`);
  await page.waitForSelector(`${BODY} [data-testid=files-text]`);
  assert.equal(new URL(page.url()).searchParams.get('path'), 'etc/alpine-release');
  const afterSecond = blobGets.length;
  await page.click(`${BODY} [data-testid=files-row][data-path="etc/os-release"] [data-testid=files-open]`);
  await page.waitForSelector(`${BODY} [data-testid=files-file-info][data-cached=true]`);
  assert.equal(await page.getAttribute(`${BODY} [data-testid=files-file-info]`, 'data-moved'), '0');
  assert.equal(await page.textContent(`${BODY} [data-testid=files-text]`), expected);
  assert.equal(blobGets.length, afterSecond, 'the second opening made no request');
  // Back returns to the previous file, as the address named it.
  await page.goBack();
  await page.waitForFunction((body) => document.querySelector(`${body} [data-testid=files-file-path]`)?.textContent === '/etc/alpine-release', BODY);
  await context.close();
});

/** Holds the layer GETs of `digest` (the worker's too) until `release()`: the download then
 * stays open, as a large layer's would. Each held request is answered by the real registry
 * once released (or aborts with the page). */
async function holdLayer(page, digest) {
  const held = [];
  let released = false;
  const gate = new Promise((resolve) => { held.release = resolve; });
  await page.route((url) => url.href.includes(encodeURIComponent(`/blobs/${digest}`)), async (route) => {
    if (route.request().method() !== 'GET' || released) return route.continue();
    held.push(route);
    await gate;
    await route.continue().catch(() => {});
  });
  return { held, release: () => { released = true; held.release(); } };
}

test('cancel stops a download, and what it read is said', async () => {
  const image = await alpineArm64();
  const layer = image.layers[0];
  const { context, page } = await openFiles(browser, `${BASE}/?image=${REGISTRY}/library/alpine:latest${ARM64}&tab=files`);
  const hold = await holdLayer(page, layer.digest);
  await page.click(`${BODY} [data-testid=files-layer][data-digest="${layer.digest}"]`);
  await page.waitForSelector(`${BODY} [data-testid=files-layer-progress][data-phase=streaming]`);
  await page.waitForSelector(`${BODY} [data-testid=files-cancel]`);
  while (hold.held.length === 0) await page.waitForTimeout(50);
  await page.click(`${BODY} [data-testid=files-cancel]`);
  await page.waitForSelector(`${BODY} [data-testid=files-layer-progress][data-phase=cancelled]`, { timeout: 30_000 });
  assert.equal(await page.locator(`${BODY} [data-testid=files-cancel]`).count(), 0);
  // Not read to the end: neither digest reads as verified.
  assert.equal(await page.getAttribute(`${BODY} [data-testid=files-check-digest]`, 'data-result'), 'not-checked');
  assert.equal(await page.getAttribute(`${BODY} [data-testid=files-check-diff-id]`, 'data-result'), 'not-checked');
  assert.match(await page.textContent(`${BODY} [data-testid=files-verification]`), /not checked: the layer was not read to its end/);
  const read = Number(await page.getAttribute(`${BODY} [data-testid=files-layer-progress]`, 'data-read'));
  assert.ok(read < layer.size, `${read} of ${layer.size}`);
  const row = page.locator(`${BODY} [data-testid=trace-row]`).filter({ hasText: 'streamed by the worker' });
  assert.match(await row.textContent(), /cancelled/);
  hold.release();
  // Choosing the layer again streams it to its end.
  await page.click(`${BODY} [data-testid=files-layer][data-digest="${image.layers[1].digest}"]`);
  await streamed(page);
  await context.close();
});

test('leaving the tab ends the download: its worker is terminated with the request in flight', async () => {
  const image = await alpineArm64();
  const layer = image.layers[0];
  const { context, page } = await openFiles(browser, `${BASE}/?image=${REGISTRY}/library/alpine:latest${ARM64}&tab=files`);
  const hold = await holdLayer(page, layer.digest);
  await page.click(`${BODY} [data-testid=files-layer][data-digest="${layer.digest}"]`);
  await page.waitForSelector(`${BODY} [data-testid=files-layer-progress][data-phase=streaming]`);
  while (hold.held.length === 0) await page.waitForTimeout(50);
  // The GET is on its way, from the layer worker.
  const worker = page.workers().find((w) => w.url().endsWith('/files-worker.js'));
  assert.ok(worker, `workers: ${page.workers().map((w) => w.url())}`);
  const closed = new Promise((resolve) => worker.on('close', resolve));
  await page.click('[data-testid=tab-overview]');
  await page.waitForSelector('[data-testid=tab-body-overview]');
  // Terminating a worker aborts its fetches.
  await closed;
  assert.equal(page.workers().filter((w) => w.url().endsWith('/files-worker.js')).length, 0);
  hold.release();
  await context.close();
});

test('the merged filesystem streams every layer in order and opens a file from the layer that last wrote it', async () => {
  const image = await alpineArm64();
  const top = image.layers[2];
  const expected = tarFiles(gunzipSync(await blob('library/alpine', top.digest))).get('etc/motd').toString('utf8');
  const { context, page } = await openFiles(browser, `${BASE}/?image=${REGISTRY}/library/alpine:latest${ARM64}&tab=files&layer=merged`);
  await streamed(page);
  assert.equal(await page.locator(`${BODY} [data-testid=files-layer-progress]`).count(), image.layers.length);
  for (const check of ['digest', 'diff-id']) {
    const results = await page.locator(`${BODY} [data-testid=files-check-${check}]`).evaluateAll((els) => els.map((e) => e.dataset.result));
    assert.deepEqual(results, image.layers.map(() => 'matched'), check);
  }
  await page.click(`${BODY} [data-testid=files-view-flat]`);
  const rows = await page.locator(`${BODY} [data-testid=files-row]`).evaluateAll((els) => els.map((r) => `${r.dataset.path} ${r.querySelector('[data-testid=files-row-layer]').textContent}`));
  assert.deepEqual(rows, ['bin L1', 'bin/busybox L1', 'etc L1→L3', 'etc/alpine-release L1', 'etc/motd L3',
    'etc/os-release L1', 'srv L2', 'srv/hello.txt L2']);
  // The largest files: regular files only, largest first.
  await page.click(`${BODY} [data-testid=files-view-largest]`);
  const sizes = await page.locator(`${BODY} [data-testid=files-row]`).evaluateAll((els) => els.map((r) => [r.dataset.kind, Number(r.dataset.size)]));
  assert.ok(sizes.every(([kind]) => kind === 'file'));
  assert.deepEqual(sizes.map(([, s]) => s), sizes.map(([, s]) => s).sort((a, b) => b - a));
  await page.click(`${BODY} [data-testid=files-row][data-path="etc/motd"] [data-testid=files-open]`);
  await page.waitForSelector(`${BODY} [data-testid=files-text]`);
  assert.equal(await page.textContent(`${BODY} [data-testid=files-text]`), expected);
  assert.equal(new URL(page.url()).searchParams.get('layer'), 'merged');
  assert.equal(new URL(page.url()).searchParams.get('path'), 'etc/motd');
  const opened = page.locator(`${BODY} [data-testid=trace-row]`).filter({ hasText: 'one file of a layer' });
  assert.match(await opened.textContent(), new RegExp(`/blobs/${top.digest}`));
  await context.close();
});
