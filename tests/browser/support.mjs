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
 * gets a fresh temporary profile from Playwright. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
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

/** GETs a manifest from the registry with the token flow done by hand. */
export async function registryManifest(repository, target) {
  const url = `http://${REGISTRY}/v2/${repository}/manifests/${target}`;
  const first = await fetch(url, { headers: { Accept: ACCEPT } });
  let response = first;
  if (first.status === 401) {
    const challenge = first.headers.get('www-authenticate');
    const param = (name) => new RegExp(`${name}="([^"]*)"`).exec(challenge)?.[1];
    const tokenUrl = `${param('realm')}?service=${encodeURIComponent(param('service'))}&scope=${encodeURIComponent(param('scope'))}`;
    const { token } = await (await fetch(tokenUrl)).json();
    response = await fetch(url, { headers: { Accept: ACCEPT, Authorization: `Bearer ${token}` } });
  }
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return { digest: response.headers.get('docker-content-digest'), body: await response.json() };
}

/** Opens `?image=reference` in a fresh context and waits until the config is rendered. */
export async function openView(browser, reference) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/?image=${reference}`);
  await page.waitForSelector('[data-testid=config-json], [data-testid=error]', { timeout: 30_000 });
  return { context, page };
}
