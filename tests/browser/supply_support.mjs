// What the Supply chain tab's browser tests share: where the tab's module renders, the stack's
// TEST-ONLY cosign public key and another key, opening the tab in a fresh context, pasting a
// key, and reading the checks the tab shows.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKeyPairSync } from 'node:crypto';
import { BASE, REGISTRY } from './support.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** The Supply chain tab's body, where its module renders. */
export const BODY = '[data-testid=tab-body-supply] [data-lazy=supply]';

/** The public half of the stack's TEST-ONLY cosign key (it signed `supply/signed`). */
export const TEST_KEY = readFileSync(join(here, '..', 'stack', 'src', 'seed', 'supply', 'cosign-test-key.pub'), 'utf8');

/** A P-256 public key that signed nothing. */
export const OTHER_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' });

/** Opens `repository:latest`'s Supply chain tab in a new context of `browser` (with
 * `init`, a script run before the page's own, when given) and waits until it is gathered. */
export async function openSupply(browser, repository, init) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
  await page.goto(`${BASE}/?image=${REGISTRY}/${repository}:latest&tab=supply`);
  await gathered(page);
  return { context, page };
}

/** Waits until the tab shows what it gathered (or why it could not). */
export async function gathered(page) {
  await page.waitForSelector(`${BODY} [data-testid=supply-summary], ${BODY} [data-testid=supply-error]`, { timeout: 90_000 });
}

/** Every check the tab shows, in order, as `which=state` (e.g. `digest=verified`). */
export function checks(page) {
  return page.locator(`${BODY} [data-testid^=supply-check-]`).evaluateAll((lines) =>
    lines.map((l) => `${l.dataset.testid.replace('supply-check-', '')}=${l.dataset.state}`));
}

/** Pastes `pem` into the key form, applies it and waits until the tab has gathered again
 * with it (a later run of the tab's gathering than the one shown before). */
export async function useKey(page, pem) {
  const before = Number(await page.getAttribute(`${BODY} [data-testid=supply-summary]`, 'data-run'));
  await page.fill(`${BODY} [data-testid=supply-key]`, pem);
  await page.click(`${BODY} [data-testid=supply-key-apply]`);
  await page.waitForFunction(([body, run]) => Number(document.querySelector(`${body} [data-testid=supply-summary]`)?.dataset.run) > run,
    [BODY, before], { timeout: 90_000 });
}
