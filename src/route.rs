//! The view named by the address bar: `?image=<reference>&platform=os/arch[/variant]&tab=<tab>`.
//! Every view is a shareable link; in-app navigation goes through [`Navigation`].

use yew::Callback;

use crate::context::root::Root;

/// The tabs, listed in [`crate::tabs`].
pub use crate::tabs::Tab;

/// The parameters of a view: the app↔relay contract's type, read and written by the core.
pub use regscope_core::contract::ViewQuery;

/// The tab a view shows, read from and written into its [`ViewQuery`].
pub trait ViewTab {
    /// The tab this query asks for (the overview when absent or unknown).
    fn tab(&self) -> Tab;
    /// The same view on another tab (the overview drops the parameter).
    fn with_tab(&self, tab: Tab) -> ViewQuery;
}

impl ViewTab for ViewQuery {
    fn tab(&self) -> Tab {
        self.tab.as_deref().map(Tab::parse).unwrap_or_default()
    }

    fn with_tab(&self, tab: Tab) -> ViewQuery {
        ViewQuery {
            tab: (tab != Tab::Overview).then(|| tab.name().to_string()),
            ..self.clone()
        }
    }
}

/// The current view, the way to go to another one, and the root that renders the page: the
/// one context a root provides (one context type rather than two keeps the wasm smaller).
#[derive(Clone, Default, PartialEq)]
pub struct Navigation {
    /// The view shown.
    pub query: ViewQuery,
    /// Goes to a view, pushing a history entry.
    pub go: Callback<ViewQuery>,
    /// Who renders the page: the browser (with its registry session) or the server (with the
    /// view it inspected); `None` only outside a root.
    pub root: Option<Root>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_round_trip_and_default_to_overview() {
        for tab in Tab::ALL {
            assert_eq!(Tab::parse(tab.name()), tab);
        }
        assert_eq!(Tab::parse("nonsense"), Tab::Overview);
        let q = ViewQuery {
            image: Some("alpine".into()),
            ..ViewQuery::default()
        };
        assert_eq!(q.with_tab(Tab::Json).tab(), Tab::Json);
        assert_eq!(q.with_tab(Tab::Overview).tab, None);
    }
}
