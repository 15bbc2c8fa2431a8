//! Microsoft Container Registry (`mcr.microsoft.com`): no auth at all, and a catalog returned
//! whole, without pagination.

use super::super::names::{Repo, public};
use super::super::paging::Paging;
use super::super::profile::{Blobs, Catalog, Gate, PLAIN, Profile};

/// MCR's repositories.
const REPOS: [Repo; 3] = [
    public("regscope/alpine", "library/alpine"),
    public("regscope/list", "docker/list"),
    public("regscope/many-tags", "many/tags"),
];

/// `mcr.microsoft.com`.
pub static PROFILE: Profile = Profile {
    host: "mcr.microsoft.com",
    scheme: "https",
    repos: &REPOS,
    gate: Gate::Open,
    blobs: Blobs::Direct,
    tags: Paging::Distribution,
    catalog: Catalog {
        paging: Paging::Unpaged,
        anonymous_sees_public: true,
    },
    quirks: PLAIN,
};
