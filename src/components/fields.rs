//! The pieces of a definition list: a `<dt>`/`<dd>` pair, and the dash that stands for no
//! value. Each is built in one non-generic function, so a page of fields costs a call per field
//! instead of an inlined `html!` expansion (smaller wasm).

use yew::prelude::*;

/// `<dt>{label}</dt><dd data-testid={testid}>{value}</dd>`.
#[inline(never)]
pub fn field(label: &'static str, testid: Option<&'static str>, value: Html) -> Html {
    html! {
        <>
            <dt>{ label }</dt>
            <dd data-testid={testid}>{ value }</dd>
        </>
    }
}

/// A muted dash: the value is empty or missing.
#[inline(never)]
pub fn dash() -> Html {
    html! { <span class="muted">{"—"}</span> }
}
