//! The config comparison: each section by key, times apart from content, and the history
//! aligned so an inserted or removed step leaves the later steps paired; never a panic.

use proptest::prelude::*;
use regscope_core::compare::{KeyChangeKind, StepChange, compare_configs};
use regscope_core::config::ImageConfig;

fn config(json: &str) -> ImageConfig {
    ImageConfig::parse(json.as_bytes()).expect("config parses")
}

fn history(steps: &[(&str, &str)]) -> String {
    let rows: Vec<String> = steps
        .iter()
        .map(|(date, by)| format!(r#"{{"created":"{date}","created_by":"{by}"}}"#))
        .collect();
    rows.join(",")
}

#[test]
fn sections_differ_by_key() {
    let old = config(
        r#"{"architecture":"amd64","os":"linux","created":"2024-01-01T00:00:00Z",
        "config":{"User":"app","Env":["PATH=/bin","MODE=a","GONE=1"],"Entrypoint":["/e"],
        "Cmd":["run"],"WorkingDir":"/w","ExposedPorts":{"80/tcp":{}},"Volumes":{"/data":{}},
        "Labels":{"a":"1","b":"2"}}}"#,
    );
    let new = config(
        r#"{"architecture":"arm64","os":"linux","variant":"v8","created":"2024-01-01T00:00:00Z",
        "config":{"User":"root","Env":["PATH=/bin","MODE=b","NEW=2"],"Entrypoint":["/e"],
        "Cmd":["serve"],"WorkingDir":"/w","ExposedPorts":{"443/tcp":{}},"Volumes":{"/data":{}},
        "Labels":{"a":"1","c":"3"}}}"#,
    );
    let diff = compare_configs(&old, &new);
    assert!(diff.entrypoint.same);
    assert!(!diff.cmd.same);
    assert_eq!(diff.cmd.new, vec!["serve".to_owned()]);
    assert!(!diff.user.same);
    assert!(diff.working_dir.same);
    assert!(diff.volumes.same);
    assert_eq!(diff.exposed_ports.added, vec!["443/tcp".to_owned()]);
    assert_eq!(diff.exposed_ports.removed, vec!["80/tcp".to_owned()]);
    let env: Vec<(&str, KeyChangeKind)> = diff
        .env
        .changes
        .iter()
        .map(|c| (c.key.as_str(), c.kind))
        .collect();
    assert_eq!(
        env,
        vec![
            ("GONE", KeyChangeKind::Removed),
            ("MODE", KeyChangeKind::Changed),
            ("NEW", KeyChangeKind::Added),
        ]
    );
    assert_eq!(diff.env.unchanged, 1);
    let labels: Vec<(&str, KeyChangeKind)> = diff
        .labels
        .changes
        .iter()
        .map(|c| (c.key.as_str(), c.kind))
        .collect();
    assert_eq!(
        labels,
        vec![("b", KeyChangeKind::Removed), ("c", KeyChangeKind::Added)]
    );
    assert!(!diff.platform.same);
    assert_eq!(diff.platform.new.variant.as_deref(), Some("v8"));
    assert!(diff.created.same);
    assert!(!diff.same && !diff.same_ignoring_times);
}

#[test]
fn a_rebuild_at_another_time_is_the_same_ignoring_times() {
    let old = config(&format!(
        r#"{{"architecture":"amd64","os":"linux","created":"2024-01-01T00:01:00Z",
        "config":{{"Env":["A=1"]}},"history":[{}]}}"#,
        history(&[
            ("2024-01-01T00:00:00Z", "ADD x /"),
            ("2024-01-01T00:01:00Z", "RUN y")
        ])
    ));
    let new = config(&format!(
        r#"{{"architecture":"amd64","os":"linux","created":"2025-06-01T10:01:00Z",
        "config":{{"Env":["A=1"]}},"history":[{}]}}"#,
        history(&[
            ("2025-06-01T10:00:00Z", "ADD x /"),
            ("2025-06-01T10:01:00Z", "RUN y")
        ])
    ));
    let diff = compare_configs(&old, &new);
    assert!(diff.same_ignoring_times);
    assert!(!diff.same);
    assert!(!diff.created.same);
    assert!(diff.history.same_ignoring_times && !diff.history.same);
    assert!(
        diff.history
            .steps
            .iter()
            .all(|s| s.change == StepChange::Same && s.time_differs)
    );
    assert!(compare_configs(&old, &old).same);
}

#[test]
fn an_inserted_and_a_removed_step_leave_the_rest_aligned() {
    let t = "2024-01-01T00:00:00Z";
    let old = config(&format!(
        r#"{{"history":[{}]}}"#,
        history(&[(t, "A"), (t, "B"), (t, "C"), (t, "D"), (t, "E")])
    ));
    // B removed; X inserted after D; E changed to E2.
    let new = config(&format!(
        r#"{{"history":[{}]}}"#,
        history(&[(t, "A"), (t, "C"), (t, "D"), (t, "X"), (t, "E2")])
    ));
    let diff = compare_configs(&old, &new);
    let rows: Vec<(StepChange, Option<&str>, Option<&str>)> = diff
        .history
        .steps
        .iter()
        .map(|s| {
            (
                s.change,
                s.old.as_ref().and_then(|v| v.created_by.as_deref()),
                s.new.as_ref().and_then(|v| v.created_by.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (StepChange::Same, Some("A"), Some("A")),
            (StepChange::Removed, Some("B"), None),
            (StepChange::Same, Some("C"), Some("C")),
            (StepChange::Same, Some("D"), Some("D")),
            (StepChange::Changed, Some("E"), Some("X")),
            (StepChange::Added, None, Some("E2")),
        ]
    );
    assert!(!diff.history.same_ignoring_times);
}

#[test]
fn the_diff_serialises_for_the_export() {
    let a = config(r#"{"os":"linux","config":{"Env":["A=1"]}}"#);
    let b = config(r#"{"os":"linux","config":{"Env":["A=2"]}}"#);
    let json = serde_json::to_value(compare_configs(&a, &b)).expect("serialises");
    assert_eq!(json["env"]["changes"][0]["kind"], "changed");
    assert_eq!(json["env"]["same"], false);
}

proptest! {
    #[test]
    fn any_two_histories_align_without_panic_and_cover_every_step(
        a in proptest::collection::vec(0u8..5, 0..40),
        b in proptest::collection::vec(0u8..5, 0..40),
    ) {
        let make = |steps: &[u8]| {
            let rows: Vec<(String, String)> =
                steps.iter().map(|s| ("t".to_owned(), format!("S{s}"))).collect();
            let refs: Vec<(&str, &str)> =
                rows.iter().map(|(x, y)| (x.as_str(), y.as_str())).collect();
            config(&format!(r#"{{"history":[{}]}}"#, history(&refs)))
        };
        let diff = compare_configs(&make(&a), &make(&b));
        let olds: Vec<usize> = diff.history.steps.iter().filter_map(|s| s.old.as_ref().map(|v| v.index)).collect();
        let news: Vec<usize> = diff.history.steps.iter().filter_map(|s| s.new.as_ref().map(|v| v.index)).collect();
        prop_assert_eq!(olds, (0..a.len()).collect::<Vec<_>>());
        prop_assert_eq!(news, (0..b.len()).collect::<Vec<_>>());
        prop_assert_eq!(diff.history.same, a == b);
    }

    #[test]
    fn any_env_and_labels_compare_by_key_without_panic(
        a in proptest::collection::vec(("[A-C=]{0,3}", "[x-z=]{0,2}"), 0..8),
        b in proptest::collection::vec(("[A-C=]{0,3}", "[x-z=]{0,2}"), 0..8),
    ) {
        let doc = |rows: &[(String, String)]| {
            let env: Vec<String> = rows.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let labels: serde_json::Map<String, serde_json::Value> = rows
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            serde_json::json!({"config": {"Env": env, "Labels": labels}}).to_string()
        };
        let (x, y) = (config(&doc(&a)), config(&doc(&b)));
        let diff = compare_configs(&x, &y);
        prop_assert_eq!(diff.env.same, diff.env.changes.is_empty());
        prop_assert_eq!(diff.labels.same, diff.labels.changes.is_empty());
        prop_assert!(compare_configs(&x, &x).same);
        let back = compare_configs(&y, &x);
        prop_assert_eq!(back.env.changes.len(), diff.env.changes.len());
    }
}
