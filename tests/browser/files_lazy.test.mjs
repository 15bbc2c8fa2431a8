// The Files tab on eStargz and zstd:chunked layers: listed from their table of contents with
// Range requests (through the relay, and directly from the CORS registry), with at most 3 blob
// GETs and under 5 % of the blob moved, counted from the browser's own network events (the
// page's and its worker's); the listing equal to the layer's tar (read here with node's zlib
// and the zstd tool); the TOC verified against its annotation; a file opened with one Range
// request and its chunk digests checked; every request in the trace with its Range and bytes;
// and a registry that ignores Range (the zoo's no-range repositories, 200 with the whole blob)
// listed and opened correctly.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, BASE, REGISTRY, STACK_DIR } from './support.mjs';
import { BODY, blob, tarFiles, openFiles, streamed, shownPaths } from './files_support.mjs';
import { startRelay } from './relay_process.mjs';

const PORT = Number(process.env.REGSCOPE_LAZY_RELAY_PORT ?? 18420);
const stack = JSON.parse(readFileSync(join(STACK_DIR, 'stack.json'), 'utf8'));

let browser;
let zooRelay;
before(async () => {
  browser = await launch();
  zooRelay = await startRelay(PORT, ['--no-prerender', ...stack.zoo.map_hosts]);
});
after(async () => {
  await browser?.close();
  await zooRelay?.stop();
});

const FORMATS = [
  { repository: 'files/estargz', inflate: (b) => gunzipSync(b), words: 'eStargz' },
  { repository: 'files/zstd-chunked', inflate: (b) => execFileSync('zstd', ['-dcq'], { input: b, maxBuffer: 1 << 28 }), words: 'zstd:chunked' },
];

/** The image manifest of `repository:latest`, from the CORS registry (the same as :5000). */
async function manifest(repository) {
  const response = await fetch(`http://127.0.0.1:5002/v2/${repository}/manifests/latest`, {
    headers: { Accept: 'application/vnd.oci.image.manifest.v1+json' },
  });
  assert.equal(response.status, 200);
  return response.json();
}

/** Every entry path of an uncompressed tar (directories without their slash). */
function tarPaths(tar) {
  const paths = [];
  let paxPath = null;
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const text = (from, length) => header.subarray(from, from + length).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(text(124, 12).trim() || '0', 8);
    const type = text(156, 1);
    if (type === 'x') {
      paxPath = /\d+ path=(.*)\n/.exec(tar.subarray(at + 512, at + 512 + size).toString('utf8'))?.[1] ?? null;
    } else if (type !== 'g') {
      const name = paxPath ?? ((text(345, 155) ? `${text(345, 155)}/` : '') + text(0, 100));
      paxPath = null;
      paths.push(name.replace(/^\.?\//, '').replace(/\/$/, ''));
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return paths;
}

/** Counts the GETs of the blob `digest` seen by the browser (the page's and its workers'),
 * with the response bytes each moved once it ended. */
function countBlobRequests(context, digest) {
  const seen = { gets: [], heads: 0 };
  const isBlob = (url) => url.includes(`/blobs/${digest}`) || url.includes(encodeURIComponent(`/blobs/${digest}`));
  context.on('request', (request) => {
    if (!isBlob(request.url())) return;
    if (request.method() === 'HEAD') { seen.heads += 1; return; }
    const row = { range: request.headers().range ?? null, status: null, bytes: null, failed: false, length: null };
    seen.gets.push(row);
    request.response().then((r) => {
      if (!r) return;
      row.status = r.status();
      row.length = Number(r.headers()['content-length'] ?? NaN);
    }).catch(() => {});
    row.done = new Promise((resolve) => {
      context.on('requestfinished', async (finished) => {
        if (finished !== request) return;
        row.bytes = (await finished.sizes()).responseBodySize;
        resolve();
      });
      // A worker's request still open when the worker is terminated (its body read to the
      // end, the network's end-of-body notice not yet delivered) is reported as failed: its
      // answer's Content-Length counts as what it moved.
      context.on('requestfailed', (failed) => {
        if (failed !== request) return;
        row.failed = true;
        row.bytes = row.length;
        resolve();
      });
    });
  });
  return seen;
}

/** Every path of the flat list, scrolled through (it renders only the rows in view). */
async function allPaths(page) {
  await page.click(`${BODY} [data-testid=files-view-flat]`);
  const list = page.locator(`${BODY} [data-testid=files-list]`);
  const count = Number(await list.getAttribute('data-count'));
  // Scroll anchoring would move the list on as its top spacer grows with each render.
  await list.evaluate((el) => { el.style.overflowAnchor = 'none'; });
  const seen = new Set();
  for (let i = 0; i < 200; i += 1) {
    for (const path of await shownPaths(page)) seen.add(path);
    if (seen.size >= count) break;
    const moved = await list.evaluate((el) => {
      const before = el.scrollTop;
      el.scrollTop = before + el.clientHeight;
      return el.scrollTop > before;
    });
    // The list renders again on its scroll event: wait for the row at the new bottom (a page
    // further than the rows rendered before the scroll reach).
    await page.waitForFunction((body) => {
      const el = document.querySelector(`${body} [data-testid=files-list]`);
      const rows = [...el.querySelectorAll('[data-testid=files-row]')];
      const height = rows[0]?.offsetHeight || 1;
      const bottom = Math.min(Number(el.dataset.count), Math.floor((el.scrollTop + el.clientHeight) / height));
      return rows.some((r) => Number(r.getAttribute('aria-rowindex')) >= bottom);
    }, BODY);
    if (!moved) {
      for (const path of await shownPaths(page)) seen.add(path);
      break;
    }
  }
  await list.evaluate((el) => { el.scrollTop = 0; });
  return { count, paths: [...seen].sort() };
}

/** `bytes` as the app writes sizes (src/format.rs): exact below 1 KiB, else one decimal. */
function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let unit = 0;
  let divisor = 1024;
  while (bytes >= divisor * 1024 && unit < units.length - 1) { divisor *= 1024; unit += 1; }
  const tenths = Math.floor(bytes / divisor) * 10 + Math.floor(((bytes % divisor) * 10 + Math.floor(divisor / 2)) / divisor);
  return `${Math.floor(tenths / 10)}.${tenths % 10} ${units[unit]}`;
}

/** `part` of `whole` in hundredths of a percent, rounded as the app rounds. */
function percent(part, whole) {
  const hundredths = Math.floor((part * 10000 + Math.floor(whole / 2)) / whole);
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

/** The trace rows of the tab whose purpose contains `words`. */
function traceRows(page, words) {
  return page.locator(`${BODY} [data-testid=trace-row]`).filter({ hasText: words });
}

/** Opens `path` from the flat list (searched) and waits for its chunk checks. */
async function openFile(page, path) {
  await page.fill(`${BODY} [data-testid=files-search]`, path);
  await page.click(`${BODY} [data-testid=files-row][data-path="${path}"] [data-testid=files-open]`);
  await page.waitForSelector(`${BODY} [data-testid=files-file-checks], ${BODY} [data-testid=files-file-error]`, { timeout: 60_000 });
  const error = await page.locator(`${BODY} [data-testid=files-file-error]`).count();
  assert.equal(error, 0, error ? await page.textContent(`${BODY} [data-testid=files-file-error]`) : '');
}

const measured = [];
after(() => {
  if (measured.length) console.log(`# lazy layers measured:\n${measured.map((m) => `#   ${m}`).join('\n')}`);
});

for (const format of FORMATS) {
  for (const [how, registry, path] of [['through the relay', REGISTRY, 'relay'], ['directly from the CORS registry', '127.0.0.1:5002', 'direct']]) {
    test(`${format.repository} is listed from its table of contents ${how}: ≤ 3 requests, < 5 % of the blob, the tar's paths, a file in one Range request`, async () => {
      const { layers } = await manifest(format.repository);
      const layer = layers[0];
      const tar = format.inflate(await blob(format.repository, layer.digest));
      const expected = [...new Set(tarPaths(tar))].sort();
      const context = await browser.newContext();
      const requests = countBlobRequests(context, layer.digest);
      const page = await context.newPage();
      await page.goto(`${BASE}/?image=${registry}/${format.repository}:latest&tab=files&layer=${layer.digest}`);
      await page.waitForSelector(`${BODY} [data-testid=files-layers]`, { timeout: 60_000 });
      await streamed(page);
      await Promise.all(requests.gets.map((r) => r.done));
      const progress = `${BODY} [data-testid=files-layer-progress]`;
      assert.equal(await page.getAttribute(progress, 'data-way'), 'toc');
      // Counted by the browser: the worker's GETs are seen (at least one), at most 3, each a
      // Range request answered 206, together under 5 % of the blob.
      assert.ok(requests.gets.length >= 1, 'the worker\'s requests are seen');
      assert.ok(requests.gets.length <= 3, `${requests.gets.length} blob GETs`);
      assert.ok(requests.gets.every((r) => /^bytes=\d+-\d+$/.test(r.range) && r.status === 206 && Number.isInteger(r.bytes)), JSON.stringify(requests.gets));
      const moved = requests.gets.reduce((sum, r) => sum + r.bytes, 0);
      assert.ok(moved > 0 && moved * 20 < layer.size, `${moved} of ${layer.size} bytes`);
      // The page says the same.
      assert.equal(Number(await page.getAttribute(progress, 'data-read')), moved);
      const share = percent(moved, layer.size);
      assert.match(await page.textContent(progress), new RegExp(`table of contents \\(${format.words}\\), ${share} % of the layer read .* in ${requests.gets.length} Range requests?`));
      assert.equal(await page.getAttribute(`${BODY} [data-testid=files-check-toc]`, 'data-result'), 'verified');
      assert.match(await page.textContent(`${BODY} [data-testid=files-check-toc]`), /verified against the descriptor's annotation \(sha256:[0-9a-f]{64}\)/);
      // The listing: the tar's paths (an eStargz tar also holds its TOC, which does not list itself).
      const listed = await allPaths(page);
      assert.deepEqual(listed.paths, expected.filter((p) => p !== 'stargz.index.json'));
      assert.equal(listed.count, listed.paths.length);
      // Each request in the trace, with its Range, status and bytes moved.
      const tocRows = traceRows(page, 'table of contents of a lazy layer');
      assert.equal(await tocRows.count(), requests.gets.length);
      for (let i = 0; i < requests.gets.length; i += 1) {
        const row = tocRows.nth(i);
        assert.equal(await row.locator('[data-testid=trace-status]').textContent(), '206');
        assert.equal(await row.locator('[data-testid=trace-path]').textContent(), path);
        const text = await row.textContent();
        assert.ok(text.includes(`→ Range: ${requests.gets[i].range}`), text);
        assert.ok(text.includes(`· ${size(requests.gets[i].bytes)}`), text);
      }
      // A file: one more Range request, its chunks checked, its bytes the tar's.
      const file = 'app/README.md';
      const before = requests.gets.length;
      await openFile(page, file);
      await Promise.all(requests.gets.map((r) => r.done));
      assert.equal(requests.gets.length, before + 1, 'one Range request for the file');
      const fileRequest = requests.gets[before];
      assert.equal(fileRequest.status, 206);
      assert.equal(await page.getAttribute(`${BODY} [data-testid=files-file-checks]`, 'data-result'), 'matched');
      assert.equal(await page.getAttribute(`${BODY} [data-testid=files-file-checks]`, 'data-file-result'), 'matched');
      assert.match(await page.textContent(`${BODY} [data-testid=files-file-checks]`), /\d+ of \d+ chunk digests checked: all matched; the file's digest matched/);
      assert.equal(await page.textContent(`${BODY} [data-testid=files-text]`), tarFiles(tar).get(file).toString('utf8'));
      assert.equal(Number(await page.getAttribute(`${BODY} [data-testid=files-file-info]`, 'data-moved')), fileRequest.bytes);
      assert.equal(await traceRows(page, "one file's chunks of a lazy layer").count(), 1);
      // Opened again: from the page's cache, no request.
      await page.click(`${BODY} [data-testid=files-file-close]`);
      await page.click(`${BODY} [data-testid=files-row][data-path="${file}"] [data-testid=files-open]`);
      await page.waitForSelector(`${BODY} [data-testid=files-file-info][data-cached=true]`);
      assert.equal(requests.gets.length, before + 1);
      measured.push(`${format.repository} ${path}: list ${before} GET(s) (+${requests.heads} HEAD), ${requests.gets.slice(0, before).reduce((s, r) => s + r.bytes, 0)} of ${layer.size} B (${share} %); open ${file}: 1 GET, ${fileRequest.bytes} B`);
      await context.close();
    });
  }
}

for (const format of FORMATS) {
  const repository = `regscope/no-range/${format.repository.split('/')[1]}`;
  test(`a registry that ignores Range (${repository}, 200 with the whole blob) still lists and opens the layer`, async () => {
    const { layers } = await manifest(format.repository);
    const layer = layers[0];
    const tar = format.inflate(await blob(format.repository, layer.digest));
    const expected = [...new Set(tarPaths(tar))].filter((p) => p !== 'stargz.index.json').sort();
    const context = await browser.newContext();
    const requests = countBlobRequests(context, layer.digest);
    const page = await context.newPage();
    await page.goto(`${zooRelay.base}/?image=mcr.microsoft.com/${repository}:latest&tab=files&layer=${layer.digest}`);
    await page.waitForSelector(`${BODY} [data-testid=files-layers]`, { timeout: 60_000 });
    await streamed(page);
    const progress = `${BODY} [data-testid=files-layer-progress]`;
    assert.equal(await page.getAttribute(progress, 'data-way'), 'toc');
    assert.ok(requests.gets.length >= 1 && requests.gets.length <= 3, `${requests.gets.length} blob GETs`);
    await Promise.all(requests.gets.map((r) => r.done));
    assert.ok(requests.gets.every((r) => r.status === 200), JSON.stringify(requests.gets));
    assert.match(await page.textContent(progress), /the registry ignored Range and answered 200 with the whole blob/);
    assert.equal(await page.getAttribute(`${BODY} [data-testid=files-check-toc]`, 'data-result'), 'verified');
    const listed = await allPaths(page);
    assert.deepEqual(listed.paths, expected);
    const tocRows = traceRows(page, 'table of contents of a lazy layer');
    assert.equal(await tocRows.first().locator('[data-testid=trace-status]').textContent(), '200');
    // A file near the blob's start: the 200 is read only up to its chunks, then stopped.
    const file = 'app/README.md';
    const before = requests.gets.length;
    await openFile(page, file);
    assert.equal(requests.gets.length, before + 1);
    assert.equal(await page.getAttribute(`${BODY} [data-testid=files-file-checks]`, 'data-result'), 'matched');
    assert.equal(await page.textContent(`${BODY} [data-testid=files-text]`), tarFiles(tar).get(file).toString('utf8'));
    // The worker stops reading the 200 once the file's chunks are in (RangeBody's tests check
    // where it stops); how far that is here depends on how much the browser hands each read
    // (on loopback, often the whole blob at once), so only the bound is checked.
    const read = Number(await page.getAttribute(`${BODY} [data-testid=files-file-info]`, 'data-moved'));
    assert.ok(read > 0 && read <= layer.size, `the file's answer was read to ${read} of ${layer.size} bytes`);
    measured.push(`${repository} (200): list ${before} GET(s), page read ${await page.getAttribute(progress, 'data-read')} of ${layer.size} B; open ${file}: 1 GET, read ${read} B before stopping`);
    await context.close();
  });
}

test('a link naming a file of a lazy layer opens it while the layer is listed: one Range request for its chunks, checked', async () => {
  const { layers } = await manifest('files/zstd-chunked');
  const layer = layers[0];
  const tar = FORMATS[1].inflate(await blob('files/zstd-chunked', layer.digest));
  const context = await browser.newContext();
  const requests = countBlobRequests(context, layer.digest);
  const page = await context.newPage();
  await page.goto(`${BASE}/?image=${REGISTRY}/files/zstd-chunked:latest&tab=files&layer=${layer.digest}&path=app/README.md`);
  await page.waitForSelector(`${BODY} [data-testid=files-file-checks]`, { timeout: 60_000 });
  await streamed(page);
  assert.equal(await page.getAttribute(`${BODY} [data-testid=files-file-checks]`, 'data-result'), 'matched');
  assert.equal(await page.textContent(`${BODY} [data-testid=files-text]`), tarFiles(tar).get('app/README.md').toString('utf8'));
  // The listing's TOC request, the file's worker's own TOC request when the listing had not
  // kept its TOC yet, and the file's one request.
  assert.equal(await traceRows(page, "one file's chunks of a lazy layer").count(), 1);
  const tocRows = await traceRows(page, 'table of contents of a lazy layer').count();
  assert.ok(tocRows >= 1 && tocRows <= 2, `${tocRows} TOC requests`);
  assert.equal(requests.gets.length, tocRows + 1);
  await context.close();
});
