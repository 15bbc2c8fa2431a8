//! What the server fetched for a browse view it renders, given to the page (in a context) in
//! place of fetching: effects do not run on the server.

use std::rc::Rc;

use super::referrers::ReferrerLists;
use super::services::{Catalog, Tags};
use crate::hooks::load::Load;

/// The lists the server fetched for the view (none in the browser).
#[derive(Clone, Default)]
pub struct Prefetched {
    /// The catalog, for a registry's view.
    pub catalog: Option<Load<Catalog>>,
    /// The tags, for a repository's view (or an image's Tags tab).
    pub tags: Option<Load<Tags>>,
    /// The referrers, for an image's Referrers tab.
    pub referrers: Option<Load<ReferrerLists>>,
    /// The two images compared, for a `?image=A&compare=B` view.
    pub compare: Option<Load<crate::compare::services::Compared>>,
}

/// One server render has one value: compared by identity.
#[derive(Clone, Default)]
pub struct SharedPrefetched(pub Rc<Prefetched>);

impl PartialEq for SharedPrefetched {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
