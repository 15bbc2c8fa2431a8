//! eStargz and zstd:chunked layers pushed to a real CNCF distribution registry (Debian's
//! `docker-registry`, started here on a free loopback port with its own storage and stopped
//! at the end) and read back with real HTTP Range requests: the TOC in at most 3 requests and
//! under 5 % of the blob, each file in one request, every chunk digest checked.
#![cfg(feature = "build")]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use regscope_layers::build::{self, BuildOptions, BuiltLazyLayer};
use regscope_layers::lazy::format;
use regscope_layers::lazy::limits::LazyLimits;
use regscope_layers::lazy::range::{Answer, ByteRange};
use regscope_layers::lazy::reader::{TocReader, TocVerification};

/// The registry's address: a loopback port free when the test starts.
fn registry_addr() -> &'static str {
    static ADDR: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ADDR.get_or_init(|| {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free loopback port");
        listener.local_addr().expect("its address").to_string()
    })
}

/// The registry process, killed when dropped.
struct Registry {
    child: Child,
    dir: std::path::PathBuf,
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn start_registry() -> Option<Registry> {
    let binary = ["/usr/bin/docker-registry", "/usr/local/bin/docker-registry"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())?;
    let dir = std::env::temp_dir().join(format!("regscope-lazy-registry-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("storage")).unwrap();
    let config = format!(
        "version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: {}\nhttp:\n  addr: {addr}\n  secret: regscope-lazy-test\n",
        dir.join("storage").display(),
        addr = registry_addr()
    );
    std::fs::write(dir.join("config.yml"), config).unwrap();
    let child = Command::new(binary)
        .arg("serve")
        .arg(dir.join("config.yml"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let registry = Registry { child, dir };
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok((200, _, _)) = http("GET", "/v2/", &[], &[]) {
            return Some(registry);
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("the registry did not start on {}", registry_addr());
}

type Head = Vec<(String, String)>;

/// One HTTP/1.1 exchange on a fresh connection (the test needs no more than this).
fn http(
    method: &str,
    path: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> std::io::Result<(u16, Head, Vec<u8>)> {
    let addr = registry_addr();
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no header end"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers: Head = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Ok((status, headers, body))
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = raw.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&raw[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&raw[eol + 2..eol + 2 + size]);
        raw = &raw[eol + 2 + size + 2..];
    }
    out
}

fn header<'a>(headers: &'a Head, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

fn push(repo: &str, layer: &BuiltLazyLayer) {
    let (status, headers, _) =
        http("POST", &format!("/v2/{repo}/blobs/uploads/"), &[], &[]).unwrap();
    assert_eq!(status, 202);
    let location = header(&headers, "location").unwrap();
    let path = location
        .strip_prefix(&format!("http://{}", registry_addr()))
        .unwrap_or(location);
    let sep = if path.contains('?') { '&' } else { '?' };
    let (status, _, body) = http(
        "PUT",
        &format!("{path}{sep}digest={}", layer.digest),
        &[("Content-Type", "application/octet-stream".into())],
        &layer.blob,
    )
    .unwrap();
    assert_eq!(status, 201, "{}", String::from_utf8_lossy(&body));
}

fn ranged_get(repo: &str, digest: &str, range: ByteRange) -> (u16, Option<String>, Vec<u8>) {
    let (status, headers, body) = http(
        "GET",
        &format!("/v2/{repo}/blobs/{digest}"),
        &[("Range", range.header_value())],
        &[],
    )
    .unwrap();
    (
        status,
        header(&headers, "content-range").map(str::to_string),
        body,
    )
}

fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

#[test]
fn lazy_layers_are_listed_and_opened_with_range_requests_to_a_real_registry() {
    let Some(_registry) = start_registry() else {
        panic!(
            "docker-registry is not installed (the test tools install it: scripts/install-test-tools)"
        );
    };
    let mut files: Vec<(String, Vec<u8>)> = (0..6u64)
        .map(|i| (format!("opt/data/part{i}.bin"), noise(i + 3, 500_000)))
        .collect();
    files.push(("etc/motd".into(), b"served lazily\n".to_vec()));
    let options = BuildOptions {
        chunk_size: 200_000,
    };
    for layer in [
        build::estargz_with(&files, options),
        build::zstd_chunked_with(&files, options),
    ] {
        let repo = "lazy/test";
        push(repo, &layer);
        let detection = format::detect(
            &layer.media_type,
            layer.blob.len() as u64,
            &layer.annotations,
        )
        .unwrap()
        .unwrap();
        let mut reader = TocReader::new(detection, LazyLimits::default()).unwrap();
        let toc = loop {
            let range = reader.request().unwrap();
            let (status, content_range, body) = ranged_get(repo, &layer.digest, range);
            assert_eq!(status, 206, "the registry serves Range requests");
            let answer = Answer {
                status,
                content_range: content_range.as_deref(),
                body: &body,
            };
            if let Some(toc) = reader.feed(&answer).unwrap() {
                break toc;
            }
        };
        assert!(toc.requests <= 3);
        assert!((toc.bytes_fetched as f64) < 0.05 * layer.blob.len() as f64);
        assert_eq!(
            toc.verification,
            TocVerification::Verified {
                digest: layer.toc_digest.clone()
            }
        );
        eprintln!(
            "{:?}: TOC in {} request(s), {} of {} bytes ({:.2} %)",
            toc.format,
            toc.requests,
            toc.bytes_fetched,
            layer.blob.len(),
            toc.bytes_fetched as f64 * 100.0 / layer.blob.len() as f64
        );
        for (path, content) in &files {
            let request = toc.open(path, &LazyLimits::default()).unwrap();
            let range = request.range.unwrap();
            let (status, content_range, body) = ranged_get(repo, &layer.digest, range);
            assert_eq!(status, 206);
            let opened = request
                .finish(Some(&Answer {
                    status,
                    content_range: content_range.as_deref(),
                    body: &body,
                }))
                .unwrap();
            assert_eq!(&opened.bytes, content, "{path}");
            assert!(opened.verified(), "{path}");
            assert_eq!(opened.chunks.len(), content.len().div_ceil(200_000));
        }
    }
}
