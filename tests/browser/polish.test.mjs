// What people expect around the data: a loading state with progress, human sizes and relative
// dates with exact values on hover, themes following the system, a narrow window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, viewReady, registryConfig, BASE, REGISTRY } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const single = `${REGISTRY}/oci/single:1.0`;

test('a slow view shows a progress bar and counts its requests', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route('**/relay?**', async (route) => {
    await new Promise((r) => setTimeout(r, 400));
    await route.continue();
  });
  await page.goto(`${BASE}/?image=${single}`);
  await page.waitForSelector('[data-testid=loading] .bar');
  await page.waitForSelector('[data-testid=loading]:has-text("requests so far")');
  await viewReady(page);
  assert.equal(await page.locator('[data-testid=loading]').count(), 0);
  await context.close();
});

test('sizes and dates are human, with the exact value on hover', async () => {
  const config = await registryConfig('oci/single', '1.0');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/?image=${single}&tab=config`);
  await viewReady(page);
  const created = page.locator('[data-testid=config-created] time');
  assert.match(await created.textContent(), /ago$/);
  assert.equal(await created.getAttribute('title'), config.created);
  await page.click('[data-testid=tab-overview]');
  const total = page.locator('[data-testid=layers-total]');
  assert.match(await total.textContent(), /^\d+(\.\d)? (B|KiB|MiB)$/);
  assert.match(await total.getAttribute('title'), /^\d+ bytes$/);
  await context.close();
});

test('the theme follows the system', async () => {
  const colors = {};
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(`${BASE}/?image=${single}`);
    await viewReady(page);
    colors[colorScheme] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await context.close();
  }
  assert.notEqual(colors.light, colors.dark);
});

test('a narrow window does not scroll sideways', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/?image=${REGISTRY}/library/alpine:latest`);
  await viewReady(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the window`);
  assert.ok(await page.isVisible('[data-testid=image-input]'));
  assert.ok(await page.isVisible('[data-testid=tab-trace]'));
  await context.close();
});
