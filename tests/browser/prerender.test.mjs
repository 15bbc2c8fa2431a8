// Shared links rendered by the relay: the view is in the HTML (readable with JavaScript off),
// on screen before the app has loaded, and taken over by the app with no registry request of
// its own; what the page does next (tabs, another image, credentials) works as usual.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, seeded, REGISTRY } from './support.mjs';

const PRERENDER = process.env.REGSCOPE_PRERENDER_URL ?? 'http://127.0.0.1:18081';
const alpine = `${REGISTRY}/library/alpine:latest`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Registry traffic the page itself sent (relayed or direct). */
function registryRequests(page) {
  return page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => e.name).filter((n) => /\/relay\?|\/v2\/|\/token/.test(n)));
}

/** Opens a link and waits until the app has taken the server's view over. */
async function openTakenOver(reference, extra = '') {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__seen = {};
    new MutationObserver(() => {
      if (!('view' in __seen) && document.querySelector('[data-testid=reference], [data-testid=error]')) __seen.view = performance.now();
    }).observe(document, { childList: true, subtree: true });
    addEventListener('TrunkApplicationStarted', () => { __seen.app = performance.now(); });
  });
  await page.goto(`${PRERENDER}/?image=${reference}${extra}`);
  await page.waitForFunction(() => 'app' in window.__seen);
  await page.waitForSelector('#regscope-server-view', { state: 'detached' });
  return { context, page };
}

test('the view is in the HTML: readable with JavaScript off', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${PRERENDER}/?image=${alpine}`);
  assert.equal(await page.textContent('[data-testid=reference]'), alpine);
  assert.equal(await page.textContent('[data-testid=top-digest]'), seeded('library/alpine:latest').digest);
  assert.equal(await page.locator('[data-testid=platform-row]').count(), 2);
  assert.ok(await page.locator('[data-testid=config-json], [data-testid=layer-row]').count() > 0, 'config or layers shown');
  await context.close();
});

test('the view is on screen before the app has loaded, and the app takes it over without a request', async () => {
  const { context, page } = await openTakenOver(alpine);
  const seen = await page.evaluate(() => window.__seen);
  assert.ok(seen.view < seen.app, `view at ${seen.view} ms, app at ${seen.app} ms`);
  assert.deepEqual(await registryRequests(page), [], 'no registry request from the page');
  assert.equal(await page.locator('[data-testid=reference]').count(), 1, 'one view, not two');
  assert.equal(await page.textContent('[data-testid=top-digest]'), seeded('library/alpine:latest').digest);
  // The app is live: its tabs work, and the trace shows what the relay fetched for the page.
  await page.click('[data-testid=tab-trace]');
  await page.waitForSelector('[data-testid=trace-row]');
  assert.deepEqual([...new Set(await page.locator('[data-testid=trace-path]').allTextContents())], ['prefetched']);
  assert.equal(await page.locator('[data-testid=trace-row]').count(), 5);
  await context.close();
});

test('after the take-over, another image reuses the token the relay got', async () => {
  const { context, page } = await openTakenOver(alpine);
  await page.fill('input[name=image]', `${REGISTRY}/library/alpine:edge`);
  await page.press('input[name=image]', 'Enter');
  await page.waitForFunction((r) => document.querySelector('[data-testid=reference]')?.textContent === r, `${REGISTRY}/library/alpine:edge`);
  await page.waitForSelector('[data-testid=top-digest]');
  assert.equal(await page.textContent('[data-testid=top-digest]'), seeded('library/alpine:edge').digest);
  const sent = await registryRequests(page);
  assert.ok(sent.length >= 1 && !sent.some((u) => u.includes('token')), `no token request: ${sent.join(', ')}`);
  await context.close();
});

test('a tab in the link loads its list after the take-over', async () => {
  const { context, page } = await openTakenOver(alpine, '&tab=tags');
  await page.waitForSelector('[data-testid=tab-body-tags] [data-testid=repository-heading]');
  const tags = await page.locator('[data-testid=tag]').allTextContents();
  assert.ok(tags.includes('latest') && tags.includes('edge'), tags.join(' '));
  await context.close();
});

/** Registry requests the page sends from now on, by decoded URL. */
function watchRegistry(page) {
  const sent = [];
  page.on('request', (r) => { if (/\/relay\?|\/v2\/|\/token/.test(r.url())) sent.push(decodeURIComponent(r.url())); });
  return sent;
}

test('the tags and referrers tabs arrive rendered, and the module lists from the recording', async () => {
  const html = await (await fetch(`${PRERENDER}/?image=${alpine}&tab=tags`)).text();
  assert.match(html, /data-lazy="browse"/);
  assert.match(html, /data-testid="tags-table"/);
  assert.match(html, /id="regscope-lazy-prefetch"/);
  assert.match(html, /id="regscope-prefetch"/);
  for (const [tab, ready, live] of [
    ['tags', '[data-testid=tags-table] [data-testid=tag]', '[data-testid=show-digests]'],
    ['referrers', '[data-testid=referrers-card]', null],
  ]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const sent = watchRegistry(page);
    const wasm = page.waitForResponse((r) => r.url().endsWith('/browse_bg.wasm'));
    await page.goto(`${PRERENDER}/?image=${alpine}&platform=linux/amd64&tab=${tab}`);
    await page.waitForSelector(`[data-testid=tab-body-${tab}] ${ready}`);
    await wasm;
    await page.waitForSelector('#regscope-server-view', { state: 'detached' });
    // Mounted, the module replaces the server's markup with its own, listed from the recording.
    await page.waitForSelector(`[data-testid=tab-body-${tab}] [data-lazy=browse][data-lazy-mounted] ${ready}`);
    if (live) {
      await page.click(live);
      await page.waitForSelector('tr[data-tag=latest] [data-testid=tag-digest] code');
      assert.ok(sent.length > 0, 'the digests are fetched live');
      assert.ok(sent.every((u) => !u.includes('/tags/list')), `the list came from the recording: ${sent.join('\n')}`);
    } else {
      assert.ok((await page.locator('[data-testid=referrer-kind]').allTextContents()).includes('signature'));
      assert.deepEqual(sent, [], 'nothing asked of the registry');
    }
    await context.close();
  }
});

test('a private link arrives refused in words; credentials entered then work', async () => {
  const { context, page } = await openTakenOver(`${REGISTRY}/private/app:1.0`);
  assert.equal(await page.getAttribute('[data-testid=error]', 'data-kind'), 'unauthorized');
  await page.fill('[data-testid=cred-username]', 'alice');
  await page.fill('[data-testid=cred-password]', 'wonderland');
  await page.click('[data-testid=cred-submit]');
  await page.waitForSelector('[data-testid=top-digest]');
  assert.equal(await page.textContent('[data-testid=top-digest]'), seeded('private/app:1.0').digest);
  await context.close();
});
