// The lists a view loads on demand, in the browse module: the repository's tags (the tag viewed
// marked) and the referrers of a manifest (the cosign signature of the seeded amd64 image).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openView, viewReady, seeded, imageOf, STACK_DIR, REGISTRY } from './support.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const rows = () => JSON.parse(readFileSync(join(STACK_DIR, 'seeded.json'), 'utf8'));

test('the tags tab lists every tag of many/tags through the browse module, the tag viewed marked', async () => {
  const expected = rows().filter((r) => r.repository === 'many/tags' && r.tag).map((r) => r.tag);
  assert.equal(expected.length, 121);
  const { context, page } = await openView(browser, `${REGISTRY}/many/tags:latest`, '&tab=tags');
  const body = '[data-testid=tab-body-tags] [data-lazy=browse]';
  await page.waitForSelector(`${body} [data-testid=tags-table] [data-testid=tag]`, { timeout: 30_000 });
  assert.match(await page.textContent(`${body} [data-testid=repository-heading]`), /\(121\)/);
  const seen = await page.locator(`${body} [data-testid=tag]`).allTextContents();
  assert.equal(seen.length, 121, 'the whole list (distribution sends it in one page)');
  assert.deepEqual([...seen].sort(), [...expected].sort());
  // Shown in natural order (numbers compared as numbers), whatever order the registry sent.
  assert.deepEqual(seen.slice(0, 3), ['latest', 'v1.0.0', 'v1.0.1']);
  assert.equal(seen[91], 'v1.9.0');
  assert.equal(seen[101], 'v1.10.0');
  // The tag viewed is marked, and only it.
  assert.equal(await page.locator(`${body} [data-testid=tag-viewed]`).count(), 1);
  assert.equal(await page.getAttribute(`${body} tr[data-tag=latest]`, 'aria-current'), 'true');
  assert.equal(await page.locator(`${body} tr[aria-current=true]`).count(), 1);
  // Each tag links to its view.
  const href = await page.getAttribute(`${body} [data-testid=tag] >> nth=100`, 'href');
  assert.equal(imageOf(href), `${REGISTRY}/many/tags:${seen[100]}`);
  // The tag list request is in the list's own trace (the module's exchanges).
  const urls = await page.locator(`${body} [data-testid=trace-url]`).allTextContents();
  assert.ok(urls.some((u) => u.includes('/v2/many/tags/tags/list')), urls.join('\n'));
  // A tag opens its view in the main app, and the module leaves with the tab.
  await page.click(`${body} tr[data-tag="v1.10.0"] [data-testid=tag]`);
  await viewReady(page);
  assert.equal(await page.textContent('[data-testid=reference]'), `${REGISTRY}/many/tags:v1.10.0`);
  assert.equal(await page.locator('[data-lazy=browse]').count(), 0);
  await context.close();
});

test('the referrers tab of the amd64 manifest lists its cosign signature', async () => {
  const all = rows();
  const amd64 = all.find((r) => r.repository === 'library/alpine' && r.platform === 'linux/amd64' && r.kind === 'oci-manifest');
  const signature = all.find((r) => r.tag === `sha256-${amd64.digest.slice(7)}.sig`);
  const { context, page } = await openView(browser, `${REGISTRY}/library/alpine@${amd64.digest}`, '&tab=referrers');
  await page.waitForSelector('[data-testid=referrer-row]');
  const links = await page.locator('[data-testid=referrer-link]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.map(imageOf).includes(`${REGISTRY}/library/alpine@${signature.digest}`), links.join('\n'));
  assert.match((await page.locator('[data-testid=referrer-type]').allTextContents()).join(' '), /cosign/);
  assert.ok((await page.locator('[data-testid=referrer-kind]').allTextContents()).includes('signature'));
  assert.equal(await page.locator('[data-testid=tab-body-referrers] [data-lazy=browse] [data-testid=referrer-row]').count(),
    await page.locator('[data-testid=referrer-row]').count(), 'listed by the module, inside the tab');
  await page.click('[data-testid=referrer-link] >> nth=0');
  await page.waitForSelector('[data-testid=top-role]');
  assert.equal(await page.textContent('[data-testid=top-role]'), 'signature');
  assert.equal(imageOf(await page.getAttribute('[data-testid=subject-link]', 'href')), `${REGISTRY}/library/alpine@${amd64.digest}`);
  await context.close();
});

test('a manifest without referrers says so', async () => {
  const single = seeded('oci/single:1.0');
  const { context, page } = await openView(browser, `${REGISTRY}/oci/single@${single.digest}`, '&tab=referrers');
  await page.waitForSelector('[data-testid=no-referrers]');
  await viewReady(page);
  assert.equal(await page.locator('[data-testid=referrer-row]').count(), 0);
  await context.close();
});
