// Shared support for the browser tests: launching Debian's Chromium headless, the seeded
// digests written by tests/stack/up, and a plain token-flow client to fetch expected values
// straight from the registry (independently of the app).
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const BASE = process.env.REGSCOPE_URL ?? 'http://127.0.0.1:18080';
export const STACK_DIR = process.env.REGSCOPE_STACK_DIR ?? join(here, '..', 'stack', 'run');
export const REGISTRY = '127.0.0.1:5000';

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** Chromium as root, headless, on a closed network: every flag here is needed. Each launch
 * gets a fresh temporary profile from Playwright. Host names never reach a resolver: the app's
 * direct probes of registries by their public names (ghcr.io…) fail at once, as they would
 * on a network without DNS, and no lookup leaves the machine; tests use loopback addresses.
 * `resolverRules` come first (e.g. `MAP rebind.test 127.0.0.1`, a name of the test's own). */
export async function launch(resolverRules = []) {
  // registry.lan.test stands for a registry on a LAN, reached by name over plain http.
  const rules = [...resolverRules, 'MAP registry.lan.test 127.0.0.1', 'MAP * ~NOTFOUND', 'EXCLUDE localhost', 'EXCLUDE 127.0.0.1'];
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      `--host-resolver-rules=${rules.join(', ')}`,
    ],
  });
}

/** The seeded images, as tests/stack/up wrote them. */
export function seeded(repositoryAndTag) {
  const rows = JSON.parse(readFileSync(join(STACK_DIR, 'seeded.json'), 'utf8'));
  const row = rows.find((r) => `${r.repository}:${r.tag}` === repositoryAndTag);
  if (!row) throw new Error(`${repositoryAndTag} is not in seeded.json`);
  return row;
}

/** GETs `url` from the registry with the token flow done by hand (anonymous). */
async function registryGet(url, headers = {}) {
  const first = await fetch(url, { headers });
  if (first.status !== 401) return first;
  const challenge = first.headers.get('www-authenticate');
  const param = (name) => new RegExp(`${name}="([^"]*)"`).exec(challenge)?.[1];
  const tokenUrl = `${param('realm')}?service=${encodeURIComponent(param('service'))}&scope=${encodeURIComponent(param('scope'))}`;
  const { token } = await (await fetch(tokenUrl)).json();
  return fetch(url, { headers: { ...headers, Authorization: `Bearer ${token}` } });
}

/** GETs a manifest from the registry with the token flow done by hand. */
export async function registryManifest(repository, target) {
  const url = `http://${REGISTRY}/v2/${repository}/manifests/${target}`;
  const response = await registryGet(url, { Accept: ACCEPT });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return { digest: response.headers.get('docker-content-digest'), body: await response.json() };
}

/** GETs a JSON blob (a config) from the registry. */
export async function registryBlob(repository, digest) {
  const url = `http://${REGISTRY}/v2/${repository}/blobs/${digest}`;
  const response = await registryGet(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

/** The config of an image manifest (by tag or digest). */
export async function registryConfig(repository, target) {
  const manifest = await registryManifest(repository, target);
  return registryBlob(repository, manifest.body.config.digest);
}

/** The `image` query value of a link's href. */
export function imageOf(href) {
  return new URL(href, BASE).searchParams.get('image');
}

/** Waits until the view is rendered: its headline, or the error card. */
export async function viewReady(page) {
  await page.waitForSelector('[data-testid=reference], [data-testid=error]', { timeout: 30_000 });
}

/** Opens `?image=reference` (plus `extra` query text, e.g. `&tab=json`) in a fresh context
 * and waits until the view is rendered. */
export async function openView(browser, reference, extra = '') {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/?image=${reference}${extra}`);
  await viewReady(page);
  return { context, page };
}
