//! Loading states: the progress of a view (a bar and how many requests were sent so far) and
//! the plainer line shown while a tab loads its list. The requests counted are those of the
//! session the root provides.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use yew::prelude::*;

use crate::hooks::use_session::use_session;

/// Props of [`Progress`].
#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    /// What is loading, e.g. the reference being inspected.
    pub what: AttrValue,
}

/// The progress card; counts the requests sent since it appeared.
#[component]
pub fn Progress(props: &ProgressProps) -> Html {
    let count = use_state(|| 0u64);
    let session = use_session();
    {
        let count = count.clone();
        use_effect_with((), move |_| {
            let alive = Rc::new(Cell::new(true));
            let running = alive.clone();
            if let Some(session) = session {
                let start = session.sent();
                wasm_bindgen_futures::spawn_local(async move {
                    while running.get() {
                        count.set(session.sent() - start);
                        yew::platform::time::sleep(Duration::from_millis(150)).await;
                    }
                });
            }
            move || alive.set(false)
        });
    }
    let requests = match *count {
        0 => String::new(),
        1 => " · 1 request so far".to_string(),
        n => format!(" · {n} requests so far"),
    };
    html! {
        <div class="loading card" data-testid="loading" aria-busy="true">
            <div class="progress"><div class="bar"></div></div>
            <p>{"Inspecting "}<code>{ props.what.clone() }</code>{"…"}<span class="muted small">{ requests }</span></p>
        </div>
    }
}

/// The loading line of a tab's list (tags, referrers).
pub fn list_loading(text: &'static str) -> Html {
    html! {
        <div class="loading card" data-testid="loading">
            <div class="progress"><div class="bar"></div></div>
            <p>{ text }</p>
        </div>
    }
}
