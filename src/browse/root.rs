//! The browse module's root in the browser: it keeps the view named by the address bar (it
//! follows `popstate`, as the main app does), makes its own registry session over the
//! exchanges the server recorded, and navigates by pushing a history entry and telling every
//! listener (the main app too) with a `popstate` event.

use regscope_core::recording::Recording;
use yew::prelude::*;

use crate::hooks::use_module_navigation::use_module_navigation;
use crate::route::{Navigation, ViewQuery};

use super::image_host::ImageHost;
use super::page::BrowsePage;

/// Props of [`BrowseRoot`].
#[derive(Properties, PartialEq)]
pub struct BrowseRootProps {
    /// The view to show first.
    pub query: ViewQuery,
    /// The exchanges the relay made while it rendered this view (its session answers from them).
    #[prop_or_default]
    pub recording: Recording,
    /// The image, for an image's Tags or Referrers tab (as the host element names it).
    #[prop_or_default]
    pub image: ImageHost,
}

/// The root of the browse views.
#[component]
pub fn BrowseRoot(props: &BrowseRootProps) -> Html {
    let navigation = use_module_navigation(&props.query, &props.recording);
    html! {
        <ContextProvider<Navigation> context={navigation}>
            <BrowsePage image={props.image.clone()} />
        </ContextProvider<Navigation>>
    }
}
