//! The Files tab's part of the address bar: `layer` (a layer's digest, or `merged`) and `path`
//! (the directory or file shown). They are not view parameters of the contract: the main app
//! ignores them, and this module reads and writes them beside the view's own.

/// What the address bar names inside the tab.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FilesAddress {
    /// A layer's digest, `merged`, or none (the tab then shows its layer list).
    pub layer: Option<String>,
    /// The directory or file shown (without a leading `/`); none for the root.
    pub path: Option<String>,
}

/// The `layer` value naming the merged filesystem.
pub const MERGED: &str = "merged";

impl FilesAddress {
    /// Reads `layer` and `path` from a query string (with or without its `?`).
    pub fn parse(query: &str) -> FilesAddress {
        let params = regscope_core::url_text::query_pairs(query.strip_prefix('?').unwrap_or(query));
        let mut address = FilesAddress::default();
        for (name, value) in params {
            let value = value.trim().to_string();
            if value.is_empty() {
                continue;
            }
            match name.as_str() {
                "layer" if address.layer.is_none() => address.layer = Some(value),
                "path" if address.path.is_none() => {
                    address.path =
                        Some(value.trim_matches('/').to_string()).filter(|p| !p.is_empty())
                }
                _ => {}
            }
        }
        address
    }

    /// Whether the merged filesystem is shown.
    pub fn is_merged(&self) -> bool {
        self.layer.as_deref() == Some(MERGED)
    }

    /// The address bar now.
    pub fn current() -> FilesAddress {
        let search = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default();
        FilesAddress::parse(&search)
    }

    /// Writes this address into the address bar, keeping every other parameter (a new history
    /// entry when `push`, else the current one replaced).
    pub fn write(&self, push: bool) {
        let Some(window) = web_sys::window() else {
            return;
        };
        let Ok(search) = window.location().search() else {
            return;
        };
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
            return;
        };
        for (name, value) in [("layer", &self.layer), ("path", &self.path)] {
            match value {
                Some(value) => params.set(name, value),
                None => params.delete(name),
            }
        }
        let query: String = params.to_string().into();
        // Keep slashes and colons readable, as the app's own links do.
        let query = query
            .replace("%2F", "/")
            .replace("%3A", ":")
            .replace("%40", "@");
        let href = format!("?{query}");
        if let Ok(history) = window.history() {
            let _ = if push {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
            } else {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layer_and_path_read_back() {
        let a = FilesAddress::parse(
            "?image=h/a:1&tab=files&layer=sha256%3Aab&path=%2Fetc%2Fos-release",
        );
        assert_eq!(a.layer.as_deref(), Some("sha256:ab"));
        assert_eq!(a.path.as_deref(), Some("etc/os-release"));
        assert!(!a.is_merged());
        let m = FilesAddress::parse("layer=merged&path=/");
        assert!(m.is_merged());
        assert_eq!(m.path, None);
        assert_eq!(FilesAddress::parse("tab=files"), FilesAddress::default());
    }
}
