//! A date shown relative to now ("3 days ago") with the exact value on hover.

use yew::prelude::*;

use crate::dates;
use crate::services::clock::now_ms;

/// The relative date of an RFC 3339 timestamp; the text as written when it is not one.
/// (A plain view function: no state, and one generic component less in the bundle.)
pub fn when(at: &str) -> Html {
    match dates::parse_rfc3339(at) {
        Some(then) => {
            let now = (now_ms() / 1000) as i64;
            html! { <time datetime={at.to_string()} title={at.to_string()}>{ dates::relative(then, now) }</time> }
        }
        None => html! { <span>{ at.to_string() }</span> },
    }
}
