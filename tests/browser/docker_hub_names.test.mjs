// Docker Hub's names, offline: the test relay maps registry-1.docker.io to the local registry
// (`--map-host`, as scripts/test starts it), so pasting plain `alpine` runs the real flow for
// docker.io/library/alpine: the `library/` prefix, the API host registry-1.docker.io, and the
// scope the challenge names. Direct browser requests to that host are aborted, so nothing
// leaves loopback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, viewReady, seeded, BASE } from './support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('`alpine` is docker.io/library/alpine, asked of registry-1.docker.io', async () => {
  const context = await browser.newContext();
  await context.route('https://registry-1.docker.io/**', (route) => route.abort());
  const page = await context.newPage();
  await page.goto(`${BASE}/?image=alpine&tab=trace`);
  await viewReady(page);
  assert.equal(await page.textContent('[data-testid=top-digest]'), seeded('library/alpine:latest').digest);
  const urls = await page.locator('[data-testid=trace-url]').allTextContents();
  assert.equal(urls[0], 'https://registry-1.docker.io/v2/library/alpine/manifests/latest');
  assert.ok(urls.some((u) => u.includes('scope=repository%3Alibrary%2Falpine%3Apull')), urls.join('\n'));
  assert.match(await page.textContent('[data-testid=pull-command]'), /docker pull docker\.io\/library\/alpine@sha256:/);
  await context.close();
});
