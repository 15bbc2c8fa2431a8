//! Credentials entered in this page, shared by the main app and the views loaded later (each
//! such view is a wasm module with memory of its own): kept in the page's JavaScript memory,
//! on `window`, never written to storage, and gone with the page. Signing in on an image's
//! view then serves its Tags tab and its registry's catalog too, and the other way round.

use js_sys::{Array, Object, Reflect};
use regscope_core::Credentials;
use wasm_bindgen::{JsCast, JsValue};

/// The property of `window` that holds them: an object from API host to `[username, password]`.
const PROPERTY: &str = "regscopeCredentials";

/// The page's store, made on first use.
fn store() -> Option<Object> {
    let window = web_sys::window()?;
    let key = JsValue::from_str(PROPERTY);
    let found = Reflect::get(&window, &key).ok()?;
    if let Ok(object) = found.dyn_into::<Object>() {
        return Some(object);
    }
    let object = Object::new();
    Reflect::set(&window, &key, &object).ok()?;
    Some(object)
}

/// Keeps `credentials` for `api_host` in the page (none: forgets them).
pub fn put(api_host: &str, credentials: Option<&Credentials>) {
    let Some(store) = store() else {
        return;
    };
    let key = JsValue::from_str(api_host);
    let _ = match credentials {
        Some(c) => {
            let pair = Array::of2(&c.username.as_str().into(), &c.password.as_str().into());
            Reflect::set(&store, &key, &pair)
        }
        None => Reflect::delete_property(&store, &key),
    };
}

/// The credentials kept in the page for `api_host`.
pub fn get(api_host: &str) -> Option<Credentials> {
    let store: JsValue = store()?.into();
    let pair = Reflect::get(&store, &JsValue::from_str(api_host))
        .ok()?
        .dyn_into::<Array>()
        .ok()?;
    Some(Credentials {
        username: pair.get(0).as_string()?,
        password: pair.get(1).as_string()?,
    })
}
