//! The page with no image yet: what to type, and the recently inspected references.

use yew::prelude::*;

use crate::components::view_link::ViewLink;
use crate::route::ViewQuery;

/// The start page, with the `recent` references (newest first).
pub fn intro(recent: &[String]) -> Html {
    html! {
        <section class="card intro">
            <h2>{"Inspect a container image"}</h2>
            <p class="hint">{"Paste an image reference, e.g. "}<code>{"alpine"}</code>{", "}
                <code>{"ghcr.io/org/app:1.2"}</code>{" or "}<code>{"host:5000/team/svc@sha256:…"}</code>
                {", and press Enter. Every view is a link you can share."}</p>
            if !recent.is_empty() {
                <h3>{"Recent"}</h3>
                <ul class="plain" data-testid="recent">
                    { for recent.iter().map(|r| html! {
                        <li><ViewLink to={ViewQuery { image: Some(r.clone()), ..ViewQuery::default() }} testid="recent-link">
                            <code>{ r.clone() }</code></ViewLink></li>
                    }) }
                </ul>
            }
        </section>
    }
}
