// The loader of views whose code is not in the main bundle (see src/lazy.rs). The main app
// renders an empty `<div data-lazy="NAME">` for such a view; this script sees it appear,
// imports NAME.js (built by trunk from src/bin/NAME.rs) once, and calls its
// `mount(element, query_string, recording_json)`; when the element leaves the page it calls
// `unmount()`. It writes the loading state, and the error when the module cannot load.
// A page the relay rendered keeps the server's markup in the host until the module has
// mounted, and the module gets the recording of the relay's exchanges. A mounted host is
// marked `data-lazy-mounted` (the module's markup is then in it, not the server's). Loaded as a module
// script before the app, so that it sees the server's markup before the app clears the body.
const loaded = {};
const mounted = new Map();
const held = document.querySelector('#regscope-server-view [data-lazy]');
let kept = held ? [...held.childNodes] : null;
const prefetch = document.getElementById('regscope-lazy-prefetch');
let recording = prefetch ? prefetch.textContent : '';
if (prefetch) prefetch.remove();

function show(el) {
  const name = el.dataset.lazy;
  if (!/^[a-z][a-z0-9_]*$/.test(name) || mounted.get(name) === el) return;
  mounted.set(name, el);
  if (kept) { el.replaceChildren(...kept); kept = null; }
  else el.innerHTML = '<p class="hint lazy-loading" role="status" data-testid="lazy-loading">Loading the view…</p>';
  const rec = recording;
  recording = '';
  const url = new URL(name + '.js', document.baseURI).href;
  (loaded[name] ||= import(url).then((m) => m.default().then(() => m)))
    .then((m) => {
      if (mounted.get(name) !== el || !el.isConnected) return;
      m.mount(el, location.search, rec);
      el.dataset.lazyMounted = '';
    })
    .catch((e) => {
      delete loaded[name];
      if (!el.isConnected) return;
      el.innerHTML = '<section class="card error" role="alert" data-testid="lazy-error"><h2>This view could not be loaded</h2><p></p></section>';
      el.querySelector('p').textContent = 'Its code (' + name + '.js) did not load: ' + e + '. Check the connection and reload the page.';
    });
}

function hide(name, el) {
  if (mounted.get(name) !== el || el.isConnected) return;
  mounted.delete(name);
  if (loaded[name]) loaded[name].then((m) => m.unmount(), () => {});
}

function hosts(node) {
  if (node.nodeType !== 1) return [];
  const found = [...node.querySelectorAll('[data-lazy]')];
  if (node.matches('[data-lazy]')) found.unshift(node);
  return found;
}

// Local images (src/bin/local.rs): a file or folder dropped on the page, or picked in an
// <input data-local-pick>, is read by the local module (nothing is uploaded), which also answers
// the app's requests for registries under .invalid (src/fetch_transport.rs).
const local = () => (loaded.local ||= import(new URL('local.js', document.baseURI).href).then((m) => m.default().then(() => m)));
const failed = (e) => { delete loaded.local; throw 'the local image module (local.js) did not load: ' + e; };
window.regscopeLocal = (url, method) => local().catch(failed).then((m) => m.answer(url, method));
const openLocal = (items) => items.length && local().then((m) => m.open(items), (e) => alert(String(e)));
addEventListener('dragover', (e) => { if (e.dataTransfer.types.includes('Files')) e.preventDefault(); });
addEventListener('drop', (e) => {
  if (!e.dataTransfer.types.includes('Files')) return;
  e.preventDefault();
  openLocal([...e.dataTransfer.items].map((i) => { const d = i.webkitGetAsEntry?.(); return d?.isDirectory ? d : i.getAsFile(); }).filter(Boolean));
});
addEventListener('change', (e) => { if (e.target.matches?.('input[data-local-pick]')) openLocal([...e.target.files]); });

new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.removedNodes) for (const el of hosts(node)) hide(el.dataset.lazy, el);
    for (const node of record.addedNodes) for (const el of hosts(node)) if (el.isConnected) show(el);
  }
}).observe(document.documentElement, { childList: true, subtree: true });
