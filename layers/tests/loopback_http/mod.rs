//! One plain HTTP/1.1 GET over a loopback socket whose body is handed over in pieces as it
//! arrives (chunked or not), shared by the tests that stream layers from the registry stack.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

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
