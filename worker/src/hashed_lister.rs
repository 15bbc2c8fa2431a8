//! Listing one layer for a comparison: every entry with the SHA-256 of each regular file's
//! content (`LayerStream::push_hashed`), and both digests of the layer, as JSON for the page.

use regscope_layers::stream::{Compression, HashedListing, LayerStream, Limits};
use wasm_bindgen::prelude::wasm_bindgen;

/// One layer being listed with content digests.
#[wasm_bindgen]
pub struct HashedLister {
    stream: Option<LayerStream>,
    listing: HashedListing,
}

#[wasm_bindgen]
impl HashedLister {
    /// A lister for a layer of media type `media_type` (gzip, zstd or plain tar).
    #[wasm_bindgen(constructor)]
    pub fn new(media_type: &str) -> Result<HashedLister, String> {
        let compression = Compression::from_media_type(media_type)
            .ok_or_else(|| format!("not a layer this page can read: {media_type}"))?;
        Ok(HashedLister {
            stream: Some(LayerStream::new(compression, Limits::default())),
            listing: HashedListing::new(),
        })
    }

    /// Reads the next bytes of the layer blob.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), String> {
        let stream = self.stream.as_mut().ok_or_else(ended)?;
        stream
            .push_hashed(bytes, &mut self.listing)
            .map_err(|e| e.to_string())
    }

    /// The end of the blob: `{"listing": …, "compressed": "sha256:…", "uncompressed":
    /// "sha256:…"}` (the listing as `regscope_layers::stream::HashedListing` serialises it).
    pub fn finish(&mut self) -> Result<String, String> {
        let stream = self.stream.take().ok_or_else(ended)?;
        let digests = stream
            .finish_hashed(&mut self.listing)
            .map_err(|e| e.to_string())?;
        let listing = std::mem::take(&mut self.listing);
        let json = serde_json::json!({
            "listing": listing,
            "compressed": digests.compressed,
            "uncompressed": digests.uncompressed,
        });
        Ok(json.to_string())
    }
}

fn ended() -> String {
    "the layer was already finished".into()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::HashedLister;
    use regscope_layers::stream::HashedListing;

    fn sha256(bytes: &[u8]) -> String {
        let mut hasher = regscope_layers::stream::BlobHasher::new();
        hasher.update(bytes);
        hasher.finish()
    }

    /// A gzip layer of one directory and two files, and its diff_id.
    fn layer() -> (Vec<u8>, String) {
        let mut tar = tar::Builder::new(Vec::new());
        let mut dir = tar::Header::new_ustar();
        dir.set_entry_type(tar::EntryType::Directory);
        dir.set_mode(0o755);
        dir.set_size(0);
        tar.append_data(&mut dir, "etc/", &[][..]).unwrap();
        for (path, body) in [("etc/a", &b"one\n"[..]), ("etc/b", &b""[..])] {
            let mut header = tar::Header::new_ustar();
            header.set_mode(0o644);
            header.set_size(body.len() as u64);
            tar.append_data(&mut header, path, body).unwrap();
        }
        let tar = tar.into_inner().unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&tar).unwrap();
        (gz.finish().unwrap(), sha256(&tar))
    }

    #[test]
    fn lists_with_content_digests_in_chunks_and_reports_both_digests() {
        let (blob, diff_id) = layer();
        let mut lister = HashedLister::new("application/vnd.oci.image.layer.v1.tar+gzip").unwrap();
        for chunk in blob.chunks(7) {
            lister.push(chunk).unwrap();
        }
        let json: serde_json::Value = serde_json::from_str(&lister.finish().unwrap()).unwrap();
        assert_eq!(json["compressed"], sha256(&blob));
        assert_eq!(json["uncompressed"], diff_id);
        let listing: HashedListing = serde_json::from_value(json["listing"].clone()).unwrap();
        let rows: Vec<(&str, Option<&str>)> =
            listing.iter().map(|(e, d)| (e.path.as_str(), d)).collect();
        let (one, empty) = (sha256(b"one\n"), sha256(b""));
        assert_eq!(
            rows,
            vec![
                ("etc", None),
                ("etc/a", Some(one.as_str())),
                ("etc/b", Some(empty.as_str()))
            ]
        );
        assert!(lister.finish().is_err(), "a second finish is refused");
    }

    #[test]
    fn refuses_what_it_cannot_read_with_words() {
        assert!(HashedLister::new("application/vnd.oci.image.config.v1+json").is_err());
        let mut lister = HashedLister::new("application/vnd.oci.image.layer.v1.tar+gzip").unwrap();
        assert!(lister.push(b"not a gzip stream at all").is_err());
    }
}
