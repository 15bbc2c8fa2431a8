// The Supply chain tab's SBOMs on supply/sbom: SPDX 2.3 and CycloneDX 1.5 attestations found
// through the referrers tag and a bare SPDX document under the cosign .sbom tag, each as a
// package table; the 10,000-package one virtualised (a screenful of rows in the DOM), searched,
// sorted by version, with its counts per ecosystem. The longest main-thread task while it
// loads and is used is measured (PerformanceObserver 'longtask') and reported, not asserted:
// the machine is shared.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, seeded } from './support.mjs';
import { BODY, openSupply } from './supply_support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Collects every long task's duration from the page's start. */
const LONG_TASKS = () => {
  window.supplyLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.supplyLongTasks.push(Math.round(entry.duration));
  }).observe({ type: 'longtask', buffered: true });
};

/** The names of the rows in the DOM of table `n`. */
function names(page, n) {
  return page.locator(`${BODY} [data-testid=supply-sbom]`).nth(n).locator('[data-testid=supply-sbom-row]')
    .evaluateAll((rows) => rows.map((r) => r.dataset.name));
}

test('supply/sbom: SPDX and CycloneDX package tables, searched, sorted, counted per ecosystem; 10,000 packages virtualised', async (t) => {
  const image = seeded('supply/sbom:latest').digest;
  const started = Date.now();
  const { context, page } = await openSupply(browser, 'supply/sbom', LONG_TASKS);
  await page.waitForSelector(`${BODY} [data-testid=supply-sbom][data-total="10000"] [data-testid=supply-sbom-row]`);
  const shownAfter = Date.now() - started;
  const cards = await page.locator(`${BODY} [data-testid=supply-artifact]`).evaluateAll((cs) => cs.map((c) => [c.dataset.kind, c.dataset.found]));
  assert.deepEqual(cards, [['attestation', 'referrers-tag'], ['attestation', 'referrers-tag'], ['cosign-sbom', 'cosign-tag']]);
  assert.match(await page.locator(`${BODY} [data-testid=supply-found]`).last().textContent(), new RegExp(`${image.replace(':', '-')}\\.sbom`));
  const tables = await page.locator(`${BODY} [data-testid=supply-sbom]`).evaluateAll((ts) => ts.map((s) => [s.dataset.format, s.dataset.total]));
  assert.deepEqual(tables, [['SPDX-2.3', '4'], ['CycloneDX 1.5', '10000'], ['SPDX-2.3', '3']]);
  assert.deepEqual(await page.locator(`${BODY} [data-testid=supply-check-subject]`).evaluateAll((ls) => ls.map((l) => l.dataset.state)), ['verified', 'verified']);

  // The SPDX attestation: its npm package with purl and licence.
  const spdx = page.locator(`${BODY} [data-testid=supply-sbom]`).nth(0);
  const npmRow = spdx.locator('[data-testid=supply-sbom-row][data-ecosystem=npm]');
  assert.equal(await npmRow.count(), 1);
  const cells = await npmRow.locator('[role=cell]').allTextContents();
  assert.deepEqual([cells[0], cells[1], cells[3], cells[4], cells[5]], ['pkg-00001', '1.0.1', 'npm', 'pkg:npm/pkg-00001@1.0.1', 'Apache-2.0']);

  // The CycloneDX one: counts per ecosystem, and only a screenful of its 10,000 rows in the DOM.
  const cdx = page.locator(`${BODY} [data-testid=supply-sbom]`).nth(1);
  const counts = await cdx.locator('[data-testid=supply-ecosystem]').evaluateAll((ls) => ls.map((l) => `${l.dataset.ecosystem}=${l.dataset.count}`));
  assert.deepEqual(counts, ['apk=2500', 'golang=2500', 'npm=2500', 'pypi=2500']);
  const list = cdx.locator('[data-testid=supply-sbom-list]');
  assert.equal(await list.getAttribute('data-count'), '10000');
  const inDom = await cdx.locator('[data-testid=supply-sbom-row]').count();
  assert.ok(inDom > 0 && inDom <= 40, `${inDom} rows in the DOM`);
  // In document order until a column is picked; then by name, ascending, and descending.
  assert.equal(await cdx.locator('[role=columnheader]:not([aria-sort=none])').count(), 0);
  await cdx.locator('[data-testid=supply-sbom-sort-name]').click();
  await page.waitForSelector(`${BODY} [role=columnheader][aria-sort=ascending] [data-testid=supply-sbom-sort-name]`);
  const ascending = await names(page, 1);
  assert.ok(ascending.length > 1);
  assert.deepEqual(ascending, [...ascending].sort());
  await cdx.locator('[data-testid=supply-sbom-sort-name]').click();
  await page.waitForSelector(`${BODY} [role=columnheader][aria-sort=descending] [data-testid=supply-sbom-sort-name]`);
  const descending = await names(page, 1);
  assert.deepEqual(descending, [...descending].sort().reverse());
  assert.notDeepEqual(descending, ascending);
  // Scrolled half-way: other rows, still a screenful.
  await list.evaluate((el) => { el.scrollTop = 5000 * 26; el.dispatchEvent(new Event('scroll')); });
  await page.waitForFunction((body) => {
    const row = document.querySelectorAll(`${body} [data-testid=supply-sbom]`)[1].querySelector('[data-testid=supply-sbom-row]');
    return Number(row?.getAttribute('aria-rowindex')) > 4000;
  }, BODY);
  assert.ok(await cdx.locator('[data-testid=supply-sbom-row]').count() <= 40);

  // Searched: the pypi packages; sorted by version, descending.
  await cdx.locator('[data-testid=supply-sbom-search]').fill('pypi');
  await page.waitForFunction((body) => document.querySelectorAll(`${body} [data-testid=supply-sbom-list]`)[1].dataset.count === '2500', BODY);
  assert.match(await cdx.locator('[data-testid=supply-sbom-shown]').textContent(), /2500 of 10000 shown/);
  assert.ok((await cdx.locator('[data-testid=supply-sbom-row]').evaluateAll((rs) => rs.map((r) => r.dataset.ecosystem))).every((e) => e === 'pypi'));
  await cdx.locator('[data-testid=supply-sbom-sort-version]').click();
  await cdx.locator('[data-testid=supply-sbom-sort-version]').click();
  await page.waitForFunction((body) => document.querySelectorAll(`${body} [data-testid=supply-sbom]`)[1]
    .querySelector('[role=columnheader][aria-sort=descending] [data-testid=supply-sbom-sort-version]'), BODY);
  assert.equal((await names(page, 1))[0], 'pkg-09998');

  // The bare SPDX document of the .sbom tag.
  assert.equal(await page.locator(`${BODY} [data-testid=supply-sbom]`).nth(2).locator('[data-testid=supply-sbom-row]').count(), 3);

  const longTasks = await page.evaluate(() => window.supplyLongTasks);
  const report = `10,000-package SBOM shown ${shownAfter} ms after navigation; longest main-thread task ${Math.max(0, ...longTasks)} ms; long tasks (ms): ${longTasks.join(' ') || 'none'}`;
  t.diagnostic(report);
  console.log(report);
  await context.close();
});
