//! Key/value maps from the registry (labels, annotations), rendered as text; a value becomes a
//! link only when it is an http(s) URL.

use std::collections::BTreeMap;

use yew::prelude::*;

use crate::components::fields::dash;
use crate::links;

/// The key/value table of `entries` (a dash when empty); each row has `data-testid={testid}`.
pub fn annotations(entries: &BTreeMap<String, String>, testid: &'static str) -> Html {
    if entries.is_empty() {
        return dash();
    }
    html! {
        <table class="kv">
            <tbody>
            { for entries.iter().map(|(key, value)| html! {
                <tr data-testid={testid}>
                    <th><code>{ key }</code></th>
                    <td>{ match links::http_url(value) {
                        Some(url) => html! { <a href={url.to_string()} rel="noopener noreferrer nofollow" target="_blank">{ value }</a> },
                        None => html! { <code>{ value }</code> },
                    } }</td>
                </tr>
            }) }
            </tbody>
        </table>
    }
}
