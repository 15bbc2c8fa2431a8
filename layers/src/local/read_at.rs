//! Driving the sans-IO readers with a synchronous `read_at` (native callers, tests): the
//! browser drives the same [`TarIndexer`] and [`LocalLoader`] with `File.slice` instead.

use super::error::LocalError;
use super::files::{FileMap, Location};
use super::image::LocalImage;
use super::loader::{LoadStep, LocalLoader};
use super::tar_index::{TarIndex, TarIndexer};
use crate::lazy::range::ByteRange;

/// Indexes a tar of `size` bytes, reading only its headers.
pub fn index_tar(
    size: u64,
    mut read_at: impl FnMut(ByteRange) -> Result<Vec<u8>, String>,
) -> Result<TarIndex, LocalError> {
    let mut indexer = TarIndexer::new(size);
    while let Some(range) = indexer.next_read() {
        let bytes = read_at(range).map_err(|why| LocalError::Read {
            path: format!("bytes {}-{}", range.start, range.end),
            why,
        })?;
        indexer.feed(&bytes)?;
    }
    indexer.finish()
}

/// Loads the image of `files`, reading each file it needs with `read_at`.
pub fn load(
    files: FileMap,
    mut read_at: impl FnMut(Location) -> Result<Vec<u8>, String>,
) -> Result<LocalImage, LocalError> {
    let mut loader = LocalLoader::new(files);
    loop {
        match loader.next()? {
            LoadStep::Ready(image) => return Ok(image),
            LoadStep::Read { path, location } => {
                let bytes = read_at(location).map_err(|why| LocalError::Read {
                    path: path.clone(),
                    why,
                })?;
                loader.feed(&path, bytes)?;
            }
        }
    }
}

/// A tar (an OCI layout's, or a `docker save` tarball) held in memory: indexed and loaded.
pub fn load_tar_bytes(tar: &[u8]) -> Result<LocalImage, LocalError> {
    let slice = |r: ByteRange| -> Result<Vec<u8>, String> {
        tar.get(r.start as usize..r.end as usize)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| "outside the file".to_string())
    };
    let index = index_tar(tar.len() as u64, slice)?;
    load(FileMap::from_tar(&index), |l| slice(l.range))
}
