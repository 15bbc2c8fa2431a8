// Local images: archives written at test time by regscope-layers' writers (the example
// write_archives) are dropped on the page (a synthetic DataTransfer) or picked (setInputFiles),
// and the ordinary views show their values, with no network request after the drop but the
// local module's own files from the page's origin; hostile archives get an error card; a
// reloaded page names the file to drop again and sends nothing for it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, viewReady, BASE } from './support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let browser;
let dir;
let expected;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'regscope-local-'));
  execFileSync('cargo', ['run', '-q', '-p', 'regscope-layers', '--example', 'write_archives', '--', dir], {
    cwd: root, stdio: ['ignore', 'ignore', 'inherit'],
  });
  expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));
  browser = await launch();
}, { timeout: 600_000 });
after(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fresh page on the start page, recording every request from `mark()` on. */
async function startPage(options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${BASE}/`);
  await page.waitForSelector('[data-testid=local-pick]');
  const requests = [];
  let recording = false;
  page.on('request', (r) => { if (recording) requests.push(r.url()); });
  const mark = () => { recording = true; };
  return { context, page, requests, mark };
}

/** The requests that are not the local module's own files (or another module's) from the
 * page's origin. */
function foreign(requests) {
  const origin = new URL(BASE).origin;
  return requests.filter((u) => {
    const url = new URL(u);
    return !(url.origin === origin && /^\/[a-z_-]+(_bg)?\.(js|wasm)$/.test(url.pathname));
  });
}

/** Drops the files `names` of the archive folder on the page, as a browser drop does. */
async function drop(page, names) {
  const payload = names.map((name) => ({ name, data: readFileSync(join(dir, name)).toString('base64') }));
  await page.evaluate((payload) => {
    const transfer = new DataTransfer();
    for (const f of payload) {
      const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], f.name, { type: 'application/x-tar' }));
    }
    const target = document.querySelector('main') ?? document.body;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }
  }, payload);
}

async function openTab(page, name) {
  await page.click(`[data-testid=tab-${name}]`);
  await page.waitForSelector(`[data-testid=tab-body-${name}]`);
}

/** The overview, config, JSON and trace views of one platform's image against `facts`. */
async function checkImage(page, facts, archive, { first = true } = {}) {
  await page.waitForSelector('[data-testid=layer-digest]');
  assert.deepEqual(await page.locator('[data-testid=layer-digest]').allTextContents(), facts.layers.map((l) => l.digest));
  assert.deepEqual(await page.locator('[data-testid=layer-diff-id]').allTextContents(), facts.diff_ids);
  const total = facts.layers.reduce((sum, l) => sum + l.size, 0);
  assert.equal(await page.getAttribute('[data-testid=layers-total]', 'title'), `${total} bytes`);
  await openTab(page, 'config');
  assert.equal(await page.textContent('[data-testid=config-cmd]'), JSON.stringify(facts.cmd));
  const platform = ['linux', facts.architecture, facts.variant].filter(Boolean).join('/');
  assert.equal(await page.textContent('[data-testid=config-platform]'), platform);
  assert.deepEqual(await page.locator('[data-testid=history-step] code').allTextContents(), facts.history);
  assert.deepEqual(await page.locator('[data-testid=label-row] th').allTextContents(), Object.keys(facts.labels));
  await openTab(page, 'json');
  const documents = await page.locator('[data-testid=manifest-json]').allTextContents();
  const manifest = documents.map((d) => JSON.parse(d)).find((d) => d.config);
  assert.equal(manifest.config.digest, facts.config_digest);
  assert.deepEqual(manifest.layers.map((l) => l.digest), facts.layers.map((l) => l.digest));
  await openTab(page, 'trace');
  const paths = await page.locator('[data-testid=trace-path]').allTextContents();
  assert.ok(paths.length >= (first ? 2 : 1), `rows: ${paths}`);
  assert.deepEqual([...new Set(paths)], ['file']);
  const urls = await page.locator('[data-testid=trace-url]').allTextContents();
  assert.ok(urls.every((u) => u.startsWith('https://file.invalid/v2/')), urls.join(' '));
  const headers = await page.locator('[data-testid=trace-header]').allTextContents();
  if (first) assert.ok(headers.includes(`← docker-content-digest: ${facts.config_digest}`), headers.join('\n'));
}

/** The view of the archive's first reference after it was opened. */
async function checkOpened(page, archive) {
  await page.waitForFunction((r) => new URL(location.href).searchParams.get('image') === r, archive.reference);
  await viewReady(page);
  assert.equal(await page.textContent('[data-testid=reference]'), archive.reference);
  assert.equal(await page.textContent('[data-testid=top-digest]'), archive.top_digest);
  assert.match(await page.textContent('[data-testid=local-panel]'), new RegExp(`${archive.file}[\\s\\S]*nothing was uploaded`));
  assert.deepEqual(await page.locator('[data-testid=local-reference]').allTextContents(), [archive.reference]);
  assert.equal(await page.locator('[data-testid=local-synthesised]').count(), archive.synthesised ? 1 : 0);
}

for (const key of ['legacy', 'docker25']) {
  test(`a dropped docker save (${key}) shows its image, with no network request`, async () => {
    const archive = expected[key];
    const { context, page, requests, mark } = await startPage();
    mark();
    await drop(page, [archive.file]);
    await checkOpened(page, archive);
    await checkImage(page, archive.platforms[0], archive);
    assert.deepEqual(foreign(requests), []);
    assert.ok(requests.some((u) => u.includes('/local')), 'the local module was loaded from the page origin');
    await context.close();
  });
}

test('a dropped OCI layout tar with two platforms lists both and opens each', async () => {
  const archive = expected.two_platforms;
  const { context, page, requests, mark } = await startPage();
  mark();
  await drop(page, [archive.file]);
  await checkOpened(page, archive);
  const platforms = await page.locator('[data-testid=platform-row] td:first-child').allTextContents();
  assert.deepEqual(platforms, ['linux/amd64', 'linux/arm64/v8']);
  for (const [i, facts] of archive.platforms.entries()) {
    await openTab(page, 'overview');
    await page.click(`[data-testid=platform-row] >> nth=${i} >> a`);
    await page.waitForFunction((p) => new URL(location.href).searchParams.get('platform') === p, platforms[i]);
    await viewReady(page);
    await page.waitForFunction((d) => document.querySelector('[data-testid=layer-digest]')?.textContent === d, facts.layers[0].digest);
    assert.equal(await page.textContent('[data-testid=top-digest]'), archive.top_digest, 'the index stays the top');
    await checkImage(page, facts, archive, { first: false });
  }
  assert.deepEqual(foreign(requests), []);
  await context.close();
});

test('a picked OCI layout folder shows its image', async () => {
  const archive = expected.folder;
  const { context, page, requests, mark } = await startPage();
  mark();
  await page.setInputFiles('[data-testid=local-pick-folder]', join(dir, archive.file));
  await checkOpened(page, archive);
  await checkImage(page, archive.platforms[0], archive);
  assert.deepEqual(foreign(requests), []);
  await context.close();
});

test('a dropped OCI layout folder (its directory entries walked) shows its image', async () => {
  // Chromium gives a synthetic DataTransfer no directory entries, so the drop carries stand-ins
  // for FileSystemDirectoryEntry and FileSystemFileEntry (the entries API only), holding real
  // File objects, handed out in batches of two as readEntries does.
  const archive = expected.folder;
  const root = join(dir, archive.file);
  const files = [];
  const walk = (rel) => {
    for (const name of readdirSync(join(root, rel))) {
      const path = rel ? `${rel}/${name}` : name;
      if (statSync(join(root, path)).isDirectory()) walk(path);
      else files.push({ path, data: readFileSync(join(root, path)).toString('base64') });
    }
  };
  walk('');
  const { context, page, requests, mark } = await startPage();
  mark();
  await page.evaluate(({ name, files }) => {
    const later = (f) => setTimeout(f, 0);
    const folder = (folderName) => ({ isDirectory: true, isFile: false, name: folderName, children: new Map(),
      createReader() {
        const rest = [...this.children.values()];
        return { readEntries: (ok) => later(() => ok(rest.splice(0, 2))) };
      } });
    const top = folder(name);
    for (const f of files) {
      const parts = f.path.split('/');
      let at = top;
      for (const part of parts.slice(0, -1)) {
        if (!at.children.has(part)) at.children.set(part, folder(part));
        at = at.children.get(part);
      }
      const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
      const file = new File([bytes], parts.at(-1));
      at.children.set(parts.at(-1), { isDirectory: false, isFile: true, name: parts.at(-1), file: (ok) => later(() => ok(file)) });
    }
    const transfer = { types: ['Files'], items: [{ webkitGetAsEntry: () => top, getAsFile: () => null }] };
    const event = new DragEvent('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(event, 'dataTransfer', { value: transfer });
    document.body.dispatchEvent(event);
  }, { name: archive.file, files });
  await checkOpened(page, archive);
  await checkImage(page, archive.platforms[0], archive);
  assert.deepEqual(foreign(requests), []);
  await context.close();
});

test('a picked docker save past 4 GiB opens in well under a second, reading only headers and JSON', async () => {
  const archive = expected.big;
  assert.ok(archive, 'write_archives wrote the big archive');
  const { context, page, requests, mark } = await startPage();
  mark();
  const started = Date.now();
  await page.setInputFiles('[data-testid=local-pick]', join(dir, archive.file));
  await page.waitForSelector('[data-testid=local-reference]');
  const panel = await page.textContent('[data-testid=local-panel]');
  const ms = Number(panel.match(/in (\d+) ms/)[1]);
  assert.ok(ms < 500, `opened in ${ms} ms (${Date.now() - started} ms with the pick)`);
  await viewReady(page);
  assert.equal(await page.textContent('[data-testid=reference]'), archive.reference);
  assert.deepEqual(foreign(requests), []);
  console.log(`# ${archive.bytes} bytes opened in ${ms} ms (${panel.match(/\((\d+) reads/)[1]} reads)`);
  await context.close();
});

test('hostile and compressed archives get an error card that says what is wrong', async () => {
  for (const [file, words] of [
    ['truncated.tar', /app-legacy|truncated/],
    ['no-manifest.tar', /not an image archive/],
    ['app-legacy.tar.gz', /gzip-compressed file; decompress it first/],
  ]) {
    const { context, page, requests, mark } = await startPage();
    mark();
    await drop(page, [file]);
    const card = page.locator('[data-testid=local-error]');
    await card.waitFor();
    assert.match(await card.textContent(), new RegExp(`${file} could not be opened`));
    assert.match(await card.textContent(), words);
    assert.equal(await card.getAttribute('role'), 'alert');
    assert.equal(new URL(page.url()).searchParams.get('image'), null, 'no view was opened');
    assert.deepEqual(foreign(requests), []);
    await context.close();
  }
});

test('a reloaded view of a dropped file names the file to drop again, and sends nothing for it', async () => {
  const archive = expected.legacy;
  const { context, page, requests, mark } = await startPage();
  await drop(page, [archive.file]);
  await checkOpened(page, archive);
  mark();
  await page.reload();
  await page.waitForSelector('[data-testid=error]');
  assert.equal(await page.getAttribute('[data-testid=error]', 'data-kind'), 'local-file');
  const card = await page.textContent('[data-testid=error]');
  assert.match(card, /not open in this tab/);
  assert.match(card, new RegExp(`drop ${archive.file.replace('.', '\\.')} on this page again`));
  const origin = new URL(BASE).origin;
  assert.deepEqual(requests.filter((u) => new URL(u).origin !== origin || u.includes('/relay')), []);
  // A relay that renders shared links on the server leaves this one to the app: no request
  // for the file's host from there either.
  const prerender = process.env.REGSCOPE_PRERENDER_URL;
  if (prerender) {
    const other = await context.newPage();
    const seen = [];
    other.on('request', (r) => seen.push(r.url()));
    await other.goto(`${prerender}/?image=${archive.reference}`);
    await other.waitForSelector('[data-testid=error]');
    assert.equal(await other.getAttribute('[data-testid=error]', 'data-kind'), 'local-file');
    assert.deepEqual(seen.filter((u) => new URL(u).origin !== new URL(prerender).origin || u.includes('/relay')), []);
    await other.close();
  }
  // Dropping it again shows the same view.
  await drop(page, [archive.file]);
  await checkOpened(page, archive);
  await context.close();
});

/** axe-core's WCAG 2.0/2.1 A and AA violations on the page, in both colour schemes. */
async function axeViolations(page) {
  const lines = [];
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    if (await page.evaluate(() => typeof window.axe === 'undefined')) {
      await page.addScriptTag({ path: join(root, 'tests', 'browser', 'node_modules', 'axe-core', 'axe.min.js') });
    }
    const found = await page.evaluate(async () => {
      const result = await window.axe.run(document, {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        resultTypes: ['violations'],
      });
      return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
    });
    lines.push(...found.map((l) => `[${scheme}] ${l}`));
  }
  return lines;
}

test('the card naming the file and the error card pass axe (WCAG A and AA)', async () => {
  // The relay's CSP allows no inline script: the context bypasses it for axe's script tag.
  const { context, page } = await startPage({ bypassCSP: true });
  await drop(page, [expected.legacy.file]);
  await checkOpened(page, expected.legacy);
  await page.waitForSelector('[data-testid=loading]', { state: 'detached', timeout: 30_000 });
  assert.deepEqual(await axeViolations(page), []);
  await drop(page, ['no-manifest.tar']);
  await page.locator('[data-testid=local-error]').waitFor();
  assert.deepEqual(await axeViolations(page), []);
  await context.close();
});

test('the Files tab lists a layer of a dropped docker save from the file, with no network request', async () => {
  const archive = expected.legacy;
  const { context, page, requests, mark } = await startPage();
  mark();
  await drop(page, [archive.file]);
  await checkOpened(page, archive);
  await page.click('[data-testid=tab-files]');
  await page.click('[data-testid=files-layer] >> nth=1');
  const body = page.locator('[data-testid=tab-body-files]');
  await page.waitForFunction(() => /uncompressed digest \(config diff_id\) verified/.test(document.querySelector('[data-testid=tab-body-files]')?.textContent ?? ''));
  assert.match(await body.textContent(), /compressed digest \(manifest\) verified/);
  assert.deepEqual(foreign(requests), []);
  await context.close();
});
