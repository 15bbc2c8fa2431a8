//! Microsoft Container Registry (`mcr.microsoft.com`): no auth at all, and a catalog returned
//! whole, without pagination. The repositories under `regscope/no-range/` are a fault mode of
//! the emulation (not MCR's behaviour): their blob GETs ignore `Range`.

use super::super::names::{Repo, ignoring_range, public};
use super::super::paging::Paging;
use super::super::profile::{Blobs, Catalog, Gate, PLAIN, Profile};

/// MCR's repositories.
const REPOS: [Repo; 6] = [
    public("regscope/alpine", "library/alpine"),
    public("regscope/list", "docker/list"),
    public("regscope/many-tags", "many/tags"),
    ignoring_range("regscope/no-range/estargz", "files/estargz"),
    ignoring_range("regscope/no-range/zstd-chunked", "files/zstd-chunked"),
    ignoring_range("regscope/no-range/many", "files/many"),
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
