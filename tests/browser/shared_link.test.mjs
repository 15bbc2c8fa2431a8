// The thin slice: a shared link to the seeded multi-platform image, opened in headless
// Chromium, runs the whole flow through the relay and renders platforms, layers and config.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openView, seeded, registryManifest, REGISTRY } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const link = `${REGISTRY}/library/alpine:latest`;

test('a shared link shows the index digest, its platforms and attestations', async () => {
  const expected = seeded('library/alpine:latest');
  const { context, page } = await openView(browser, link);
  assert.equal(await page.textContent('[data-testid=top-digest]'), expected.digest);
  assert.match(await page.textContent('[data-testid=top-kind]'), /OCI image index/);
  const platforms = await page.locator('[data-testid=platform-row] td:first-child').allTextContents();
  assert.deepEqual(platforms, ['linux/amd64', 'linux/arm64/v8']);
  assert.equal(await page.locator('[data-testid=attestation-row]').count(), 2);
  assert.equal(await page.title(), `${link} · regscope`);
  await context.close();
});

test('the layers shown are those of the linux/amd64 manifest, in order', async () => {
  const index = await registryManifest('library/alpine', 'latest');
  const amd64 = index.body.manifests.find((m) => m.platform?.architecture === 'amd64');
  const manifest = await registryManifest('library/alpine', amd64.digest);
  const { context, page } = await openView(browser, link);
  const shown = await page.locator('[data-testid=layer-digest]').allTextContents();
  assert.deepEqual(shown, manifest.body.layers.map((l) => l.digest));
  assert.match(await page.textContent('[data-testid=layers-heading]'), /linux\/amd64/);
  await context.close();
});

test('the config shown is the config blob of the chosen platform', async () => {
  const { context, page } = await openView(browser, link);
  const config = JSON.parse(await page.textContent('[data-testid=config-json]'));
  assert.equal(config.architecture, 'amd64');
  assert.equal(config.os, 'linux');
  assert.equal(await page.textContent('[data-testid=config-platform]'), 'linux/amd64');
  await context.close();
});

test('the same link in a second, fresh browser shows the same view', async () => {
  const other = await launch();
  try {
    const first = await openView(browser, link);
    const second = await openView(other, link);
    for (const id of ['top-digest', 'layers-heading', 'config-json']) {
      assert.equal(
        await second.page.textContent(`[data-testid=${id}]`),
        await first.page.textContent(`[data-testid=${id}]`),
        id,
      );
    }
    await first.context.close();
  } finally {
    await other.close();
  }
});

test('an invalid reference shows the parse error and sends no request', async () => {
  const { context, page } = await openView(browser, 'Not%20A%20Reference!!');
  assert.match(await page.textContent('[data-testid=error]'), /Invalid reference/);
  assert.match(await page.textContent('h2'), /Invalid reference/);
  assert.equal(await page.locator('[data-testid=trace-row]').count(), 0);
  await context.close();
});
