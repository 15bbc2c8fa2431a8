// The Files tab's benchmark: the large gzip layer (files/large) listed by the page in headless
// Chromium through a release relay, in turns with `tar -tzf` and `zstd -dc | tar -t` on the
// same blob file, timed by the same clock; click → first entry, click → listed and both
// digests verified, the longest main-thread task while streaming; and the bytes and requests
// the page moves to list the eStargz layer of files/estargz.
// Run through scripts/bench-files, which makes the large layer and starts the relay first.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, registryManifest, BASE, REGISTRY, STACK_DIR } from '../../tests/browser/support.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const GZ = join(STACK_DIR, 'large-layer.tar.gz');
const ZST = join(STACK_DIR, 'large-layer.tar.zst');
const BODY = '[data-testid=tab-body-files] [data-lazy=files]';
const TIMEOUT = 15 * 60_000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const sec = (x) => `${(x / 1000).toFixed(2)} s`;
const ms = (x) => `${x.toFixed(0)} ms`;
const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;
const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');
const num = (n) => n.toLocaleString('en');

// Installed before the app's first script: every long task (start, duration), when a layer
// link was clicked, when the first row of the listing was shown after it, and when every
// streamed layer was read to its end with both of its digests checked.
const OBSERVER = `
  window.__bench = { longTasks: [], click: null, first: null, done: null };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  addEventListener('click', (e) => {
    if (e.target.closest?.('[data-testid=files-layer]')) {
      Object.assign(window.__bench, { click: performance.now(), first: null, done: null });
    }
  }, true);
  new MutationObserver(() => {
    const b = window.__bench;
    if (b.click === null || b.done !== null) return;
    const body = document.querySelector(${JSON.stringify(BODY)});
    if (!body) return;
    if (b.first === null && body.querySelector('[data-testid=files-row]')) b.first = performance.now();
    const lines = [...body.querySelectorAll('[data-testid=files-layer-progress]')];
    // Per layer, both digests, or the table of contents' check of a layer read lazily.
    const items = [...body.querySelectorAll('[data-testid=files-verification] > li')];
    const checked = (li) => li.querySelector('[data-testid=files-check-toc]')
      || li.querySelectorAll('[data-testid=files-check-digest], [data-testid=files-check-diff-id]').length === 2;
    const checks = [...body.querySelectorAll('[data-testid=files-check-digest], [data-testid=files-check-diff-id], [data-testid=files-check-toc]')];
    const ended = lines.length && lines.every((l) => ['done', 'failed', 'cancelled'].includes(l.dataset.phase));
    if (ended && items.length === lines.length && items.every(checked)) {
      b.done = performance.now();
      b.checks = checks.map((c) => c.dataset.result);
      b.phases = lines.map((l) => l.dataset.phase);
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
`;

/** CPU time (user + system, ms) used so far by every living process below `root` (here, this
 * node process: the browser it launched, with its renderers, workers' threads and network
 * service), from /proc. */
function cpuBelow(root) {
  const parent = new Map();
  const used = new Map();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    let stat;
    try { stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { continue; }
    // The fields after the command (which may hold spaces), from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parent.set(Number(pid), Number(fields[1]));
    used.set(Number(pid), (Number(fields[11]) + Number(fields[12])) * (1000 / TICKS));
  }
  const below = (pid) => {
    for (let p = parent.get(pid) ?? 0; p > 1; p = parent.get(p) ?? 0) if (p === root) return true;
    return false;
  };
  return [...used].filter(([pid]) => below(pid)).reduce((sum, [, ms]) => sum + ms, 0);
}
const TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** Opens the Files tab of `repository:latest` in a fresh context (no token, no HTTP cache)
 * and clicks the layer `digest`: the page's own times, the browser's CPU time from the click
 * to the end, and what the listing moved. */
async function pageOnce(browser, repository, digest) {
  const context = await browser.newContext();
  let counting = false;
  const moved = { requests: 0, bytes: 0, urls: [] };
  context.on('requestfinished', async (request) => {
    if (!counting || !/\/relay\?|\/v2\//.test(request.url())) return;
    const sizes = await request.sizes().catch(() => null);
    moved.requests += 1;
    moved.bytes += sizes?.responseBodySize ?? 0;
    const what = decodeURIComponent(request.url()).replace(/^.*?\/v2\//, '/v2/');
    moved.urls.push(`${request.method()} ${what} ${sizes?.responseBodySize ?? '?'} B`);
  });
  const page = await context.newPage();
  await page.addInitScript(OBSERVER);
  await page.goto(`${BASE}/?image=${REGISTRY}/${repository}:latest&tab=files`);
  const link = `${BODY} [data-testid=files-layer][data-digest="${digest}"]`;
  await page.waitForSelector(link, { timeout: 120_000 });
  // Only what the listing moves: the image view's own requests are over and not counted.
  await page.waitForLoadState('networkidle');
  counting = true;
  const cpuBefore = cpuBelow(process.pid);
  await page.click(link);
  await page.waitForFunction(() => window.__bench.done !== null, null, { timeout: TIMEOUT, polling: 100 });
  const cpu = cpuBelow(process.pid) - cpuBefore;
  const b = await page.evaluate(() => window.__bench);
  const counted = await page.textContent(`${BODY} [data-testid=files-count]`);
  const entries = Number(/of ([\d,]+) entries/.exec(counted)?.[1].replaceAll(',', '') ?? NaN);
  const progress = (await page.textContent(`${BODY} [data-testid=files-progress]`)).replace(/\s+/g, ' ').trim();
  const trace = await page.locator(`${BODY} [data-testid=trace-row]`).filter({ hasText: 'streamed by the worker' }).allTextContents();
  await page.waitForTimeout(300);
  await context.close();
  if (!b.phases.every((p) => p === 'done') || !b.checks.every((c) => ['matched', 'verified'].includes(c))) {
    throw new Error(`${repository}: not listed and verified: ${progress}; checks ${b.checks}`);
  }
  const during = b.longTasks.filter(([start]) => start >= b.click && start <= b.done).map(([, d]) => d);
  return {
    first: b.first - b.click, done: b.done - b.click, cpu, longest: Math.max(0, ...during),
    longTasks: during.length, entries, moved, trace: trace.map((t) => t.replace(/\s+/g, ' ').replace(/ · sent.*$/, '').replace(/(relay|direct) layer blob/, ' ($1) layer blob').trim()),
  };
}

/** Wall time of a shell pipeline, in ms, by node's monotonic clock; its CPU time (user +
 * system of every process it ran, bash's `times`) goes to `cpuRuns[name]`. */
const cpuRuns = { tarGz: [], tarZst: [], gzip: [], tarVerified: [] };
function timed(name, script, ...args) {
  const start = process.hrtime.bigint();
  const out = execFileSync('bash', ['-c', `set -o pipefail; ${script}; times`, 'bench', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const children = out.toString().trim().split('\n').at(-1).split(' ');
  const seconds = (t) => { const [, m, s] = /(\d+)m([\d.]+)s/.exec(t); return Number(m) * 60 + Number(s); };
  cpuRuns[name].push(1000 * (seconds(children[0]) + seconds(children[1])));
  return wall;
}
const tarGz = () => timed('tarGz', 'tar -tzf "$1" > /dev/null', GZ);
const tarZst = () => timed('tarZst', 'zstd -dc "$1" | tar -t > /dev/null', ZST);
const gzipAlone = () => timed('gzip', 'gzip -dc "$1" > /dev/null', GZ);
// The same work as the page from the command line: list the tar and check both digests (the
// blob's SHA-256 and the tar's), each hash in a process of its own beside the pipeline.
// Through named pipes, so that bash waits for the hashes and counts their CPU time.
const tarVerified = () => timed('tarVerified', 'd=$(mktemp -d); mkfifo "$d/blob" "$d/tar"; sha256sum < "$d/blob" > /dev/null & sha256sum < "$d/tar" > /dev/null & tee "$d/blob" < "$1" | gzip -dc | tee "$d/tar" | tar -t > /dev/null; wait; rm -r "$d"', GZ);

const large = (await registryManifest('files/large', 'latest')).body.layers[0];
const record = JSON.parse(readFileSync(join(STACK_DIR, 'large-layer.json'), 'utf8'));
const estargz = (await registryManifest('files/estargz', 'latest')).body.layers;
const tarEntries = Number(execFileSync('bash', ['-c', 'tar -tzf "$1" | wc -l', 'bench', GZ]).toString().trim());
console.error(`files/large: ${large.digest}, ${mib(large.size)} gzip, ${tarEntries} entries by tar; ${RUNS} runs each`);

const loads = [load()];
const runs = { page: [], tarGz: [], tarZst: [], gzip: [], tarVerified: [] };
const browser = await launch();
for (let i = 0; i < RUNS; i += 1) {
  runs.page.push(await pageOnce(browser, 'files/large', large.digest));
  runs.tarGz.push(tarGz());
  runs.tarZst.push(tarZst());
  runs.gzip.push(gzipAlone());
  runs.tarVerified.push(tarVerified());
  loads.push(load());
  const p = runs.page.at(-1);
  console.error(`run ${i + 1}: page ${sec(p.done)} (CPU ${sec(p.cpu)}, first entry ${ms(p.first)}, longest task ${ms(p.longest)}), `
    + `tar -tzf ${sec(runs.tarGz.at(-1))} (CPU ${sec(cpuRuns.tarGz.at(-1))}), zstd -dc | tar -t ${sec(runs.tarZst.at(-1))}, gzip -dc ${sec(runs.gzip.at(-1))}, verified on the command line ${sec(runs.tarVerified.at(-1))}; load ${loads.at(-1)}`);
}
// The eStargz image: each layer listed once, with what its listing moved.
const stargz = [];
for (const layer of estargz) stargz.push({ layer, run: await pageOnce(browser, 'files/estargz', layer.digest) });
await browser.close();

// The long-task observer reports only tasks of 50 ms or more: 0 means none at all.
const page = {
  first: median(runs.page.map((r) => r.first)),
  done: median(runs.page.map((r) => r.done)),
  cpu: median(runs.page.map((r) => r.cpu)),
  longest: median(runs.page.map((r) => r.longest)),
  worst: Math.max(...runs.page.map((r) => r.longest)),
};
const tg = median(runs.tarGz);
const tgCpu = median(cpuRuns.tarGz);
const tzCpu = median(cpuRuns.tarZst);
const tz = median(runs.tarZst);
const gz = median(runs.gzip);
const tv = median(runs.tarVerified);
const tvCpu = median(cpuRuns.tarVerified);
const entries = runs.page[0].entries;
const rate = (n, t) => `${num(Math.round(n / (t / 1000)))} entries/s, ${(large.size / 1048576 / (t / 1000)).toFixed(1)} MiB/s of gzip`;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}`;

const table = `| files/large (${mib(large.size)} gzip, ${num(entries)} entries), median of ${RUNS} | the page, through the relay | \`tar -tzf\` | page / \`tar -tzf\` | \`zstd -dc \\| tar -t\` | page / zstd |
|---|---|---|---|---|---|
| listed to the end (page: click → every entry listed, both digests verified) | ${sec(page.done)} | ${sec(tg)} | **${(page.done / tg).toFixed(2)}** | ${sec(tz)} | ${(page.done / tz).toFixed(2)} |
| CPU time, every process (page: the browser's, from the click to the end; the relay's not counted) | ${sec(page.cpu)} | ${sec(tgCpu)} | **${(page.cpu / tgCpu).toFixed(2)}** | ${sec(tzCpu)} | ${(page.cpu / tzCpu).toFixed(2)} |
| throughput | ${rate(entries, page.done)} | ${rate(tarEntries, tg)} | | ${num(Math.round(tarEntries / (tz / 1000)))} entries/s | |
| click → first entry shown | ${ms(page.first)} | | | | |
| longest main-thread task while streaming (target ≤ 50 ms) | ${page.worst > 0 ? `${ms(page.longest)} (worst run ${ms(page.worst)})` : `no long task (none ≥ 50 ms) in any of the ${RUNS} runs`} | | | | |
| \`gzip -dc\` alone (the floor under \`tar -tzf\`) | | ${sec(gz)} | | | |
| the same work on the command line: \`tar -t\` of \`gzip -dc\` with \`sha256sum\` of the blob and of the tar beside it (wall / CPU) | | ${sec(tv)} / ${sec(tvCpu)} | **${(page.done / tv).toFixed(2)}** / ${(page.cpu / tvCpu).toFixed(2)} | | |
${stargz.map(({ layer, run }) => `| eStargz listing (files/estargz, layer ${layer.digest.slice(7, 19)}…, blob ${num(layer.size)} B, ${num(run.entries)} entries): requests / response bytes | ${run.moved.requests} / ${num(run.moved.bytes)} B (${(100 * run.moved.bytes / layer.size).toFixed(0)} % of the blob), listed in ${ms(run.done)} | | | | |`).join('\n')}
`;

const date = new Date().toISOString().replace('T', ' ').slice(0, 16);
const report = `# The Files tab beside tar (\`scripts/bench-files\`)

${date} UTC, ${machine}, shared with other work. Load average (1, 5, 15 min): ${loads[0]} before
the runs, ${loads.at(-1)} after (1 min, after each run: ${loads.slice(1).map((l) => l.split(',')[0]).join(', ')}). Read the
ratios, not the seconds: each page run is followed at once by the tar runs, so a ratio compares
neighbours. CPU time (every process's user + system time, from /proc for the browser and bash's
\`times\` for the pipelines) depends less on what else runs: the page spreads its work over
several processes and threads, tar runs on one core.

The page: Debian's Chromium, headless, a fresh context each run (no token, no HTTP cache),
\`?image=${REGISTRY}/files/large:latest&tab=files\` through a release relay, the layer's link
clicked; its worker streams the blob, inflates it, lists the tar and hashes both digests (wasm).
Timed in the page, from the click (a capture listener) to the first row shown, and to every
layer read to its end with both checks shown as matched. tar and zstd read the same blob file
(\`tests/stack/run/large-layer.tar.gz\`, \`.tar.zst\`), output to /dev/null, timed by node's
monotonic clock. tar lists ${num(tarEntries)} entries; the page ${runs.page.map((r) => num(r.entries)).join(', ')}.

${table}
Raw times (ms): page listed ${runs.page.map((r) => r.done.toFixed(0)).join(' ')}; first entry ${runs.page.map((r) => r.first.toFixed(0)).join(' ')}; longest task ${runs.page.map((r) => r.longest.toFixed(0)).join(' ')} (long tasks while streaming: ${runs.page.map((r) => r.longTasks).join(' ')}); \`tar -tzf\` ${runs.tarGz.map((t) => t.toFixed(0)).join(' ')}; \`zstd -dc | tar -t\` ${runs.tarZst.map((t) => t.toFixed(0)).join(' ')}; \`gzip -dc\` ${runs.gzip.map((t) => t.toFixed(0)).join(' ')}. CPU (ms): page ${runs.page.map((r) => r.cpu.toFixed(0)).join(' ')}; \`tar -tzf\` ${cpuRuns.tarGz.map((t) => t.toFixed(0)).join(' ')}; \`zstd -dc | tar -t\` ${cpuRuns.tarZst.map((t) => t.toFixed(0)).join(' ')}; \`gzip -dc\` ${cpuRuns.gzip.map((t) => t.toFixed(0)).join(' ')}.

What the page does that tar does not: it hashes both digests, the ${mib(large.size)} of gzip (against
the manifest) and the ${mib(record.uncompressed_size)} of tar (against the config's diff_id), ${mib(large.size + record.uncompressed_size)} of SHA-256 in wasm
without a SHA extension: ${((large.size + record.uncompressed_size) / 1048576 / (page.done / 1000)).toFixed(0)} MiB/s over the page's whole time. The layer worker inflates
the gzip with the browser's own \`DecompressionStream\` (native zlib) and reads the tar in wasm;
two more workers hash the blob and the tar, so the work spreads over the machine's cores (here
two, shared with the relay and the registry). Only the gzip layer is pushed (\`files/large\`);
the zstd copy is a local file for tar, so the page is not measured on zstd.

Moved by the page to list files/large (first run): ${runs.page[0].moved.requests} request(s), ${num(runs.page[0].moved.bytes)} B (the blob: ${num(large.size)} B).
The eStargz listing's requests: ${stargz.map(({ run }) => run.moved.urls.join('; ')).join(' | ')}.
The tab's trace of them: ${stargz.map(({ run }) => run.trace.join('; ')).join(' | ')}.
`;
console.log(table);
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'files.md'), report);
if (process.env.BENCH_DEBUG) console.log(JSON.stringify({ runs, stargz }, null, 1));
