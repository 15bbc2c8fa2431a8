//! Compressed copies of the app's hashed assets, made once per process on first request and
//! kept in memory: compressing the wasm bundle on every request would cost more time than
//! sending it (brotli on 600 KiB takes tens of milliseconds even in a release build).

use std::collections::HashMap;
use std::io::Write;
use std::sync::Mutex;

use bytes::Bytes;

use axum::http::{HeaderMap, header};

/// Brotli quality for assets: close to the best ratio at a fraction of quality 11's time.
const BROTLI_QUALITY: u32 = 9;
/// Brotli window (log2 bytes).
const BROTLI_WINDOW: u32 = 22;
/// Files smaller than this are not worth compressing.
const MIN_BYTES: usize = 1024;

/// A content coding the relay can serve.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Coding {
    /// `br`.
    Brotli,
    /// `gzip`.
    Gzip,
}

impl Coding {
    /// The `Content-Encoding` value.
    pub fn name(self) -> &'static str {
        match self {
            Coding::Brotli => "br",
            Coding::Gzip => "gzip",
        }
    }

    /// The best coding the client accepts (`br` over `gzip`), if any.
    pub fn preferred(headers: &HeaderMap) -> Option<Coding> {
        let accepted: Vec<(String, bool)> = headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|item| {
                let mut parts = item.split(';');
                let name = parts.next().unwrap_or("").trim().to_ascii_lowercase();
                let refused = parts.any(|p| {
                    let p = p.trim().replace(' ', "");
                    p == "q=0" || p == "q=0.0" || p == "q=0.00" || p == "q=0.000"
                });
                (name, !refused)
            })
            .collect();
        let accepts = |name: &str| accepted.iter().any(|(n, ok)| *ok && n == name);
        if accepts("br") {
            Some(Coding::Brotli)
        } else if accepts("gzip") {
            Some(Coding::Gzip)
        } else {
            None
        }
    }
}

/// True for content types worth compressing.
pub fn compressible(content_type: &str) -> bool {
    content_type.starts_with("text/")
        || content_type.starts_with("application/wasm")
        || content_type.starts_with("application/json")
        || content_type.starts_with("image/svg")
}

/// Compressed copies by file name (names of hashed assets change with their content).
#[derive(Debug, Default)]
pub struct Precompressed {
    copies: Mutex<HashMap<(String, Coding), Bytes>>,
}

impl Precompressed {
    /// The compressed copy of `name`, made now (off the async threads) if not kept yet.
    /// `None` when the file is too small or compression failed.
    pub async fn get(&self, name: &str, coding: Coding, data: &[u8]) -> Option<Bytes> {
        if data.len() < MIN_BYTES {
            return None;
        }
        let key = (name.to_string(), coding);
        if let Some(kept) = self.copies.lock().ok()?.get(&key) {
            return Some(kept.clone());
        }
        let input = data.to_vec();
        let compressed = tokio::task::spawn_blocking(move || compress(coding, &input))
            .await
            .ok()??;
        let compressed = Bytes::from(compressed);
        self.copies.lock().ok()?.insert(key, compressed.clone());
        Some(compressed)
    }
}

fn compress(coding: Coding, data: &[u8]) -> Option<Vec<u8>> {
    match coding {
        Coding::Brotli => {
            let mut out = Vec::with_capacity(data.len() / 3);
            {
                let mut writer = brotli::CompressorWriter::new(
                    &mut out,
                    64 * 1024,
                    BROTLI_QUALITY,
                    BROTLI_WINDOW,
                );
                writer.write_all(data).ok()?;
            }
            Some(out)
        }
        Coding::Gzip => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(data).ok()?;
            encoder.finish().ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use std::io::Read;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn prefers_brotli_and_honours_q_zero() {
        assert_eq!(
            Coding::preferred(&accept("gzip, deflate, br")),
            Some(Coding::Brotli)
        );
        assert_eq!(
            Coding::preferred(&accept("gzip, br;q=0")),
            Some(Coding::Gzip)
        );
        assert_eq!(Coding::preferred(&accept("identity")), None);
        assert_eq!(Coding::preferred(&HeaderMap::new()), None);
    }

    #[tokio::test]
    async fn copies_decompress_to_the_original_and_are_kept() {
        let data: Vec<u8> = (0..50_000u32)
            .flat_map(|i| (i % 251).to_le_bytes())
            .collect();
        let cache = Precompressed::default();
        let br = cache.get("a.wasm", Coding::Brotli, &data).await.unwrap();
        let mut back = Vec::new();
        brotli::Decompressor::new(&br[..], 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data);
        let again = cache.get("a.wasm", Coding::Brotli, &data).await.unwrap();
        assert_eq!(br.as_ptr(), again.as_ptr(), "compressed once");
        let gz = cache.get("a.wasm", Coding::Gzip, &data).await.unwrap();
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data);
        assert!(cache.get("small.js", Coding::Gzip, b"tiny").await.is_none());
    }
}
