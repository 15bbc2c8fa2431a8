//! Lists a layer file (`.tar.gz`, `.tar.zst`, `.tar`) with `LayerStream`, as the browser worker
//! would, and prints what it took: entries/s and MB/s of compressed and uncompressed bytes.
//!
//! `cargo run --release -p regscope-layers --example list_layer -- FILE [--quiet] [--hash-files]`
//!
//! `--hash-files` lists as the comparison does: every regular file's content hashed too.

use std::io::Read;
use std::time::Instant;

use regscope_layers::stream::{Compression, HashedListing, LayerStream, Limits};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: list_layer FILE [--quiet] [--hash-files]");
        std::process::exit(2);
    };
    let flags: Vec<String> = args.collect();
    let quiet = flags.iter().any(|a| a == "--quiet");
    let hash_files = flags.iter().any(|a| a == "--hash-files");
    let compression = if path.ends_with(".gz") || path.ends_with(".tgz") {
        Compression::Gzip
    } else if path.ends_with(".zst") {
        Compression::Zstd
    } else {
        Compression::None
    };
    let mut file = std::fs::File::open(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1);
    });
    let started = Instant::now();
    let limits = Limits {
        max_expansion_ratio: u64::MAX,
        ..Limits::default()
    };
    let mut stream = LayerStream::new(compression, limits);
    let mut entries = Vec::new();
    let mut hashed = HashedListing::new();
    let mut buffer = vec![0u8; 256 << 10];
    let mut listed = 0u64;
    loop {
        let n = match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(1);
            }
        };
        let pushed = if hash_files {
            let pushed = stream.push_hashed(&buffer[..n], &mut hashed);
            entries.append(&mut hashed.entries);
            hashed.digests.clear();
            pushed
        } else {
            stream.push(&buffer[..n], &mut entries)
        };
        if let Err(e) = pushed {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
        // Keep the listing's count, not the entries: as the worker hands them on.
        for entry in entries.drain(..) {
            listed += 1;
            if !quiet {
                println!("{}", entry.path);
            }
        }
    }
    let finished = if hash_files {
        stream.finish_hashed(&mut hashed)
    } else {
        stream.finish()
    };
    let digests = match finished {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{listed} entries in {:.3} s: {:.0} entries/s, {:.1} MB/s compressed, {:.1} MB/s uncompressed; digest {} diff_id {}",
        secs,
        listed as f64 / secs,
        digests.compressed_bytes as f64 / secs / 1e6,
        digests.uncompressed_bytes as f64 / secs / 1e6,
        digests.compressed,
        digests.uncompressed,
    );
}
