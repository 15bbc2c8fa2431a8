//! The app's routes and the typed query string that makes every view a shareable link.

use serde::{Deserialize, Serialize};
use yew_router::Routable;

/// The app has one page; the view is chosen by the query string.
#[derive(Clone, Debug, PartialEq, Eq, Routable)]
pub enum Route {
    /// `/?image=…&platform=…&tab=…`
    #[at("/")]
    Home,
    /// Anything else falls back to the home page.
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// The query string of a view: `?image=<reference>&platform=os/arch[/variant]&tab=<tab>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ViewQuery {
    /// The reference in Docker syntax, e.g. `alpine` or `host:5000/repo@sha256:…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// The platform to show when the reference names an index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// The tab shown (`overview`, `config`, `json`, `trace`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tab: Option<String>,
}
