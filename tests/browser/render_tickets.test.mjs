// Realm tickets from a server-rendered page, in the browser: relay A renders the shared link of
// the stack's private image (its 401 and realm ticket recorded in the page); every later
// request of the app lands on relay B, another process with the same realm key that never saw
// the challenge. Signing in makes the app ask the realm for a token with the credentials
// before any new 401: B relays it on the ticket the app kept from the recording. A relay with
// another key refuses it. Starts its own relays on 184xx ports; the page's document comes from
// A through Playwright's routing (standing for a load balancer), all else from B's origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, viewReady, REGISTRY } from './support.mjs';
import { startRelay } from './relay_process.mjs';

const KEY = 'render-tickets-key-0123456789abcdef';
const OTHER_KEY = 'another-render-key-0123456789abcdef';
const PRIVATE = `${REGISTRY}/private/app:1.0`;

let renderer;
let sameKey;
let otherKey;
let browser;

before(async () => {
  const key = (k) => ['--realm-key', k];
  [renderer, sameKey, otherKey] = await Promise.all([
    startRelay(Number(process.env.REGSCOPE_TICKETS_RENDER_PORT ?? 18406), key(KEY)),
    startRelay(Number(process.env.REGSCOPE_TICKETS_SAME_PORT ?? 18407), [...key(KEY), '--no-prerender']),
    startRelay(Number(process.env.REGSCOPE_TICKETS_OTHER_PORT ?? 18408), [...key(OTHER_KEY), '--no-prerender']),
  ]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await Promise.all([renderer, sameKey, otherKey].map((r) => r?.stop()));
});

/** Opens the private image's shared link on `relay`'s origin, its document rendered by the
 * renderer, and signs in as alice; resolves to the page once the view is settled. */
async function signInAfterRender(relay) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const link = `/?image=${PRIVATE}`;
  let rendered = null;
  await page.route(`${relay.base}${link}`, async (route) => {
    const response = await route.fetch({ url: `${renderer.base}${link}` });
    rendered = await response.text();
    await route.fulfill({ response, body: rendered });
  });
  const relayed = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/relay') relayed.push(r.url()); });
  await page.goto(`${relay.base}${link}`);
  await viewReady(page);
  // The app has taken over the server's view (its form now signs in rather than submitting).
  await page.waitForSelector('#regscope-server-view', { state: 'detached', timeout: 30_000 });
  await viewReady(page);
  assert.match(rendered ?? '', /x-regscope-realm-ticket/i, 'the recorded 401 carries its ticket');
  assert.equal(await page.getAttribute('[data-testid=error]', 'data-kind'), 'unauthorized');
  assert.equal(relayed.length, 0, 'the view was replayed from the recording');
  await page.fill('[data-testid=cred-username]', 'alice');
  await page.fill('[data-testid=cred-password]', 'wonderland');
  await page.click('[data-testid=cred-submit]');
  await page.waitForSelector('[data-testid=top-digest], [data-testid=error]:not([data-kind=unauthorized])', { timeout: 30_000 });
  return { context, page, relayed };
}

test('a replica sharing the key relays the token request on the recorded ticket', async () => {
  const { context, page, relayed } = await signInAfterRender(sameKey);
  assert.equal(await page.locator('[data-testid=top-digest]').count(), 1, await page.textContent('body'));
  const realm = relayed.find((u) => decodeURIComponent(u).includes('/token?'));
  assert.ok(realm, `the token request went to B: ${relayed.join(' ')}`);
  await context.close();
});

test('a replica with another key refuses it', async () => {
  const { context, page } = await signInAfterRender(otherKey);
  assert.equal(await page.locator('[data-testid=top-digest]').count(), 0);
  const message = await page.textContent('[data-testid=error]');
  assert.match(message, /--realm-key-file/);
  await context.close();
});
