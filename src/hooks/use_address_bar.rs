//! The view the address bar names, as state: set first to a given view, then to the address
//! bar's on every `popstate` (back/forward, and the event the views of other modules dispatch
//! after they push an entry). The main app's root and each module's root use it.

use yew::prelude::*;

use crate::route::ViewQuery;
use crate::services::navigation::{self, PopListener};

/// The view, starting from `first` and following the address bar.
#[hook]
pub fn use_address_bar(first: impl FnOnce() -> ViewQuery) -> UseStateHandle<ViewQuery> {
    let query = use_state(first);
    {
        let query = query.clone();
        use_effect_with((), move |_| {
            let listener = PopListener::new(move || query.set(navigation::current()));
            move || drop(listener)
        });
    }
    query
}
