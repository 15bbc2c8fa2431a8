// The search box takes anything: a pull line or a registry URL opens what it names (in place
// of the doctor, so back does not return to it); curl commands pasted on several lines, a
// token URL or a WWW-Authenticate value get the request doctor's findings and corrected
// commands; the pasted text stays out of the address bar; the doctor's code is a module of
// its own, loaded only when it is first shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, viewReady, BASE, REGISTRY } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function start() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const paths = [];
  page.on('request', (r) => paths.push(new URL(r.url()).pathname));
  await page.goto(`${BASE}/`);
  await page.waitForSelector('[data-testid=image-input]');
  return { context, page, paths };
}

async function submit(page, text) {
  await page.fill('[data-testid=image-input]', text);
  await page.press('[data-testid=image-input]', 'Enter');
}

/** Pastes `text` into the search box as a clipboard paste (lines kept). */
async function paste(page, text) {
  await page.evaluate((text) => {
    const input = document.querySelector('[data-testid=image-input]');
    input.focus();
    const data = new DataTransfer();
    data.setData('text/plain', text);
    input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

async function findingKinds(page) {
  await page.waitForSelector('[data-testid=doctor-diagnosis]', { timeout: 30_000 });
  return page.$$eval('[data-testid=doctor-finding]', (items) => items.map((i) => i.dataset.kind));
}

test('a docker pull line opens the image for its platform, and back skips the doctor', async () => {
  const { context, page, paths } = await start();
  await submit(page, `docker pull --platform linux/arm64 ${REGISTRY}/library/alpine:latest`);
  await viewReady(page);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('image'), `${REGISTRY}/library/alpine:latest`);
  assert.equal(url.searchParams.get('platform'), 'linux/arm64');
  assert.equal(url.searchParams.get('tool'), null);
  assert.equal(await page.textContent('[data-testid=reference]'), `${REGISTRY}/library/alpine:latest`);
  assert.ok(paths.includes('/doctor.js'), 'the doctor read the line');
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes('tool='));
  assert.equal(new URL(page.url()).search, '');
  await context.close();
});

test('a registry API URL opens the registry it names', async () => {
  const { context, page } = await start();
  await submit(page, 'http://127.0.0.1:5002/v2/_catalog');
  await page.waitForFunction(() => location.search === '?registry=127.0.0.1:5002', null, { timeout: 30_000 });
  await context.close();
});

test('curl commands pasted on several lines get findings and corrected commands, and stay out of the address bar', async () => {
  const { context, page } = await start();
  const session = "TOKEN=$(curl -s 'https://auth.docker.io/token?service=index.docker.io&scope=repository:alpine:pull' | jq -r .token)\n"
    + 'curl -H "Authorization: Bearer $TOKEN" \\\n  https://registry-1.docker.io/v2/alpine/manifests/3.20';
  await paste(page, session);
  const kinds = await findingKinds(page);
  for (const kind of ['MissingLibraryPrefix', 'WrongService', 'MissingAccept']) assert.ok(kinds.includes(kind), `${kind} in ${kinds}`);
  assert.equal(await page.textContent('[data-testid=doctor-title]'), '3 problems found');
  const commands = await page.textContent('[data-testid=doctor-commands]');
  assert.match(commands, /service=registry\.docker\.io/);
  assert.match(commands, /\/v2\/library\/alpine\/manifests\/3\.20/);
  assert.match(commands, /application\/vnd\.oci\.image\.index\.v1\+json/);
  assert.equal(await page.inputValue('[data-testid=doctor-input]'), session);
  assert.equal(new URL(page.url()).search, '?tool=doctor');
  await page.reload();
  assert.deepEqual(await findingKinds(page), kinds, 'a reload keeps the paste (this tab only)');
  await context.close();
});

test('typing in the doctor: a token URL with the wrong service, then a challenge', async () => {
  const { context, page } = await start();
  await page.goto(`${BASE}/?tool=doctor`);
  await page.waitForSelector('[data-testid=doctor-input]', { timeout: 30_000 });
  await page.fill('[data-testid=doctor-input]', 'https://auth.docker.io/token?service=index.docker.io&scope=repository:library/alpine:pull');
  assert.deepEqual(await findingKinds(page), ['WrongService']);
  await page.fill('[data-testid=doctor-input]', 'WWW-Authenticate: Basic realm="https://123456789012.dkr.ecr.us-east-1.amazonaws.com/",service="ecr.amazonaws.com"');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=doctor-finding]')].some((f) => f.dataset.kind === 'EcrBasicAuth'));
  assert.match(await page.textContent('[data-testid=doctor-diagnosis]'), /AWS/);
  assert.match(await page.textContent('[data-testid=doctor-diagnosis]'), /get-login-password --region us-east-1/);
  await context.close();
});

test('an invalid reference is explained by the doctor before any request', async () => {
  const { context, page } = await start();
  const requests = [];
  page.on('request', (r) => { if (r.url().includes('/relay')) requests.push(r.url()); });
  await submit(page, 'UPPER/Case:tag');
  await page.waitForSelector('[data-testid=doctor-unknown]', { timeout: 30_000 });
  assert.match(await page.textContent('[data-testid=doctor-unknown]'), /uppercase letters are not allowed/);
  assert.deepEqual(requests, []);
  await context.close();
});

test('the doctor module is not loaded until the doctor is shown', async () => {
  const { context, page, paths } = await start();
  await page.goto(`${BASE}/?image=${REGISTRY}/oci/single:1.0`);
  await viewReady(page);
  assert.ok(!paths.includes('/doctor.js') && !paths.includes('/doctor_bg.wasm'), paths.join(' '));
  await context.close();
});

test('an http:// registry URL marks its host as plain http for the tab', async () => {
  const { context, page } = await start();
  // The name resolves in the browser only: the relays never look it up (no DNS query leaves).
  const noRelay = (route) => route.fulfill({ status: 502, body: 'not for this test' });
  await page.route((url) => url.pathname === '/relay' && url.search.includes('registry.lan.test'), noRelay);
  const registry = [];
  page.on('request', (r) => { if (new URL(r.url()).hostname === 'registry.lan.test') registry.push(r.url()); });
  await submit(page, 'http://registry.lan.test:5002/');
  await page.waitForSelector('[data-testid=catalog-heading]', { timeout: 30_000 });
  assert.equal(new URL(page.url()).search, '?registry=registry.lan.test:5002');
  assert.ok(registry.length > 0 && registry.every((u) => u.startsWith('http://registry.lan.test:5002/')), registry.join('\n'));
  assert.equal(await page.evaluate(() => sessionStorage.getItem('regscope.plain-http')), 'registry.lan.test:5002');
  // Without the mark, the same registry is asked over https, which it does not speak.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.route((url) => url.pathname === '/relay' && url.search.includes('registry.lan.test'), noRelay);
  const tried = [];
  other.on('request', (r) => { if (new URL(r.url()).hostname === 'registry.lan.test') tried.push(r.url()); });
  await other.goto(`${BASE}/?registry=registry.lan.test:5002`);
  await other.waitForSelector('[data-testid=error]', { timeout: 30_000 });
  assert.ok(tried.some((u) => u.startsWith('https://registry.lan.test:5002/')), tried.join('\n'));
  await fresh.close();
  await context.close();
});
