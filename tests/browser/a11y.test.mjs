// Accessibility: axe-core's WCAG 2.0 and 2.1 A and AA rules find no violation on any view of
// the app (the start page, every tab and kind of image, errors, the credentials form, loading
// states, the page the relay renders with scripts on and off), in the light and the dark colour
// scheme; and the tab bar works from the keyboard as ARIA tabs do.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, viewReady, seeded, registryManifest, STACK_DIR, BASE, REGISTRY } from './support.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const AXE = join(here, 'node_modules', 'axe-core', 'axe.min.js');
const PRERENDER = process.env.REGSCOPE_PRERENDER_URL ?? 'http://127.0.0.1:18081';
const RULE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const alpine = `${REGISTRY}/library/alpine:latest`;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A fresh context. The relay's Content-Security-Policy allows no inline script, so the
 * context bypasses it for axe's script tag (it changes nothing the page shows). */
async function newPage(options = {}) {
  const context = await browser.newContext({ bypassCSP: true, ...options });
  return { context, page: await context.newPage() };
}

/** Waits until nothing on the page is loading any more (the view and any tab list). */
async function settled(page) {
  await viewReady(page);
  await page.waitForSelector('[data-testid=loading]', { state: 'detached', timeout: 30_000 });
}

/** The violations axe finds on the page as it is now, one readable line per node:
 * `label [scheme] rule (impact): target — what failed`. */
async function violations(page, label, scheme) {
  await page.emulateMedia({ colorScheme: scheme });
  if (await page.evaluate(() => typeof window.axe === 'undefined')) {
    await page.addScriptTag({ path: AXE });
  }
  const found = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        why: [...n.any, ...n.all, ...n.none].map((c) => c.message).filter(Boolean).join('; '),
      })),
    }));
  }, RULE_TAGS);
  return found.flatMap((v) => v.nodes.map((n) =>
    `${label} [${scheme}] ${v.id} (${v.impact}): ${n.target} — ${n.why || v.help}`));
}

/** Asserts that axe finds nothing on the page in either colour scheme. */
async function assertAccessible(page, label) {
  const lines = [];
  for (const scheme of ['light', 'dark']) lines.push(...await violations(page, label, scheme));
  assert.equal(lines.length, 0, `axe found ${lines.length} violation(s):\n${lines.join('\n')}`);
}

/** Opens `?image=reference…` on the app's own flow (after `setup(page)`, e.g. a route),
 * waits until the view has settled and `ready` (a selector) is shown, and checks it. */
async function checkView(label, query, ready, setup = async () => {}) {
  const { context, page } = await newPage();
  await setup(page);
  await page.goto(`${BASE}/${query}`);
  if (ready) await page.waitForSelector(ready, { timeout: 30_000 });
  await settled(page);
  await assertAccessible(page, label);
  await context.close();
}

/** Holds every registry request of `page` (relayed or direct) until the returned function is
 * called, so a loading state stays on screen. A later hold takes precedence over a released
 * one (the newest route handles a request first). */
async function holdRegistry(page) {
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  await page.route((url) => url.pathname === '/relay' || url.pathname.startsWith('/v2/') || url.pathname === '/token',
    async (route) => { await gate; await route.continue(); });
  return release;
}

test('the start page, empty and with recent images', async () => {
  const { context, page } = await newPage();
  await page.goto(`${BASE}/`);
  await page.waitForSelector('[data-testid=image-input]');
  await assertAccessible(page, 'start page');
  await page.goto(`${BASE}/?image=${REGISTRY}/oci/single:1.0`);
  await settled(page);
  await page.goto(`${BASE}/`);
  await page.waitForSelector('[data-testid=recent-link]');
  await assertAccessible(page, 'start page with recent images');
  await context.close();
});

for (const tab of ['overview', 'config', 'json', 'tags', 'referrers', 'files', 'supply', 'trace']) {
  test(`the ${tab} tab of the multi-platform image`, async () => {
    const inBody = (selector) => selector.split(', ').map((s) => `[data-testid=tab-body-${tab}] ${s}`).join(', ');
    const ready = {
      overview: '[data-testid=layer-row]',
      config: '[data-testid=history-step]',
      json: '[data-testid=json-document]',
      tags: '[data-testid=tag]',
      referrers: '[data-testid=referrer-row], [data-testid=no-referrers]',
      files: '[data-testid=files-layer]',
      supply: '[data-testid=supply-summary]',
      trace: '[data-testid=trace-row]',
    }[tab];
    await checkView(`${tab} tab`, `?image=${alpine}&tab=${tab}`, inBody(ready));
  });
}

test('a platform of the index', async () => {
  await checkView('platform view', `?image=${alpine}&platform=linux/arm64/v8`, '[data-testid=layer-row]');
});

test('single-platform images: OCI, Docker schema 2 and schema 1, and a Docker list', async () => {
  for (const image of ['oci/single:1.0', 'docker/schema2:latest', 'docker/schema1:latest', 'docker/list:latest']) {
    await checkView(image, `?image=${REGISTRY}/${image}`, '[data-testid=top-digest]');
  }
});

test('a signature and an attestation, each linked to its subject', async () => {
  const rows = JSON.parse(readFileSync(join(STACK_DIR, 'seeded.json'), 'utf8'));
  const amd64 = rows.find((r) => r.repository === 'library/alpine' && r.platform === 'linux/amd64' && r.kind === 'oci-manifest');
  const signature = rows.find((r) => r.tag === `sha256-${amd64.digest.slice(7)}.sig`);
  await checkView('signature', `?image=${REGISTRY}/library/alpine@${signature.digest}`, '[data-testid=subject-link]');
  const index = await registryManifest('library/alpine', seeded('library/alpine:latest').digest);
  const attestation = index.body.manifests.find((m) => m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest');
  await checkView('attestation', `?image=${REGISTRY}/library/alpine@${attestation.digest}`, '[data-testid=top-role]');
});

test('long lists: the whole tag list (the tag viewed marked) and the "show all" button', async () => {
  await checkView('long tag list', `?image=${REGISTRY}/many/tags:latest&tab=tags`, '[data-testid=tab-body-tags] [data-testid=tag-viewed]');
  await checkView('capped platforms', `?image=${REGISTRY}/large/wide-index:latest`, '[data-testid=show-all]');
});

/** Adds a space to every relayed manifest: still JSON, but its digest no longer matches. */
async function corruptManifests(page) {
  await page.route(`${BASE}/relay?**`, async (route) => {
    const target = new URL(route.request().url()).searchParams.get('url') ?? '';
    const response = await route.fetch();
    if (!target.includes('/manifests/') || response.status() !== 200) return route.fulfill({ response });
    return route.fulfill({ response, body: `${await response.text()} ` });
  });
}

test('errors: unknown tag, unknown repository, invalid reference, missing platform, network, relay refusal, digest mismatch', async () => {
  await checkView('unknown tag', `?image=${REGISTRY}/library/alpine:nope`, '[data-testid=existing-tag]');
  await checkView('unknown repository', `?image=${REGISTRY}/no/such-repo:1`, '[data-testid=error]');
  await checkView('invalid reference', '?image=Alpine:latest', '[data-testid=error]');
  await checkView('missing platform', `?image=${alpine}&platform=linux/s390x`, '[data-testid=error]');
  await checkView('network failure', '?image=127.0.0.1:5999/x/y:1', '[data-testid=error][data-kind=network]');
  await checkView('relay refusal', '?image=localhost:5999/x/y:1', '[data-testid=error][data-kind=relay]');
  await checkView('digest mismatch', `?image=${REGISTRY}/oci/single:1.0`, '[data-testid=error][data-kind=digest]', corruptManifests);
});

test('the credentials form of a private image, signed in, and folded on a public one', async () => {
  const { context, page } = await newPage();
  await page.goto(`${BASE}/?image=${REGISTRY}/private/app:1.0`);
  await page.waitForSelector('[data-testid=cred-username]');
  await settled(page);
  await assertAccessible(page, 'credentials form');
  await page.fill('[data-testid=cred-username]', 'alice');
  await page.fill('[data-testid=cred-password]', 'wonderland');
  await page.click('[data-testid=cred-submit]');
  await page.waitForSelector('[data-testid=signed-in]');
  await settled(page);
  await assertAccessible(page, 'signed in');
  await page.goto(`${BASE}/?image=${alpine}`);
  await settled(page);
  await page.click('[data-testid=credentials] summary');
  await page.waitForSelector('[data-testid=cred-username]');
  await assertAccessible(page, 'credentials opened on a public image');
  await context.close();
});

test('loading: the view, and a tab\'s list', async () => {
  const { context, page } = await newPage();
  let release = await holdRegistry(page);
  await page.goto(`${BASE}/?image=${alpine}`);
  await page.waitForSelector('[data-testid=loading]');
  await assertAccessible(page, 'loading the view');
  release();
  await settled(page);
  release = await holdRegistry(page);
  await page.click('[data-testid=tab-tags]');
  await page.waitForSelector('[data-testid=tab-body-tags] [data-testid=loading]');
  await assertAccessible(page, 'loading the tags');
  release();
  await page.waitForSelector('[data-testid=tab-body-tags] [data-testid=tag]');
  await context.close();
});

test('the page the relay renders, taken over by the app', async () => {
  for (const [label, reference] of [['rendered view', alpine], ['rendered error', `${REGISTRY}/private/app:1.0`]]) {
    const { context, page } = await newPage();
    await page.addInitScript(() => addEventListener('TrunkApplicationStarted', () => { window.__started = true; }));
    await page.goto(`${PRERENDER}/?image=${reference}`);
    await page.waitForFunction(() => window.__started === true);
    await page.waitForSelector('#regscope-server-view', { state: 'detached' });
    await settled(page);
    await assertAccessible(page, `${label}, taken over`);
    await context.close();
  }
});

test('the page the relay renders, read without scripts', async () => {
  // axe needs timers, which a context with JavaScript disabled never runs; the same document
  // is read instead with every page script refused by a Content-Security-Policy, and axe is
  // evaluated by the test driver, which that policy does not govern.
  const source = readFileSync(AXE, 'utf8');
  for (const [label, query] of [['rendered view', `?image=${alpine}`], ['rendered config tab', `?image=${alpine}&tab=config`],
    ['rendered error', `?image=${REGISTRY}/private/app:1.0`]]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route((url) => url.pathname === '/', async (route) => {
      const response = await route.fetch();
      const headers = response.headers();
      const policy = headers['content-security-policy'];
      headers['content-security-policy'] = policy ? `${policy}, script-src 'none'` : "script-src 'none'";
      await route.fulfill({ response, headers });
    });
    await page.goto(`${PRERENDER}/${query}`);
    await page.waitForSelector('[data-testid=reference], [data-testid=error]');
    await page.evaluate(source);
    await assertAccessible(page, `${label}, no scripts`);
    // No script ran: the server's view was not taken over.
    assert.equal(await page.locator('#regscope-server-view').count(), 1);
    await context.close();
  }
});

/** The `data-testid` of the focused element. */
const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

test('the tab bar is a tablist whose tabs name their panel, with a roving tabindex', async () => {
  const { context, page } = await newPage();
  await page.goto(`${BASE}/?image=${alpine}&tab=config`);
  await page.waitForSelector('[data-testid=tab-body-config]');
  const tabs = await page.locator('[role=tablist] > [role=tab]').evaluateAll((els) => els.map((a) => ({
    testid: a.getAttribute('data-testid'),
    tag: a.tagName,
    selected: a.getAttribute('aria-selected'),
    tabindex: a.getAttribute('tabindex'),
    controls: a.getAttribute('aria-controls'),
    id: a.id,
  })));
  assert.deepEqual(tabs.map((t) => t.testid),
    ['tab-overview', 'tab-config', 'tab-json', 'tab-tags', 'tab-referrers', 'tab-files', 'tab-supply', 'tab-trace']);
  for (const t of tabs) {
    const active = t.testid === 'tab-config';
    assert.equal(t.tag, 'A', 'tabs stay links');
    assert.equal(t.selected, String(active), t.testid);
    assert.equal(t.tabindex, active ? '0' : '-1', t.testid);
  }
  const panel = page.locator('[role=tabpanel]');
  assert.equal(await panel.count(), 1);
  assert.equal(await panel.getAttribute('data-testid'), 'tab-body-config');
  assert.equal(await panel.getAttribute('tabindex'), '0');
  const panelId = await panel.getAttribute('id');
  assert.ok(panelId);
  for (const t of tabs) assert.equal(t.controls, panelId, t.testid);
  assert.equal(await panel.getAttribute('aria-labelledby'), tabs[1].id);
  assert.equal(new Set(tabs.map((t) => t.id)).size, tabs.length, 'distinct ids');
  // The stylesheet still draws it as a bar of tabs, the active one set apart.
  const look = await page.evaluate(() => {
    const style = (selector) => getComputedStyle(document.querySelector(selector));
    return { bar: style('[role=tablist]').display, active: style('[aria-selected=true]').fontWeight,
      other: style('[aria-selected=false]').fontWeight };
  });
  assert.deepEqual(look, { bar: 'flex', active: '600', other: '400' });
  // Tab moves from the active tab to the panel, and Shift+Tab back: the other tabs are skipped.
  await page.focus('[data-testid=tab-config]');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), 'tab-body-config');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await focused(page), 'tab-config');
  await context.close();
});

test('arrows, Home and End move the focus along the tabs; Enter and Space open the focused one', async () => {
  const { context, page } = await newPage();
  await page.goto(`${BASE}/?image=${alpine}`);
  await page.waitForSelector('[data-testid=tab-body-overview]');
  await page.focus('[data-testid=tab-overview]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await focused(page), 'tab-config');
  // Moving the focus does not open the tab.
  assert.equal(new URL(page.url()).searchParams.get('tab'), null);
  assert.equal(await page.locator('[data-testid=tab-body-overview]').count(), 1);
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=tab-body-config] [data-testid=history-step]');
  assert.equal(new URL(page.url()).searchParams.get('tab'), 'config');
  assert.equal(await page.getAttribute('[data-testid=tab-config]', 'aria-selected'), 'true');
  assert.equal(await page.getAttribute('[data-testid=tab-config]', 'tabindex'), '0');
  assert.equal(await page.getAttribute('[data-testid=tab-overview]', 'tabindex'), '-1');
  assert.equal(await focused(page), 'tab-config', 'the focus stays on the opened tab');
  await page.keyboard.press('End');
  assert.equal(await focused(page), 'tab-trace');
  await page.keyboard.press('ArrowRight');
  assert.equal(await focused(page), 'tab-overview', 'Right wraps to the first tab');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await focused(page), 'tab-trace', 'Left wraps to the last tab');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await focused(page), 'tab-supply');
  await page.keyboard.press('Home');
  assert.equal(await focused(page), 'tab-overview');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  assert.equal(await focused(page), 'tab-json');
  await page.keyboard.press('Space');
  await page.waitForSelector('[data-testid=tab-body-json] [data-testid=json-document]');
  assert.equal(new URL(page.url()).searchParams.get('tab'), 'json');
  assert.equal(await page.getAttribute('[data-testid=tab-body-json]', 'aria-labelledby'),
    await page.getAttribute('[data-testid=tab-json]', 'id'));
  // Space opened the tab without scrolling the page.
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  // Back goes to the previous tab, as for a click.
  await page.goBack();
  await page.waitForSelector('[data-testid=tab-body-config]');
  await context.close();
});

test('without scripts, every tab of the rendered page is reached with Tab', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${PRERENDER}/?image=${alpine}`);
  await page.waitForSelector('[data-testid=tab-body-overview]');
  await page.focus('[data-testid=tab-overview]');
  for (const next of ['tab-config', 'tab-json', 'tab-tags', 'tab-referrers', 'tab-files', 'tab-supply', 'tab-trace']) {
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), next);
  }
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=tab-body-trace]');
  assert.equal(new URL(page.url()).searchParams.get('tab'), 'trace');
  await context.close();
});

/** Like `checkView`, for a view of a module loaded on first use (no image view to settle):
 * waits for `ready` and for the module's loading note to go. */
async function checkLazyView(label, query, ready, setup = async () => {}) {
  const { context, page } = await newPage();
  await setup(page);
  await page.goto(`${BASE}/${query}`);
  await page.waitForSelector(ready, { timeout: 30_000 });
  await page.waitForSelector('[data-testid=lazy-loading]', { state: 'detached', timeout: 30_000 });
  await assertAccessible(page, label);
  await context.close();
}

test('browsing a registry: its catalog (open, and behind credentials), a repository\'s tags by name and by date', async () => {
  await checkLazyView('registry catalog', '?registry=127.0.0.1:5002&n=3', '[data-testid=catalog-more]');
  await checkLazyView('repository tags', '?registry=127.0.0.1:5002&repository=library/alpine', '[data-testid=tags-table]');
  await checkLazyView('tags by date', '?registry=127.0.0.1:5002&repository=library/alpine&sort=date', '[data-testid=tag-created]:not(:empty)');
  await checkLazyView('catalog behind credentials', `?registry=${REGISTRY}`, 'details.credentials, form.credentials, [data-testid=credentials-form]');
});

test('the request doctor: findings and corrected commands, and a text it does not read', async () => {
  const paste = (text) => async (page) => {
    await page.addInitScript((text) => {
      sessionStorage.setItem('regscope.doctor.text', text);
    }, text);
  };
  await checkLazyView('doctor findings', '?tool=doctor', '[data-testid=doctor-commands]',
    paste("curl https://registry-1.docker.io/v2/alpine/manifests/3.20"));
  await checkLazyView('doctor unknown', '?tool=doctor', '[data-testid=doctor-unknown]', paste('Alpine'));
});
