// Errors in the same words for people and machines: the error card the app renders in the
// browser (its own flow, through a relay that renders nothing) shows the title, explanation
// and hint that the JSON of the same shared link carries (a relay rendering shared links),
// both from the core's one wording function. Starts its own two relays on 184xx ports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, viewReady, REGISTRY } from './support.mjs';
import { startRelay } from './relay_process.mjs';

const PAGE_PORT = Number(process.env.REGSCOPE_WORDS_PAGE_PORT ?? 18402);
const JSON_PORT = Number(process.env.REGSCOPE_WORDS_JSON_PORT ?? 18403);

let pages;
let answers;
let browser;

before(async () => {
  [pages, answers] = await Promise.all([
    startRelay(PAGE_PORT, ['--no-prerender']),
    startRelay(JSON_PORT),
  ]);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await pages?.stop();
  await answers?.stop();
});

async function card(image) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${pages.base}/?image=${image}`);
  await viewReady(page);
  const text = async (id) => {
    const found = page.locator(`[data-testid=error] ${id}`);
    return (await found.count()) ? (await found.first().textContent()).trim() : null;
  };
  const words = {
    kind: await page.getAttribute('[data-testid=error]', 'data-kind'),
    title: await text('h2'),
    explanation: await text('[data-testid=error-message]'),
    hint: await text('[data-testid=error-hint]'),
  };
  await context.close();
  return words;
}

async function json(image) {
  const answer = await fetch(`${answers.base}/?image=${image}&format=json`);
  const { error } = await answer.json();
  return { kind: error.kind, title: error.title, explanation: error.explanation, hint: error.hint ?? null };
}

for (const [what, image] of [
  ['an unknown tag', `${REGISTRY}/library/alpine:no-such-tag`],
  ['an unknown repository', `${REGISTRY}/no/such-repository:1`],
  ['a private image', `${REGISTRY}/private/app:1.0`],
  ['an invalid reference', 'Upper/Case::tag'],
]) {
  test(`${what}: the page and the JSON say the same`, async () => {
    const [shown, said] = await Promise.all([card(encodeURIComponent(image)), json(encodeURIComponent(image))]);
    assert.ok(said.title && said.explanation, JSON.stringify(said));
    assert.deepEqual(shown, said);
  });
}
