// The relay's own origin, guarded, as a browser meets it: a page reached through a name that
// is not the relay's (DNS rebinding: Chromium maps rebind.test to 127.0.0.1) gets 421
// refused-host and no relayed data; <script src>, <link rel=stylesheet>, <iframe> and a
// top-level navigation to a relayed URL are refused while the app's own fetches are relayed;
// a navigation to a registry answering 401 Basic (the stack's :5005) raises no login prompt.
// Starts its own relays, and a stand-in for the attacker's server, on loopback 184xx ports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { launch } from './support.mjs';
import { startRelay } from './relay_process.mjs';

const PORT = Number(process.env.REGSCOPE_GUARD_RELAY_PORT ?? 18401);
const REBIND_PORT = Number(process.env.REGSCOPE_GUARD_REBIND_PORT ?? 18405);
const REBOUND = `http://rebind.test:${PORT}`;
// The CORS registry answers this without a token: relayed data a rebinding page would want.
const TARGET = 'http://127.0.0.1:5002/v2/library/alpine/tags/list';
const relayPath = (target) => `/relay?url=${encodeURIComponent(target)}`;

let relay;
let rebound;
let browser;

before(async () => {
  relay = await startRelay(PORT, ['--no-prerender']);
  browser = await launch(['MAP rebind.test 127.0.0.1']);
});

after(async () => {
  await browser?.close();
  await relay?.stop();
  await rebound?.stop();
});

/** A fresh page, with the status and headers of every /relay answer Chromium receives, by
 * URL (read through the DevTools protocol: a load the browser then blocks for its MIME type,
 * such as a style sheet, never reaches Playwright's response event). */
async function appPage(options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const relayed = new Map();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  // DevTools may send a response's extra info before or after its request's event: join the
  // two whichever comes last.
  const urls = new Map();
  const answers = new Map();
  const join = (requestId) => {
    const url = urls.get(requestId);
    const answer = answers.get(requestId);
    if (url && answer && new URL(url).pathname === '/relay') relayed.set(url, answer);
  };
  cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
    urls.set(requestId, request.url);
    join(requestId);
  });
  cdp.on('Network.responseReceivedExtraInfo', ({ requestId, statusCode, headers }) => {
    answers.set(requestId, { status: statusCode, headers });
    join(requestId);
  });
  return { context, page, relayed };
}

/** Waits (5 s at most) until DevTools has reported the answers to all of `urls`. */
async function reported(relayed, urls) {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && !urls.every((url) => relayed.has(url))) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a page reached through another name gets 421 and no relayed data', async () => {
  const { context, page } = await appPage();
  const front = await page.goto(`${REBOUND}/`);
  assert.equal(front.status(), 421);
  assert.equal(front.headers()['x-regscope-relay-error'], 'refused-host');
  const direct = await page.goto(`${REBOUND}${relayPath(TARGET)}`);
  assert.equal(direct.status(), 421);
  const text = await direct.text();
  assert.doesNotMatch(text, /"tags"/);
  // The rebinding attack itself, in two phases on one origin: the attacker's page is served
  // from rebind.test:PORT by the attacker's server; that server goes away and the name now
  // reaches a relay on the same port; the page fetches its own origin (same-origin: whatever
  // came back would be readable).
  const attacker = createServer((_, response) => {
    response.writeHead(200, { 'content-type': 'text/html', connection: 'close' });
    response.end('<!doctype html><title>evil</title>');
  });
  await new Promise((resolve) => attacker.listen(REBIND_PORT, '127.0.0.1', resolve));
  await page.goto(`http://rebind.test:${REBIND_PORT}/evil`);
  await new Promise((resolve) => attacker.close(resolve));
  rebound = await startRelay(REBIND_PORT, ['--no-prerender']);
  const fetched = await page.evaluate(async (path) => {
    const answer = await fetch(path);
    return { status: answer.status, kind: answer.headers.get('x-regscope-relay-error'), body: await answer.text() };
  }, relayPath(TARGET));
  assert.equal(fetched.status, 421);
  assert.equal(fetched.kind, 'refused-host');
  assert.doesNotMatch(fetched.body, /"tags"/);
  // The same relay by its own name relays the same URL: the name alone made the difference.
  const byName = await fetch(`${rebound.base}${relayPath(TARGET)}`);
  assert.equal(byName.status, 200);
  assert.match(await byName.text(), /"tags"/);
  await context.close();
});

test('script, style, frame and navigation loads of /relay are refused; the app fetches', async () => {
  const { context, page, relayed } = await appPage();
  await page.goto(`${relay.base}/`);
  // The app's own fetch: relayed.
  const own = await page.evaluate(async (path) => {
    const answer = await fetch(path);
    return { status: answer.status, relay: answer.headers.get('x-regscope-relay'), body: await answer.text() };
  }, relayPath(TARGET));
  assert.equal(own.status, 200);
  assert.equal(own.relay, 'relayed');
  assert.match(own.body, /"tags"/);

  const settled = await page.evaluate((path) => {
    const outcome = (element) => new Promise((resolve) => {
      element.addEventListener('load', () => resolve('load'));
      element.addEventListener('error', () => resolve('error'));
      setTimeout(() => resolve('timeout'), 5000);
    });
    const script = document.createElement('script');
    script.src = `${path}&as=script`;
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = `${path}&as=style`;
    const frame = document.createElement('iframe');
    frame.src = `${path}&as=frame`;
    const all = Promise.all([outcome(script), outcome(link), outcome(frame)]);
    document.head.append(script, link);
    document.body.append(frame);
    return all;
  }, relayPath(TARGET));
  assert.deepEqual(settled.slice(0, 2), ['error', 'error'], 'neither script nor style applied');
  await reported(relayed, ['script', 'style', 'frame'].map((as) => `${relay.base}${relayPath(TARGET)}&as=${as}`));
  for (const as of ['script', 'style', 'frame']) {
    const url = `${relay.base}${relayPath(TARGET)}&as=${as}`;
    const response = relayed.get(url);
    assert.ok(response, `the ${as} load reached the relay: ${[...relayed.keys()].join(" ")}`);
    assert.equal(response.status, 400, as);
    const kind = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'x-regscope-relay-error');
    assert.equal(kind?.[1], 'bad-request', as);
  }
  const frame = page.frames().find((f) => f.url().includes('as=frame'));
  assert.ok(frame, 'the frame is there');
  assert.doesNotMatch(await frame.content(), /"tags"/);

  const navigation = await page.goto(`${relay.base}${relayPath(TARGET)}`);
  assert.equal(navigation.status(), 400);
  assert.equal(navigation.headers()['x-regscope-relay-error'], 'bad-request');
  assert.doesNotMatch(await navigation.text(), /"tags"/);
  await context.close();
});

test('a navigation to a relayed 401 Basic raises no login prompt', async () => {
  // With credentials on file, Chromium answers a Basic challenge itself, as a person would in
  // the prompt: a second request carrying Authorization would show the prompt was raised.
  const { context, page } = await appPage({ httpCredentials: { username: 'alice', password: 'wonderland' } });
  const sent = [];
  page.on('request', (r) => sent.push(r));
  const target = 'http://127.0.0.1:5005/v2/';
  // The registry itself does challenge with Basic.
  const direct = await fetch(target);
  assert.equal(direct.status, 401);
  assert.match(direct.headers.get('www-authenticate') ?? '', /^Basic /i);

  const answer = await page.goto(`${relay.base}${relayPath(target)}`);
  assert.notEqual(answer.status(), 200);
  assert.doesNotMatch(answer.headers()['www-authenticate'] ?? '', /basic/i);
  const toRelay = sent.filter((r) => new URL(r.url()).pathname === '/relay');
  assert.equal(toRelay.length, 1, 'one request: no retry with credentials');
  assert.equal(await toRelay[0].headerValue('authorization'), null);

  // The app's own fetch of the same URL (without cookies or HTTP credentials, as the app's
  // transport sends it) gets the registry's Basic challenge for its credentials form, once.
  await page.goto(`${relay.base}/`);
  sent.length = 0;
  const fetched = await page.evaluate(async (path) => {
    const r = await fetch(path, { credentials: 'omit' });
    return { status: r.status, challenge: r.headers.get('www-authenticate') };
  }, relayPath(target));
  assert.equal(fetched.status, 401);
  assert.match(fetched.challenge ?? '', /^Basic /i);
  assert.equal(sent.filter((r) => new URL(r.url()).pathname === '/relay').length, 1);
  await context.close();
});
