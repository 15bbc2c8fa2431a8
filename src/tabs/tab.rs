//! What a tab is: its name in links (`tab=`), its label on the tab bar, and its body; and [`tabs!`], which turns the list in the parent
//! module into the [`Tab`] enum the page, the tab bar and links use.

use regscope_core::Inspection;
use regscope_core::trace::Exchange;
use yew::Html;

use super::Tab;
use crate::route::ViewQuery;

/// One tab, described in its own file as `pub static SPEC: TabSpec`.
pub struct TabSpec {
    /// The name in the query string.
    pub name: &'static str,
    /// The label on the tab bar.
    pub label: &'static str,
    /// Its body.
    pub body: fn(&TabView<'_>) -> Html,
}

/// What a tab's body shows.
pub struct TabView<'a> {
    /// The view.
    pub query: &'a ViewQuery,
    /// The inspection of the view.
    pub inspection: &'a Inspection,
    /// Every exchange of the view's inspection (a tab whose body is a module of its own shows
    /// that body's exchanges there).
    pub trace: &'a [Exchange],
}

impl Tab {
    /// The tab named `name` in a query string; the first tab for anything unknown.
    pub fn parse(name: &str) -> Tab {
        Tab::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .unwrap_or_default()
    }

    /// The name used in the query string.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The label shown on the tab.
    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// The tab's body for `view`.
    pub fn body(self, view: &TabView<'_>) -> Html {
        (self.spec().body)(view)
    }
}

/// Declares the tabs from one line each, `Variant => module`, in the order shown: the module
/// (`module.rs`, whose `SPEC` describes the tab), the variant `Tab::Variant`, [`Tab::ALL`] and
/// the way from a variant to its `SPEC`. The first tab is the default one.
macro_rules! tabs {
    ($first:ident => $first_module:ident $(, $tab:ident => $module:ident)* $(,)?) => {
        pub mod $first_module;
        $(pub mod $module;)*

        /// The tabs of a view, in the order shown.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub enum Tab {
            #[doc = concat!("The tab described in [`", stringify!($first_module), "`].")]
            #[default]
            $first,
            $(
                #[doc = concat!("The tab described in [`", stringify!($module), "`].")]
                $tab,
            )*
        }

        impl Tab {
            /// Every tab, in the order shown.
            pub const ALL: [Tab; [stringify!($first) $(, stringify!($tab))*].len()] =
                [Tab::$first $(, Tab::$tab)*];

            /// What the tab is (see [`TabSpec`]).
            pub fn spec(self) -> &'static TabSpec {
                match self {
                    Tab::$first => &$first_module::SPEC,
                    $(Tab::$tab => &$module::SPEC,)*
                }
            }
        }
    };
}
