// The app against every registry the zoo emulates, by real names: a relay of its own started
// with the zoo's --map-host flags (run/stack.json), each registry's image view rendered with the
// seeded digest, credentials entered in the page where the registry requires them (and used
// on the very next request: no 401 in the trace after submitting them), Docker Hub's pull
// quota in the summary, and the words for an ECR challenge and an unreachable host.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, seeded, viewReady, STACK_DIR } from './support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stack = JSON.parse(readFileSync(join(STACK_DIR, 'stack.json'), 'utf8'));
const zoo = stack.zoo;
const cred = zoo.credentials;
const LISTEN = `127.0.0.1:${process.env.REGSCOPE_ZOO_RELAY_PORT ?? 18090}`;
const BASE = `http://${LISTEN}`;

let browser;
let relay;

async function healthy() {
  for (let i = 0; i < 150; i += 1) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the zoo relay on ${LISTEN} did not start`);
}

before(async () => {
  const bin = process.env.REGSCOPE_RELAY_BIN ?? join(root, 'target', 'debug', 'regscope-relay');
  relay = spawn(bin, [
    '--listen', LISTEN, '--static-dir', join(root, 'dist'), '--no-prerender',
    '--insecure-registry', '127.0.0.1', '--insecure-registry', 'harbor.local', ...zoo.map_hosts,
  ], { stdio: 'ignore' });
  await healthy();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  relay?.kill();
});

async function open(image) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/?image=${image}`);
  await viewReady(page);
  return { context, page };
}

async function traceStatuses(page) {
  await page.click('[data-testid=tab-trace]');
  await page.waitForSelector('[data-testid=trace-row]');
  return page.locator('[data-testid=trace-status]').allTextContents();
}

const PUBLIC = [
  ['docker.io/library/alpine:latest', 'library/alpine:latest'],
  ['ghcr.io/regscope/alpine:latest', 'library/alpine:latest'],
  ['quay.io/regscope/alpine:latest', 'library/alpine:latest'],
  ['us-docker.pkg.dev/regscope-public/images/alpine:latest', 'library/alpine:latest'],
  ['registry.k8s.io/pause:latest', 'docker/list:latest'],
  ['public.ecr.aws/docker/library/alpine:latest', 'library/alpine:latest'],
  ['regscope.azurecr.io/alpine:latest', 'library/alpine:latest'],
  ['harbor.local/library/alpine:latest', 'library/alpine:latest'],
  ['registry.gitlab.com/regscope/regscope:latest', 'library/alpine:latest'],
  ['mcr.microsoft.com/regscope/list:latest', 'docker/list:latest'],
];

for (const [image, row] of PUBLIC) {
  test(`${image} renders the seeded image`, async () => {
    const { context, page } = await open(image);
    assert.equal(await page.textContent('[data-testid=top-digest]'), seeded(row).digest, image);
    assert.ok(await page.locator('[data-testid=platform-row], [data-testid=layer-row]').count() > 0
      || await page.locator('[data-testid=top-kind]').count() === 1);
    await context.close();
  });
}

test('registry.k8s.io: the trace shows each hop to the regional host, and its own challenge and token', async () => {
  const rowsOf = async (page, tab = true) => {
    const statuses = tab ? await traceStatuses(page) : await page.locator('[data-testid=trace-status]').allTextContents();
    const urls = await page.locator('[data-testid=trace-url]').allTextContents();
    return urls.map((url, i) => [statuses[i].trim(), url]);
  };
  const regional = (url) => new URL(url).hostname === 'us-west1-docker.pkg.dev';
  // A public image: each request answered 307 by registry.k8s.io, then by the region.
  const { context, page } = await open('registry.k8s.io/pause:latest');
  const rows = await rowsOf(page);
  const manifest = rows.findIndex(([status, url]) => status === '307' && url === 'https://registry.k8s.io/v2/pause/manifests/latest');
  assert.ok(manifest >= 0, JSON.stringify(rows));
  assert.deepEqual(rows[manifest + 1], ['200', 'https://us-west1-docker.pkg.dev/v2/k8s-artifacts-prod/images/pause/manifests/latest']);
  await context.close();
  // Not in the region's public repositories: the region challenges, the app asks the region's
  // own token endpoint and sends that token to the region only.
  const missing = await open('registry.k8s.io/regscope-missing/app:1.0');
  const steps = await rowsOf(missing.page, false);
  const at = steps.findIndex(([status, url]) => status === '307' && url.startsWith('https://registry.k8s.io/v2/regscope-missing/'));
  assert.ok(at >= 0, JSON.stringify(steps));
  const after = steps.slice(at + 1);
  assert.ok(after.length >= 3 && after.every(([, url]) => regional(url)), JSON.stringify(steps));
  assert.equal(after[0][0], '401');
  assert.ok(after[1][0] === '200' && after[1][1].startsWith('https://us-west1-docker.pkg.dev/v2/token?'), JSON.stringify(after));
  assert.equal(await missing.page.getAttribute('[data-testid=error]', 'data-kind'), 'unauthorized');
  await missing.context.close();
});

const PRIVATE = [
  [`${Object.keys(zoo.hosts).find((h) => h.includes('.dkr.ecr.'))}/regscope/alpine:latest`, 'library/alpine:latest', cred.ecr_user, cred.ecr_password],
  ['harbor.local/regscope/app:1.0', 'private/app:1.0', cred.user, cred.password],
  ['ghcr.io/regscope/private:1.0', 'private/app:1.0', cred.user, cred.password],
  ['docker.io/regscope/private:1.0', 'private/app:1.0', cred.user, cred.password],
  ['us-docker.pkg.dev/regscope-project/images/alpine:latest', 'library/alpine:latest', cred.google_user, cred.google_access_token],
  ['registry.gitlab.com/regscope/private:1.0', 'private/app:1.0', cred.user, cred.password],
];

for (const [image, row, username, password] of PRIVATE) {
  test(`${image}: credentials entered in the page go with the very next request`, async () => {
    const { context, page } = await open(image);
    // Refused by the registry, or by its token endpoint (GHCR: anonymous tokens for private
    // packages are refused); either way the form is open.
    assert.match(await page.getAttribute('[data-testid=error]', 'data-kind'), /^(unauthorized|token-refused)$/, image);
    await page.fill('[data-testid=cred-username]', username);
    await page.fill('[data-testid=cred-password]', password);
    await page.click('[data-testid=cred-submit]');
    await page.waitForSelector('[data-testid=top-digest]');
    assert.equal(await page.textContent('[data-testid=top-digest]'), seeded(row).digest, image);
    const statuses = await traceStatuses(page);
    assert.ok(statuses.length > 0);
    assert.ok(!statuses.some((s) => s.includes('401')), `${image}: no 401 after the credentials: ${statuses}`);
    await context.close();
  });
}

test('ECR without credentials names user AWS and the login command for its region', async () => {
  const host = Object.keys(zoo.hosts).find((h) => h.includes('.dkr.ecr.'));
  const { context, page } = await open(`${host}/regscope/alpine:latest`);
  const text = await page.textContent('[data-testid=error]');
  assert.match(text, /"AWS"/);
  assert.match(text, /aws ecr get-login-password --region us-east-1/);
  await context.close();
});

test("Docker Hub's pull quota is in the summary, and only there", async () => {
  const { context, page } = await open('docker.io/library/alpine:latest');
  assert.match(await page.textContent('[data-testid=pull-quota]'), /^\d+ of 100 pulls left \(6 h window\)$/);
  await context.close();
  const other = await open('ghcr.io/regscope/alpine:latest');
  assert.equal(await other.page.locator('[data-testid=pull-quota]').count(), 0);
  await other.context.close();
});

test('an unreachable registry host is named as such, not as a relay refusal', async () => {
  const { context, page } = await open('127.0.0.1:5998/x/y:1');
  assert.equal(await page.getAttribute('[data-testid=error]', 'data-kind'), 'network');
  const text = await page.textContent('[data-testid=error]');
  assert.match(text, /could not connect to 127\.0\.0\.1:5998/);
  assert.doesNotMatch(text, /relay refused/);
  await context.close();
});
