//! regscope-supply: an image's supply-chain artifacts (BuildKit attestations, OCI referrers,
//! cosign signatures and attestations), gathered over the core's client, decoded (DSSE,
//! in-toto, SLSA provenance, SPDX and CycloneDX SBOMs) and verified, with every check's
//! outcome typed as verified, invalid or not checked.

pub mod certificate;
pub mod check;
pub mod cosign;
pub mod decode;
pub mod dsse;
pub mod gather;
pub mod limits;
pub mod notary;
pub mod provenance;
pub mod sbom;
pub mod statement;

pub use check::Check;
