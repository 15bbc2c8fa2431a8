// The comparison's layer worker (started by src/compare/layer_worker.rs): the Files tab's
// worker module (files_worker.js) with its HashedLister and Opener, driven for a comparison.
// It fetches one layer as the page's transport would
// (same URL and headers, no cookies, no cache) and streams it: {type:'list', url, headers,
// mediaType} answers the listing with every regular file's content digest and both digests of
// the layer ({type:'listed', json, read}); {type:'open', …, compression, path, cap} one file's
// bytes ({type:'file', bytes, total, read}), the download cancelled once the file is complete.
// Before either, {type:'response', status, headers}; on failure {type:'error', message, read}.
import init, { HashedLister, Opener } from './files_worker.js';

const ready = init();
const words = (e) => String(e && e.message ? e.message : e);

onmessage = ({ data }) => {
  ready
    .then(() => (data.type === 'open' ? open(data) : list(data)))
    .catch((e) => postMessage({ type: 'error', message: words(e), read: 0 }));
};

async function request(message, abort) {
  const response = await fetch(message.url, {
    headers: message.headers, credentials: 'omit', cache: 'no-store', signal: abort.signal,
  });
  postMessage({ type: 'response', status: response.status, headers: [...response.headers] });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  return response.body.getReader();
}

async function list(message) {
  const lister = new HashedLister(message.mediaType);
  let read = 0;
  try {
    const reader = await request(message, new AbortController());
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      read += value.length;
      lister.push(value);
    }
    postMessage({ type: 'listed', json: lister.finish(), read });
  } catch (e) {
    postMessage({ type: 'error', message: words(e), read });
  } finally {
    lister.free();
  }
}

async function open(message) {
  const abort = new AbortController();
  const opener = new Opener(message.compression, message.path, message.cap);
  let read = 0;
  try {
    const reader = await request(message, abort);
    let complete = false;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      read += value.length;
      if (opener.push(value)) { complete = true; abort.abort(); break; }
    }
    if (!complete) opener.finish();
    const bytes = opener.bytes();
    postMessage({ type: 'file', bytes, total: opener.total_size(), read }, [bytes.buffer]);
  } catch (e) {
    postMessage({ type: 'error', message: words(e), read });
  } finally {
    opener.free();
  }
}
