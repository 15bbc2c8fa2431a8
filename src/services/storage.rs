//! Browser storage: `localStorage` (kept across visits) and `sessionStorage` (this tab only).
//! Every failure (storage disabled, quota) reads as "nothing stored".

/// Which browser storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    /// `localStorage`: only for things that are not secret (recent references).
    Local,
    /// `sessionStorage`: this tab only; credentials go here only when the user asks.
    Session,
}

fn storage(store: Store) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match store {
        Store::Local => window.local_storage().ok().flatten(),
        Store::Session => window.session_storage().ok().flatten(),
    }
}

/// The value under `key`.
pub fn get(store: Store, key: &str) -> Option<String> {
    storage(store)?.get_item(key).ok().flatten()
}

/// Stores `value` under `key` (silently dropped when storage is unavailable).
pub fn set(store: Store, key: &str, value: &str) {
    if let Some(s) = storage(store) {
        let _ = s.set_item(key, value);
    }
}

/// Removes `key`.
pub fn remove(store: Store, key: &str) {
    if let Some(s) = storage(store) {
        let _ = s.remove_item(key);
    }
}
