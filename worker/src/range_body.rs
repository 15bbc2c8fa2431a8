//! The body of one Range request, read as it streams: keeps only the bytes asked for, whether
//! the registry answered 206 (from the `Content-Range` start) or ignored Range and sent the
//! whole blob with 200, and says when the asked bytes are all in, so the worker stops reading
//! (a 200 then ends long before the blob does, unless the bytes asked are at its end).

use regscope_layers::lazy::range::{Answer, ByteRange};
use wasm_bindgen::prelude::wasm_bindgen;

/// The bytes of one answer that fall in the range asked.
#[wasm_bindgen]
pub struct RangeBody {
    asked: ByteRange,
    status: u16,
    content_range: Option<String>,
    /// Where the body starts in the blob; `None` when it cannot hold the asked bytes (another
    /// status, an unreadable `Content-Range`, or one starting after the range).
    body_start: Option<u64>,
    /// Body bytes read so far (all of them, kept or not).
    moved: u64,
    kept: Vec<u8>,
}

#[wasm_bindgen]
impl RangeBody {
    /// The body of the answer (`status`, `Content-Range`) to a request for `start..end`.
    #[wasm_bindgen(constructor)]
    pub fn new(start: f64, end: f64, status: u16, content_range: Option<String>) -> RangeBody {
        let asked = ByteRange {
            start: start.max(0.0) as u64,
            end: end.max(0.0) as u64,
        };
        let body_start = match status {
            206 => match content_range.as_deref() {
                Some(value) => first_byte(value),
                None => Some(asked.start),
            },
            200 => Some(0),
            _ => None,
        }
        .filter(|&first| first <= asked.start);
        RangeBody {
            asked,
            status,
            content_range,
            body_start,
            moved: 0,
            kept: Vec::new(),
        }
    }

    /// Reads the next bytes of the body: true once the asked bytes are all in (or the body
    /// cannot hold them), when the caller stops reading.
    pub fn push(&mut self, chunk: &[u8]) -> bool {
        let Some(body_start) = self.body_start else {
            return true;
        };
        let at = body_start + self.moved;
        self.moved += chunk.len() as u64;
        let from = self.asked.start.max(at);
        let to = self.asked.end.min(at + chunk.len() as u64);
        if from < to {
            self.kept
                .extend_from_slice(&chunk[(from - at) as usize..(to - at) as usize]);
        }
        self.complete()
    }

    /// True once every asked byte is kept, or the answer cannot hold them.
    pub fn complete(&self) -> bool {
        self.body_start.is_none() || self.kept.len() as u64 >= self.asked.len()
    }

    /// Body bytes read (what the request moved so far).
    pub fn moved(&self) -> f64 {
        self.moved as f64
    }
}

impl RangeBody {
    /// The range asked.
    pub(crate) fn asked(&self) -> ByteRange {
        self.asked
    }

    /// The answer the lazy reader takes: the kept bytes as a 206 of exactly the range asked,
    /// or, when the body could not hold them, the status and `Content-Range` as they came (the
    /// reader then says what was wrong).
    pub(crate) fn answer(&self) -> Answer<'_> {
        match self.body_start {
            Some(_) => Answer::partial(&self.kept),
            None => Answer {
                status: self.status,
                content_range: self.content_range.as_deref(),
                body: &[],
            },
        }
    }

    /// The kept bytes.
    pub(crate) fn into_kept(self) -> Vec<u8> {
        self.kept
    }
}

/// The first byte of `bytes A-B/TOTAL` (RFC 9110 §14.4).
fn first_byte(value: &str) -> Option<u64> {
    let rest = value.trim().strip_prefix("bytes")?.trim_start();
    let (first, _) = rest.split_once('-')?;
    first.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use regscope_layers::lazy::range::take_range;

    use super::*;

    fn blob() -> Vec<u8> {
        (0..=255u8).cycle().take(1000).collect()
    }

    fn read(body: &mut RangeBody, bytes: &[u8], chunk: usize) -> usize {
        let mut pushed = 0;
        for piece in bytes.chunks(chunk) {
            pushed += 1;
            if body.push(piece) {
                break;
            }
        }
        pushed
    }

    #[test]
    fn a_206_keeps_the_range_from_its_content_range() {
        let blob = blob();
        let mut body = RangeBody::new(100.0, 200.0, 206, Some("bytes 100-199/1000".into()));
        read(&mut body, &blob[100..200], 7);
        assert!(body.complete());
        assert_eq!(body.moved(), 100.0);
        let answer = body.answer();
        assert_eq!(take_range(body.asked(), &answer).unwrap(), &blob[100..200]);
        let mut wider = RangeBody::new(100.0, 200.0, 206, Some("bytes 90-299/1000".into()));
        read(&mut wider, &blob[90..300], 13);
        let answer = wider.answer();
        assert_eq!(take_range(wider.asked(), &answer).unwrap(), &blob[100..200]);
        let mut bare = RangeBody::new(5.0, 10.0, 206, None);
        read(&mut bare, &blob[5..10], 2);
        assert_eq!(bare.into_kept(), &blob[5..10]);
    }

    #[test]
    fn a_200_is_read_only_until_the_range_is_in() {
        let blob = blob();
        let mut body = RangeBody::new(100.0, 200.0, 200, None);
        let pushed = read(&mut body, &blob, 64);
        assert!(body.complete());
        assert_eq!(pushed, 4, "stops at the chunk holding byte 199");
        assert_eq!(body.moved(), 256.0);
        let answer = body.answer();
        assert_eq!(take_range(body.asked(), &answer).unwrap(), &blob[100..200]);
        // The tail of the blob: the whole body is needed.
        let mut tail = RangeBody::new(900.0, 1000.0, 200, None);
        read(&mut tail, &blob, 100);
        assert_eq!(tail.moved(), 1000.0);
        assert_eq!(tail.into_kept(), &blob[900..]);
    }

    #[test]
    fn answers_that_cannot_hold_the_range_stop_at_once_and_say_why() {
        let asked = (100.0, 200.0);
        for (status, content_range, needle) in [
            (404, None, "HTTP 404"),
            (416, None, "416"),
            (206, Some("bytes 150-199/1000"), "starting at 150"),
            (206, Some("items 1-2"), "cannot be read"),
        ] {
            let mut body = RangeBody::new(asked.0, asked.1, status, content_range.map(Into::into));
            assert!(body.push(&[0; 10]), "{status}");
            assert_eq!(body.moved(), 0.0);
            let err = take_range(body.asked(), &body.answer()).unwrap_err();
            assert!(err.to_string().contains(needle), "{err}");
        }
    }

    #[test]
    fn a_body_that_ends_early_is_short_and_refused() {
        let blob = blob();
        let mut body = RangeBody::new(100.0, 200.0, 206, None);
        read(&mut body, &blob[100..150], 10);
        assert!(!body.complete());
        let err = take_range(body.asked(), &body.answer()).unwrap_err();
        assert!(err.to_string().contains("ends before"), "{err}");
    }
}
