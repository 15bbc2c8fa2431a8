//! The page with no image yet: what to type, and the recently inspected references.

use yew::prelude::*;

use crate::components::view_link::view_link;
use crate::route::ViewQuery;

/// How to open an image file (the page's loader, `lazy.js`, takes the drop or the pick). Static
/// markup: one string costs the main bundle far less than the same elements built by `html!`.
const LOCAL_IMAGES: &str = "<p class=\"hint\">Or drop a <code>docker save</code> tarball, an OCI layout folder or its tar on this page, or pick one: \
<label>file <input type=\"file\" data-local-pick data-testid=\"local-pick\"></label> \
<label>folder <input type=\"file\" webkitdirectory data-local-pick data-testid=\"local-pick-folder\"></label>. \
It is read here, never uploaded.</p>";

/// The start page, with the `recent` references (newest first).
pub fn intro(recent: &[String]) -> Html {
    html! {
        <section class="card intro">
            <h2>{"Inspect a container image"}</h2>
            <p class="hint">{"Paste an image reference, e.g. "}<code>{"alpine"}</code>{", "}
                <code>{"ghcr.io/org/app:1.2"}</code>{" or "}<code>{"host:5000/team/svc@sha256:…"}</code>
                {", and press Enter. Every view is a link you can share."}</p>
            { Html::from_html_unchecked(AttrValue::Static(LOCAL_IMAGES)) }
            if !recent.is_empty() {
                <h3>{"Recent"}</h3>
                <ul class="plain" data-testid="recent">
                    { for recent.iter().map(|r| html! {
                        <li>{ view_link(ViewQuery { image: Some(r.clone()), ..ViewQuery::default() }, Some("recent-link"), None,
                            html! { <code>{ r.clone() }</code> }) }</li>
                    }) }
                </ul>
            }
        </section>
    }
}
