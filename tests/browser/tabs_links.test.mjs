// Links and navigation: the tab parameter, the digest-pinned link, back/forward, the title,
// Enter in the reference box, and recent images.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openView, viewReady, seeded, imageOf, BASE, REGISTRY } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const alpine = `${REGISTRY}/library/alpine:latest`;

test('the tab parameter opens that tab, and each tab is a link', async () => {
  const { context, page } = await openView(browser, alpine, '&tab=config');
  await page.waitForSelector('[data-testid=tab-body-config]');
  assert.equal(await page.locator('[data-testid=history-step]').count() > 0, true);
  await page.click('[data-testid=tab-json]');
  await page.waitForSelector('[data-testid=tab-body-json]');
  assert.equal(new URL(page.url()).searchParams.get('tab'), 'json');
  assert.equal(new URL(page.url()).searchParams.get('image'), alpine);
  await page.click('[data-testid=tab-overview]');
  await page.waitForSelector('[data-testid=tab-body-overview]');
  assert.equal(new URL(page.url()).searchParams.get('tab'), null);
  await context.close();
});

test('a view reached by tag offers the digest-pinned link, which shows the same digest', async () => {
  const expected = seeded('library/alpine:latest');
  const { context, page } = await openView(browser, alpine, '&platform=linux/arm64/v8');
  const href = await page.getAttribute('[data-testid=pinned-link]', 'href');
  assert.equal(imageOf(href), `${alpine}@${expected.digest}`);
  assert.equal(new URL(href, BASE).searchParams.get('platform'), 'linux/arm64/v8');
  await page.click('[data-testid=pinned-link]');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('image').includes('@sha256:'));
  await viewReady(page);
  await page.waitForSelector('[data-testid=top-digest]');
  assert.equal(await page.textContent('[data-testid=top-digest]'), expected.digest);
  assert.match(await page.textContent('[data-testid=layers-heading]'), /linux\/arm64\/v8/);
  // Reached by digest: no pinned link any more.
  assert.equal(await page.locator('[data-testid=pinned-link]').count(), 0);
  await context.close();
});

test('back and forward move between views', async () => {
  const { context, page } = await openView(browser, alpine);
  assert.match(await page.textContent('[data-testid=layers-heading]'), /linux\/amd64/);
  await page.click('[data-testid=platform-row] >> text=linux/arm64/v8');
  await page.waitForSelector('[data-testid=layers-heading]:has-text("arm64")');
  await page.goBack();
  await page.waitForSelector('[data-testid=layers-heading]:has-text("amd64")');
  assert.equal(new URL(page.url()).searchParams.get('platform'), null);
  await page.goForward();
  await page.waitForSelector('[data-testid=layers-heading]:has-text("arm64")');
  assert.equal(new URL(page.url()).searchParams.get('platform'), 'linux/arm64/v8');
  await context.close();
});

test('Enter in the reference box inspects it; the title shows the reference', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/`);
  const single = `${REGISTRY}/oci/single:1.0`;
  await page.fill('[data-testid=image-input]', single);
  await page.press('[data-testid=image-input]', 'Enter');
  await viewReady(page);
  assert.equal(await page.textContent('[data-testid=reference]'), single);
  assert.equal(new URL(page.url()).searchParams.get('image'), single);
  assert.equal(await page.title(), `${single} · regscope`);
  assert.equal(await page.textContent('[data-testid=top-digest]'), seeded('oci/single:1.0').digest);
  await context.close();
});

test('recent images are listed on the start page, and only references are stored', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const image of [`${REGISTRY}/oci/single:1.0`, `${REGISTRY}/docker/schema2:latest`]) {
    await page.goto(`${BASE}/?image=${image}`);
    await viewReady(page);
  }
  await page.goto(`${BASE}/`);
  const recent = await page.locator('[data-testid=recent-link]').allTextContents();
  assert.deepEqual(recent.slice(0, 2), [`${REGISTRY}/docker/schema2:latest`, `${REGISTRY}/oci/single:1.0`]);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('regscope.recent')));
  assert.deepEqual(stored.slice(0, 2), recent.slice(0, 2));
  await page.click('[data-testid=recent-link] >> nth=1');
  await viewReady(page);
  assert.equal(await page.textContent('[data-testid=reference]'), `${REGISTRY}/oci/single:1.0`);
  await context.close();
});
