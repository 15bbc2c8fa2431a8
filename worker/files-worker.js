// The Files tab's Web Worker (see src/main.rs): loaded by the files module only when the tab
// opens, never by the page itself. The page posts {type:'list'|'open', url, headers,
// compression, ...}; it cancels by terminating the worker, which ends the download. The worker fetches
// the layer as the page's transport would (same URL, headers, no cookies, no cache), reads it
// with a streaming reader and feeds each chunk to the wasm code, so the layer is never held
// whole: it posts the response's status and headers (for the trace), then batches of entries
// with the bytes read (see `due`), then the digests; or, for a file, its
// bytes once they are complete (the download is then cancelled).
import init, { Hasher, LazyLayer, Lister, Opener, RangeBody, TarLister } from './files_worker.js';

const ready = init();

onmessage = (event) => {
  const message = event.data;
  ready
    .then(() => {
      if (message.type === 'lazy') return lazy(message);
      if (HASHING.includes(message.type)) return hash(message);
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
  if (message.compression === 'gzip' && typeof DecompressionStream === 'function') return listNative(message);
  return listInWasm(message, 0);
}

/** The listing in wasm alone (zstd, plain tar, a gzip of several members): decompression, tar
 * and both digests; the first `skip` entries are not posted (an earlier try posted them). */
async function listInWasm(message, skip) {
  const lister = new Lister(message.compression);
  lister.skip(skip);
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
      if (due(lister.pending(), lister.progress()[2], last)) flush();
    }
    flush();
    postMessage({ type: 'done', digests: lister.finish(), read });
  } catch (e) {
    // The entries read before the failure are kept.
    postMessage({ type: 'entries', entries: lister.take(), read, uncompressed: lister.progress()[1] ?? 0 });
    postMessage({ type: 'error', message: String(e && e.message ? e.message : e), read });
  } finally {
    lister.free();
  }
}

/** A gzip layer, on three cores: the browser's own DecompressionStream inflates it (native
 * code), wasm reads the tar, and two more workers of this script hash the blob (the manifest's
 * digest) and the tar (the config's diff_id). When the browser's decoder stops with an error
 * (after the first member of a gzip of several, as eStargz writes them, or at damaged or
 * missing bytes, in words that differ from browser to browser) the layer is read again in
 * wasm, without posting again the entries already posted: that reading lists the rest of a
 * gzip of several members, or says what is wrong and where. */
async function listNative(message) {
  const abort = new AbortController();
  const tar = new TarLister();
  const blobHash = hashWorker();
  const tarHash = hashWorker();
  let read = 0;
  // Compressed bytes handed to the decoder: at least those it consumed, at most two pieces
  // more (it takes one piece at a time), so the expansion ratio is bounded as in wasm.
  let fed = 0;
  let last = performance.now();
  const flush = () => {
    const [uncompressed, count] = tar.progress();
    postMessage({ type: 'entries', entries: tar.take(), read, uncompressed, count });
    last = performance.now();
    return count;
  };
  try {
    const response = await request(message, abort);
    if (!response) return;
    const inflate = new DecompressionStream('gzip');
    const writer = inflate.writable.getWriter();
    const feeding = (async () => {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        read += value.length;
        await blobHash.send(value.slice());
        for (let at = 0; at < value.length; at += DECODER_PIECE) {
          const piece = value.subarray(at, at + DECODER_PIECE);
          await writer.ready;
          fed += piece.length;
          writer.write(piece).catch(() => {}); // a failure to inflate is read on the other side
        }
      }
      await writer.close();
    })();
    // A failed download ends the inflated side too, with its own words.
    feeding.catch((e) => {
      feeding.failed = true;
      writer.abort(e).catch(() => {});
    });
    const inflated = inflate.readable.getReader();
    for (;;) {
      let next;
      try {
        next = await inflated.read();
      } catch (e) {
        if (feeding.failed) throw e;
        throw new DecoderStopped(e);
      }
      const { done, value } = next;
      if (done) break;
      tar.push(value, fed);
      await tarHash.send(owned(value));
      if (due(tar.pending(), tar.progress()[1], last)) flush();
    }
    await feeding;
    flush();
    const [blob, diffId] = await Promise.all([blobHash.finish(), tarHash.finish()]);
    postMessage({ type: 'done', digests: tar.finish(blob.digest, blob.bytes, diffId.digest, diffId.bytes), read });
  } catch (e) {
    abort.abort();
    // The entries read before the failure are kept.
    const posted = flush();
    if (e instanceof DecoderStopped) return listInWasm(message, posted);
    postMessage({ type: 'error', message: words(e), read });
  } finally {
    tar.free();
    blobHash.stop();
    tarHash.stop();
  }
}

/** Whether the entries waiting are posted now: 1,000 of them, or 50 ms since the last batch,
 * a pause that grows with the listing (by 1 ms every 20 entries, to half a second) because the
 * page sorts the whole listing again on each batch. */
function due(pending, listed, last) {
  return pending >= 1000 || performance.now() - last >= Math.min(500, 50 + listed / 20);
}

/** The browser's gzip decoder stopped with an error (`cause`). */
class DecoderStopped extends Error {
  constructor(cause) {
    super(`the browser's gzip decoder stopped: ${words(cause)}`);
  }
}

/** An error's words. */
function words(e) {
  return String(e && e.message ? e.message : e);
}

/** Most compressed bytes handed to the browser's decoder at once: it inflates a whole piece
 * before it can be told to stop, so a bomb's piece expands 1000× at most this much. */
const DECODER_PIECE = 64 << 10;

/** Bytes gathered before they are posted to a hashing worker (fewer, larger messages). */
const HASH_BATCH = 1 << 20;
/** Most bytes posted to a hashing worker and not hashed yet: the reading waits above it. */
const HASH_BACKLOG = 8 << 20;

/** `bytes` alone in its buffer (a view into a larger one is copied), so it can be transferred. */
function owned(bytes) {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/** Another worker of this script that hashes what is sent to it (each chunk transferred, so
 * alone in its buffer): `send` waits while it is behind, `finish` gives {digest, bytes}. */
function hashWorker() {
  const worker = new Worker(new URL(import.meta.url), { type: 'module' });
  let queued = [];
  let queuedBytes = 0;
  let sent = 0;
  let hashed = 0;
  let failure = null;
  let wake = null;
  const woken = () => { if (wake) { wake(); wake = null; } };
  const result = new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => {
      if (data.type === 'hashed') hashed = data.bytes;
      else if (data.type === 'digest') resolve(data);
      else reject((failure = new Error(`hashing failed: ${data.message}`)));
      woken();
    };
    worker.onerror = () => {
      reject((failure = new Error('a hashing worker failed to load or crashed')));
      woken();
    };
  });
  result.catch(() => {});
  worker.postMessage({ type: 'hash' });
  const post = () => {
    if (!queued.length) return;
    const chunks = queued;
    queued = [];
    sent += queuedBytes;
    queuedBytes = 0;
    worker.postMessage({ type: 'hash-bytes', chunks }, chunks.map((c) => c.buffer));
  };
  return {
    async send(bytes) {
      queued.push(bytes);
      queuedBytes += bytes.length;
      if (queuedBytes >= HASH_BATCH) post();
      while (!failure && sent - hashed > HASH_BACKLOG) await new Promise((resolve) => { wake = resolve; });
      if (failure) throw failure;
    },
    finish() {
      post();
      worker.postMessage({ type: 'hash-end' });
      return result;
    },
    stop() { worker.terminate(); },
  };
}

// The hashing role of this script, in a worker started by hashWorker: {type:'hash'}, then
// {type:'hash-bytes', chunks} (answered {type:'hashed', bytes} with the total hashed), then
// {type:'hash-end'} (answered {type:'digest', digest, bytes}).
const HASHING = ['hash', 'hash-bytes', 'hash-end'];
let hashing = null;

function hash(message) {
  if (message.type === 'hash') {
    hashing = new Hasher();
  } else if (message.type === 'hash-bytes') {
    for (const chunk of message.chunks) hashing.update(chunk);
    postMessage({ type: 'hashed', bytes: hashing.bytes() });
  } else {
    const bytes = hashing.bytes();
    postMessage({ type: 'digest', digest: hashing.finish(), bytes });
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
// requests ({type:'lazy', url, headers, mediaType, size, annotations, kept?, path?, cap?};
// blob? for a dropped file's layer, whose slices are read instead).
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
  // A layer of a dropped file (message.blob): the asked slice of it, as a registry's 206.
  const response = message.blob
    ? new Response(message.blob.slice(start, end), {
      status: 206,
      headers: { 'Content-Range': `bytes ${start}-${end - 1}/${message.blob.size}` },
    })
    : await fetch(message.url, {
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
        // A 206 is read to its end (it holds what was asked); a 200 carries the whole blob,
        // so what follows the asked bytes is not read.
        if (body.push(value) && response.status !== 206) {
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
