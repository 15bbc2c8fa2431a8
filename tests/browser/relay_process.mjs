// A relay binary started by a test file on a loopback port of its own, serving the built app
// (REGSCOPE_STATIC_DIR, else dist/), with the stack's loopback registries insecure and the
// redirecting registry's blob origin a plain-http blob host; stopped by the test's `after`.
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RELAY_BIN = process.env.REGSCOPE_RELAY_BIN ?? join(root, 'target', 'debug', 'regscope-relay');
export const STATIC_DIR = process.env.REGSCOPE_STATIC_DIR ?? join(root, 'dist');

/** Starts a relay on 127.0.0.1:`port` with `flags` added; resolves to `{ base, stop, log }`
 * once its /healthz answers. */
export async function startRelay(port, flags = []) {
  const listen = `127.0.0.1:${port}`;
  const child = spawn(RELAY_BIN, [
    '--listen', listen, '--static-dir', STATIC_DIR,
    '--insecure-registry', '127.0.0.1', '--insecure-blob-host', '127.0.0.1:5004', ...flags,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  const relay = { base: `http://${listen}`, log: '' };
  child.stdout.on('data', (d) => { relay.log += d; });
  child.stderr.on('data', (d) => { relay.log += d; });
  relay.stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  for (let i = 0; ; i += 1) {
    try { if ((await fetch(`${relay.base}/healthz`)).ok) return relay; } catch { /* not up yet */ }
    if (child.exitCode !== null || i > 150) {
      await relay.stop();
      throw new Error(`the relay on ${listen} did not start: ${relay.log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
