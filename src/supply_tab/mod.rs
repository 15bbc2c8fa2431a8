//! The Supply chain tab (`?image=…&tab=supply`): an image's signatures, attestations, SLSA
//! provenance and SBOMs, for the manifest and each platform of an index, gathered over the
//! module's own registry session, decoded and verified by `regscope-supply`. This code is not in
//! the main bundle: the `supply` binary (`src/bin/supply.rs`) builds it into a module of its
//! own that the main app loads when the tab opens ([`crate::lazy`]). A pasted public key stays
//! in the module's memory, never in the address bar.

pub mod components;
pub mod labels;
pub mod root;
pub mod services;
pub mod use_gathered;

pub use root::{SupplyRoot, SupplyRootProps};
