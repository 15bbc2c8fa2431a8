//! The page with no image yet: what to type, and the recently inspected references.

use yew::prelude::*;

use crate::components::view_link::view_link;
use crate::route::ViewQuery;

/// The start page, with the `recent` references (newest first).
pub fn intro(recent: &[String]) -> Html {
    html! {
        <section class="card intro">
            <h2>{"Inspect a container image"}</h2>
            <p class="hint">{"Paste an image reference, e.g. "}<code>{"alpine"}</code>{", "}
                <code>{"ghcr.io/org/app:1.2"}</code>{" or "}<code>{"host:5000/team/svc@sha256:…"}</code>
                {", and press Enter. Every view is a link you can share."}</p>
            <p class="hint">{"Or drop a "}<code>{"docker save"}</code>{" tarball, an OCI layout folder or its tar on this page, or pick one: "}
                <label>{"file "}<input type="file" data-local-pick="" data-testid="local-pick" /></label>{" "}
                <label>{"folder "}<input type="file" webkitdirectory=true data-local-pick="" data-testid="local-pick-folder" /></label>
                {". It is read here, never uploaded."}</p>
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
