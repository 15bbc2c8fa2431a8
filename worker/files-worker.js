// The Files tab's Web Worker (see src/main.rs): loaded by the files module only when the tab
// opens, never by the page itself. The page posts {type:'list'|'open', url, headers,
// compression, ...}; it cancels by terminating the worker, which ends the download. The worker fetches
// the layer as the page's transport would (same URL, headers, no cookies, no cache), reads it
// with a streaming reader and feeds each chunk to the wasm code, so the layer is never held
// whole: it posts the response's status and headers (for the trace), then batches of entries
// with the bytes read (every 1,000 entries or 50 ms), then the digests; or, for a file, its
// bytes once they are complete (the download is then cancelled).
import init, { LazyLayer, Lister, Opener, RangeBody } from './files_worker.js';

const ready = init();

onmessage = (event) => {
  const message = event.data;
  ready
    .then(() => {
      if (message.type === 'lazy') return lazy(message);
      return message.type === 'open' ? open(message) : list(message);
    })
    .catch((e) => postMessage({ type: 'error', message: String(e && e.message ? e.message : e), read: 0 }));
};

/** Sends the request (`abort` may stop it); posts its answer's status and headers. Null when it did not succeed. */
async function request(message, abort) {
  const response = message.blob ? new Response(message.blob) : await fetch(message.url, {
    headers: message.headers,
    credentials: 'omit',
    cache: 'no-store',
    signal: abort ? abort.signal : undefined,
  });
  const headers = [...response.headers];
  postMessage({ type: 'response', status: response.status, headers, redirected: response.redirected ? response.url : null });
  if (response.ok && response.body) return response;
  let body = '';
  try { body = (await response.text()).slice(0, 4096); } catch { /* the body is only for the words */ }
  postMessage({ type: 'error', message: `HTTP ${response.status}`, status: response.status, body, read: 0 });
  return null;
}

async function list(message) {
  const lister = new Lister(message.compression);
  let read = 0;
  try {
    const response = await request(message, null);
    if (!response) return;
    const reader = response.body.getReader();
    let last = performance.now();
    const flush = () => {
      const [, uncompressed, entries] = lister.progress();
      postMessage({ type: 'entries', entries: lister.take(), read, uncompressed, count: entries });
      last = performance.now();
    };
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      read += value.length;
      lister.push(value);
      if (lister.pending() >= 1000 || performance.now() - last >= 50) flush();
    }
    flush();
    postMessage({ type: 'done', digests: lister.finish(), read });
  } catch (e) {
    postMessage({ type: 'error', message: String(e && e.message ? e.message : e), read });
  } finally {
    lister.free();
  }
}

async function open(message) {
  const abort = new AbortController();
  const opener = new Opener(message.compression, message.path, message.cap);
  let read = 0;
  try {
    const response = await request(message, abort);
    if (!response) return;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      read += value.length;
      if (opener.push(value)) {
        const bytes = opener.bytes();
        abort.abort();
        postMessage({ type: 'file', bytes, total: opener.total_size(), truncated: opener.truncated(), read }, [bytes.buffer]);
        return;
      }
    }
    opener.finish();
    const bytes = opener.bytes();
    postMessage({ type: 'file', bytes, total: opener.total_size(), truncated: opener.truncated(), read }, [bytes.buffer]);
  } catch (e) {
    if (abort.signal.aborted) postMessage({ type: 'cancelled', read });
    else postMessage({ type: 'error', message: String(e && e.message ? e.message : e), read });
  } finally {
    opener.free();
  }
}

// The lazy path: an eStargz or zstd:chunked layer read from its table of contents with Range
// requests ({type:'lazy', url, headers, mediaType, size, annotations, kept?, path?, cap?}).
// Each request's Range, answer and bytes moved are posted ('lazy-request', for the trace);
// then the listing and the TOC's bytes for later workers ('lazy-toc'), or, with `path`, that
// file and its digest checks ('lazy-file'), after one more request.
async function lazy(message) {
  const layer = new LazyLayer(message.mediaType, message.size, message.annotations);
  let moved = 0;
  try {
    if (message.kept) layer.replay(message.kept.ranges, message.kept.bytes);
    for (let range = layer.next_range(); range; range = layer.next_range()) {
      const body = await rangeRequest(message, range, 'toc');
      moved += body.moved();
      layer.feed(body);
    }
    if (message.path == null) {
      const kept = { ranges: layer.kept_ranges(), bytes: layer.kept_bytes() };
      postMessage({ type: 'lazy-toc', entries: layer.entries(), summary: layer.summary(), kept, read: moved });
      return;
    }
    const range = layer.plan(message.path, message.cap);
    let file;
    if (range) {
      const body = await rangeRequest(message, range, 'file');
      moved += body.moved();
      file = layer.open(body);
    } else {
      file = layer.open_stored();
    }
    const bytes = file.bytes();
    postMessage({ type: 'lazy-file', bytes, total: file.total_size(), truncated: file.truncated(), checks: file.checks(), read: moved }, [bytes.buffer]);
    file.free();
  } catch (e) {
    postMessage({ type: 'error', message: String(e && e.message ? e.message : e), read: moved });
  } finally {
    layer.free();
  }
}

/** One Range request for `[start, end)`: its body read only until the asked bytes are in (a
 * registry that ignores Range sends the whole blob with 200: the rest is not read, except when
 * the bytes asked are the blob's tail, as an eStargz footer is). */
async function rangeRequest(message, [start, end], purpose) {
  const abort = new AbortController();
  const range = `bytes=${start}-${end - 1}`;
  const response = await fetch(message.url, {
    headers: [...message.headers, ['Range', range]],
    credentials: 'omit',
    cache: 'no-store',
    signal: abort.signal,
  });
  const body = new RangeBody(start, end, response.status, response.headers.get('content-range'));
  try {
    if (response.body && !body.complete()) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (body.push(value)) {
          abort.abort();
          break;
        }
      }
    }
  } finally {
    postMessage({ type: 'lazy-request', purpose, range, status: response.status, headers: [...response.headers], read: body.moved() });
  }
  return body;
}
