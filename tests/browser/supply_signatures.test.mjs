// The Supply chain tab's signatures: a cosign signature checked against a pasted key
// (verified), another key (invalid) and no key (not checked); a tampered payload (invalid); a
// keyless signature (the certificate's identity, its key's check, the chain plainly not
// checked); a Notary v2 signature. Digests come from the stack's seeded list; the key is the
// stack's TEST-ONLY public key file, and never goes into the address bar.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, seeded, BASE, REGISTRY } from './support.mjs';
import { BODY, TEST_KEY, OTHER_KEY, openSupply, checks, useKey } from './supply_support.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const tagOf = (digest, suffix) => `${digest.replace(':', '-')}.${suffix}`;

test('supply/signed: the .sig tag found; with the key verified, another key invalid, no key not checked; the key stays out of the address', async () => {
  const image = seeded('supply/signed:latest').digest;
  const { context, page } = await openSupply(browser, 'supply/signed');
  const card = page.locator(`${BODY} [data-testid=supply-artifact]`);
  assert.equal(await card.count(), 1);
  assert.equal(await card.getAttribute('data-kind'), 'cosign-signature');
  assert.equal(await card.getAttribute('data-found'), 'cosign-tag');
  assert.equal(await card.getAttribute('data-subject'), image);
  assert.match(await card.locator('[data-testid=supply-found]').textContent(), new RegExp(`cosign tag ${tagOf(image, 'sig')}`));
  assert.equal(await card.locator('[data-testid=supply-layer]').getAttribute('data-media-type'), 'application/vnd.dev.cosign.simplesigning.v1+json');
  assert.equal(await card.locator('[data-testid=supply-signed-reference]').textContent(), `${REGISTRY}/supply/signed`);
  // Without a key: the digest is compared, the signature is not checked, and says why.
  assert.deepEqual(await checks(page), ['digest=verified', 'signature=not-checked']);
  assert.match(await page.textContent(`${BODY} [data-testid=supply-check-signature]`), /not checked — no public key given/);
  assert.match(await page.textContent(`${BODY} [data-testid=supply-key-status]`), /No key given/);

  await useKey(page, TEST_KEY);
  assert.deepEqual(await checks(page), ['digest=verified', 'signature=verified']);
  assert.match(await page.textContent(`${BODY} [data-testid=supply-key-status]`), /pasted/);

  await useKey(page, OTHER_KEY);
  assert.deepEqual(await checks(page), ['digest=verified', 'signature=invalid']);
  assert.match(await page.textContent(`${BODY} [data-testid=supply-check-signature]`), /invalid — the signature does not match the payload and the key/);

  // Text that is not a key is refused at once, and the last answer stays.
  await page.fill(`${BODY} [data-testid=supply-key]`, 'not a key');
  await page.click(`${BODY} [data-testid=supply-key-apply]`);
  assert.match(await page.textContent(`${BODY} [data-testid=supply-key-error]`), /not a public key/);
  assert.deepEqual(await checks(page), ['digest=verified', 'signature=invalid']);

  // The address names the tab, never the key; it restores the tab.
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('tab'), 'supply');
  assert.ok(!page.url().includes('BEGIN') && !decodeURIComponent(page.url()).includes(TEST_KEY.split('\n')[1]));
  // The tab's requests are in its request list: the .sig manifest among them.
  const urls = await page.locator(`${BODY} [data-testid=trace-url]`).allTextContents();
  assert.ok(urls.some((u) => u.includes(`/v2/supply/signed/manifests/${tagOf(image, 'sig')}`)), urls.join('\n'));
  await context.close();
});

test('supply/tampered: the payload changed after signing is invalid with the right key', async () => {
  const { context, page } = await openSupply(browser, 'supply/tampered');
  await useKey(page, TEST_KEY);
  assert.deepEqual(await checks(page), ['digest=verified', 'signature=invalid']);
  assert.match(await page.textContent(`${BODY} [data-testid=supply-signed-reference]`), /supply\/tampered-tampered$/);
  await context.close();
});

test('supply/keyless: the certificate identity shown, the signature checked with its key, chain and log not checked', async () => {
  const { context, page } = await openSupply(browser, 'supply/keyless');
  assert.deepEqual(await checks(page), ['digest=verified', 'signature=not-checked', 'cert-signature=verified', 'chain=not-checked']);
  assert.match(await page.textContent(`${BODY} [data-testid=supply-check-chain]`), /not checked — chain and transparency log not checked/);
  assert.match(await page.textContent(`${BODY} [data-testid=supply-check-cert-signature]`), /verified — the signature matches the certificate's key/);
  assert.equal(await page.textContent(`${BODY} [data-testid=supply-cert-san] td`), 'https://example.invalid/regscope/supply-demo/.ci/release.yml@refs/heads/main');
  assert.equal(await page.textContent(`${BODY} [data-testid=supply-cert-oidc-issuer] td`), 'https://token.actions.example.invalid');
  assert.equal(await page.textContent(`${BODY} [data-testid=supply-cert-issuer] td`), 'CN=regscope TEST-ONLY CA,O=regscope');
  const fulcio = await page.locator(`${BODY} [data-testid=supply-cert-fulcio]`).allTextContents();
  assert.ok(fulcio.some((f) => f === 'Source repository URIhttps://example.invalid/regscope/supply-demo'), fulcio.join('\n'));
  // The cosign test key is not the certificate's key: that check fails on its own.
  await useKey(page, TEST_KEY);
  assert.deepEqual(await checks(page), ['digest=verified', 'signature=invalid', 'cert-signature=verified', 'chain=not-checked']);
  await context.close();
});

test('supply/notary: the Notary v2 signature found by the referrers tag, its target and signature verified, its chain not checked', async () => {
  const image = seeded('supply/notary:latest').digest;
  const { context, page } = await openSupply(browser, 'supply/notary');
  const card = page.locator(`${BODY} [data-testid=supply-artifact]`);
  assert.equal(await card.count(), 1);
  assert.equal(await card.getAttribute('data-kind'), 'notary-signature');
  assert.equal(await card.getAttribute('data-found'), 'referrers-tag');
  assert.equal(await card.locator('[data-testid=supply-artifact-type]').textContent(), 'application/vnd.cncf.notary.signature');
  assert.equal(await card.locator('[data-testid=supply-layer]').getAttribute('data-media-type'), 'application/jose+json');
  assert.match(await card.locator('[data-testid=supply-found]').textContent(), new RegExp(`referrers tag ${image.replace(':', '-')}`));
  assert.deepEqual(await checks(page), ['target=verified', 'cert-signature=verified', 'chain=not-checked']);
  assert.equal(await page.textContent(`${BODY} [data-testid=supply-cert-subject] td`), 'CN=regscope supply TEST-ONLY signer,O=regscope,C=ZZ');
  assert.match(await card.textContent(), /JWS, algorithm ES256/);
  await context.close();
});

test('the tab is on the tab bar and its link restores it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/?image=${REGISTRY}/supply/signed:latest`);
  await page.click('[data-testid=tab-supply]');
  await page.waitForSelector(`${BODY} [data-testid=supply-summary]`, { timeout: 90_000 });
  assert.equal(new URL(page.url()).searchParams.get('tab'), 'supply');
  assert.equal(await page.textContent('[data-testid=tab-supply]'), 'Supply chain');
  await context.close();
});
