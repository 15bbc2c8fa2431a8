// Faults a real registry cannot be made to produce, injected into the relay's answers with
// Playwright's request interception: a corrupted manifest (digest mismatch), a 403 DENIED, and
// a 429 rate limit with Docker Hub's headers. Everything else in each view is the real flow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, viewReady, BASE } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const IMAGE = '127.0.0.1:5000/oci/single:1.0';

/** Opens IMAGE with `alter` applied to relayed manifest answers (after the token flow). */
async function withAlteredManifest(alter) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route(`${BASE}/relay?**`, async (route) => {
    const target = decodeURIComponent(new URL(route.request().url()).searchParams.get('url') ?? '');
    const response = await route.fetch();
    if (!target.includes('/manifests/') || response.status() !== 200) return route.fulfill({ response });
    return route.fulfill(await alter(response));
  });
  await page.goto(`${BASE}/?image=${IMAGE}`);
  await viewReady(page);
  return { context, page };
}

test('a manifest altered in transit is a digest mismatch, shown as a warning', async () => {
  const { context, page } = await withAlteredManifest(async (response) => {
    const body = await response.text();
    // One added space: still valid JSON, so only the digest check can notice.
    return { response, body: body.replace(/}\s*$/, ' }') };
  });
  assert.equal(await page.getAttribute('[data-testid=error]', 'data-kind'), 'digest');
  const text = await page.textContent('[data-testid=error]');
  assert.match(text, /mismatch/i);
  assert.match(text, /sha256:[0-9a-f]{64}/);
  await context.close();
});

test('a 403 DENIED reads "denied"', async () => {
  const { context, page } = await withAlteredManifest(async (response) => ({
    status: 403,
    headers: { ...response.headers(), 'content-type': 'application/json' },
    body: JSON.stringify({ errors: [{ code: 'DENIED', message: 'requested access to the resource is denied', detail: null }] }),
  }));
  assert.equal(await page.getAttribute('[data-testid=error]', 'data-kind'), 'denied');
  assert.match(await page.textContent('[data-testid=error]'), /requested access to the resource is denied/);
  await context.close();
});

test('a 429 shows remaining, limit and when it resets', async () => {
  const { context, page } = await withAlteredManifest(async (response) => ({
    status: 429,
    headers: {
      ...response.headers(),
      'content-type': 'application/json',
      'ratelimit-limit': '100;w=21600',
      'ratelimit-remaining': '0;w=21600',
      'retry-after': '3600',
    },
    body: JSON.stringify({ errors: [{ code: 'TOOMANYREQUESTS', message: 'You have reached your pull rate limit.' }] }),
  }));
  assert.equal(await page.getAttribute('[data-testid=error]', 'data-kind'), 'rate-limited');
  const text = await page.textContent('[data-testid=error]');
  assert.match(text, /0/);
  assert.match(text, /100/);
  assert.match(text, /hour|3600|60 min/i);
  await context.close();
});
