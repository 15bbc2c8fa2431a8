// The lists a view loads on demand: the repository's tags (paginated) and the referrers of a
// manifest (the cosign signature of the seeded amd64 image).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openView, viewReady, seeded, imageOf, STACK_DIR, REGISTRY } from './support.mjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const rows = () => JSON.parse(readFileSync(join(STACK_DIR, 'seeded.json'), 'utf8'));

test('the tags tab lists every tag of many/tags, 50 per page', async () => {
  const expected = rows().filter((r) => r.repository === 'many/tags' && r.tag).map((r) => r.tag);
  assert.equal(expected.length, 121);
  const { context, page } = await openView(browser, `${REGISTRY}/many/tags:latest`, '&tab=tags');
  await page.waitForSelector('[data-testid=tags-heading]');
  assert.match(await page.textContent('[data-testid=tags-heading]'), /\(121\)/);
  const seen = [];
  for (let p = 1; p <= 3; p += 1) {
    assert.equal(await page.textContent('[data-testid=tags-page]'), ` Page ${p} of 3 `);
    const tags = await page.locator('[data-testid=tag]').allTextContents();
    assert.equal(tags.length, p < 3 ? 50 : 21);
    seen.push(...tags);
    if (p < 3) await page.click('[data-testid=tags-next]');
  }
  assert.ok(await page.isDisabled('[data-testid=tags-next]'));
  assert.deepEqual([...seen].sort(), [...expected].sort());
  // Shown in natural order (numbers compared as numbers), whatever order the registry sent.
  assert.deepEqual(seen.slice(0, 3), ['latest', 'v1.0.0', 'v1.0.1']);
  assert.equal(seen[91], 'v1.9.0');
  assert.equal(seen[101], 'v1.10.0');
  // Each tag links to its view.
  const href = await page.getAttribute('[data-testid=tag] >> nth=0', 'href');
  assert.equal(imageOf(href), `${REGISTRY}/many/tags:${seen[100]}`);
  // The tag list request is in the trace.
  await page.click('[data-testid=tab-trace]');
  const urls = await page.locator('[data-testid=trace-url]').allTextContents();
  assert.ok(urls.some((u) => u.includes('/v2/many/tags/tags/list')), urls.join('\n'));
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
