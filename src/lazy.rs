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
//! exchanges ([`crate::prerender::LAZY_PREFETCH_ID`]). An image's Tags and Referrers tabs
//! are such views too ([`lazy_image_view`]): their host carries what the module needs of the
//! image as `data-` attributes, which it reads from the element it is given.

use yew::prelude::*;

/// The host of the view whose module is `name` (`NAME.js`). Keyed by the name, so that going
/// from one module's view to another's replaces the host (the loader sees a new element)
/// instead of renaming it.
pub fn lazy_view(name: &'static str) -> Html {
    html! { <div key={name} class="lazy-view" data-lazy={name}>{ server_view(name, None, None) }</div> }
}

/// The host of the browse module's body of an image's tab `tab`: `reference` is the image's
/// resolved reference (`data-reference`), `subjects` the manifests' digests, space-separated
/// (`data-subjects`). Keyed by both, so another image or tab gets a new host (and the module is
/// mounted again with its data).
pub fn lazy_image_view(tab: &'static str, reference: String, subjects: Option<String>) -> Html {
    let key = format!(
        "{tab} {reference} {}",
        subjects.as_deref().unwrap_or_default()
    );
    let inside = server_view("browse", Some(&reference), subjects.as_deref());
    html! {
        <div class="lazy-view" data-lazy="browse" {key} data-reference={reference} data-subjects={subjects}>{ inside }</div>
    }
}

/// The host of the files module (an image's Files tab) for the image manifest `reference`
/// (pinned by digest, `data-reference`), keyed by it. The module reads the rest of the address
/// bar (`layer`, `path`) itself.
pub fn lazy_files_view(reference: String) -> Html {
    html! { <div class="lazy-view" data-lazy="files" key={format!("files {reference}")} data-reference={reference}></div> }
}

/// The view rendered inside the host on the server (with the image's data for an image's tab).
#[cfg(feature = "ssr")]
fn server_view(name: &str, reference: Option<&str>, subjects: Option<&str>) -> Html {
    let image = crate::browse::image_host::ImageHost {
        reference: reference.map(str::to_string),
        subjects: subjects.map(str::to_string),
    };
    match name {
        "browse" => html! { <crate::browse::BrowsePage {image} /> },
        "compare" => html! { <crate::compare::ComparePage /> },
        _ => Html::default(),
    }
}

/// Nothing: in the browser the module fills the host.
#[cfg(not(feature = "ssr"))]
fn server_view(_: &str, _: Option<&str>, _: Option<&str>) -> Html {
    Html::default()
}
