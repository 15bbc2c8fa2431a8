// Private registries: the credentials form, used only for that registry, kept in memory (in
// sessionStorage only when ticked), never in the URL or localStorage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openView, viewReady, seeded, BASE, REGISTRY } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const privateApp = `${REGISTRY}/private/app:1.0`;

async function signIn(page, username, password, remember = false) {
  await page.fill('[data-testid=cred-username]', username);
  await page.fill('[data-testid=cred-password]', password);
  if (remember) await page.check('[data-testid=cred-remember]');
  await page.click('[data-testid=cred-submit]');
}

async function storedEverywhere(page) {
  return page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, url: location.href }));
}

test('entering credentials for the private image reloads the view, which succeeds', async () => {
  const { context, page } = await openView(browser, privateApp);
  assert.equal(await page.getAttribute('[data-testid=error]', 'data-kind'), 'unauthorized');
  await signIn(page, 'alice', 'wonderland');
  await page.waitForSelector('[data-testid=top-digest]');
  assert.equal(await page.textContent('[data-testid=top-digest]'), seeded('private/app:1.0').digest);
  assert.match(await page.textContent('[data-testid=signed-in]'), /alice/);
  const stored = await storedEverywhere(page);
  assert.doesNotMatch(stored, /wonderland/);
  assert.doesNotMatch(stored, /alice/);
  // The credentials went to the token endpoint only, as Basic auth.
  await page.click('[data-testid=tab-trace]');
  const rows = page.locator('[data-testid=trace-row]');
  const count = await rows.count();
  for (let i = 0; i < count; i += 1) {
    const url = await rows.nth(i).locator('[data-testid=trace-url]').textContent();
    const curl = await rows.nth(i).locator('[data-testid=trace-curl]').textContent();
    if (curl.includes('$USERNAME:$PASSWORD')) assert.match(url, /^http:\/\/127\.0\.0\.1:5001\/token\?/);
  }
  await context.close();
});

test('credentials are kept in sessionStorage only when ticked, and survive a reload then', async () => {
  const { context, page } = await openView(browser, privateApp);
  await signIn(page, 'alice', 'wonderland', true);
  await page.waitForSelector('[data-testid=top-digest]');
  const session = await page.evaluate(() => sessionStorage.getItem('regscope.credentials.127.0.0.1:5000'));
  assert.match(session, /alice/);
  assert.doesNotMatch(await page.evaluate(() => JSON.stringify({ ...localStorage }) + location.href), /wonderland/);
  await page.reload();
  await viewReady(page);
  assert.equal(await page.textContent('[data-testid=top-digest]'), seeded('private/app:1.0').digest);
  // Forgetting them removes the stored copy and the view fails again.
  await page.click('[data-testid=sign-out]');
  await page.waitForSelector('[data-testid=error]');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('regscope.credentials.127.0.0.1:5000')), null);
  await context.close();
});

test('credentials are used for their registry only', async () => {
  const { context, page } = await openView(browser, privateApp);
  await signIn(page, 'alice', 'wonderland');
  await page.waitForSelector('[data-testid=top-digest]');
  // In-app navigation (the credentials stay in memory) to another registry that shares the
  // token server: no credentials go with its token request, so it stays unauthorized.
  await page.fill('[data-testid=image-input]', '127.0.0.1:5003/private/app:1.0');
  await page.press('[data-testid=image-input]', 'Enter');
  await page.waitForSelector('[data-testid=error][data-kind=unauthorized]');
  const curls = await page.locator('[data-testid=trace-curl]').allTextContents();
  assert.ok(curls.length >= 2);
  for (const curl of curls) assert.doesNotMatch(curl, /\$USERNAME|Basic/);
  // Back to the first registry: still signed in, no new login needed.
  await page.goBack();
  await page.waitForSelector('[data-testid=top-digest]');
  assert.match(await page.textContent('[data-testid=signed-in]'), /alice/);
  await context.close();
});

test('wrong credentials are refused by the token endpoint, in words', async () => {
  const { context, page } = await openView(browser, privateApp);
  await signIn(page, 'alice', 'not-the-password');
  await page.waitForSelector('[data-testid=error][data-kind=token-refused]');
  assert.match(await page.textContent('[data-testid=error]'), /alice/);
  await context.close();
});

test('credentials entered on an image serve its Tags tab and its registry\'s catalog (modules of their own), and the other way round', async () => {
  const { context, page } = await openView(browser, privateApp);
  await signIn(page, 'alice', 'wonderland');
  await page.waitForSelector('[data-testid=top-digest]');
  const unauthorized = [];
  page.on('response', (r) => { if (r.url().includes('/relay?') && r.status() === 401) unauthorized.push(r.url()); });
  await page.click('[data-testid=tab-tags]');
  await page.waitForSelector('[data-testid=tab-body-tags] [data-testid=tag]', { timeout: 30_000 });
  assert.ok((await page.locator('[data-testid=tab-body-tags] [data-testid=tag]').allTextContents()).includes('1.0'));
  assert.equal(await page.locator('[data-testid=tab-body-tags] [data-testid=credentials]').count(), 0, 'no second sign-in');
  // The module's own session learns the registry's challenge from one 401, then asks its
  // token endpoint with the page's credentials: no second refusal, no second sign-in.
  assert.ok(unauthorized.length <= 1, unauthorized.join('\n'));
  await page.goto(`${BASE}/?registry=${REGISTRY}`);
  // A new page: nothing kept (the credentials were not ticked to be remembered).
  await page.waitForSelector('[data-testid=credentials]', { timeout: 30_000 });
  await signIn(page, 'alice', 'wonderland');
  await page.waitForSelector('[data-testid=catalog-heading]', { timeout: 30_000 });
  await page.click('[data-testid=repository] >> text=private/app');
  await page.waitForSelector('[data-testid=repository-heading]');
  await page.click('[data-testid=tag] >> text=1.0');
  await page.waitForSelector('[data-testid=top-digest]', { timeout: 30_000 });
  assert.equal(await page.textContent('[data-testid=top-digest]'), seeded('private/app:1.0').digest);
  assert.doesNotMatch(await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }) + location.href), /wonderland/);
  await context.close();
});
