// Errors in words, one card each: invalid reference, name unknown, manifest unknown (with the
// tags that exist), unauthorized, wrong credentials, a missing platform, a network failure and
// a relay refusal. (Denied, rate limited and a digest mismatch cannot be produced by the real
// stack; the core's native tests cover their detection.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openView, imageOf, REGISTRY } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function errorOf(reference, extra = '') {
  const { context, page } = await openView(browser, reference, extra);
  await page.waitForSelector('[data-testid=error]');
  const kind = await page.getAttribute('[data-testid=error]', 'data-kind');
  const text = await page.textContent('[data-testid=error]');
  return { context, page, kind, text };
}

test('an invalid reference is explained before any request', async () => {
  const { context, page, kind, text } = await errorOf('Alpine:latest');
  assert.equal(kind, 'invalid-reference');
  assert.match(text, /Invalid reference/);
  assert.match(text, /Nothing was sent/);
  assert.equal(await page.locator('[data-testid=trace-row]').count(), 0);
  await context.close();
});

test('an unknown repository reads "name unknown"', async () => {
  const { context, kind, text } = await errorOf(`${REGISTRY}/no/such-repo:1`);
  assert.equal(kind, 'name-unknown');
  assert.match(text, /does not exist/);
  assert.match(text, /NAME_UNKNOWN/);
  await context.close();
});

test('an unknown tag reads "manifest unknown" and lists the tags that exist', async () => {
  const { context, page, kind, text } = await errorOf(`${REGISTRY}/library/alpine:nope`);
  assert.equal(kind, 'manifest-unknown');
  assert.match(text, /no manifest for "nope"/);
  const tags = await page.locator('[data-testid=existing-tag]').allTextContents();
  for (const t of ['latest', '3.20']) assert.ok(tags.includes(t), tags.join(','));
  const href = await page.locator('[data-testid=existing-tag]', { hasText: /^3\.20$/ }).getAttribute('href');
  assert.equal(imageOf(href), `${REGISTRY}/library/alpine:3.20`);
  await context.close();
});

test('a private image without credentials is unauthorized, with the explanation and the form', async () => {
  const { context, page, kind, text } = await errorOf(`${REGISTRY}/private/app:1.0`);
  assert.equal(kind, 'unauthorized');
  assert.match(text, /Unauthorized/);
  assert.match(await page.textContent('[data-testid=error-challenge]'), /insufficient_scope/);
  assert.ok(await page.isVisible('[data-testid=cred-username]'));
  await context.close();
});

test('a platform the index does not have is explained with links to those it has', async () => {
  const { context, page, kind } = await errorOf(`${REGISTRY}/library/alpine:latest`, '&platform=linux/s390x');
  assert.equal(kind, 'platform');
  const links = await page.locator('[data-testid=error] a').allTextContents();
  assert.deepEqual(links, ['linux/amd64', 'linux/arm64/v8']);
  await context.close();
});

test('a registry that cannot be reached is a network failure', async () => {
  const { context, kind, text } = await errorOf('127.0.0.1:5999/x/y:1');
  assert.equal(kind, 'network');
  assert.match(text, /could not connect to 127\.0\.0\.1:5999/);
  assert.doesNotMatch(text, /relay refused/);
  await context.close();
});

test('a registry the relay may not reach is a relay refusal, with its kind and message', async () => {
  const { context, kind, text } = await errorOf('localhost:5999/x/y:1');
  assert.equal(kind, 'relay');
  assert.match(text, /The relay refused the request/);
  assert.match(text, /refused-target/);
  await context.close();
});
