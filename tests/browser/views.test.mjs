// The views of an image: platforms with attestations apart, layers with history and diff_id,
// the config, the raw JSON with digest links, schema 1, Docker lists, copy buttons, and
// registry text rendered as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openView, viewReady, seeded, imageOf, registryManifest, registryConfig, REGISTRY,
} from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const alpine = `${REGISTRY}/library/alpine:latest`;

test('attestations are shown apart and link to the image they attest', async () => {
  const amd64 = seeded('library/alpine:latest');
  const index = await registryManifest('library/alpine', amd64.digest);
  const attestations = index.body.manifests.filter((m) => m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest');
  const { context, page } = await openView(browser, alpine);
  const links = await page.locator('[data-testid=attests-link]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(
    links.map(imageOf),
    attestations.map((a) => `${REGISTRY}/library/alpine@${a.annotations['vnd.docker.reference.digest']}`),
  );
  assert.deepEqual(await page.locator('[data-testid=attests-link]').allTextContents(), ['linux/amd64', 'linux/arm64/v8']);
  await page.click('[data-testid=attestation-row] a >> nth=0');
  await page.waitForSelector('[data-testid=top-role]');
  assert.equal(await page.textContent('[data-testid=top-role]'), 'attestation');
  assert.equal(await page.textContent('[data-testid=top-digest]'), attestations[0].digest);
  await context.close();
});

test('layers show their history step, diff_id and the total size', async () => {
  const amd64 = seeded('library/alpine:latest');
  const index = await registryManifest('library/alpine', amd64.digest);
  const entry = index.body.manifests.find((m) => m.platform?.architecture === 'amd64');
  const manifest = await registryManifest('library/alpine', entry.digest);
  const config = await registryConfig('library/alpine', entry.digest);
  const { context, page } = await openView(browser, alpine);
  assert.deepEqual(await page.locator('[data-testid=layer-diff-id]').allTextContents(), config.rootfs.diff_ids);
  const made = config.history.filter((h) => !h.empty_layer).map((h) => h.created_by);
  const steps = await page.locator('[data-testid=layer-step]').allTextContents();
  assert.equal(steps.length, made.length);
  steps.forEach((s, i) => assert.ok(made[i].endsWith(s.replace(/^RUN /, '')) || s === made[i], `${s} vs ${made[i]}`));
  const total = manifest.body.layers.reduce((sum, l) => sum + l.size, 0);
  assert.equal(await page.getAttribute('[data-testid=layers-total]', 'title'), `${total} bytes`);
  await context.close();
});

test('the config tab shows what the image runs and its history as steps', async () => {
  const config = await registryConfig('oci/single', '1.0');
  const { context, page } = await openView(browser, `${REGISTRY}/oci/single:1.0`, '&tab=config');
  await page.waitForSelector('[data-testid=tab-body-config]');
  assert.equal(await page.textContent('[data-testid=config-cmd]'), JSON.stringify(config.config.Cmd));
  assert.deepEqual(await page.locator('[data-testid=config-env]').allTextContents(), config.config.Env);
  assert.equal(await page.textContent('[data-testid=config-platform]'), 'linux/amd64');
  assert.equal(await page.getAttribute('[data-testid=config-created] time', 'title'), config.created);
  const labels = await page.locator('[data-testid=label-row] th').allTextContents();
  assert.deepEqual(labels, Object.keys(config.config.Labels).sort());
  const steps = await page.locator('[data-testid=history-step] code').allTextContents();
  assert.deepEqual(steps, config.history.map((h) => h.created_by));
  assert.equal(await page.locator('[data-testid=empty-layer]').count(), config.history.filter((h) => h.empty_layer).length);
  assert.deepEqual(JSON.parse(await page.textContent('[data-testid=config-json]')), config);
  await context.close();
});

test('registry text renders as text; only http(s) label values become links', async () => {
  const { context, page } = await openView(browser, `${REGISTRY}/oci/single:1.0`, '&tab=config');
  await page.waitForSelector('[data-testid=label-row]');
  const source = page.locator('[data-testid=label-row]:has-text("org.opencontainers.image.source") a');
  assert.equal(await source.getAttribute('href'), 'https://example.invalid/regscope/tests/stack');
  assert.equal(await source.getAttribute('rel'), 'noopener noreferrer nofollow');
  assert.equal(await page.locator('[data-testid=label-row]:has-text("org.opencontainers.image.title") a').count(), 0);
  await context.close();
});

test('the JSON tab shows every document, and every manifest digest links to its view', async () => {
  const index = await registryManifest('library/alpine', 'latest');
  const { context, page } = await openView(browser, alpine, '&tab=json');
  await page.waitForSelector('[data-testid=tab-body-json]');
  assert.equal(await page.locator('[data-testid=json-document]').count(), 3);
  const shown = JSON.parse(await page.locator('[data-testid=manifest-json]').first().textContent());
  assert.deepEqual(shown, index.body);
  const first = page.locator('[data-testid=manifest-json]').first();
  const hrefs = await first.locator('[data-testid=json-digest-link]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const digests = index.body.manifests.flatMap((m) => [m.digest, m.annotations?.['vnd.docker.reference.digest']]).filter(Boolean);
  assert.deepEqual(hrefs.map(imageOf), digests.map((d) => `${REGISTRY}/library/alpine@${d}`));
  await first.locator('[data-testid=json-digest-link]').first().click();
  await page.waitForFunction(() => !new URL(location.href).searchParams.get('image').endsWith(':latest'));
  await viewReady(page);
  await page.waitForSelector('[data-testid=top-digest]');
  assert.equal(await page.textContent('[data-testid=top-digest]'), digests[0]);
  assert.match(await page.textContent('[data-testid=top-kind]'), /OCI image manifest/);
  await context.close();
});

test('a signed schema 1 image shows its fsLayers and v1 history', async () => {
  const schema1 = seeded('docker/schema1:latest');
  const { context, page } = await openView(browser, `${REGISTRY}/docker/schema1:latest`);
  assert.match(await page.textContent('[data-testid=top-kind]'), /schema 1 \(signed\)/);
  assert.equal(await page.textContent('[data-testid=top-digest]'), schema1.digest);
  const rows = await page.locator('[data-testid=layer-row]').count();
  assert.ok(rows >= 1);
  assert.equal(await page.locator('[data-testid=v1-step]').count(), rows);
  assert.ok(Number(await page.textContent('[data-testid=schema1-signatures]')) >= 1);
  await context.close();
});

test('a Docker manifest list shows its platforms', async () => {
  const { context, page } = await openView(browser, `${REGISTRY}/docker/list:latest`);
  assert.match(await page.textContent('[data-testid=top-kind]'), /Docker manifest list/);
  const platforms = await page.locator('[data-testid=platform-row] td:first-child').allTextContents();
  assert.deepEqual(platforms, ['linux/amd64', 'linux/arm/v7']);
  await context.close();
});

test('copy buttons copy the digest, the reference and the pull command', async () => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const expected = seeded('library/alpine:latest');
  await page.goto(`${process.env.REGSCOPE_URL ?? 'http://127.0.0.1:18080'}/?image=${alpine}`);
  await viewReady(page);
  const copy = async (selector) => {
    const button = page.locator(selector);
    await button.click();
    await page.waitForFunction((el) => el.textContent === 'copied', await button.elementHandle());
    return page.evaluate(() => navigator.clipboard.readText());
  };
  assert.equal(await copy('dd:has([data-testid=top-digest]) [data-testid=copy]'), expected.digest);
  assert.equal(await copy('h1 [data-testid=copy]'), alpine);
  assert.equal(
    await copy('dd:has([data-testid=pull-command]) [data-testid=copy]'),
    `docker pull ${REGISTRY}/library/alpine@${expected.digest}`,
  );
  await context.close();
});
