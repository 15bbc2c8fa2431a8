//! The request trace: every exchange of the view, with the curl that replays it.

use regscope_core::trace::Exchange;
use yew::prelude::*;

/// Props of [`TraceView`].
#[derive(Properties, PartialEq)]
pub struct TraceProps {
    /// The exchanges, in order.
    pub trace: Vec<Exchange>,
}

/// The trace card.
#[component]
pub fn TraceView(props: &TraceProps) -> Html {
    html! {
        <section class="card">
            <h2>{ format!("Requests ({})", props.trace.len()) }</h2>
            <ol class="trace">
            { for props.trace.iter().map(|e| {
                let status = e.status.map_or_else(|| "—".to_string(), |s| s.to_string());
                let class = match e.status { Some(s) if s < 400 => "ok", _ => "bad" };
                html! {
                    <li data-testid="trace-row">
                        <div><span class={classes!("status", class)}>{ status }</span>
                            {" "}<b>{ &e.method }</b>{" "}<code>{ &e.url }</code>
                            {" "}<span class="muted">{ format!("{} · via {}", e.purpose, e.path) }</span></div>
                        <ul class="plain muted">
                            { for e.response_headers.iter().map(|(n, v)| html!{ <li><code>{ format!("{n}: {v}") }</code></li> }) }
                            if let Some(error) = &e.error { <li>{ error }</li> }
                        </ul>
                        <pre class="curl">{ e.curl(false) }</pre>
                    </li>
                }
            }) }
            </ol>
        </section>
    }
}
