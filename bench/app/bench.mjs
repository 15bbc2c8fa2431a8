// regscope's time-to-image benchmark: the page in headless Chromium versus skopeo
// against the local registry stack, request counts per view, the longest chain of sequential
// round trips, bundle and first-load sizes, and render cost of large documents.
// Run through scripts/bench-app, which starts the stack and two release relays first: one
// renders shared links on the server (the default), the other sends the plain app, whose own
// flow is measured too (what in-app navigation and static hosting run).
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, seeded, BASE, REGISTRY } from '../../tests/browser/support.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const RELAY_LOG = process.env.RELAY_LOG;
const CLIENT_BASE = process.env.REGSCOPE_CLIENT_URL;
const CLIENT_LOG = process.env.CLIENT_RELAY_LOG;
const IMAGE = `${REGISTRY}/library/alpine:latest`;
const SECOND = `${REGISTRY}/library/alpine:edge`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

// Records, in page time (ms since navigation start), when the view of `reference` has its
// config rendered, and every long task.
const OBSERVER = `
  window.__marks = {};
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver(() => {
    const shown = document.querySelector('[data-testid=reference]')?.textContent ?? '';
    const done = document.querySelector('[data-testid=config-json], [data-testid=layer-row], [data-testid=platform-row]')
      && !document.querySelector('[data-testid=loading]');
    if (done && !(shown in window.__marks)) window.__marks[shown] = performance.now();
  }).observe(document, { childList: true, subtree: true, characterData: true });
  addEventListener('TrunkApplicationStarted', () => { window.__appStarted = performance.now(); });
`;

async function waitMark(page, reference) {
  await page.waitForFunction((r) => r in (window.__marks ?? {}), reference, { timeout: 60_000 });
  return page.evaluate((r) => window.__marks[r], reference);
}

/** Navigates inside the page (search box + Enter) and times until `reference` is rendered. */
async function inPage(page, reference) {
  await page.fill('input[name=image]', reference);
  const start = await page.evaluate(() => performance.now());
  await page.press('input[name=image]', 'Enter');
  return (await waitMark(page, reference)) - start;
}

function relayLines(log = RELAY_LOG) {
  if (!log) return [];
  return readFileSync(log, 'utf8').split('\n').filter((l) => l.includes(' relay method='));
}

/** Relay log lines, once the log has stopped growing (the relay's writer may buffer). */
async function settledRelayLines(log = RELAY_LOG) {
  let lines = relayLines(log);
  for (let i = 0; i < 30; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = relayLines(log);
    if (again.length === lines.length && i >= 3) break;
    lines = again;
  }
  return lines;
}

function countRequests(lines) {
  const counts = { 'manifest GET': 0, 'manifest HEAD': 0, token: 0, 'blob GET': 0, other: 0 };
  for (const line of lines) {
    const method = /method=(\S+)/.exec(line)?.[1];
    const path = /path=(\S+)/.exec(line)?.[1] ?? '';
    if (path.includes('/manifests/')) counts[`manifest ${method}`] = (counts[`manifest ${method}`] ?? 0) + 1;
    else if (path.includes('/blobs/')) counts['blob GET'] += 1;
    else if (!path.startsWith('/v2/')) counts.token += 1;
    else counts.other += 1;
  }
  return counts;
}

/** The longest chain of [start, end] spans each starting after the previous one ended. */
function chainOf(spans) {
  spans.sort((a, b) => a[0] - b[0]);
  const best = spans.map(() => 1);
  for (let j = 0; j < spans.length; j += 1) {
    for (let i = 0; i < j; i += 1) {
      if (spans[j][0] >= spans[i][1]) best[j] = Math.max(best[j], best[i] + 1);
    }
  }
  return Math.max(0, ...best);
}

/** The chain of the relay's own requests (the flow it ran while rendering a page), from the
 * end time and duration of each log line. */
function relayChain(lines) {
  const spans = lines.map((l) => {
    const end = Date.parse(l.slice(0, l.indexOf(' '))) ;
    const took = Number(/ ms=(\d+)/.exec(l)?.[1] ?? 0);
    return [end - took, end];
  });
  return { relayed: spans.length, chain: chainOf(spans) };
}

/** The longest chain of registry requests (relayed or direct, failed attempts included) each
 * starting after the previous one ended. */
async function longestChain(page, since = 0) {
  const spans = await page.evaluate((t0) => performance.getEntriesByType('resource')
    .filter((e) => /\/relay\?|\/v2\/|\/token/.test(e.name) && e.startTime >= t0)
    .map((e) => [e.startTime, e.responseEnd]), since);
  return { relayed: spans.length, chain: chainOf(spans) };
}

/** One cold view: a new browser (fresh profile, empty HTTP cache), link opened, config shown;
 * also when the app was running with the view (for a server-rendered page: taken over). */
async function coldOnce(first, base = BASE, log = RELAY_LOG) {
  const browser = await launch();
  const page = await browser.newPage();
  await page.addInitScript(OBSERVER);
  const before = (await settledRelayLines(log)).length;
  await page.goto(`${base}/?image=${IMAGE}`);
  const time = await waitMark(page, IMAGE);
  await page.waitForFunction(() => '__appStarted' in window && !document.getElementById('regscope-server-view'));
  const live = await page.evaluate(() => window.__appStarted);
  let sample;
  if (first) {
    await page.waitForTimeout(300);
    const bytes = await page.evaluate(() => {
      const all = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
      const sum = (f) => all.filter(f).reduce((n, e) => n + (e.transferSize || e.encodedBodySize || 0), 0);
      return { app: sum((e) => !e.name.includes('/relay?')), relay: sum((e) => e.name.includes('/relay?')) };
    });
    const lines = (await settledRelayLines(log)).slice(before);
    const fromPage = await longestChain(page);
    sample = { bytes, requests: countRequests(lines), ...(fromPage.relayed ? fromPage : relayChain(lines)) };
  }
  await browser.close();
  return { time: Math.max(time, 0), live, sample };
}

/** The floor: a fresh browser showing a static page of one row (served over loopback by
 * node), timed like the app. What no page can beat on this machine. */
const FLOOR_HTML = `<!DOCTYPE html><html><head><title>floor</title></head><body><table><tr data-testid="platform-row"><td>${IMAGE}</td></tr></table><span data-testid="reference">${IMAGE}</span></body></html>`;
const floorServer = createServer((_, response) => {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(FLOOR_HTML);
});
await new Promise((resolve) => floorServer.listen(0, '127.0.0.1', resolve));
const FLOOR_URL = `http://127.0.0.1:${floorServer.address().port}/`;

async function floorOnce() {
  const browser = await launch();
  const page = await browser.newPage();
  await page.addInitScript(OBSERVER);
  await page.goto(FLOOR_URL);
  const time = await waitMark(page, IMAGE);
  await browser.close();
  return time;
}

/** Cold page views (server-rendered, and the app's own flow) interleaved with both skopeo
 * commands, so each ratio compares neighbours. */
async function coldAndSkopeo() {
  const page = [];
  const live = [];
  const client = [];
  const config = [];
  const inspect = [];
  const floor = [];
  let sample;
  let clientSample;
  for (let i = 0; i < RUNS; i += 1) {
    const run = await coldOnce(i === 0);
    page.push(run.time);
    live.push(run.live);
    sample ??= run.sample;
    if (CLIENT_BASE) {
      const own = await coldOnce(i === 0, CLIENT_BASE, CLIENT_LOG);
      client.push(own.time);
      clientSample ??= own.sample;
    }
    floor.push(await floorOnce());
    config.push(skopeoOnce(['--config']));
    inspect.push(skopeoOnce([]));
  }
  return {
    floor: { median: median(floor), times: floor },
    cold: { median: median(page), times: page, sample },
    live: { median: median(live), times: live },
    client: { median: client.length ? median(client) : NaN, times: client, sample: clientSample },
    skopeoConfig: { median: median(config), times: config },
    skopeoInspect: { median: median(inspect), times: inspect },
  };
}

async function warm() {
  const times = [];
  let sample;
  const browser = await launch();
  for (let i = 0; i < RUNS; i += 1) {
    // Fresh page session (no tokens, no cached objects) with the app in the HTTP cache.
    const page = await browser.newPage();
    await page.addInitScript(OBSERVER);
    await page.goto(`${BASE}/?image=${IMAGE}`);
    await waitMark(page, IMAGE);
    const before = (await settledRelayLines()).length;
    const t0 = await page.evaluate(() => performance.now());
    times.push(await inPage(page, SECOND));
    if (i === 0) sample = { requests: countRequests((await settledRelayLines()).slice(before)), ...(await longestChain(page, t0)) };
    await page.close();
  }
  await browser.close();
  return { median: median(times), times, sample };
}

function skopeoOnce(args) {
  const start = process.hrtime.bigint();
  execFileSync('skopeo', ['inspect', ...args, '--tls-verify=false', `docker://${IMAGE}`], { stdio: 'pipe' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function renderCost() {
  const browser = await launch();
  const page = await browser.newPage();
  await page.addInitScript(OBSERVER);
  await page.goto(`${BASE}/?image=${IMAGE}`);
  await waitMark(page, IMAGE);
  const rows = [];
  for (const [name, what] of [['large/wide-index:latest', 'index, 1,000 entries'], ['large/many-layers:latest', 'manifest, 500 layers'], ['large/long-history:latest', 'config, 1,000 history steps']]) {
    const reference = `${REGISTRY}/${name}`;
    const t0 = await page.evaluate(() => { window.__longTasks = []; return performance.now(); });
    const total = await inPage(page, reference);
    const lastResponse = await page.evaluate((since) => Math.max(since, ...performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/relay?') && e.startTime >= since).map((e) => e.responseEnd)), t0);
    const rendered = await page.evaluate((r) => window.__marks[r], reference);
    const longest = await page.evaluate(() => Math.max(0, ...window.__longTasks));
    rows.push({ what, total, afterLastResponse: rendered - lastResponse, longestTask: longest });
  }
  await browser.close();
  return rows;
}

function bundle() {
  const dist = join(ROOT, 'dist');
  const files = readdirSync(dist);
  const size = (ext) => files.filter((f) => f.endsWith(ext)).map((f) => readFileSync(join(dist, f)))
    .reduce((acc, b) => ({ raw: acc.raw + b.length, gzip: acc.gzip + gzipSync(b, { level: 9 }).length }), { raw: 0, gzip: 0 });
  return { wasm: size('.wasm'), js: size('.js'), css: size('.css') };
}

const digest = seeded('library/alpine:latest').digest;
console.error(`benchmarking ${IMAGE} (${digest}), ${RUNS} runs each`);
const { cold: c, live: l, client: o, floor: f, skopeoConfig: sc, skopeoInspect: si } = await coldAndSkopeo();
floorServer.close();
const w = await warm();
const render = await renderCost();
const b = bundle();
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const fmtCounts = (counts) => Object.entries(counts).filter(([, n]) => n).map(([k, n]) => `${n} ${k}`).join(', ');

const table = `| measure | regscope | skopeo | ratio |
|---|---|---|---|
| cold: link opened → config rendered (fresh profile, rendered by the relay), median of ${RUNS} | ${ms(c.median)} | \`inspect --config\` ${ms(sc.median)} | ${(c.median / sc.median).toFixed(2)} |
| cold, same | | \`inspect\` ${ms(si.median)} | ${(c.median / si.median).toFixed(2)} |
| floor: fresh browser → a static one-row page shown (no registry at all), median of ${RUNS} | ${ms(f.median)} | \`inspect --config\` ${ms(sc.median)} | ${(f.median / sc.median).toFixed(2)} |
| cold, rendered by the relay, against that floor | ${ms(c.median)} | floor ${ms(f.median)} | ${(c.median / f.median).toFixed(2)} |
| cold: link opened → app running with the view (taken over), median of ${RUNS} | ${ms(l.median)} | \`inspect --config\` ${ms(sc.median)} | ${(l.median / sc.median).toFixed(2)} |
| cold: link opened → config rendered by the app's own flow (relay with \`--no-prerender\`), median of ${RUNS} | ${ms(o.median)} | \`inspect --config\` ${ms(sc.median)} | ${(o.median / sc.median).toFixed(2)} |
| warm: second image, same repository, token cached, median of ${RUNS} | ${ms(w.median)} | | |
| cold view: requests reaching registry and token server | ${fmtCounts(c.sample.requests)} | | |
| cold view: longest chain of sequential round trips (relay → registry, while it renders the page) | ${c.sample.chain} (of ${c.sample.relayed} requests) | | |
| cold view, app's own flow: requests / longest chain (from the page) | ${o.sample ? `${fmtCounts(o.sample.requests)} / ${o.sample.chain} (of ${o.sample.relayed})` : 'not measured'} | | |
| warm view: requests | ${fmtCounts(w.sample.requests)} | | |
| warm view: longest chain of sequential round trips | ${w.sample.chain} (of ${w.sample.relayed} requests) | | |
| wasm bundle, raw / gzip -9 | ${kb(b.wasm.raw)} / ${kb(b.wasm.gzip)} | | |
| JS glue + CSS, gzip -9 | ${kb(b.js.gzip + b.css.gzip)} | | |
| first page load, bytes transferred: app (HTML with the view) / registry traffic from the page | ${kb(c.sample.bytes.app)} / ${kb(c.sample.bytes.relay)} | | |
${render.map((r) => `| render ${r.what}: after last response → rendered (longest task) | ${ms(r.afterLastResponse)} (${ms(r.longestTask)}) | | |`).join('\n')}
`;
console.log(table);
if (process.env.BENCH_DEBUG) console.log(JSON.stringify({ cold: c.sample, warm: w.sample }));
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'app.md'), `${table}\nRaw times (ms): cold ${c.times.map((t) => t.toFixed(0)).join(' ')}; floor ${f.times.map((t) => t.toFixed(0)).join(' ')}; taken over ${l.times.map((t) => t.toFixed(0)).join(' ')}; app's own flow ${o.times.map((t) => t.toFixed(0)).join(' ')}; warm ${w.times.map((t) => t.toFixed(0)).join(' ')}; skopeo --config ${sc.times.map((t) => t.toFixed(0)).join(' ')}\n`);
