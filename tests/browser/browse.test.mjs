// Browsing a registry: the catalog (token auth with its own scope, pages through Link, a
// filter), a repository's tags (by name, by creation date, shared digests), a tag's image
// view, registries without a catalog (the zoo's GHCR and Docker Hub, by their real names
// through a relay's host map), a server-rendered registry link, and the lazy module that
// holds this code (loaded on first use, not part of the main bundle).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, seeded, viewReady, BASE, REGISTRY, STACK_DIR } from './support.mjs';

const PRERENDER = process.env.REGSCOPE_PRERENDER_URL ?? 'http://127.0.0.1:18081';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stack = JSON.parse(readFileSync(join(STACK_DIR, 'stack.json'), 'utf8'));
const ZOO_LISTEN = `127.0.0.1:${process.env.REGSCOPE_BROWSE_ZOO_RELAY_PORT ?? 18096}`;
const ZOO = `http://${ZOO_LISTEN}`;

let browser;
let zooRelay;

before(async () => {
  const bin = process.env.REGSCOPE_RELAY_BIN ?? join(root, 'target', 'debug', 'regscope-relay');
  zooRelay = spawn(bin, [
    '--listen', ZOO_LISTEN, '--static-dir', process.env.REGSCOPE_STATIC_DIR ?? join(root, 'dist'), '--no-prerender',
    '--insecure-registry', '127.0.0.1', ...stack.zoo.map_hosts,
  ], { stdio: 'ignore' });
  for (let i = 0; ; i += 1) {
    try { if ((await fetch(`${ZOO}/healthz`)).ok) break; } catch { /* not up yet */ }
    if (i > 150) throw new Error(`the zoo relay on ${ZOO_LISTEN} did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
  browser = await launch();
});

after(async () => {
  await browser?.close();
  zooRelay?.kill();
});

async function open(url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts = [];
  page.on('request', (r) => scripts.push(new URL(r.url()).pathname));
  await page.goto(url);
  return { context, page, scripts };
}

async function signIn(page) {
  await page.waitForSelector('[data-testid=credentials-form], form.credentials, details.credentials', { timeout: 30_000 });
  const details = page.locator('details.credentials');
  if (await details.count() && !(await details.first().getAttribute('open'))) await details.first().locator('summary').click();
  await page.fill('input[autocomplete=username], input[name=username]', 'alice');
  await page.fill('input[type=password]', 'wonderland');
  await page.locator('details.credentials button[type=submit], form.credentials button[type=submit]').first().click();
}

test('the main bundle does not load the browse module until a browse view is shown', async () => {
  const { context, page, scripts } = await open(`${BASE}/?image=${REGISTRY}/oci/single:1.0`);
  await viewReady(page);
  assert.ok(!scripts.includes('/browse.js'), 'browse.js loaded for an image view');
  await page.goto(`${BASE}/?registry=127.0.0.1:5002`);
  await page.waitForSelector('[data-testid=catalog-heading]', { timeout: 30_000 });
  assert.ok(scripts.includes('/browse.js') && scripts.includes('/browse_bg.wasm'), scripts.join(' '));
  await context.close();
});

test('the catalog of the token-auth registry needs credentials, then pages and filters', async () => {
  const { context, page } = await open(`${BASE}/?registry=${REGISTRY}&n=3`);
  await page.waitForSelector('[data-testid=error]', { timeout: 30_000 });
  await signIn(page);
  await page.waitForSelector('[data-testid=catalog-heading]', { timeout: 30_000 });
  assert.equal(await page.textContent('[data-testid=catalog-heading]'), `Repositories of ${REGISTRY} (3+)`);
  const all = [...new Set(JSON.parse(readFileSync(join(STACK_DIR, 'seeded.json'), 'utf8')).map((r) => r.repository))].sort();
  for (let i = 0; i <= Math.ceil(all.length / 3) && await page.locator('[data-testid=catalog-more]').count(); i += 1) {
    const before = await page.locator('[data-testid=repository]').count();
    await page.click('[data-testid=catalog-more]');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=repository]').length > n, before);
  }
  assert.deepEqual(await page.locator('[data-testid=repository]').allTextContents(), all);
  await page.fill('[data-testid=catalog-filter]', 'LARGE/');
  assert.deepEqual(await page.locator('[data-testid=repository]').allTextContents(),
    all.filter((r) => r.startsWith('large/')));
  await page.fill('[data-testid=catalog-filter]', '');
  await page.click('[data-testid=repository] >> text=library/alpine');
  await page.waitForSelector('[data-testid=repository-heading]');
  assert.match(page.url(), /registry=127\.0\.0\.1:5000&repository=library\/alpine/);
  await context.close();
});

test('a repository lists its tags by name, shows shared digests, sorts by date and opens a tag', async () => {
  const { context, page, scripts } = await open(`${BASE}/?registry=127.0.0.1:5002&repository=library/alpine`);
  await page.waitForSelector('[data-testid=tags-table] [data-testid=tag]', { timeout: 30_000 });
  const tags = await page.locator('[data-testid=tag]').allTextContents();
  assert.ok(tags.includes('latest') && tags.includes('3.20') && tags.includes('edge'), tags.join(' '));
  assert.ok(tags.indexOf('3.20') < tags.indexOf('edge'), 'natural order');
  const heads = [];
  page.on('request', (r) => { if (r.method() === 'HEAD') heads.push(r.url()); });
  await page.click('[data-testid=show-digests]');
  await page.waitForSelector('[data-testid=shared-with]', { timeout: 30_000 });
  await page.waitForSelector('[data-testid=details-pending]', { state: 'detached' });
  const latest = page.locator('tr[data-tag=latest]');
  assert.equal(await latest.locator('[data-testid=shared-with]').textContent(), ' same as 3.20');
  assert.equal(await latest.locator('code[title]').getAttribute('title'), seeded('library/alpine:latest').digest);
  assert.equal(await page.locator('tr[data-tag=edge] [data-testid=shared-with]').count(), 0);
  assert.equal(heads.length, tags.length, 'one HEAD per tag');
  await page.click('[data-testid=sort-date]');
  assert.match(page.url(), /sort=date/);
  await page.waitForSelector('tr[data-tag=latest] [data-testid=tag-created]:not(:empty)', { timeout: 30_000 });
  await page.waitForSelector('[data-testid=details-pending]', { state: 'detached', timeout: 30_000 });
  const dates = await page.locator('[data-testid=tag-created]').allTextContents();
  const dated = dates.filter((d) => d);
  assert.deepEqual(dated, [...dated].sort().reverse(), 'newest first');
  await page.click('tr[data-tag=latest] [data-testid=tag]');
  await viewReady(page);
  assert.equal(await page.textContent('[data-testid=top-digest]'), seeded('library/alpine:latest').digest);
  assert.ok(scripts.filter((s) => s === '/browse.js').length === 1, 'the module is imported once');
  await page.goBack();
  await page.waitForSelector('[data-testid=repository-heading]');
  await context.close();
});

test('a long tag list is in version order (distribution sends it whole, without Link)', async () => {
  const { context, page } = await open(`${BASE}/?registry=127.0.0.1:5002&repository=many/tags&n=50`);
  await page.waitForSelector('[data-testid=tags-table] [data-testid=tag]', { timeout: 30_000 });
  const tags = await page.locator('[data-testid=tag]').allTextContents();
  assert.ok(tags.length > 100, `${tags.length}`);
  assert.ok(tags.indexOf('v1.9.9') < tags.indexOf('v1.10.0'), 'numbers compare as numbers');
  await context.close();
});

test('registries without a catalog are explained and offer a repository box', async () => {
  for (const host of ['ghcr.io', 'docker.io']) {
    const { context, page } = await open(`${ZOO}/?registry=${host}`);
    await page.waitForSelector('[data-testid=no-catalog]', { timeout: 30_000 });
    assert.match(await page.textContent('[data-testid=no-catalog]'), /does not list its repositories/);
    await page.fill('[data-testid=repository-input]', host === 'ghcr.io' ? 'regscope/alpine' : 'library/alpine');
    await page.press('[data-testid=repository-input]', 'Enter');
    await page.waitForSelector('[data-testid=browse-repository]', { timeout: 30_000 });
    assert.match(page.url(), /&repository=/);
    await context.close();
  }
});

test('an image\'s Tags tab on GHCR pages through Link with "Load more"', async () => {
  const { context, page } = await open(`${ZOO}/?image=ghcr.io/regscope/many-tags:v1.10.0&tab=tags&n=50`);
  const body = '[data-testid=tab-body-tags] [data-lazy=browse]';
  const tag = `${body} [data-testid=tag]`;
  await page.waitForSelector(`${body} [data-testid=tags-table] [data-testid=tag]`, { timeout: 30_000 });
  assert.equal(await page.textContent(`${body} [data-testid=repository-heading]`), 'Tags of ghcr.io/regscope/many-tags (50+)');
  assert.equal(await page.locator(tag).count(), 50);
  for (const [count, heading] of [[100, '100+'], [121, '121']]) {
    await page.click(`${body} [data-testid=tags-more]`);
    await page.waitForFunction(([s, n]) => document.querySelectorAll(s).length === n, [tag, count]);
    assert.equal(await page.textContent(`${body} [data-testid=repository-heading]`), `Tags of ghcr.io/regscope/many-tags (${heading})`);
  }
  assert.equal(await page.locator(`${body} [data-testid=tags-more]`).count(), 0, 'no Link on the last page');
  const tags = await page.locator(tag).allTextContents();
  assert.equal(new Set(tags).size, 121, 'no tag twice');
  assert.ok(tags.indexOf('v1.9.0') < tags.indexOf('v1.10.0'), 'the pages merged in version order');
  assert.equal(await page.getAttribute(`${body} tr[data-tag="v1.10.0"]`, 'aria-current'), 'true');
  const lists = (await page.locator(`${body} [data-testid=trace-url]`).allTextContents())
    .filter((u) => u.includes('/v2/regscope/many-tags/tags/list'));
  assert.ok(lists[0].includes('n=50'), lists.join('\n'));
  assert.equal(lists.filter((u) => u.includes('last=')).length, 2, `the next pages are the Link's: ${lists.join('\n')}`);
  await context.close();
});

test('a registry link is rendered on the server and taken over without a request', async () => {
  const html = await (await fetch(`${PRERENDER}/?registry=127.0.0.1:5002&n=3`)).text();
  assert.match(html, /data-testid="catalog-heading">Repositories of 127\.0\.0\.1:5002 \(3\+\)/);
  assert.match(html, /id="regscope-lazy-prefetch"/);
  const context = await browser.newContext();
  const page = await context.newPage();
  const registryRequests = [];
  page.on('request', (r) => { if (/\/relay\?|\/v2\//.test(r.url())) registryRequests.push(r.url()); });
  await page.goto(`${PRERENDER}/?registry=127.0.0.1:5002&n=3`);
  await page.waitForFunction(() => window.wasmBindings !== undefined);
  await page.waitForResponse((r) => r.url().endsWith('/browse_bg.wasm'));
  await page.waitForSelector('[data-testid=catalog-more]');
  assert.equal(await page.locator('[data-testid=repository]').count(), 3);
  assert.deepEqual(registryRequests, [], 'the first page came from the recording');
  await page.click('[data-testid=catalog-more]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=repository]').length === 6);
  await context.close();
});

test('the keyboard reaches the repositories from the filter', async () => {
  const { context, page } = await open(`${BASE}/?registry=127.0.0.1:5002`);
  await page.waitForSelector('[data-testid=catalog-heading]', { timeout: 30_000 });
  await page.focus('[data-testid=catalog-filter]');
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
  assert.equal(focused, 'repository');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=repository-heading]');
  await context.close();
});

test('a module that fails to load is said in words', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route('**/browse.js', (route) => route.fulfill({ status: 503, body: 'down' }));
  await page.goto(`${BASE}/?registry=127.0.0.1:5002`);
  await page.waitForSelector('[data-testid=lazy-error]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid=lazy-error]'), /browse\.js/);
  await context.close();
});
