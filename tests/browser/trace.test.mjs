// The request trace: every exchange in order with status, the headers that matter, the path
// it took, and a curl that hides the token unless revealed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openView, REGISTRY } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the trace shows the token flow in order, with headers, path and curl', async () => {
  const { context, page } = await openView(browser, `${REGISTRY}/oci/single:1.0`, '&tab=trace');
  await page.waitForSelector('[data-testid=trace-row]');
  const statuses = await page.locator('[data-testid=trace-status]').allTextContents();
  const urls = await page.locator('[data-testid=trace-url]').allTextContents();
  assert.deepEqual(statuses, ['401', '200', '200', '200']);
  assert.match(urls[0], /\/v2\/oci\/single\/manifests\/1\.0$/);
  assert.match(urls[1], /^http:\/\/127\.0\.0\.1:5001\/token\?service=regscope-registry&scope=repository%3Aoci%2Fsingle%3Apull$/);
  assert.match(urls[2], /\/v2\/oci\/single\/manifests\/1\.0$/);
  assert.match(urls[3], /\/v2\/oci\/single\/blobs\/sha256:/);
  const first = page.locator('[data-testid=trace-row]').nth(0);
  assert.match(await first.locator('[data-testid=trace-header]').allTextContents().then((h) => h.join('\n')), /www-authenticate: Bearer realm="http:\/\/127\.0\.0\.1:5001\/token"/);
  const third = page.locator('[data-testid=trace-row]').nth(2);
  assert.match((await third.locator('[data-testid=trace-header]').allTextContents()).join('\n'), /docker-content-digest: sha256:/);
  assert.deepEqual([...new Set(await page.locator('[data-testid=trace-path]').allTextContents())], ['relay']);
  const curl = await third.locator('[data-testid=trace-curl]').textContent();
  assert.match(curl, /-H "Authorization: Bearer \$TOKEN"/);
  assert.doesNotMatch(curl, /Bearer ey/);
  await page.check('[data-testid=reveal-tokens]');
  assert.match(await third.locator('[data-testid=trace-curl]').textContent(), /'Authorization: Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\./);
  await context.close();
});

test('the trace is also shown under an error', async () => {
  const { context, page } = await openView(browser, `${REGISTRY}/oci/single:missing`);
  const statuses = await page.locator('[data-testid=trace-status]').allTextContents();
  assert.deepEqual(statuses.slice(0, 3), ['401', '200', '404']);
  await context.close();
});
