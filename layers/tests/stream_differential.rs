//! Differential property: archives written by the `tar` crate (GNU and ustar headers, GNU
//! long names, PAX extended headers, base-256 numbers) list the same through `TarStream` as
//! through the `tar` crate's own reader, in any chunking.

mod stream_support;

use std::path::Path;

use proptest::prelude::*;
use regscope_layers::entry::EntryKind;
use regscope_layers::stream::{Limits, TarStream};

#[derive(Debug, Clone)]
struct Gen {
    parts: Vec<String>,
    kind: u8,
    size: usize,
    mode: u32,
    uid: u64,
    mtime: u64,
    gnu: bool,
    pax: bool,
    target: String,
}

fn gen_entry() -> impl Strategy<Value = Gen> {
    (
        proptest::collection::vec("[a-z0-9_-]{1,40}", 1..8),
        0u8..4,
        0usize..3000,
        0u32..0o7777,
        prop_oneof![0u64..70_000, 2_097_152u64..5_000_000_000],
        prop_oneof![0u64..2_000_000_000, 8_589_934_592u64..10_000_000_000],
        any::<bool>(),
        any::<bool>(),
        "[a-z/]{1,150}",
    )
        .prop_map(
            |(parts, kind, size, mode, uid, mtime, gnu, pax, target)| Gen {
                parts,
                kind,
                size,
                mode,
                uid,
                mtime,
                gnu,
                pax,
                target,
            },
        )
}

fn build(entries: &[Gen]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (i, g) in entries.iter().enumerate() {
        let path = g.parts.join("/");
        let mut h = if g.gnu {
            tar::Header::new_gnu()
        } else {
            tar::Header::new_ustar()
        };
        h.set_mode(g.mode);
        // ustar headers cannot hold what does not fit: those go through PAX records.
        let big = g.uid > 0o7777777 || g.mtime > 0o77777777777;
        if g.gnu {
            h.set_uid(g.uid);
            h.set_mtime(g.mtime);
        } else {
            h.set_uid(g.uid.min(0o7777777));
            h.set_mtime(g.mtime.min(0o77777777777));
        }
        if (g.pax || big) && !g.gnu {
            let uid = g.uid.to_string();
            let mtime = g.mtime.to_string();
            let name = format!("{path}-{i}");
            b.append_pax_extensions([
                ("uid", uid.as_bytes()),
                ("mtime", mtime.as_bytes()),
                ("path", name.as_bytes()),
            ])
            .unwrap();
        }
        match g.kind {
            0 => {
                h.set_entry_type(tar::EntryType::Regular);
                h.set_size(g.size as u64);
                let content: Vec<u8> = (0..g.size).map(|j| (j * 31 + i) as u8).collect();
                b.append_data(&mut h, &path, content.as_slice()).unwrap();
            }
            1 => {
                h.set_entry_type(tar::EntryType::Directory);
                h.set_size(0);
                b.append_data(&mut h, format!("{path}/"), std::io::empty())
                    .unwrap();
            }
            2 => {
                h.set_entry_type(tar::EntryType::Symlink);
                h.set_size(0);
                b.append_link(&mut h, &path, &g.target).unwrap();
            }
            _ => {
                h.set_entry_type(tar::EntryType::Link);
                h.set_size(0);
                b.append_link(&mut h, &path, &g.target).unwrap();
            }
        }
    }
    b.into_inner().unwrap()
}

fn joined(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// 64 cases by default; PROPTEST_CASES=N runs more.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn the_tar_crate_and_tarstream_agree(entries in proptest::collection::vec(gen_entry(), 1..25), chunk in 1usize..2000) {
        let bytes = build(&entries);
        let mut tar = TarStream::new(Limits::default());
        let mut ours = Vec::new();
        for part in bytes.chunks(chunk) {
            tar.push(part, &mut ours).unwrap();
        }
        let summary = tar.finish().unwrap();
        prop_assert_eq!(summary.diff_id, stream_support::sha256(&bytes));

        let mut archive = tar::Archive::new(bytes.as_slice());
        let mut theirs = Vec::new();
        for entry in archive.entries().unwrap() {
            let mut entry = entry.unwrap();
            let mut pax = |key: &str| {
                entry.pax_extensions().ok().flatten().and_then(|exts| {
                    exts.filter_map(Result::ok)
                        .find(|e| e.key() == Ok(key))
                        .and_then(|e| e.value().ok()?.parse::<u64>().ok())
                })
            };
            let (pax_uid, pax_mtime) = (pax("uid"), pax("mtime"));
            let header = entry.header();
            let kind = match header.entry_type() {
                tar::EntryType::Regular => EntryKind::File,
                tar::EntryType::Directory => EntryKind::Directory,
                tar::EntryType::Symlink => EntryKind::Symlink,
                tar::EntryType::Link => EntryKind::HardLink,
                _ => EntryKind::Other,
            };
            let mode = header.mode().unwrap() & 0o7777;
            let uid = pax_uid.unwrap_or_else(|| header.uid().unwrap());
            let mtime = pax_mtime.unwrap_or_else(|| header.mtime().unwrap()) as i64;
            theirs.push((
                joined(&entry.path().unwrap()),
                kind,
                if kind == EntryKind::File { entry.size() } else { 0 },
                entry.link_name().unwrap().map(|l| l.to_string_lossy().into_owned()),
                mode,
                uid,
                mtime,
                entry.raw_file_position(),
            ));
        }
        let ours: Vec<_> = ours
            .iter()
            .map(|e| (e.path.clone(), e.kind, e.size, e.link_target.clone(), e.mode, e.uid, e.mtime, e.content_offset))
            .collect();
        prop_assert_eq!(ours, theirs);
    }
}
