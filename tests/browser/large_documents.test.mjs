// Large documents: long tables show their first 100 rows and a button for the rest, so a
// 1,000-entry index or a 500-layer manifest renders quickly; every row is one click away.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openView } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a 1,000-entry index shows 100 platforms, then all of them on request', async () => {
  const { context, page } = await openView(browser, '127.0.0.1:5000/large/wide-index:latest');
  assert.match(await page.textContent('h2:has-text("Platforms")'), /Platforms \(1000\)/);
  assert.equal(await page.locator('[data-testid=platform-row]').count(), 100);
  assert.match(await page.textContent('[data-testid=show-all]'), /Show all 1000 \(900 more\)/);
  await page.click('[data-testid=show-all]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=platform-row]').length === 1000);
  assert.equal(await page.locator('[data-testid=show-all]').count(), 0);
  await context.close();
});

test('a 500-layer manifest shows 100 layers with the total of all 500', async () => {
  const { context, page } = await openView(browser, '127.0.0.1:5000/large/many-layers:latest');
  assert.match(await page.textContent('[data-testid=layers-heading]'), /\(500\)/);
  assert.equal(await page.locator('[data-testid=layer-row]').count(), 100);
  await page.click('[data-testid=show-all]');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=layer-row]').length === 500);
  await context.close();
});
