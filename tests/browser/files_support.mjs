// What the Files tab's browser tests share: where the tab's module renders, a layer blob from
// the CORS registry, the files of a tar to compare against, opening the tab in a fresh
// context, waiting for every streamed layer to end, and the paths the list shows.
import assert from 'node:assert/strict';

/** The Files tab's body, where its module renders. */
export const BODY = '[data-testid=tab-body-files] [data-lazy=files]';

/** GETs a blob from the CORS registry (the same blobs as :5000, no token). */
export async function blob(repository, digest) {
  const response = await fetch(`http://127.0.0.1:5002/v2/${repository}/blobs/${digest}`);
  assert.equal(response.status, 200, `${repository} ${digest}`);
  return Buffer.from(await response.arrayBuffer());
}

/** The regular files of an uncompressed ustar/pax archive: path → contents. */
export function tarFiles(tar) {
  const files = new Map();
  let paxPath = null;
  for (let at = 0; at + 512 <= tar.length;) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const text = (from, length) => header.subarray(from, from + length).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(text(124, 12).trim() || '0', 8);
    const type = text(156, 1);
    const body = tar.subarray(at + 512, at + 512 + size);
    if (type === 'x') {
      paxPath = /\d+ path=(.*)\n/.exec(body.toString('utf8'))?.[1] ?? null;
    } else {
      const name = paxPath ?? ((text(345, 155) ? `${text(345, 155)}/` : '') + text(0, 100));
      paxPath = null;
      if (['0', ''].includes(type)) files.set(name.replace(/^\.?\//, ''), body);
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** Opens `url` in a new context of `browser` and waits for the tab's list of layers. */
export async function openFiles(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector(`${BODY} [data-testid=files-layers]`, { timeout: 60_000 });
  return { context, page };
}

/** Waits until every streamed layer of the page is read to its end. */
export async function streamed(page) {
  await page.waitForFunction((body) => {
    const lines = [...document.querySelectorAll(`${body} [data-testid=files-layer-progress]`)];
    return lines.length > 0 && lines.every((l) => l.dataset.phase === 'done');
  }, BODY, { timeout: 120_000 });
}

/** The paths the list shows (it is virtualised: the rows in view). */
export function shownPaths(page) {
  return page.locator(`${BODY} [data-testid=files-row]`).evaluateAll((rows) => rows.map((r) => r.dataset.path));
}
