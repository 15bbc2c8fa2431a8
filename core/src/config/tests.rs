//! Image config tables, shaped after the OCI image-spec `config.md` example.

use super::*;

const OCI_EXAMPLE: &str = r#"{
    "created": "2015-10-31T22:22:56.015925234Z",
    "author": "Alyssa P. Hacker <alyspdev@example.com>",
    "architecture": "amd64",
    "os": "linux",
    "config": {
        "User": "alice",
        "ExposedPorts": {"8080/tcp": {}},
        "Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "FOO=oci_is_a"],
        "Entrypoint": ["/bin/my-app-binary"],
        "Cmd": ["--foreground", "--config", "/etc/my-app.d/default.cfg"],
        "Volumes": {"/var/job-result-data": {}, "/var/log/my-app-logs": {}},
        "WorkingDir": "/home/alice",
        "Labels": {"com.example.project.git.url": "https://example.com/project.git"},
        "StopSignal": "SIGTERM"
    },
    "rootfs": {
        "diff_ids": [
            "sha256:c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1",
            "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"
        ],
        "type": "layers"
    },
    "history": [
        {"created": "2015-10-31T22:22:54.690851953Z", "created_by": "/bin/sh -c #(nop) ADD file:a3bc1e842b69636f9df5256c49c5374fb4eef1e281fe3f282c65fb853ee171c5 in /"},
        {"created": "2015-10-31T22:22:55.613815829Z", "created_by": "/bin/sh -c #(nop) CMD [\"sh\"]", "empty_layer": true},
        {"created": "2015-10-31T22:22:56.329850019Z", "created_by": "/bin/sh -c apk add curl"}
    ]
}"#;

#[test]
fn oci_spec_example_parses_completely() {
    let config = ImageConfig::parse(OCI_EXAMPLE.as_bytes()).unwrap();
    assert_eq!(config.architecture(), "amd64");
    assert_eq!(config.os(), "linux");
    assert_eq!(config.variant(), None);
    assert_eq!(config.env().len(), 2);
    assert_eq!(config.diff_ids().len(), 2);
    let runtime = config.runtime();
    assert_eq!(runtime.entrypoint, ["/bin/my-app-binary"]);
    assert_eq!(runtime.exposed_ports, ["8080/tcp"]);
    assert_eq!(runtime.volumes.len(), 2);
    assert_eq!(runtime.stop_signal.as_deref(), Some("SIGTERM"));
    assert_eq!(runtime.user.as_deref(), Some("alice"));
}

#[test]
fn empty_layer_steps_are_skipped_when_matching_layers() {
    let config = ImageConfig::parse(OCI_EXAMPLE.as_bytes()).unwrap();
    let steps = config.history_for_layers();
    assert_eq!(steps.len(), 2);
    assert!(
        steps[0]
            .unwrap()
            .created_by
            .as_deref()
            .unwrap()
            .contains("ADD file")
    );
    assert!(
        steps[1]
            .unwrap()
            .created_by
            .as_deref()
            .unwrap()
            .contains("apk add")
    );
}

#[test]
fn nulls_and_missing_sections_are_empty() {
    let config =
        ImageConfig::parse(br#"{"architecture":"arm","os":"linux","variant":"v7","config":{"Env":null,"Entrypoint":null,"ExposedPorts":null},"history":null}"#)
            .unwrap();
    assert_eq!(config.variant(), Some("v7"));
    assert!(config.env().is_empty() && config.history().is_empty());
    assert!(config.history_for_layers().is_empty());
}

#[test]
fn wrong_fields_are_named() {
    let cases: [(&[u8], &str); 6] = [
        (b"[]", "invalid image config: the config is not an object"),
        (br#"{"os":3}"#, "invalid image config: `os` is not a string"),
        (
            br#"{"history":{}}"#,
            "invalid image config: `history` is not an array",
        ),
        (
            br#"{"history":[{},{"empty_layer":"yes"}]}"#,
            "invalid image config: in `history[1]`: `empty_layer` is not true or false",
        ),
        (
            br#"{"config":{"Labels":{"a":1}}}"#,
            "invalid image config: in `config`: `Labels.a` is not a string",
        ),
        (
            br#"{"rootfs":{"diff_ids":[1]}}"#,
            "invalid image config: in `rootfs`: `diff_ids[0]` is not a string",
        ),
    ];
    for (bytes, expected) in cases {
        let error = ImageConfig::parse(bytes).unwrap_err();
        assert_eq!(error.to_string(), expected);
    }
}

#[test]
fn non_configs_are_errors() {
    for bad in [&b""[..], b"[]", b"null", b"{\"os\":3}", b"{\"history\":{}}"] {
        assert!(
            ImageConfig::parse(bad).is_err(),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
}
