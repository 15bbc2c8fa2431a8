// The comparison's download cost: two images that share all but one layer (compare/package:
// v1 and v2, the same base blob and a package layer that changed) compared down to the files
// in headless Chromium through a relay; the bytes downloaded as the page counts them, as the
// browser's network saw them (every layer blob request, the worker's included) and as the relay
// relayed them (its /metrics counter), beside the layer sizes of both images and of the one
// layer that differs. Run through scripts/bench-compare, which starts the relay first.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, registryManifest, BASE, REGISTRY } from '../../tests/browser/support.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const [OLD, NEW] = ['v1', 'v2'].map((t) => `${REGISTRY}/compare/package:${t}`);

async function relayed() {
  const text = await (await fetch(`${BASE}/metrics`)).text();
  return Number(/^regscope_relay_bytes_relayed_total (\d+)/m.exec(text)?.[1] ?? NaN);
}

async function run(browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const blobs = [];
  context.on('request', (request) => {
    const url = decodeURIComponent(request.url());
    if (/\/blobs\/sha256:/.test(url)) blobs.push({ method: request.method(), url });
  });
  await page.goto(`${BASE}/?image=${OLD}&compare=${NEW}`);
  await page.waitForSelector('[data-testid=compare-files]', { timeout: 30_000 });
  await page.waitForTimeout(200);
  const before = await relayed();
  const seenBefore = blobs.length;
  const started = performance.now();
  await page.click('[data-testid=compare-files]');
  await page.waitForSelector('[data-testid=content-verdict], [data-testid=files-error]', { timeout: 60_000 });
  const elapsed = performance.now() - started;
  await page.waitForTimeout(1000);
  const after = await relayed();
  const counted = Number(await page.getAttribute('[data-testid=files-downloaded]', 'data-bytes'));
  const network = blobs.slice(seenBefore);
  await context.close();
  return { relay: after - before, counted, network, elapsed };
}

const browser = await launch();
const [v1, v2] = [await registryManifest('compare/package', 'v1'), await registryManifest('compare/package', 'v2')];
const layers = [...v1.body.layers, ...v2.body.layers];
const total = layers.reduce((s, l) => s + l.size, 0);
const differing = v1.body.layers[1].size + v2.body.layers[1].size;
const shared = v1.body.layers[0];
const runs = [];
for (let i = 0; i < RUNS; i++) runs.push(await run(browser));
await browser.close();

const gets = (r) => r.network.filter((b) => b.method === 'GET');
const sharedRequests = runs.reduce((n, r) => n + r.network.filter((b) => b.url.includes(shared.digest)).length, 0);
const row = (r, i) => `| ${i + 1} | ${r.counted} | ${r.relay} | ${gets(r).length} GET, ${r.network.length - gets(r).length} HEAD | ${r.elapsed.toFixed(0)} ms |`;
const md = `# The comparison's download cost (\`scripts/bench-compare\`)

${new Date().toISOString().slice(0, 10)}: \`compare/package:v1\` against \`:v2\` (the same base layer blob,
${shared.size} B, and one package layer that changed), compared down to the files through a relay
(${BASE}), ${RUNS} runs.

| | bytes |
|---|---|
| both images' layers | ${total} |
| the one differing layer, both versions (what must be read) | ${differing} |
| the shared base layer (never requested: ${sharedRequests} requests over all runs) | ${shared.size} × 2 |

| run | the page's count (blob bodies its worker read) | the relay's /metrics (every relayed body after the click, token answers included) | the browser's blob requests (page and worker) | click → files compared |
|---|---|---|---|---|
${runs.map(row).join('\n')}

The page counts exactly the two package layers' bytes (${differing} B,
${(100 * differing / total).toFixed(1)} % of the ${total} B both images hold); the relay relayed
${runs.every((r) => r.relay === differing) ? 'exactly those bytes in every run (the token the view had fetched served the layer requests)' : 'those bytes and the bodies of token answers'};
the shared base blob was never requested.
`;
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'compare.md'), md);
console.log(md);
const ok = runs.every((r) => r.counted === differing && r.relay >= differing && gets(r).length === 2) && sharedRequests === 0;
if (!ok) {
  console.error('the bytes downloaded are not only the differing layer\'s');
  process.exit(1);
}
