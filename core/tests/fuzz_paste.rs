//! Property tests: `paste::interpret` and `doctor::diagnose` never panic, on any text and on
//! texts made of the pieces real pastes are made of; what they return is never empty.

use proptest::prelude::*;
use regscope_core::doctor::diagnose;
use regscope_core::paste::{Pasted, interpret};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 2000,
        max_shrink_iters: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn check(input: &str) {
    let pasted = interpret(input);
    if let Pasted::Unknown { reason } = &pasted {
        assert!(!reason.is_empty());
    }
    assert!(!pasted.summary().is_empty());
    let diagnosis = diagnose(&pasted);
    assert!(!diagnosis.title.is_empty());
    for finding in &diagnosis.findings {
        assert!(!finding.title.is_empty() && !finding.explanation.is_empty());
    }
    assert_eq!(
        diagnosis.commands.is_some(),
        diagnosis.commands_title.is_some()
    );
    let _ = diagnosis.understood.facts();
}

/// Pieces of curl sessions, URLs, challenges and bodies.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("curl ".to_owned()),
        Just("docker pull ".to_owned()),
        Just("TOKEN=$(".to_owned()),
        Just(")".to_owned()),
        Just(" | jq -r .token".to_owned()),
        Just(" && ".to_owned()),
        Just("\\\n".to_owned()),
        Just("'".to_owned()),
        Just("\"".to_owned()),
        Just("`".to_owned()),
        Just(" -H ".to_owned()),
        Just("-sSLI".to_owned()),
        Just(" -u u:p ".to_owned()),
        Just(" -X HEAD ".to_owned()),
        Just("\"Authorization: Bearer $TOKEN\"".to_owned()),
        Just("'Accept: application/vnd.oci.image.index.v1+json'".to_owned()),
        Just("https://".to_owned()),
        Just("http://".to_owned()),
        Just("registry-1.docker.io".to_owned()),
        Just("auth.docker.io/token?".to_owned()),
        Just("service=index.docker.io&".to_owned()),
        Just("scope=repository:alpine:pull".to_owned()),
        Just("123456789012.dkr.ecr.us-east-1.amazonaws.com".to_owned()),
        Just("hub.docker.com/".to_owned()),
        Just("/v2".to_owned()),
        Just("/".to_owned()),
        Just("_/".to_owned()),
        Just("layers/".to_owned()),
        Just("manifests/".to_owned()),
        Just("blobs/".to_owned()),
        Just("referrers/".to_owned()),
        Just("tags/list".to_owned()),
        Just("sha256:".to_owned()),
        Just("sha256-".to_owned()),
        Just("WWW-Authenticate: Bearer realm=\"".to_owned()),
        Just("Basic ".to_owned()),
        Just(",error=\"insufficient_scope\"".to_owned()),
        Just("{\"errors\":[{\"code\":\"".to_owned()),
        Just("\",\"detail\":[{\"Name\":\"a\"}]}]}".to_owned()),
        Just("eyJhY2Nlc3MiOltdfQ".to_owned()),
        Just(".".to_owned()),
        Just("\0".to_owned()),
        Just("é".to_owned()),
        "[a-z0-9]{1,6}",
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_text(s in "\\PC{0,120}") {
        check(&s);
    }

    #[test]
    fn any_bytes_as_text(bytes in proptest::collection::vec(any::<u8>(), 0..120)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn near_real_pastes(parts in proptest::collection::vec(fragment(), 0..24)) {
        check(&parts.concat());
    }
}
