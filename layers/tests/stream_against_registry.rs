//! Every seeded image's layers fetched from the real registry stack (the no-auth CORS
//! registry) and read as they stream, as the Files tab's worker reads them: each layer's
//! listing is non-empty and both digests check against the manifest and the config; each
//! hostile image ends in its own error, or lists with its names flagged and its links refused.
//!
//! `REGSCOPE_LAYERS_REGISTRY=HOST:PORT` (with `REGSCOPE_STACK_DIR` for its `seeded.json`, and
//! `REGSCOPE_LAYERS_ORIGIN` for a `regscope-stack blob-origin` over its storage) runs them
//! against another registry seeded by `regscope-stack seed`.

mod loopback_http;

use regscope_layers::entry::{Entry, EntryKind};
use regscope_layers::merged::{LinkError, MergedTree};
use regscope_layers::stream::{
    Check, Compression, FileExtract, LayerDigests, LayerError, LayerStream, Limits, verify,
};
use regscope_stack::facts;
use serde_json::Value;

const ACCEPT: &str = "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

/// An HTTP/1.1 GET on the registry; the body is handed to `body` as it arrives, in
/// pieces of at most 16 KiB. Returns the status.
fn get(path: &str, accept: &str, body: impl FnMut(&[u8])) -> u16 {
    get_at(&registry(), path, accept, body)
}

/// [`get`] on any loopback server of the stack.
fn get_at(registry: &str, path: &str, accept: &str, body: impl FnMut(&[u8])) -> u16 {
    let headers = [("Accept".to_owned(), accept.to_owned())];
    loopback_http::get(&format!("http://{registry}{path}"), &headers, body).0
}

/// The registry read from: the stack's no-auth CORS registry unless told otherwise.
fn registry() -> String {
    std::env::var("REGSCOPE_LAYERS_REGISTRY").unwrap_or_else(|_| facts::CORS_REGISTRY.to_owned())
}

/// The blob origin the stack's redirecting registry sends blob GETs to.
fn origin() -> String {
    std::env::var("REGSCOPE_LAYERS_ORIGIN").unwrap_or_else(|_| facts::BLOB_ORIGIN.to_owned())
}

fn get_json(path: &str, accept: &str) -> Value {
    let mut bytes = Vec::new();
    let status = get(path, accept, |b| bytes.extend_from_slice(b));
    assert_eq!(status, 200, "GET {path}");
    serde_json::from_slice(&bytes).unwrap()
}

/// Single-platform images the stack seeds for everyone (hostile ones are another test's).
fn images() -> Vec<facts::Seeded> {
    let seeded = facts::seeded_in(&facts::stack_dir()).expect("the stack is seeded");
    seeded
        .into_iter()
        .filter(|s| {
            matches!(
                s.kind.as_str(),
                "oci-manifest" | "docker-manifest" | "docker-schema2"
            )
        })
        .filter(|s| !s.is_private() && !s.repository.starts_with("hostile/"))
        .filter(|s| s.platform.as_deref() != Some("unknown/unknown"))
        .collect()
}

#[test]
fn seeded_layers_stream_with_both_digests_verified() {
    let images = images();
    assert!(images.len() >= 3, "seeded images: {}", images.len());
    let mut layers_read = 0;
    for image in &images {
        let manifest = get_json(
            &format!(
                "/v2/{}/manifests/{}",
                image.repository,
                image.reference_part()
            ),
            ACCEPT,
        );
        let Some(config_digest) = manifest["config"]["digest"].as_str() else {
            continue;
        };
        let config = get_json(
            &format!("/v2/{}/blobs/{config_digest}", image.repository),
            "*/*",
        );
        let diff_ids: Vec<&str> = config["rootfs"]["diff_ids"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let layers = manifest["layers"].as_array().cloned().unwrap_or_default();
        for (i, layer) in layers.iter().enumerate() {
            let media_type = layer["mediaType"].as_str().unwrap_or("");
            let Some(compression) = Compression::from_media_type(media_type) else {
                continue;
            };
            let digest = layer["digest"].as_str().unwrap();
            let mut stream = LayerStream::new(compression, Limits::default());
            let mut entries = Vec::new();
            let mut error = None;
            let status = get(
                &format!("/v2/{}/blobs/{digest}", image.repository),
                "*/*",
                |piece| {
                    if error.is_none() {
                        error = stream.push(piece, &mut entries).err();
                    }
                },
            );
            assert_eq!(status, 200);
            assert_eq!(error, None, "{} layer {i}", image.reference);
            let digests = stream
                .finish()
                .unwrap_or_else(|e| panic!("{} layer {i}: {e}", image.reference));
            assert!(
                !entries.is_empty(),
                "{} layer {i} lists nothing",
                image.reference
            );
            assert_eq!(digests.entries, entries.len() as u64);
            assert_eq!(digests.compressed_bytes, layer["size"].as_u64().unwrap());
            let verification = verify(digest, diff_ids.get(i).copied(), &digests);
            assert_eq!(
                verification.digest,
                Check::Matched,
                "{} layer {i}",
                image.reference
            );
            assert_eq!(
                verification.diff_id,
                Check::Matched,
                "{} layer {i}",
                image.reference
            );

            // The largest file of the layer opens with the size the listing gave.
            if let Some(file) = entries
                .iter()
                .filter(|e| e.kind == regscope_layers::entry::EntryKind::File)
                .max_by_key(|e| e.size)
            {
                let mut extract = FileExtract::at_offset(
                    compression,
                    file.content_offset,
                    1 << 20,
                    Limits::default(),
                );
                let mut found = None;
                get(
                    &format!("/v2/{}/blobs/{digest}", image.repository),
                    "*/*",
                    |piece| {
                        if found.is_none() {
                            found = extract.push(piece).unwrap();
                        }
                    },
                );
                let found = found.expect("the file is found before the layer ends");
                assert_eq!(found.total_size, file.size);
                assert_eq!(found.bytes.len() as u64, file.size.min(1 << 20));
            }
            layers_read += 1;
        }
    }
    assert!(layers_read >= 3, "layers read: {layers_read}");
}

/// One image's layers, bottom first: media type, digest, and the config's diff_id.
fn layers_of(repository: &str, reference: &str) -> Vec<(String, String, Option<String>)> {
    let manifest = get_json(&format!("/v2/{repository}/manifests/{reference}"), ACCEPT);
    let config_digest = manifest["config"]["digest"].as_str().expect("a config");
    let config = get_json(&format!("/v2/{repository}/blobs/{config_digest}"), "*/*");
    let diff_ids = config["rootfs"]["diff_ids"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    manifest["layers"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, l)| {
            (
                l["mediaType"].as_str().unwrap_or("").to_owned(),
                l["digest"].as_str().unwrap_or("").to_owned(),
                diff_ids.get(i).and_then(Value::as_str).map(str::to_owned),
            )
        })
        .collect()
}

/// Streams one layer blob; the entries listed before any error, and the end.
fn stream_layer(
    repository: &str,
    media_type: &str,
    digest: &str,
) -> (Vec<Entry>, Result<LayerDigests, LayerError>) {
    let compression = Compression::from_media_type(media_type).expect("a tar layer");
    let mut stream = Some(LayerStream::new(compression, Limits::default()));
    let mut entries = Vec::new();
    let mut error = None;
    let status = get(
        &format!("/v2/{repository}/blobs/{digest}"),
        "*/*",
        |piece| {
            // A download is cancelled at the first error: stop pushing.
            if let (None, Some(s)) = (&error, stream.as_mut()) {
                error = s.push(piece, &mut entries).err();
            }
        },
    );
    assert_eq!(status, 200, "{repository} {digest}");
    let end = match error {
        Some(e) => Err(e),
        None => stream.take().expect("a stream").finish(),
    };
    (entries, end)
}

fn only_layer(
    repository: &str,
) -> (
    Vec<Entry>,
    Result<LayerDigests, LayerError>,
    String,
    Option<String>,
) {
    let layers = layers_of(repository, "latest");
    assert_eq!(layers.len(), 1, "{repository}");
    let (media_type, digest, diff_id) = layers.into_iter().next().unwrap();
    let (entries, end) = stream_layer(repository, &media_type, &digest);
    (entries, end, digest, diff_id)
}

#[test]
fn hostile_images_end_in_their_own_errors() {
    let seeded = facts::seeded_in(&facts::stack_dir()).expect("the stack is seeded");
    assert!(
        seeded.iter().any(|s| s.repository == "hostile/bomb"),
        "the stack seeds the hostile images (tests/stack/up)"
    );

    let (_, end, ..) = only_layer("hostile/pax-huge-record");
    assert!(
        matches!(end, Err(LayerError::BadPaxRecord { .. })),
        "{end:?}"
    );

    let (_, end, ..) = only_layer("hostile/pax-huge-header");
    assert!(
        matches!(end, Err(LayerError::HeaderTooLarge { size, .. }) if size == (1 << 33) - 1),
        "{end:?}"
    );

    let (_, end, ..) = only_layer("hostile/gnu-huge-name");
    assert!(
        matches!(end, Err(LayerError::HeaderTooLarge { size, .. }) if size == (8 << 20) + 1),
        "{end:?}"
    );

    let (_, end, ..) = only_layer("hostile/bomb");
    let Err(err @ LayerError::ExpansionCap { uncompressed, .. }) = end else {
        panic!("{end:?}")
    };
    assert!(
        uncompressed < 256 << 20,
        "stopped after {uncompressed} bytes"
    );
    assert!(err.to_string().contains("decompression bomb"));

    let (_, end, ..) = only_layer("hostile/zstd-bomb");
    let Err(LayerError::ExpansionCap { uncompressed, .. }) = end else {
        panic!("{end:?}")
    };
    assert!(
        uncompressed < 64 << 20,
        "stopped after {uncompressed} bytes"
    );

    let (_, end, ..) = only_layer("hostile/truncated-gzip");
    assert!(
        matches!(
            end,
            Err(LayerError::TruncatedCompressed { .. } | LayerError::Truncated { .. })
        ),
        "{end:?}"
    );

    let (entries, end, ..) = only_layer("hostile/bad-checksum");
    assert!(
        matches!(end, Err(LayerError::BadChecksum { .. })),
        "{end:?}"
    );
    assert_eq!(
        entries.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(),
        vec!["first.txt"]
    );

    // A valid layer whose config names another diff_id: read whole, verified as a mismatch.
    let (_, end, digest, diff_id) = only_layer("hostile/diff-id-mismatch");
    let digests = end.expect("the layer itself is whole");
    let verification = verify(&digest, diff_id.as_deref(), &digests);
    assert_eq!(verification.digest, Check::Matched);
    assert!(
        matches!(verification.diff_id, Check::Mismatch { .. }),
        "{verification:?}"
    );
    assert!(!verification.is_verified());

    // The blob the origin serves wrong (as a redirected blob GET would receive it): the same
    // length, other bytes; the listing reads, the manifest digest does not match.
    let layers = layers_of("hostile/digest-mismatch", "latest");
    let (media_type, digest, diff_id) = &layers[0];
    let hex = digest.trim_start_matches("sha256:");
    let path = format!("/docker/registry/v2/blobs/sha256/{}/{hex}/data", &hex[..2]);
    let compression = Compression::from_media_type(media_type).expect("a tar layer");
    let mut stream = LayerStream::new(compression, Limits::default());
    let mut entries = Vec::new();
    assert_eq!(
        get_at(&origin(), &path, "*/*", |piece| stream
            .push(piece, &mut entries)
            .unwrap()),
        200
    );
    let digests = stream.finish().expect("the served bytes are a whole tar");
    assert!(entries.iter().any(|e| e.path == "etc/served.txt"));
    let verification = verify(digest, diff_id.as_deref(), &digests);
    assert_eq!(
        verification.digest,
        Check::Mismatch {
            expected: digest.clone(),
            actual: digests.compressed.clone()
        }
    );
    assert!(matches!(verification.diff_id, Check::Mismatch { .. }));

    // Names leaving the root: listed, flagged, and links out of the root not followed.
    let (entries, end, digest, diff_id) = only_layer("hostile/traversal");
    let digests = end.expect("a traversal layer is whole");
    assert!(verify(&digest, diff_id.as_deref(), &digests).is_verified());
    let flagged: Vec<&str> = entries
        .iter()
        .filter(|e| e.unsafe_path)
        .map(|e| e.path.as_str())
        .collect();
    assert_eq!(
        flagged,
        vec![
            "../escape.txt",
            "../../../../etc/cron.d/evil",
            "etc/absolute.txt",
            "a/../../climb.txt"
        ]
    );
    assert!(
        entries
            .iter()
            .any(|e| e.path == "dot/slash/name.txt" && !e.unsafe_path)
    );
    let tree = MergedTree::single_layer(0, &entries);
    assert!(matches!(
        tree.resolve_link("link-out"),
        Err(LinkError::EscapesRoot { .. })
    ));
    assert!(matches!(
        tree.resolve_link("hard-out"),
        Err(LinkError::EscapesRoot { .. })
    ));
    // An absolute target stays inside the image: /etc/shadow is simply not there.
    assert!(matches!(
        tree.resolve_link("link-abs"),
        Err(LinkError::Dangling { .. })
    ));

    // Loops across two layers, in the merged tree.
    let mut tree = MergedTree::new();
    for (i, (media_type, digest, _)) in layers_of("hostile/link-loops", "latest").iter().enumerate()
    {
        let (entries, end) = stream_layer("hostile/link-loops", media_type, digest);
        end.expect("the link layers are whole");
        tree.add_layer(i, &entries);
    }
    for looping in ["sym-a", "sym-b", "dir-a", "dir-b/x", "chain-1"] {
        assert!(
            matches!(tree.resolve_link(looping), Err(LinkError::Loop { .. })),
            "{looping}: {:?}",
            tree.resolve_link(looping)
        );
    }
    // Hard links that name no earlier member of their own layer (each other, or themselves).
    for broken in ["hard-a", "hard-b", "hard-self"] {
        assert!(
            matches!(
                tree.resolve_link(broken),
                Err(LinkError::BrokenHardLink { .. })
            ),
            "{broken}: {:?}",
            tree.resolve_link(broken)
        );
    }
    assert_eq!(tree.resolve_link("plain.txt").unwrap(), "plain.txt");
}

#[test]
fn the_layered_image_merges_as_the_stack_describes() {
    // tests/stack/README.md, `files/layered`: what the merged view must show.
    let seeded = facts::seeded_in(&facts::stack_dir()).expect("the stack is seeded");
    assert!(
        seeded.iter().any(|s| s.repository == "files/layered"),
        "the stack seeds the Files images (tests/stack/up)"
    );
    let mut tree = MergedTree::new();
    let mut singles = Vec::new();
    for (i, (media_type, digest, diff_id)) in
        layers_of("files/layered", "latest").iter().enumerate()
    {
        let (entries, end) = stream_layer("files/layered", media_type, digest);
        let digests = end.expect("a whole layer");
        assert!(verify(digest, diff_id.as_deref(), &digests).is_verified());
        tree.add_layer(i, &entries);
        singles.push(MergedTree::single_layer(i, &entries));
    }
    let motd = tree.get("etc/motd").unwrap();
    assert_eq!(
        (motd.kind, motd.added_by, motd.changed_by, motd.overwrote),
        (EntryKind::Symlink, 0, 2, true)
    );
    assert_eq!(tree.resolve_link("etc/motd").unwrap(), "etc/motd.d/welcome");
    let names = |dir: &str| {
        tree.children(dir)
            .into_iter()
            .map(|n| n.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(names("opt/old"), vec!["new.txt"]);
    assert_eq!(tree.get("opt/old").unwrap().added_by, 2);
    assert_eq!(names("var/cache/app"), vec!["c.cache"]);
    let dir_to_file = tree.get("srv/dir-to-file").unwrap();
    assert_eq!(
        (dir_to_file.kind, dir_to_file.children),
        (EntryKind::File, 0)
    );
    assert!(tree.get("etc/legacy.conf").is_none());
    assert!(tree.get("data/original.bin").is_none());
    // The hard link outlives the name it was made to, and keeps layer 1's content.
    assert_eq!(
        tree.resolve_link("data/hardlink.bin").unwrap(),
        "data/hardlink.bin"
    );
    assert_eq!(
        tree.resolve_link("usr/bin/tool-hard").unwrap(),
        "usr/bin/tool-hard"
    );
    let tool = tree.get("usr/bin/tool").unwrap();
    assert_eq!((tool.changed_by, tool.overwrote), (1, true));
    assert_eq!(
        tree.resolve_link("usr/bin/tool-link").unwrap(),
        "usr/bin/tool"
    );
    assert_eq!(
        tree.resolve_link("etc/localtime").unwrap(),
        "usr/share/zoneinfo/UTC"
    );
    assert!(matches!(
        tree.resolve_link("usr/bin/missing-link"),
        Err(LinkError::Dangling { .. })
    ));
    for looping in ["loop/a", "loop/b", "loop/self"] {
        assert!(
            matches!(tree.resolve_link(looping), Err(LinkError::Loop { .. })),
            "{looping}"
        );
    }
    // Modes, owners, names.
    let su = tree.get("bin/su").unwrap().entry.unwrap();
    assert_eq!(su.mode, 0o4755);
    assert_eq!(tree.get("tmp").unwrap().entry.unwrap().mode, 0o1777);
    let shadow = tree.get("etc/shadow").unwrap().entry.unwrap();
    assert_eq!(
        (shadow.mode, shadow.gid, shadow.group_name.as_deref()),
        (0o640, 42, Some("shadow"))
    );
    let numeric = tree.get("srv/numeric.txt").unwrap().entry.unwrap();
    assert_eq!((numeric.uid, numeric.user_name.as_deref()), (4242, None));
    assert!(tree.get("srv/café-naïve-日本語.txt").is_some());
    let long =
        "usr/share/regscope/a-directory-name-long-enough/to-need-more-than-one-hundred-bytes";
    assert_eq!(
        names(long),
        vec!["gnu-long-name-entry.txt", "pax-path-record.txt"]
    );
    // Whiteouts are applied in the merged view, listed in their layer's own tree.
    assert_eq!(tree.search(".wh.", 10).total, 0);
    assert!(
        singles[1]
            .get("var/cache/app/.wh..wh..opq")
            .unwrap()
            .whiteout
    );
    assert!(singles[1].get("opt/.wh.old").unwrap().whiteout);
    assert_eq!(
        tree.search("CACHE", 10).nodes.last().unwrap().path,
        "var/cache/app/c.cache"
    );
}
