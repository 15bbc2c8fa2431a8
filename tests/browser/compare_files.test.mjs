// The comparison's files (on request, in a worker) over the seeded pairs (compare/*): a rebuild
// at another time is the same content semantically and differs in every mtime strictly; a
// changed package lists its modified files, downloads only the two package layers (the shared
// base is never requested: 0 bytes) and diffs a text file on click; an added and a removed
// layer resolve to added and removed paths once the shared layer is read on request; two
// platforms differ in one file; the JSON export carries what the page shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, registryManifest, BASE, REGISTRY } from './support.mjs';

const ref = (repositoryAndTag) => `${REGISTRY}/${repositoryAndTag}`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens the comparison of two references, compares the files and waits for the result. The
 * page's and its workers' requests for layer blobs are recorded (method and URL). */
async function compareFiles(a, b) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const blobs = [];
  context.on('request', (request) => {
    const url = decodeURIComponent(request.url());
    if (/\/blobs\/sha256/.test(url)) blobs.push(`${request.method()} ${url}`);
  });
  await page.goto(`${BASE}/?image=${a}&compare=${b}`);
  await page.click('[data-testid=compare-files]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid=content-verdict], [data-testid=files-error]', { timeout: 60_000 });
  assert.equal(await page.locator('[data-testid=files-error]').count(), 0, await page.locator('[data-testid=files-error]').textContent().catch(() => ''));
  return { context, page, blobs };
}

async function changes(page) {
  return page.locator('[data-testid=file-change]').evaluateAll((rows) => rows.map((r) => [r.dataset.path, r.dataset.kind, r.dataset.aspects]));
}

async function downloaded(page) {
  return Number(await page.getAttribute('[data-testid=files-downloaded]', 'data-bytes'));
}

async function exported(page) {
  const href = await page.getAttribute('[data-testid=export-json]', 'href');
  return JSON.parse(decodeURIComponent(href.slice(href.indexOf(',') + 1)));
}

const layerSizes = async (repository, tag) => (await registryManifest(repository, tag)).body.layers;

test('a rebuild at another time is the same content (semantic), every path modified in its mtime (strict)', async () => {
  const { context, page } = await compareFiles(ref('compare/rebuild:v1'), ref('compare/rebuild:v2'));
  assert.equal(await page.getAttribute('[data-testid=content-verdict]', 'data-same-content'), 'true');
  assert.deepEqual(await changes(page), []);
  await page.click('[data-testid=strict-toggle]');
  await page.waitForSelector('[data-testid=content-verdict][data-same-content=false]');
  assert.equal(await page.getAttribute('[data-testid=files-totals]', 'data-modified'), '15');
  assert.ok((await changes(page)).every(([, kind, aspects]) => kind === 'modified' && aspects === 'mtime'));
  const all = [...await layerSizes('compare/rebuild', 'v1'), ...await layerSizes('compare/rebuild', 'v2')];
  assert.equal(await downloaded(page), all.reduce((s, l) => s + l.size, 0), 'nothing shared: every layer read');
  assert.equal((await exported(page)).files.mode, 'strict');
  await context.close();
});

test('a changed package: its modified files listed, only its two layers downloaded, a text file diffed', async () => {
  const { context, page, blobs } = await compareFiles(ref('compare/package:v1'), ref('compare/package:v2'));
  assert.equal(await page.getAttribute('[data-testid=content-verdict]', 'data-same-content'), 'false');
  assert.deepEqual(await changes(page), [
    ['usr/bin/pkg', 'modified', 'mode'],
    ['usr/share/pkg/NEWS', 'unresolved', ''],
    ['usr/share/pkg/README', 'modified', 'size'],
    ['usr/share/pkg/config.ini', 'modified', 'content'],
    ['usr/share/pkg/legacy.txt', 'unresolved', ''],
  ]);
  const [v1, v2] = [await layerSizes('compare/package', 'v1'), await layerSizes('compare/package', 'v2')];
  assert.equal(v1[0].digest, v2[0].digest, 'the base layer is one blob');
  assert.equal(await downloaded(page), v1[1].size + v2[1].size);
  // The network agrees: the base blob was never requested (by the page or a worker); the two
  // package layers were, once each with GET.
  const got = (digest) => blobs.filter((b) => b.includes(digest));
  assert.deepEqual(got(v1[0].digest), []);
  assert.deepEqual(got(v1[1].digest).filter((b) => b.startsWith('GET')).length, 1);
  assert.deepEqual(got(v2[1].digest).filter((b) => b.startsWith('GET')).length, 1);
  const shared = page.locator('[data-testid=files-request][data-purpose=shared-layer]');
  assert.equal(await shared.getAttribute('data-url'), v1[0].digest);
  assert.equal(await shared.getAttribute('data-bytes'), '0');
  // One text file's unified diff, on click.
  await page.click('[data-testid=file-change][data-path="usr/share/pkg/config.ini"] [data-testid=diff-button]');
  await page.waitForSelector('[data-testid=text-diff]:has-text("+++")', { timeout: 30_000 });
  const diff = await page.textContent('[data-testid=text-diff]');
  assert.match(diff, /^--- .*config\.ini/m);
  assert.match(diff, /^@@ /m);
  assert.ok(/^-/m.test(diff.split('\n').slice(2).join('\n')) && /^\+/m.test(diff.split('\n').slice(2).join('\n')), diff);
  // The export is the page's comparison.
  const json = await exported(page);
  assert.equal(json.schema, 1);
  assert.equal(json.old.reference, ref('compare/package:v1'));
  assert.equal(json.files.totals.modified, 3);
  assert.equal(json.files.totals.unresolved, 2);
  assert.equal(json.layers.shared_base, 1);
  await context.close();
});

test('a layer added and one removed: after reading the shared layer, their paths are added and removed', async () => {
  const { context, page } = await compareFiles(ref('compare/layers:v1'), ref('compare/layers:v2'));
  assert.equal(await page.getAttribute('[data-testid=files-totals]', 'data-unresolved'), '5');
  await page.click('[data-testid=resolve-shared]');
  await page.waitForSelector('[data-testid=files-totals][data-unresolved="0"]', { timeout: 60_000 });
  assert.deepEqual(await changes(page), [
    ['opt/extras', 'added', ''],
    ['opt/extras/motd', 'added', ''],
    ['opt/tools', 'removed', ''],
    ['opt/tools/fmt', 'removed', ''],
    ['opt/tools/lint', 'removed', ''],
  ]);
  const v1 = await layerSizes('compare/layers', 'v1');
  const v2 = await layerSizes('compare/layers', 'v2');
  // Above the shared base every old layer once, the new image's extras layer, then the base.
  const expected = v1.reduce((s, l) => s + l.size, 0) + v2[3].size;
  assert.equal(await downloaded(page), expected);
  assert.equal(await page.locator('[data-testid=files-request][data-purpose=shared-layer]').count(), 0);
  await context.close();
});

test('two platforms of an index differ in one file', async () => {
  const index = (await registryManifest('compare/platforms', 'latest')).body.manifests;
  const of = (arch) => `${REGISTRY}/compare/platforms@${index.find((m) => m.platform?.architecture === arch).digest}`;
  const { context, page } = await compareFiles(of('amd64'), of('arm64'));
  assert.deepEqual(await changes(page), [['etc/app/arch', 'modified', 'content']]);
  await page.click('[data-testid=diff-button]');
  await page.waitForSelector('[data-testid=text-diff]:has-text("+arm64")', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid=text-diff]'), /^-amd64$/m);
  await context.close();
});
