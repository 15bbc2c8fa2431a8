//! The tar-split stream zstd:chunked stores beside its TOC (vbatts/tar-split
//! `archive/tar/storage`): one JSON object per line, `{"type":2,"payload":<base64 raw bytes>,
//! "position":N}` for the tar's own bytes (headers, padding, the end blocks) and
//! `{"type":1,"name":…,"size":…,"payload":<base64 CRC-64/ISO of the content>,"position":N}`
//! for each file's content, so the exact tar can be rebuilt from the files.

use serde::Serialize;

/// Builds the JSON-lines stream as the layer is written.
#[derive(Default)]
pub(crate) struct TarSplit {
    out: Vec<u8>,
    position: u64,
}

#[derive(Serialize)]
struct Line<'a> {
    #[serde(rename = "type")]
    kind: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<u64>,
    payload: Option<String>,
    position: u64,
}

impl TarSplit {
    /// Raw tar bytes (a header, padding before it, the end-of-archive blocks).
    pub(crate) fn segment(&mut self, raw: &[u8]) {
        if raw.is_empty() {
            return;
        }
        self.line(Line {
            kind: 2,
            name: None,
            size: None,
            payload: Some(base64(raw)),
            position: self.position,
        });
    }

    /// A file's content, recorded by name, size and checksum.
    pub(crate) fn file(&mut self, name: &str, content: &[u8]) {
        let payload = (!content.is_empty()).then(|| base64(&crc64_iso(content).to_be_bytes()));
        self.line(Line {
            kind: 1,
            name: Some(name),
            size: (!content.is_empty()).then_some(content.len() as u64),
            payload,
            position: self.position,
        });
    }

    fn line(&mut self, line: Line<'_>) {
        serde_json::to_writer(&mut self.out, &line).expect("writing to memory");
        self.out.push(b'\n');
        self.position += 1;
    }

    /// The stream's bytes.
    pub(crate) fn finish(self) -> Vec<u8> {
        self.out
    }
}

/// CRC-64 as Go's `hash/crc64` with the ISO table computes it (what tar-split records).
fn crc64_iso(bytes: &[u8]) -> u64 {
    crc::Crc::<u64>::new(&crc::CRC_64_GO_ISO).checksum(bytes)
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_and_base64_match_known_values() {
        // CRC-64/GO-ISO check value of "123456789".
        assert_eq!(crc64_iso(b"123456789"), 0xB909_56C7_75A4_1001);
        assert_eq!(base64(b"hello"), "aGVsbG8=");
        assert_eq!(base64(b"hi!"), "aGkh");
        assert_eq!(base64(b"h"), "aA==");
    }

    #[test]
    fn lines_count_their_positions() {
        let mut t = TarSplit::default();
        t.segment(b"hdr");
        t.file("a", b"x");
        t.file("empty", b"");
        let text = String::from_utf8(t.finish()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], r#"{"type":2,"payload":"aGRy","position":0}"#);
        assert!(lines[1].starts_with(r#"{"type":1,"name":"a","size":1,"payload":"#));
        assert_eq!(
            lines[2],
            r#"{"type":1,"name":"empty","payload":null,"position":2}"#
        );
    }
}
