//! Views whose code is not in the main bundle: each is a wasm module of its own, built from a
//! binary of this crate (`src/bin/NAME.rs`; `<link data-trunk rel="rust" data-type="worker">`
//! in `index.html` writes `NAME.js` and `NAME_bg.wasm` beside the page). The main app only
//! renders an empty host element, [`lazy_view`]; the loader `lazy.js` (a module script of the
//! page, outside the wasm bundle, so the host costs the bundle almost nothing) sees it appear,
//! imports the module once, and mounts it there with `mount(element, query_string,
//! recording_json)`; the module follows the address bar itself and is unmounted
//! (`unmount()`) when the host leaves the page. The loader writes the loading state, and the
//! error when the module cannot load. On the server (feature `ssr`) the view itself is
//! rendered inside the host, from the same components; the loader keeps that markup in the
//! host until the module has mounted, and hands the module the recording of the relay's
//! exchanges ([`crate::prerender::LAZY_PREFETCH_ID`]).

use yew::prelude::*;

/// The host of the view whose module is `name` (`NAME.js`).
pub fn lazy_view(name: &'static str) -> Html {
    html! { <div class="lazy-view" data-lazy={name}>{ server_view(name) }</div> }
}

/// The view rendered inside the host on the server.
#[cfg(feature = "ssr")]
fn server_view(name: &str) -> Html {
    match name {
        "browse" => html! { <crate::browse::BrowsePage /> },
        _ => Html::default(),
    }
}

/// Nothing: in the browser the module fills the host.
#[cfg(not(feature = "ssr"))]
fn server_view(_: &str) -> Html {
    Html::default()
}
