//! Local images read without network: a `docker save` tarball (legacy, or with the OCI
//! layout Docker 25 writes), an OCI layout directory (a list of relative paths → files) or
//! its tar, sans-IO over random access.
//!
//! Steps: [`tar_index::TarIndexer`] indexes a tar from its headers alone (contents
//! skipped); [`files::FileMap`] names where each file is (a tar's member or a dropped
//! file); [`loader::LocalLoader`] reads the few JSON files the image needs and yields a
//! [`image::LocalImage`], whose [`image::LocalImage::resolve`] answers registry-style
//! manifest and blob paths, so the core's ordinary inspect flow runs over it. Each reader
//! says which bytes it needs; [`read_at`] drives them with a synchronous `read_at`.

pub mod error;
pub mod files;
pub mod image;
pub mod loader;
pub mod read_at;
pub mod tar_index;
