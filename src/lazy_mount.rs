//! Mounting a lazily loaded module's Yew app inside the main app's page without the two
//! runtimes mistaking each other's elements.
//!
//! Each wasm module carries its own copy of Yew, and each copy numbers the roots it renders
//! from 1 and marks the elements it owns with that number. The main app's root is 1, and it
//! listens to events in the capture phase on its host (the body), which holds the module's
//! elements too: a module root also numbered 1 would make the main app take the module's
//! events for its own and run its own listeners (a click on the module's submit button ran
//! the main app's header link). So a module first renders one empty root on a detached
//! element: its own roots are then numbered from 2.

use std::cell::{Cell, RefCell};
use std::thread::LocalKey;

use yew::html::BaseComponent;
use yew::prelude::*;

thread_local! {
    /// Whether the root numbered 1 has been spent.
    static FIRST_ROOT_SPENT: Cell<bool> = const { Cell::new(false) };
}

/// An empty component, rendered once to spend the root number the main app uses.
#[component]
fn Spent() -> Html {
    Html::default()
}

/// Renders `C` with `props` into `element`, never as root number 1.
pub fn render<C: BaseComponent>(element: web_sys::Element, props: C::Properties) -> AppHandle<C> {
    if !FIRST_ROOT_SPENT.with(|spent| spent.replace(true))
        && let Some(detached) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("div").ok())
    {
        yew::Renderer::<Spent>::with_root(detached)
            .render()
            .destroy();
    }
    yew::Renderer::<C>::with_root_and_props(element, props).render()
}

/// Where a module keeps the app it mounted (one per module, in a `thread_local!`).
pub type Mounted<C> = RefCell<Option<AppHandle<C>>>;

/// Mounts `C` with `props` into `element` (see [`render`]) and keeps it in `slot`, after
/// unmounting what `slot` held.
pub fn mount_in<C: BaseComponent>(
    slot: &'static LocalKey<Mounted<C>>,
    element: web_sys::Element,
    props: C::Properties,
) {
    unmount_from(slot);
    let handle = render::<C>(element, props);
    slot.with(|mounted| *mounted.borrow_mut() = Some(handle));
}

/// Unmounts the app `slot` holds, if any.
pub fn unmount_from<C: BaseComponent>(slot: &'static LocalKey<Mounted<C>>) {
    if let Some(handle) = slot.with(|mounted| mounted.borrow_mut().take()) {
        handle.destroy();
    }
}
