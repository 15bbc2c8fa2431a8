//! Loading states: the progress of a view (a bar and how many requests were sent so far) and
//! the plainer line shown while a tab loads its list.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use yew::prelude::*;

use crate::services::session::SharedSession;

/// Props of [`Progress`].
#[derive(Properties, PartialEq)]
pub struct ProgressProps {
    /// The session whose requests are counted.
    pub session: SharedSession,
    /// What is loading, e.g. the reference being inspected.
    pub what: AttrValue,
}

/// The progress card; counts the requests sent since it appeared.
#[component]
pub fn Progress(props: &ProgressProps) -> Html {
    let count = use_state(|| 0u64);
    {
        let (count, session) = (count.clone(), props.session.clone());
        use_effect_with((), move |_| {
            let alive = Rc::new(Cell::new(true));
            let running = alive.clone();
            let start = session.client.transport().sent();
            wasm_bindgen_futures::spawn_local(async move {
                while running.get() {
                    count.set(session.client.transport().sent() - start);
                    yew::platform::time::sleep(Duration::from_millis(150)).await;
                }
            });
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
