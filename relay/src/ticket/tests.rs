//! Unit tests of realm tickets.

use super::*;

fn url(text: &str) -> Url {
    Url::parse(text).unwrap()
}

const KEY: &str = "0123456789abcdef0123456789abcdef";

#[test]
fn a_ticket_opens_its_realm_on_any_relay_sharing_the_key() {
    let a = RealmKeys::new(&[KEY]);
    let b = RealmKeys::new(&["another-key-0123456789", KEY]);
    let ticket = a
        .issue("https://r.example", "https://auth.example/token")
        .unwrap();
    let target = url("https://AUTH.example:443/token?service=s&scope=x");
    assert_eq!(
        a.verify(&ticket, &target).as_deref(),
        Ok("https://r.example")
    );
    assert_eq!(
        b.verify(&ticket, &target).as_deref(),
        Ok("https://r.example")
    );
}

#[test]
fn other_realms_keys_and_altered_tickets_are_refused() {
    let a = RealmKeys::new(&[KEY]);
    let ticket = a
        .issue("https://r.example", "https://auth.example/token")
        .unwrap();
    for other in [
        "https://auth.example/token/x",
        "https://auth.example/",
        "http://auth.example/token",
        "https://auth.example:8443/token",
        "https://evil.example/token",
    ] {
        assert_eq!(
            a.verify(&ticket, &url(other)),
            Err(TicketRefusal::BadSignature),
            "{other}"
        );
    }
    let target = url("https://auth.example/token");
    let stranger = RealmKeys::new(&["a-different-key-0123456789"]);
    assert_eq!(
        stranger.verify(&ticket, &target),
        Err(TicketRefusal::BadSignature)
    );
    let mut parts: Vec<String> = ticket.split('.').map(str::to_string).collect();
    parts[1] = (parts[1].parse::<u64>().unwrap() + 3600).to_string();
    assert_eq!(
        a.verify(&parts.join("."), &target),
        Err(TicketRefusal::BadSignature)
    );
    for junk in [
        "",
        "1.2.3",
        "2.1.YQ.YQ",
        "1.x.YQ.YQ",
        "1.1.%%.YQ",
        "1.1.YQ.YQ.YQ",
    ] {
        assert!(a.verify(junk, &target).is_err(), "{junk}");
    }
}

#[test]
fn expired_tickets_are_refused() {
    let a = RealmKeys::new(&[KEY]).with_ttl(Duration::ZERO);
    let ticket = a
        .issue("https://r.example", "https://auth.example/token")
        .unwrap();
    assert_eq!(
        a.verify(&ticket, &url("https://auth.example/token")),
        Err(TicketRefusal::Expired)
    );
}

#[test]
fn keys_load_from_a_file_first_and_short_keys_are_refused() {
    let dir = std::env::temp_dir().join(format!("regscope-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("keys");
    std::fs::write(&file, format!("# rotation\n{KEY}\n\n")).unwrap();
    let loaded = RealmKeys::load(&RealmKeyConfig {
        inline: vec!["inline-key-0123456789".into()],
        file: Some(file.clone()),
    })
    .unwrap();
    let ticket = loaded.issue("o", "https://a/t").unwrap();
    assert!(
        RealmKeys::new(&[KEY])
            .verify(&ticket, &url("https://a/t"))
            .is_ok()
    );
    let short = RealmKeyConfig {
        inline: vec!["short".into()],
        file: None,
    };
    assert!(RealmKeys::load(&short).unwrap_err().contains("shorter"));
    let missing = RealmKeyConfig {
        inline: Vec::new(),
        file: Some(dir.join("absent")),
    };
    assert!(RealmKeys::load(&missing).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn random_keys_differ_between_processes_and_debug_hides_keys() {
    let ticket = RealmKeys::random().issue("o", "https://a/t").unwrap();
    assert!(
        RealmKeys::random()
            .verify(&ticket, &url("https://a/t"))
            .is_err()
    );
    let config = RealmKeyConfig {
        inline: vec![KEY.into()],
        file: None,
    };
    assert!(!format!("{config:?}").contains(KEY));
}
