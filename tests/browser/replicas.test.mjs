// A fleet: three relays sharing a realm key behind nginx (round-robin), the app inspecting every
// seeded image of the stack through it, one replica restarted half-way. A token request often
// lands on another replica than the 401 that named its realm: the ticket the app kept from that
// 401 lets any replica relay it. Starts nginx and the replicas itself on free loopback ports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, viewReady, STACK_DIR } from './support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RELAY = process.env.REGSCOPE_RELAY_BIN ?? join(root, 'target', 'debug', 'regscope-relay');
const DIST = process.env.REGSCOPE_DIST ?? join(root, 'dist');
const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
const KEY = 'replicas-test-key-0123456789abcdef';
const run = mkdtempSync(join(tmpdir(), 'regscope-replicas-'));

/** `n` distinct free loopback ports: every probe listener stays open until all are picked
 * (closing each at once let the kernel hand the same port out twice). */
async function freePorts(n) {
  const servers = [];
  for (let i = 0; i < n; i += 1) {
    servers.push(await new Promise((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    }));
  }
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

async function waitHealthy(port) {
  for (let i = 0; i < 200; i += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing healthy on ${port}`);
}

const replicas = [];
let nginx;
let front;
let browser;

function startReplica(index) {
  const { port } = replicas[index];
  const child = spawn(RELAY, [
    '--listen', `127.0.0.1:${port}`, '--static-dir', DIST, '--no-prerender',
    '--insecure-registry', '127.0.0.1', '--relay-name', `127.0.0.1:${front}`,
    '--relay-name', `127.0.0.1:${port}`,
  ], { env: { ...process.env, REGSCOPE_REALM_KEY: KEY, RUST_LOG: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d) => { replicas[index].log += d; });
  child.stderr.on('data', (d) => { replicas[index].log += d; });
  replicas[index].child = child;
  return waitHealthy(port);
}

async function stopReplica(index) {
  const { child } = replicas[index];
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

before(async () => {
  const [frontPort, ...replicaPorts] = await freePorts(4);
  front = frontPort;
  for (const port of replicaPorts) replicas.push({ port, log: '' });
  await Promise.all(replicas.map((_, i) => startReplica(i)));
  mkdirSync(join(run, 'tmp'));
  writeFileSync(join(run, 'nginx.conf'), `worker_processes 1;
daemon off;
pid ${run}/nginx.pid;
error_log ${run}/error.log warn;
events { worker_connections 256; }
http {
  access_log ${run}/access.log;
  client_body_temp_path ${run}/tmp/body;
  proxy_temp_path ${run}/tmp/proxy;
  fastcgi_temp_path ${run}/tmp/fastcgi;
  uwsgi_temp_path ${run}/tmp/uwsgi;
  scgi_temp_path ${run}/tmp/scgi;
  upstream relays {
    ${replicas.map((r) => `server 127.0.0.1:${r.port} max_fails=0;`).join('\n    ')}
    keepalive 16;
  }
  server {
    listen 127.0.0.1:${front};
    location / {
      proxy_pass http://relays;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_buffering off;
      proxy_next_upstream error timeout;
    }
  }
}
`);
  nginx = spawn(NGINX, ['-c', join(run, 'nginx.conf'), '-e', join(run, 'error.log')], { stdio: 'ignore' });
  await waitHealthy(front);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx.once('exit', r));
    nginx.kill('SIGTERM');
    await exited;
  }
  for (let i = 0; i < replicas.length; i += 1) await stopReplica(i);
});

/** One reference per seeded image (repository and digest), by tag where one names it. */
function seededImages() {
  const rows = JSON.parse(readFileSync(join(STACK_DIR, 'seeded.json'), 'utf8'));
  const seen = new Map();
  for (const row of rows) {
    const key = `${row.repository}@${row.digest}`;
    const host = row.reference.split('/')[0];
    const reference = row.tag ? `${host}/${row.repository}:${row.tag}` : row.reference;
    if (!seen.has(key) || (row.tag && !seen.get(key).tag)) seen.set(key, { ...row, ref: reference });
  }
  return [...seen.values()];
}

async function inspect(context, image) {
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${front}/?image=${image.ref}`);
  await viewReady(page);
  if (image.repository.startsWith('private/')
    && await page.locator('[data-testid=error][data-kind=unauthorized]').count()) {
    await page.fill('[data-testid=cred-username]', 'alice');
    await page.fill('[data-testid=cred-password]', 'wonderland');
    await page.click('[data-testid=cred-submit]');
    await page.waitForSelector('[data-testid=top-digest], [data-testid=error][data-kind]:not([data-kind=unauthorized])', { timeout: 30_000 });
  }
  const error = await page.locator('[data-testid=error]').count()
    ? await page.getAttribute('[data-testid=error]', 'data-kind') : null;
  const digest = await page.locator('[data-testid=top-digest]').count()
    ? (await page.textContent('[data-testid=top-digest]')).trim() : null;
  await page.close();
  return { error, digest };
}

test('every seeded image is inspected through three replicas, one restarted half-way', async () => {
  const images = seededImages();
  assert.ok(images.length >= 10, `${images.length} images`);
  const context = await browser.newContext();
  const failures = [];
  for (const [n, image] of images.entries()) {
    if (n === Math.floor(images.length / 2)) {
      await stopReplica(1);
      await startReplica(1);
    }
    const { error, digest } = await inspect(context, image);
    if (error || digest !== image.digest) failures.push(`${image.ref}: ${error ?? digest}`);
  }
  await context.close();
  assert.deepEqual(failures, []);
  // The requests were spread: every replica relayed token requests, and none refused a realm.
  for (const [i, replica] of replicas.entries()) {
    assert.match(replica.log, /host=127\.0\.0\.1:5001 path=\/token/, `replica ${i} relayed no token request`);
    assert.doesNotMatch(replica.log, /outcome="refused/, `replica ${i} refused a request`);
  }
});
