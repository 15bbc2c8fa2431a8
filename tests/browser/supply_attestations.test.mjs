// The Supply chain tab's attestations: SLSA provenance v0.2 and v1 summarised (and their DSSE
// envelopes checked against the pasted key), a statement about another image shown as a
// subject mismatch, an index's attestation manifests per platform, and hostile layers each
// with a clear error (the 50 MiB one never fetched). Digests come from the stack's seeded list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, seeded, STACK_DIR } from './support.mjs';
import { BODY, TEST_KEY, openSupply, checks, useKey } from './supply_support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The fields of each provenance summary shown: field → text. */
function provenance(page) {
  return page.locator(`${BODY} [data-testid=supply-provenance]`).evaluateAll((tables) => tables.map((t) => ({
    slsa: t.dataset.slsa,
    ...Object.fromEntries([...t.querySelectorAll('tr[data-testid^=supply-prov-]')]
      .map((tr) => [tr.dataset.testid.replace('supply-prov-', ''), tr.querySelector('td').textContent])),
    parameters: [...t.querySelectorAll('[data-testid=supply-prov-parameter]')].map((li) => li.textContent),
    materials: t.querySelectorAll('[data-testid=supply-prov-material]').length,
  })));
}

test('supply/provenance: SLSA v0.2 and v1 summarised; the envelopes verified with the key', async () => {
  const { context, page } = await openSupply(browser, 'supply/provenance');
  const card = page.locator(`${BODY} [data-testid=supply-artifact]`);
  assert.equal(await card.count(), 1);
  assert.equal(await card.getAttribute('data-kind'), 'attestation');
  assert.equal(await card.getAttribute('data-found'), 'cosign-tag');
  const media = await card.locator('[data-testid=supply-layer]').evaluateAll((ls) => ls.map((l) => l.dataset.mediaType));
  assert.deepEqual(media, ['application/vnd.dsse.envelope.v1+json', 'application/vnd.dsse.envelope.v1+json']);
  const [v02, v1] = await provenance(page);
  assert.equal(v02.slsa, 'v0.2');
  assert.equal(v02.builder, 'https://example.invalid/builders/regscope-test@v1');
  assert.equal(v02['source-repository'], 'https://example.invalid/regscope/supply-demo');
  assert.equal(v02['source-commit'], '0123456789abcdef0123456789abcdef01234567');
  assert.equal(v02['entry-point'], 'Dockerfile');
  assert.deepEqual(v02.parameters, ['build-arg.VERSION=1.0', 'target=release']);
  assert.equal(v02.materials, 2);
  assert.equal(v1.slsa, 'v1');
  assert.equal(v1.builder, 'https://example.invalid/builders/regscope-workflow@v1');
  assert.equal(v1['build-type'], 'https://example.invalid/build-types/workflow@v1');
  assert.equal(v1['entry-point'], '.ci/release.yml');
  assert.equal(v1['source-commit'], '0123456789abcdef0123456789abcdef01234567');
  assert.deepEqual(await checks(page), ['subject=verified', 'signature=not-checked', 'subject=verified', 'signature=not-checked']);
  await useKey(page, TEST_KEY);
  assert.deepEqual(await checks(page), ['subject=verified', 'signature=verified', 'subject=verified', 'signature=verified']);
  await context.close();
});

test('supply/mismatch: a statement about another image is shown as a subject mismatch', async () => {
  const image = seeded('supply/mismatch:latest').digest;
  const { context, page } = await openSupply(browser, 'supply/mismatch');
  assert.deepEqual(await checks(page), ['subject=invalid', 'signature=not-checked']);
  const text = await page.textContent(`${BODY} [data-testid=supply-check-subject]`);
  const named = /the statement is about (sha256:[0-9a-f]{64}), not this manifest \((sha256:[0-9a-f]{64})\)/.exec(text);
  assert.ok(named, text);
  assert.notEqual(named[1], image);
  assert.equal(named[2], image);
  await context.close();
});

test('supply/index: each platform\'s BuildKit attestation manifest, its SBOM and provenance, subjects matched', async () => {
  const { context, page } = await openSupply(browser, 'supply/index');
  const cards = page.locator(`${BODY} [data-testid=supply-artifact]`);
  const seen = await cards.evaluateAll((cs) => cs.map((c) => [c.dataset.platform, c.dataset.kind, c.dataset.found, c.dataset.subject, c.querySelector('h3').textContent]));
  assert.deepEqual(seen.map((s) => s.slice(0, 3)), [
    ['linux/amd64', 'buildkit-attestation', 'attestation-manifest'],
    ['linux/arm64/v8', 'buildkit-attestation', 'attestation-manifest'],
  ]);
  assert.deepEqual(seen.map((s) => s[4]), ['BuildKit attestation for linux/amd64', 'BuildKit attestation for linux/arm64/v8']);
  // Each card's subject is that platform's image manifest, as seeded.
  assert.equal(seen[0][3], seededPlatform('linux/amd64'));
  assert.equal(seen[1][3], seededPlatform('linux/arm64/v8'));
  for (let i = 0; i < 2; i += 1) {
    const card = cards.nth(i);
    assert.deepEqual(await card.locator('[data-testid=supply-layer]').evaluateAll((ls) => ls.map((l) => l.dataset.mediaType)),
      ['application/vnd.in-toto+json', 'application/vnd.in-toto+json']);
    assert.equal(await card.locator('[data-testid=supply-sbom]').getAttribute('data-format'), 'SPDX-2.2');
    assert.equal(await card.locator('[data-testid=supply-sbom]').getAttribute('data-total'), '2');
    assert.equal(await card.locator('[data-testid=supply-provenance]').count(), 1);
    assert.deepEqual(await card.locator('[data-testid=supply-check-subject]').evaluateAll((ls) => ls.map((l) => l.dataset.state)), ['verified', 'verified']);
    assert.match(await card.locator('[data-testid=supply-check-signature]').first().textContent(), /not checked — a bare statement carries no signature/);
  }
  await context.close();
});

/** The seeded image manifest of supply/index for `platform`. */
function seededPlatform(platform) {
  const index = seeded('supply/index:latest');
  assert.equal(index.kind, 'oci-index');
  return seededRows().find((r) => r.repository === 'supply/index' && r.kind === 'oci-manifest' && r.platform === platform).digest;
}

/** Every seeded row, as tests/stack/up wrote them. */
function seededRows() {
  return JSON.parse(readFileSync(join(STACK_DIR, 'seeded.json'), 'utf8'));
}

test('supply/hostile: invalid base64, a wrong payload type and a 50 MiB layer each give a clear error, the large one unfetched', async () => {
  const fetched = [];
  const { context, page } = await openSupply(browser, 'supply/hostile');
  page.on('request', (r) => fetched.push(r.url()));
  const errors = await page.locator(`${BODY} [data-testid=supply-layer-error]`).allTextContents();
  assert.deepEqual(errors, [
    'Not read: the DSSE payload is not valid base64 (standard or URL-safe)',
    'Not read: the DSSE payload type is "text/plain", expected "application/vnd.in-toto+json"',
    `Not read: ${50 * 1024 * 1024} bytes is more than the ${16 * 1024 * 1024}-byte limit: not fetched`,
  ]);
  const layers = page.locator(`${BODY} [data-testid=supply-layer]`);
  const third = await layers.nth(2).locator('code').nth(1).textContent();
  // The tab's request list has no GET of the refused blob.
  const urls = await page.locator(`${BODY} [data-testid=trace-url]`).allTextContents();
  assert.ok(urls.length > 0);
  assert.ok(!urls.some((u) => u.includes(`/blobs/${third}`)), urls.join('\n'));
  assert.ok(!fetched.some((u) => decodeURIComponent(u).includes(third)));
  await context.close();
});
