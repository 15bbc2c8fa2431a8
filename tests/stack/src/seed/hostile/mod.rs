//! The hostile images (`hostile/*`): layers a reader must refuse or bound without panicking,
//! one case per repository. Every one is pushable to a real registry (it checks only the
//! digest of what it receives); the compressed-digest mismatch is a fault of the stack's blob
//! origin instead (see [`mismatch`]).

pub mod bomb;
pub mod cases;
pub mod links;
pub mod mismatch;
mod raw;
pub mod zstd_bomb;

use anyhow::Result;

use super::compress::{BuiltLayer, Codec};
use super::files::one;
use super::image::Flavor;
use super::plan::RepoPlan;

/// Every `hostile/*` repository.
pub fn plans() -> Result<Vec<RepoPlan>> {
    let single = |repository: &str, step: &str, layer: BuiltLayer| {
        one(repository, Flavor::Oci, vec![(step, layer)])
    };
    let links = links::layers()?;
    Ok(vec![
        single(
            "hostile/traversal",
            "ADD ../ and / names",
            cases::traversal()?,
        )?,
        single(
            "hostile/pax-huge-record",
            "ADD huge pax record",
            cases::pax_huge_record()?,
        )?,
        single(
            "hostile/pax-huge-header",
            "ADD 8 GiB pax header",
            cases::pax_huge_header()?,
        )?,
        single(
            "hostile/gnu-huge-name",
            "ADD 8 MiB GNU long name",
            cases::gnu_huge_name()?,
        )?,
        single(
            "hostile/bomb",
            "ADD 4 GiB of zeros in 4 MiB",
            BuiltLayer::raw(
                Codec::Gzip.media_type(),
                bomb::gzip()?,
                bomb::DIFF_ID.to_owned(),
            ),
        )?,
        single(
            "hostile/zstd-bomb",
            "ADD 4 GiB of zeros in 128 KiB of zstd",
            BuiltLayer::raw(
                Codec::Zstd.media_type(),
                zstd_bomb::zstd(),
                bomb::DIFF_ID.to_owned(),
            ),
        )?,
        single(
            "hostile/truncated-gzip",
            "ADD truncated gzip",
            cases::truncated_gzip()?,
        )?,
        single(
            "hostile/bad-checksum",
            "ADD bad tar checksum",
            cases::bad_checksum()?,
        )?,
        single(
            "hostile/diff-id-mismatch",
            "ADD layer with another diff id",
            mismatch::diff_id_mismatch()?,
        )?,
        single(
            "hostile/digest-mismatch",
            "ADD layer the blob origin tampers with",
            mismatch::served_layer()?,
        )?,
        one(
            "hostile/link-loops",
            Flavor::Oci,
            links
                .into_iter()
                .zip(["ADD lower links", "ADD upper links"])
                .map(|(layer, step)| (step, layer))
                .collect(),
        )?,
    ])
}
