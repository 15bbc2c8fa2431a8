//! The browser's address bar as the app's state: the view is read from the query string,
//! in-app links push history entries, and back/forward (`popstate`) are reported.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::links;
use crate::route::ViewQuery;

/// The view the address bar names now.
pub fn current() -> ViewQuery {
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    ViewQuery::parse(&search)
}

/// Pushes a history entry for `query` (no page load) and scrolls to the top.
pub fn push(query: &ViewQuery) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.push_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&links::href(query)),
        );
    }
    window.scroll_to_with_x_and_y(0.0, 0.0);
}

/// Replaces the current history entry by `query` (a view that only forwards to another one,
/// so that back does not return to it) and tells every listener ([`announce`]).
pub fn replace(query: &ViewQuery) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&links::href(query)),
        );
    }
    announce();
}

/// Pushes a history entry for `query` and tells every listener ([`announce`]): how the view of
/// a module loaded later goes to another view (the main app's root then follows).
pub fn push_and_announce(query: ViewQuery) {
    push(&query);
    announce();
}

/// Dispatches `popstate`, so that every view that follows the address bar (the main app, and
/// the views of modules loaded later) reads it again after a [`push`] of their own.
pub fn announce() {
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new("popstate")) {
        let _ = window.dispatch_event(&event);
    }
}

/// Sets the document title: `<reference> · regscope`, or `regscope` on the start page.
pub fn set_title(image: Option<&str>) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        match image {
            Some(image) => document.set_title(&format!("{} · regscope", image.trim())),
            None => document.set_title("regscope"),
        }
    }
}

/// Calls a function on every back/forward navigation until dropped.
pub struct PopListener {
    closure: Closure<dyn Fn()>,
}

impl PopListener {
    /// Listens for `popstate`.
    pub fn new(on_pop: impl Fn() + 'static) -> PopListener {
        let closure = Closure::<dyn Fn()>::new(on_pop);
        if let Some(window) = web_sys::window() {
            let _ = window
                .add_event_listener_with_callback("popstate", closure.as_ref().unchecked_ref());
        }
        PopListener { closure }
    }
}

impl Drop for PopListener {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                "popstate",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}
