//! Property tests: a view's query string never panics its parser, and what it reads comes
//! back the same through the query string the view writes.

use proptest::prelude::*;
use regscope_core::contract::ViewQuery;
use regscope_core::url_text::{decode_query_component, encode_query_value, percent_encode};

/// Cases per property.
const CASES: u32 = 3000;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Pieces of query strings: the view's names, separators, escapes valid and not, and text.
fn query_fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("image".to_string()),
        Just("platform".to_string()),
        Just("tab".to_string()),
        Just("=".to_string()),
        Just("&".to_string()),
        Just("+".to_string()),
        Just("%".to_string()),
        "%[0-9A-Fa-f]{2}",
        "%[0-9A-Za-z%]{0,2}",
        "\\PC{0,6}",
    ]
}

/// Reading back what a view writes gives the same view.
fn check_round_trip(query: &str) {
    let view = ViewQuery::parse(query);
    let written = view.to_query_string();
    assert_eq!(ViewQuery::parse(&written), view, "{query:?} → {written:?}");
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn view_query_any_string(s in "\\PC{0,120}") {
        check_round_trip(&s);
    }

    #[test]
    fn view_query_shaped_noise(parts in proptest::collection::vec(query_fragment(), 0..24)) {
        check_round_trip(&parts.concat());
    }

    #[test]
    fn view_query_any_values(image in "\\PC{0,40}", platform in "\\PC{0,20}", tab in "\\PC{0,10}") {
        let view = ViewQuery {
            image: Some(image).filter(|v| !v.trim().is_empty()),
            platform: Some(platform).filter(|v| !v.trim().is_empty()),
            tab: Some(tab).filter(|v| !v.trim().is_empty()),
            ..ViewQuery::default()
        };
        prop_assert_eq!(ViewQuery::parse(&view.to_query_string()), view);
    }

    #[test]
    fn encoded_text_decodes_to_itself(s in "\\PC{0,80}") {
        prop_assert_eq!(decode_query_component(&percent_encode(&s)), s.clone());
        prop_assert_eq!(decode_query_component(&encode_query_value(&s)), s);
    }
}
