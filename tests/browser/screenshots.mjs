// Saves screenshots of the main views into docs/ (not a test): the overview of the seeded
// multi-platform image, its config, JSON and request tabs, an error, and the Supply chain tab.
//   REGSCOPE_URL=http://127.0.0.1:18081 node tests/browser/screenshots.mjs [OUT_DIR]
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { launch, BASE, REGISTRY } from './support.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2] ?? join(here, '..', '..', 'docs');
mkdirSync(out, { recursive: true });

const alpine = `${REGISTRY}/library/alpine:latest`;
const shots = [
  ['screenshot.png', `?image=${alpine}`],
  ['screenshot-config.png', `?image=${alpine}&tab=config`],
  ['screenshot-json.png', `?image=${alpine}&tab=json`],
  ['screenshot-trace.png', `?image=${alpine}&tab=trace`],
  ['screenshot-error.png', `?image=${REGISTRY}/library/alpine:nope`],
];

const browser = await launch();
try {
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    for (const [name, query] of shots) {
      if (scheme === 'dark' && name !== 'screenshot.png') continue;
      await page.goto(`${BASE}/${query}`);
      await page.waitForSelector('[data-testid=reference], [data-testid=error]', { timeout: 30_000 });
      const file = scheme === 'dark' ? name.replace('.png', '-dark.png') : name;
      await page.screenshot({ path: join(out, file) });
      console.log(join(out, file));
    }
    await context.close();
  }
  const narrow = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await narrow.newPage();
  await page.goto(`${BASE}/?image=${alpine}`);
  await page.waitForSelector('[data-testid=reference]', { timeout: 30_000 });
  await page.screenshot({ path: join(out, 'screenshot-narrow.png') });
  console.log(join(out, 'screenshot-narrow.png'));
  await narrow.close();
  // The Supply chain tab of the keyless-signed image (its module loads, then gathers).
  const wide = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const supply = await wide.newPage();
  await supply.goto(`${BASE}/?image=${REGISTRY}/supply/keyless:latest&tab=supply`);
  await supply.waitForSelector('[data-lazy=supply] [data-testid=supply-summary]', { timeout: 60_000 });
  await supply.locator('[data-lazy=supply] [data-testid=supply-artifact]').scrollIntoViewIfNeeded();
  await supply.screenshot({ path: join(out, 'screenshot-supply.png') });
  console.log(join(out, 'screenshot-supply.png'));
  await wide.close();
} finally {
  await browser.close();
}
