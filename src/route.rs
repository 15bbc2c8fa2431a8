//! The view named by the address bar: `?image=<reference>&platform=os/arch[/variant]&tab=<tab>`.
//! Every view is a shareable link; in-app navigation goes through [`Navigation`].

use yew::Callback;

/// The tabs, listed in [`crate::tabs`].
pub use crate::tabs::Tab;

/// The query string of a view.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ViewQuery {
    /// The reference in Docker syntax, e.g. `alpine` or `host:5000/repo@sha256:…`.
    pub image: Option<String>,
    /// The platform to show when the reference names an index.
    pub platform: Option<String>,
    /// The tab shown (see [`Tab`]); the overview when absent or unknown.
    pub tab: Option<String>,
}

impl ViewQuery {
    /// The tab this query asks for.
    pub fn tab(&self) -> Tab {
        self.tab.as_deref().map(Tab::parse).unwrap_or_default()
    }

    /// The same view on another tab (the overview drops the parameter).
    pub fn with_tab(&self, tab: Tab) -> ViewQuery {
        ViewQuery {
            tab: (tab != Tab::Overview).then(|| tab.name().to_string()),
            ..self.clone()
        }
    }
}

/// The current view and the way to go to another one (provided by the app as a context).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Navigation {
    /// The view shown.
    pub query: ViewQuery,
    /// Goes to a view, pushing a history entry.
    pub go: Callback<ViewQuery>,
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
