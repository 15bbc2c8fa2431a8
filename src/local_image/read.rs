//! Reading a dropped or picked image with `Blob.slice(a, b).arrayBuffer()`: a tar is indexed
//! from its headers (read in 64 KiB windows, member contents skipped) and only the small JSON
//! files the image needs are read, so a tarball of many gigabytes opens at once; a directory
//! (a drop's `FileSystemDirectoryEntry`, or files picked with `webkitdirectory`) is walked
//! into relative paths. The sans-IO readers are regscope-layers' `local` module.

use regscope_layers::lazy::range::ByteRange;
use regscope_layers::local::files::FileMap;
use regscope_layers::local::image::LocalImage;
use regscope_layers::local::loader::{LoadStep, LocalLoader};
use regscope_layers::local::tar_index::TarIndexer;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::js::{Blob, DirectoryReader, Entry, File, words};

/// Bytes read at once when the reader asks for less (tar headers).
pub const WINDOW: u64 = 64 << 10;
/// Most files taken from a dropped directory.
pub const MAX_DIRECTORY_FILES: usize = 100_000;
/// Deepest directory walked.
pub const MAX_DIRECTORY_DEPTH: usize = 32;

/// Reads ranges of one blob, keeping the last window read.
struct Reader<'a> {
    blob: &'a Blob,
    size: u64,
    window: Option<(u64, Vec<u8>)>,
    reads: u32,
}

impl Reader<'_> {
    fn new(blob: &Blob) -> Reader<'_> {
        Reader {
            blob,
            size: blob.size() as u64,
            window: None,
            reads: 0,
        }
    }

    async fn read(&mut self, range: ByteRange) -> Result<Vec<u8>, String> {
        if let Some((start, bytes)) = &self.window
            && range.start >= *start
            && range.end <= start + bytes.len() as u64
        {
            let from = (range.start - start) as usize;
            return Ok(bytes[from..from + range.len() as usize].to_vec());
        }
        let end = range.end.max(range.start + WINDOW).min(self.size);
        let bytes = read(
            self.blob,
            ByteRange {
                start: range.start,
                end,
            },
        )
        .await?;
        self.reads += 1;
        let wanted = (range.len() as usize).min(bytes.len());
        let out = bytes[..wanted].to_vec();
        self.window = Some((range.start, bytes));
        Ok(out)
    }
}

/// The bytes `range` of `blob`.
pub async fn read(blob: &Blob, range: ByteRange) -> Result<Vec<u8>, String> {
    let promise = blob
        .slice(range.start as f64, range.end as f64)
        .array_buffer();
    let buffer = JsFuture::from(promise).await.map_err(|e| words(&e))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A tar (`docker save`, an OCI layout's tar), read; also the number of reads made.
pub async fn open_tar(file: &Blob) -> Result<(LocalImage, u32), String> {
    let mut reader = Reader::new(file);
    let mut indexer = TarIndexer::new(reader.size);
    while let Some(range) = indexer.next_read() {
        let bytes = reader.read(range).await?;
        if range.start == 0
            && let Some(kind) = compressed(&bytes)
        {
            return Err(format!(
                "this is a {kind}-compressed file; decompress it first (the tar inside is what docker save or an OCI layout tar holds)"
            ));
        }
        indexer.feed(&bytes).map_err(|e| e.to_string())?;
    }
    let index = indexer.finish().map_err(|e| e.to_string())?;
    let map = FileMap::from_tar(&index);
    let (image, reads) = load(map, std::slice::from_ref(file)).await?;
    Ok((image, reader.reads + reads))
}

/// The image of a directory's files (relative paths, in the order of `files`).
pub async fn open_directory(files: &[(String, File)]) -> Result<(LocalImage, u32), String> {
    let listed: Vec<(String, u64)> = files
        .iter()
        .map(|(path, file)| (path.clone(), file.size() as u64))
        .collect();
    let blobs: Vec<Blob> = files
        .iter()
        .map(|(_, f)| f.clone().unchecked_into())
        .collect();
    load(FileMap::from_directory(&listed), &blobs).await
}

async fn load(map: FileMap, blobs: &[Blob]) -> Result<(LocalImage, u32), String> {
    let mut loader = LocalLoader::new(map);
    let mut reads = 0;
    loop {
        match loader.next().map_err(|e| e.to_string())? {
            LoadStep::Ready(image) => return Ok((image, reads)),
            LoadStep::Read { path, location } => {
                let blob = blobs
                    .get(location.file)
                    .ok_or_else(|| format!("{path} is not among the files given"))?;
                let bytes = read(blob, location.range).await?;
                reads += 1;
                loader.feed(&path, bytes).map_err(|e| e.to_string())?;
            }
        }
    }
}

/// The compression a file starts with, if any (gzip, zstd).
fn compressed(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(&[0x1f, 0x8b]) {
        Some("gzip")
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Some("zstd")
    } else {
        None
    }
}

/// The files under a dropped directory, with paths relative to it (its own name first, as
/// `webkitRelativePath` writes them).
pub async fn walk(directory: &Entry) -> Result<Vec<(String, File)>, String> {
    let mut out = Vec::new();
    let mut stack = vec![(directory.entry_name(), directory.clone(), 0usize)];
    while let Some((path, entry, depth)) = stack.pop() {
        if depth > MAX_DIRECTORY_DEPTH {
            return Err(format!(
                "{path} is nested deeper than {MAX_DIRECTORY_DEPTH} folders"
            ));
        }
        for child in entries(&entry.create_reader()).await? {
            let child_path = format!("{path}/{}", child.entry_name());
            if child.is_directory() == Some(true) {
                stack.push((child_path, child, depth + 1));
            } else {
                if out.len() >= MAX_DIRECTORY_FILES {
                    return Err(format!(
                        "the folder holds more than {MAX_DIRECTORY_FILES} files"
                    ));
                }
                out.push((child_path, file_of(&child).await?));
            }
        }
    }
    Ok(out)
}

async fn entries(reader: &DirectoryReader) -> Result<Vec<Entry>, String> {
    let mut all = Vec::new();
    loop {
        let promise = js_sys::Promise::new(&mut |ok, err| reader.read_entries(&ok, &err));
        let batch: js_sys::Array = JsFuture::from(promise)
            .await
            .map_err(|e| words(&e))?
            .unchecked_into();
        if batch.length() == 0 {
            return Ok(all);
        }
        all.extend(batch.iter().map(JsCast::unchecked_into::<Entry>));
    }
}

async fn file_of(entry: &Entry) -> Result<File, String> {
    let promise = js_sys::Promise::new(&mut |ok, err| entry.file_of(&ok, &err));
    Ok(JsFuture::from(promise)
        .await
        .map_err(|e| words(&e))?
        .unchecked_into())
}
