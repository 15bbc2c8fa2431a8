// The Files tab on the stack's hostile layers (tests/stack/README.md, "Hostile images"), each
// opened in a fresh context and required to end within a bounded time: unsafe names shown
// whole and marked, never walked; bombs stopped at the expansion cap with words saying so;
// a cut or damaged stream failing in words with the entries read before it kept; digest and
// diff_id mismatches never shown as verified; link loops of the merged view marked; huge PAX
// and GNU records refused. Then files/layered's whiteouts in the one-layer view, and a gzip
// layer of several members (pushed here), which the browser's own decoder stops after the first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync, constants } from 'node:zlib';
import { launch, registryManifest, BASE, REGISTRY } from './support.mjs';
import { BODY, blob } from './files_support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Every case must end within this (a hang fails the test instead of stalling it). */
const BOUND = 60_000;

async function manifest(repository) {
  return (await registryManifest(repository, 'latest')).body;
}

/**
 * Opens the Files tab of `repository` on `layer` (a digest, or `merged`) and waits, at most
 * BOUND, until every streamed layer has ended (done, failed or cancelled). What it shows.
 */
async function opened(repository, layer, registry = REGISTRY) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const started = Date.now();
  await page.goto(`${BASE}/?image=${registry}/${repository}:latest&tab=files&layer=${layer}`);
  await page.waitForFunction((body) => {
    const lines = [...document.querySelectorAll(`${body} [data-testid=files-layer-progress]`)];
    return lines.length > 0 && lines.every((l) => ['done', 'failed', 'cancelled'].includes(l.dataset.phase));
  }, BODY, { timeout: BOUND });
  const took = Date.now() - started;
  const text = async (id) => (await page.textContent(`${BODY} [data-testid=${id}]`)).replace(/\s+/g, ' ');
  const results = (check) => page.locator(`${BODY} [data-testid=files-check-${check}]`).evaluateAll((els) => els.map((e) => e.dataset.result));
  return {
    context,
    page,
    took,
    phases: await page.locator(`${BODY} [data-testid=files-layer-progress]`).evaluateAll((els) => els.map((e) => e.dataset.phase)),
    progress: await text('files-progress'),
    verification: await text('files-verification'),
    digest: await results('digest'),
    diffId: await results('diff-id'),
    running: await page.locator(`${BODY} [data-testid=files-cancel]`).count(),
  };
}

/** The rows of the flat list (every entry by path): path, kind, and the markers shown. */
async function flatRows(page) {
  await page.click(`${BODY} [data-testid=files-view-flat]`);
  return rowsShown(page);
}

async function rowsShown(page) {
  return page.locator(`${BODY} [data-testid=files-row]`).evaluateAll((rows) => rows.map((r) => ({
    path: r.dataset.path,
    kind: r.dataset.kind,
    text: r.textContent.replace(/\s+/g, ' '),
    unsafe: r.querySelector('[data-testid=files-unsafe]') !== null,
    link: r.querySelector('[data-testid=files-link-error]')?.dataset.linkError ?? null,
    whiteout: r.querySelector('[data-testid=files-whiteout]')?.dataset.whiteout ?? null,
    openable: r.querySelector('[data-testid=files-open]') !== null,
  })));
}

/** Entries whose header is whole in `tar` (cut anywhere): what a reader can list of it. */
function wholeHeaders(tar) {
  let count = 0;
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(header.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
    if (!'xgLK'.includes(String.fromCharCode(header[156]))) count += 1;
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return count;
}

/** Neither check reads as verified, and the words say so. */
function notVerified(shown, why) {
  assert.deepEqual(shown.digest, ['not-checked'], why);
  assert.deepEqual(shown.diffId, ['not-checked'], why);
  assert.doesNotMatch(shown.verification, /verified/, why);
}

test('unsafe names (.., absolute) are shown whole and marked, never walked; links out of the root are said', async () => {
  const [layer] = (await manifest('hostile/traversal')).layers;
  const shown = await opened('hostile/traversal', layer.digest);
  assert.deepEqual(shown.phases, ['done']);
  assert.deepEqual([shown.digest, shown.diffId], [['matched'], ['matched']]);
  // The tree's root: the unsafe names whole, after the others; no `..` directory to open.
  const root = await rowsShown(shown.page);
  const unsafe = root.filter((r) => r.unsafe).map((r) => r.path);
  assert.deepEqual(unsafe.sort(), ['../../../../etc/cron.d/evil', '../escape.txt', 'a/../../climb.txt', 'etc/absolute.txt']);
  for (const row of root.filter((r) => r.unsafe)) {
    assert.match(row.text, new RegExp(`${row.path.replaceAll('.', '\\.')} \\(unsafe name\\)`), 'the whole name, marked');
  }
  assert.ok(!root.some((r) => r.path === '..' || r.path.startsWith('../') && r.kind === 'directory'), JSON.stringify(root));
  assert.ok(root.some((r) => r.path === 'dot' && r.kind === 'directory'), 'a safe name spelled with ./ and // is a plain path');
  // Every entry: the links that climb out of the root say so; the absolute symlink resolves
  // inside the image and is not marked.
  const rows = await flatRows(shown.page);
  const link = Object.fromEntries(rows.filter((r) => ['symlink', 'hardlink'].includes(r.kind)).map((r) => [r.path, r.link]));
  assert.deepEqual(link, { 'hard-out': 'escapes', 'link-abs': null, 'link-out': 'escapes' });
  assert.equal(rows.length, 9);
  await shown.context.close();
});

for (const [repository, compression] of [['hostile/bomb', 'gzip'], ['hostile/zstd-bomb', 'zstd']]) {
  test(`a ${compression} bomb is stopped at the expansion cap, with words saying so`, async () => {
    const [layer] = (await manifest(repository)).layers;
    const shown = await opened(repository, layer.digest);
    assert.deepEqual(shown.phases, ['failed']);
    assert.equal(shown.running, 0);
    assert.match(shown.progress, /expands more than 500× .* decompression bomb, so it was not read further/);
    // Stopped early: far below the 4 GiB the layer expands to.
    const stopped = Number(/stopped after (\d+) bytes/.exec(shown.progress)?.[1]);
    assert.ok(stopped < 256 * 1048576, `stopped after ${stopped} bytes`);
    notVerified(shown, repository);
    // The entry read before the cap is kept.
    assert.deepEqual((await flatRows(shown.page)).map((r) => r.path), ['zeros.bin']);
    await shown.context.close();
  });
}

test('a gzip stream cut short fails in words and keeps every entry read before the cut', async () => {
  const [layer] = (await manifest('hostile/truncated-gzip')).layers;
  const partial = gunzipSync(await blob('hostile/truncated-gzip', layer.digest), { finishFlush: constants.Z_SYNC_FLUSH });
  const shown = await opened('hostile/truncated-gzip', layer.digest);
  assert.deepEqual(shown.phases, ['failed']);
  assert.match(shown.progress, /failed: the gzip stream ends after \d+ compressed bytes in the middle of .*: the download was cut short or the blob is incomplete/);
  notVerified(shown, 'truncated');
  await shown.page.click(`${BODY} [data-testid=files-view-flat]`);
  const count = Number(await shown.page.getAttribute(`${BODY} [data-testid=files-list]`, 'data-count'));
  const expected = wholeHeaders(partial);
  assert.ok(expected > 100, `${expected} whole headers`);
  assert.equal(count, expected);
  await shown.context.close();
});

test('a damaged tar header fails in words naming it, and the entries before it are kept', async () => {
  const [layer] = (await manifest('hostile/bad-checksum')).layers;
  const shown = await opened('hostile/bad-checksum', layer.digest);
  assert.deepEqual(shown.phases, ['failed']);
  assert.match(shown.progress, /the tar header at byte 1024 is damaged \(its checksum says \d+, its bytes add up to \d+\) \(named "second.txt"\)/);
  notVerified(shown, 'bad checksum');
  assert.deepEqual((await flatRows(shown.page)).map((r) => r.path), ['first.txt']);
  await shown.context.close();
});

test('a diff_id that does not match is shown as a mismatch, never as verified', async () => {
  const [layer] = (await manifest('hostile/diff-id-mismatch')).layers;
  const shown = await opened('hostile/diff-id-mismatch', layer.digest);
  assert.deepEqual(shown.phases, ['done']);
  assert.deepEqual([shown.digest, shown.diffId], [['matched'], ['mismatch']]);
  assert.match(shown.verification, /uncompressed digest \(config diff_id\) MISMATCH: expected sha256:[0-9a-f]{64}, the bytes hash to sha256:[0-9a-f]{64}/);
  assert.doesNotMatch(shown.verification, /diff_id\) verified/);
  await shown.context.close();
});

test('a blob served with other bytes (the 5003 → 5004 redirect) is shown as a mismatch of both digests', async () => {
  const [layer] = (await manifest('hostile/digest-mismatch')).layers;
  const shown = await opened('hostile/digest-mismatch', layer.digest, '127.0.0.1:5003');
  assert.deepEqual(shown.phases, ['done']);
  assert.deepEqual([shown.digest, shown.diffId], [['mismatch'], ['mismatch']]);
  assert.match(shown.verification, new RegExp(`compressed digest \\(manifest\\) MISMATCH: expected ${layer.digest}`));
  assert.doesNotMatch(shown.verification, /verified/);
  await shown.context.close();
});

test('link loops of the merged filesystem end, each link marked as a loop', async () => {
  const { layers } = await manifest('hostile/link-loops');
  const shown = await opened('hostile/link-loops', 'merged');
  assert.deepEqual(shown.phases, layers.map(() => 'done'));
  const rows = await flatRows(shown.page);
  const link = Object.fromEntries(rows.map((r) => [r.path, r.link]));
  for (const path of ['sym-a', 'sym-b', 'dir-a', 'dir-b', 'chain-1', 'chain-2', 'chain-3']) {
    assert.equal(link[path], 'loop', path);
  }
  assert.equal(link['plain.txt'], null);
  const loop = rows.find((r) => r.path === 'sym-a');
  assert.match(loop.text, /sym-a → sym-b \(link loop: not followed\)/);
  await shown.context.close();
});

for (const [repository, words] of [
  ['hostile/pax-huge-header', /the PAX extended header at byte 0 claims 8589934591 bytes, more than the 1048576 bytes allowed/],
  ['hostile/gnu-huge-name', /the GNU long name record at byte 0 claims 8388609 bytes, more than the 1048576 bytes allowed/],
  ['hostile/pax-huge-record', /the PAX extended header at byte 0 is malformed/],
]) {
  test(`${repository}: refused in words at once, nothing listed`, async () => {
    const [layer] = (await manifest(repository)).layers;
    const shown = await opened(repository, layer.digest);
    assert.deepEqual(shown.phases, ['failed']);
    assert.match(shown.progress, words);
    notVerified(shown, repository);
    await shown.context.close();
  });
}

test('one layer of files/layered shows its whiteouts as deletions and its opaque marker, not as files', async () => {
  const { layers } = await manifest('files/layered');
  const shown = await opened('files/layered', layers[1].digest);
  assert.deepEqual(shown.phases, ['done']);
  const rows = await flatRows(shown.page);
  const marked = rows.filter((r) => r.whiteout).map((r) => [r.path, r.kind, r.whiteout, r.openable]);
  assert.deepEqual(marked, [
    ['data/.wh.original.bin', 'whiteout', 'delete', false],
    ['etc/.wh.legacy.conf', 'whiteout', 'delete', false],
    ['opt/.wh.old', 'whiteout', 'delete', false],
    ['var/cache/app/.wh..wh..opq', 'opaque', 'opaque', false],
  ]);
  const text = Object.fromEntries(rows.map((r) => [r.path, r.text]));
  assert.match(text['etc/.wh.legacy.conf'], /^whiteout.*\(whiteout: deletes legacy\.conf of the layers below\)$/);
  assert.match(text['var/cache/app/.wh..wh..opq'], /\(opaque marker: hides this directory's entries of the layers below\)$/);
  // The layer's own files stay ordinary files.
  const added = rows.find((r) => r.path === 'srv/added-in-2.txt');
  assert.deepEqual([added.kind, added.whiteout, added.openable], ['file', null, true]);
  // The largest files: whiteouts are not files.
  await shown.page.click(`${BODY} [data-testid=files-view-largest]`);
  const largest = await rowsShown(shown.page);
  assert.ok(largest.length > 0 && largest.every((r) => r.kind === 'file'), JSON.stringify(largest.map((r) => r.path)));
  await shown.context.close();
});

/** A ustar header block for a regular file. */
function ustar(name, size) {
  const header = Buffer.alloc(512);
  const put = (text, at, length) => header.write(text, at, length, 'latin1');
  put(name, 0, 100);
  put('0000644\0', 100, 8);
  put('0000000\0', 108, 8);
  put('0000000\0', 116, 8);
  put(`${size.toString(8).padStart(11, '0')}\0`, 124, 12);
  put('00000000000\0', 136, 12);
  put('        ', 148, 8);
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  const sum = header.reduce((a, b) => a + b, 0);
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return header;
}

const sha256 = (bytes) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Pushes `bytes` as a blob of `repository` to the stack's no-auth registry (:5002, whose
 * storage :5000 shares). */
async function pushBlob(repository, bytes) {
  const start = await fetch(`http://127.0.0.1:5002/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  assert.equal(start.status, 202);
  const location = new URL(start.headers.get('location'), 'http://127.0.0.1:5002');
  location.searchParams.set('digest', sha256(bytes));
  const put = await fetch(location, { method: 'PUT', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
  assert.equal(put.status, 201, await put.text());
  return { digest: sha256(bytes), size: bytes.length };
}

test('a gzip layer of several members is listed whole and verified, each entry once', async () => {
  // Each file its own gzip member, as eStargz writes them: the browser's decoder stops after
  // the first member, and the worker reads the layer again in wasm.
  const files = [['first.txt', 'one\n'], ['second.txt', 'two\n'], ['third.txt', 'three\n']];
  const parts = files.map(([name, text]) => {
    const body = Buffer.alloc(Math.ceil(text.length / 512) * 512);
    body.write(text);
    return Buffer.concat([ustar(name, text.length), body]);
  });
  parts.push(Buffer.alloc(1024));
  const tar = Buffer.concat(parts);
  const gzip = Buffer.concat(parts.map((p) => gzipSync(p)));
  const repository = 'files-test/gzip-members';
  const layer = { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...(await pushBlob(repository, gzip)) };
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256(tar)] } }));
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...(await pushBlob(repository, config)) },
    layers: [layer],
  });
  const put = await fetch(`http://127.0.0.1:5002/v2/${repository}/manifests/latest`, {
    method: 'PUT', body: manifest, headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
  });
  assert.equal(put.status, 201, await put.text());
  const shown = await opened(repository, layer.digest);
  assert.deepEqual(shown.phases, ['done'], shown.progress);
  assert.deepEqual([shown.digest, shown.diffId], [['matched'], ['matched']]);
  assert.deepEqual((await flatRows(shown.page)).map((r) => r.path), files.map(([name]) => name));
  assert.match(shown.progress, /3 entries — read to the end/);
  await shown.context.close();
});
