//! Byte ranges asked of a registry, and taking the asked bytes out of whatever came back: a
//! 206 with (or without) `Content-Range`, or a 200 carrying the whole blob from its start
//! (RFC 9110 §14: a server may ignore Range).

use super::error::LazyError;

/// Bytes `start..end` of a blob (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ByteRange {
    /// First byte.
    pub start: u64,
    /// One past the last byte.
    pub end: u64,
}

impl ByteRange {
    /// Number of bytes.
    pub fn len(&self) -> u64 {
        self.end.saturating_sub(self.start)
    }

    /// True when the range holds no byte.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `Range` header's value: `bytes=START-LAST` (last inclusive).
    pub fn header_value(&self) -> String {
        format!("bytes={}-{}", self.start, self.end.saturating_sub(1))
    }

    fn error(&self, why: impl Into<String>) -> LazyError {
        LazyError::BadAnswer {
            start: self.start,
            end: self.end.saturating_sub(1),
            why: why.into(),
        }
    }
}

/// What the registry answered to a Range request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer<'a> {
    /// HTTP status: 206, or 200 for a server that ignored the Range (the body then starts at
    /// the blob's first byte; it may be cut once it covers the range asked).
    pub status: u16,
    /// The `Content-Range` header of a 206, when present.
    pub content_range: Option<&'a str>,
    /// The body.
    pub body: &'a [u8],
}

impl<'a> Answer<'a> {
    /// A 206 whose body starts exactly at the range asked.
    pub fn partial(body: &'a [u8]) -> Self {
        Answer {
            status: 206,
            content_range: None,
            body,
        }
    }

    /// A 200 carrying the blob from its first byte.
    pub fn whole(body: &'a [u8]) -> Self {
        Answer {
            status: 200,
            content_range: None,
            body,
        }
    }
}

/// The bytes of `asked` inside `answer`, or why they are not there.
pub fn take_range<'a>(asked: ByteRange, answer: &Answer<'a>) -> Result<&'a [u8], LazyError> {
    let body_start = match answer.status {
        206 => match answer.content_range {
            Some(value) => content_range_start(value).ok_or_else(|| {
                asked.error(format!(
                    "a 206 with a Content-Range that cannot be read ({value:?})"
                ))
            })?,
            None => asked.start,
        },
        200 => 0,
        416 => {
            return Err(asked
                .error("416 Range Not Satisfiable: the blob is shorter than its descriptor says"));
        }
        other => return Err(asked.error(format!("HTTP {other} instead of 206 or 200"))),
    };
    if body_start > asked.start {
        return Err(asked.error(format!("bytes starting at {body_start}")));
    }
    let from = asked.start - body_start;
    let to = asked.end - body_start;
    if (answer.body.len() as u64) < to {
        return Err(asked.error(format!(
            "a body of {} bytes from offset {body_start}, which ends before the range",
            answer.body.len()
        )));
    }
    Ok(&answer.body[from as usize..to as usize])
}

/// The first byte of `bytes A-B/TOTAL`.
fn content_range_start(value: &str) -> Option<u64> {
    let rest = value.trim().strip_prefix("bytes")?.trim_start();
    let (first, _) = rest.split_once('-')?;
    first.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_and_whole_answers_give_the_same_bytes() {
        let blob: Vec<u8> = (0..=255).collect();
        let asked = ByteRange { start: 10, end: 20 };
        assert_eq!(asked.header_value(), "bytes=10-19");
        let want = &blob[10..20];
        assert_eq!(take_range(asked, &Answer::whole(&blob)).unwrap(), want);
        assert_eq!(take_range(asked, &Answer::partial(want)).unwrap(), want);
        let wider = Answer {
            status: 206,
            content_range: Some("bytes 5-29/256"),
            body: &blob[5..30],
        };
        assert_eq!(take_range(asked, &wider).unwrap(), want);
    }

    #[test]
    fn unusable_answers_are_named() {
        let asked = ByteRange { start: 10, end: 20 };
        for (answer, needle) in [
            (Answer::partial(&[0; 5]), "ends before"),
            (Answer::whole(&[0; 15]), "ends before"),
            (
                Answer {
                    status: 206,
                    content_range: Some("bytes 12-40/99"),
                    body: &[0; 29],
                },
                "starting at 12",
            ),
            (
                Answer {
                    status: 206,
                    content_range: Some("items 1-2"),
                    body: &[0; 29],
                },
                "cannot be read",
            ),
            (
                Answer {
                    status: 416,
                    content_range: None,
                    body: &[],
                },
                "416",
            ),
            (
                Answer {
                    status: 404,
                    content_range: None,
                    body: &[],
                },
                "HTTP 404",
            ),
        ] {
            let err = take_range(asked, &answer).unwrap_err().to_string();
            assert!(err.contains(needle), "{err}");
        }
    }
}
