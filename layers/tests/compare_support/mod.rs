//! Support for the comparison tests: plain HTTP/1.1 over a loopback socket as the core's
//! `Transport` (manifests and configs go through the core's client), a blob GET streamed into
//! `LayerStream` that counts the bytes it downloaded, and the seeded registry to read from.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use regscope_core::{Client, Reference, Request, Response, Transport, TransportError};
use regscope_layers::compare::LayerRef;
use regscope_layers::stream::{Compression, HashedListing, LayerStream, Limits};
use regscope_stack::facts;

/// `REGSCOPE_COMPARE_REGISTRY` (`HOST:PORT` of a registry seeded with `compare/*`, its
/// `seeded.json` in `REGSCOPE_STACK_DIR`), else the running stack's no-auth CORS registry.
pub fn registry() -> String {
    std::env::var("REGSCOPE_COMPARE_REGISTRY").unwrap_or_else(|_| facts::CORS_REGISTRY.to_owned())
}

/// Asserts that the seeded list holds the comparison pairs, with what to do when it does not.
pub fn require_pairs() {
    let seeded = facts::seeded_in(&facts::stack_dir()).expect("the stack is seeded");
    assert!(
        seeded.iter().any(|s| s.repository.starts_with("compare/")),
        "{} holds no compare/* image: reseed the stack (regscope-stack seed --only compare/)",
        facts::stack_dir().display()
    );
}

/// The seeded manifest digest of `repository:tag`.
pub fn seeded_digest(repository: &str, tag: &str) -> String {
    facts::seeded_in(&facts::stack_dir())
        .expect("the stack is seeded")
        .into_iter()
        .find(|s| s.repository == repository && s.tag.as_deref() == Some(tag))
        .unwrap_or_else(|| panic!("{repository}:{tag} is not in seeded.json"))
        .digest
}

/// One GET: status, headers, and the body handed to `body` in pieces as it arrives.
pub fn get(
    url: &str,
    headers: &[(String, String)],
    mut body: impl FnMut(&[u8]),
) -> (u16, Vec<(String, String)>) {
    let rest = url.strip_prefix("http://").expect("plain http on loopback");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(host).expect("the registry answers");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let mut response_headers = Vec::new();
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            response_headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let chunked = response_headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.to_ascii_lowercase().contains("chunked")
    });
    let mut buffer = vec![0u8; 16 << 10];
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            let size =
                usize::from_str_radix(line.trim().split(';').next().unwrap_or("0"), 16).unwrap();
            if size == 0 {
                break;
            }
            let mut left = size;
            while left > 0 {
                let n = reader.read(&mut buffer[..left.min(16 << 10)]).unwrap();
                assert!(n > 0, "the body ended early");
                body(&buffer[..n]);
                left -= n;
            }
            line.clear();
            reader.read_line(&mut line).unwrap();
        }
    } else {
        loop {
            let n = reader.read(&mut buffer).unwrap();
            if n == 0 {
                break;
            }
            body(&buffer[..n]);
        }
    }
    (status, response_headers)
}

/// The core's `Transport` over [`get`] (HEAD is not needed by these tests).
pub struct SocketTransport;

impl Transport for SocketTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let mut bytes = Vec::new();
        let (status, headers) = get(&request.url, &request.headers, |b| {
            bytes.extend_from_slice(b)
        });
        Ok(Response {
            status,
            headers,
            body: bytes,
            path: "direct".into(),
        })
    }
}

/// A client of the core over the socket transport.
pub fn client() -> Client<SocketTransport> {
    Client::new(SocketTransport, || 0)
}

/// `repository:tag` on the registry read from.
pub fn reference(repository: &str) -> Reference {
    format!("{}/{repository}:latest", registry())
        .parse()
        .expect("a reference")
}

/// Streams one layer blob from the registry into a `LayerStream` in compare mode (content
/// digests on), verifying both digests; adds the blob bytes received to `downloaded`.
pub fn read_layer(repository: &str, layer: &LayerRef, downloaded: &mut u64) -> HashedListing {
    let compression = Compression::from_media_type(&layer.media_type).expect("a layer media type");
    let mut stream = LayerStream::new(compression, Limits::default());
    let mut listing = HashedListing::new();
    let mut received = 0u64;
    let url = format!(
        "http://{}/v2/{repository}/blobs/{}",
        registry(),
        layer.digest
    );
    let (status, _) = get(&url, &[], |bytes| {
        received += bytes.len() as u64;
        stream
            .push_hashed(bytes, &mut listing)
            .expect("the layer reads");
    });
    assert_eq!(status, 200, "GET {url}");
    let digests = stream
        .finish_hashed(&mut listing)
        .expect("the layer ends cleanly");
    assert_eq!(digests.compressed, layer.digest);
    assert_eq!(Some(&digests.uncompressed), layer.diff_id.as_ref());
    *downloaded += received;
    listing
}
