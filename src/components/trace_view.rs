//! The request trace: every exchange of the view in order, with the headers that matter (a
//! Range request's `Range` among them), the path it took (direct or relay) and the curl that
//! replays it (tokens hidden unless revealed).

use regscope_core::trace::Exchange;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::class_list::class_list;
use crate::components::copy_button::copy_button;
use crate::format;

/// Props of [`TraceView`].
#[derive(Properties, PartialEq)]
pub struct TraceProps {
    /// The exchanges, in order.
    pub trace: Vec<Exchange>,
}

/// The trace card.
#[component]
pub fn TraceView(props: &TraceProps) -> Html {
    let reveal = use_state(|| false);
    let onchange = {
        let reveal = reveal.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            reveal.set(input.checked());
        })
    };
    html! {
        <section class="card">
            <h2>{ format!("Requests ({})", props.trace.len()) }</h2>
            <label class="small"><input type="checkbox" data-testid="reveal-tokens" checked={*reveal} {onchange} />
                {" Show tokens and credentials in the curl commands (otherwise "}<code>{"$TOKEN"}</code>{")"}</label>
            <ol class="trace">
            { for props.trace.iter().map(|e| exchange(e, *reveal)) }
            </ol>
        </section>
    }
}

fn exchange(e: &Exchange, reveal: bool) -> Html {
    let status = e.status.map_or_else(|| "—".to_string(), |s| s.to_string());
    let class = match e.status {
        Some(s) if s < 400 => "ok",
        Some(401) => "warn",
        _ => "bad",
    };
    let path = if e.path.is_empty() {
        "no answer"
    } else {
        e.path.as_str()
    };
    let curl = e.curl(reveal);
    let accept = e
        .request_headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("accept") || n.eq_ignore_ascii_case("range"))
        .map(|(n, v)| format!("{n}: {v}"));
    let auth = e
        .request_headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .map(|(_, v)| v.split(' ').next().unwrap_or("").to_string());
    html! {
        <li data-testid="trace-row">
            <div class="trace-head">
                <span class={class_list(&["status", class])} data-testid="trace-status">{ status }</span>
                {" "}<b>{ &e.method }</b>{" "}<code class="url" data-testid="trace-url">{ &e.url }</code>
            </div>
            <div class="muted small">
                <span class={class_list(&["badge", &e.path])} data-testid="trace-path">{ path }</span>
                { format!(" {} · {}", e.purpose, format::size(e.body_bytes as u64)) }
                if let Some(scheme) = auth { { format!(" · sent Authorization: {scheme} …") } }
            </div>
            <ul class="plain headers">
                { for accept.map(|h| html!{ <li class="muted"><code>{ format!("→ {h}") }</code></li> }) }
                { for e.response_headers.iter().map(|(n, v)| html!{ <li data-testid="trace-header"><code>{ format!("← {n}: {v}") }</code></li> }) }
                if let Some(error) = &e.error { <li class="bad">{ error }</li> }
            </ul>
            <div class="curl-row"><pre class="curl" data-testid="trace-curl">{ curl.clone() }</pre>
                { copy_button(curl, "curl command") }</div>
        </li>
    }
}
