//! The secret round-trips through the real OS keyring and never touches the profiles file.
//! Needs a keyring service: `scripts/test.sh` runs it under a private D-Bus session with
//! gnome-keyring (`--ignored`), since a bare CI shell has none.

use orderdock_core::fields::Target;
use orderdock_remote::profiles::{Profile, Profiles};

#[test]
#[ignore = "needs an unlocked Secret Service; run by scripts/test.sh under dbus-run-session"]
fn secrets_live_in_the_keyring_only() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::at(&dir.path().join("profiles.json"));
    let name = format!("orderdock-test-{}", std::process::id());
    let secret = "s3cr3t-值-that-must-not-leak";
    let p = Profile { name: name.clone(), target: Target::Mall2030, base_url: "https://open-q1.ezrpro.com".into(), app_id: "app".into(), app_system: Some("sys".into()) };
    profiles.add(p.clone(), secret).unwrap();

    assert_eq!(profiles.secret(&name).unwrap(), secret);
    assert_eq!(profiles.get(&name).unwrap(), p);
    let file = std::fs::read_to_string(dir.path().join("profiles.json")).unwrap();
    assert!(!file.contains(secret), "the secret is not in the profiles file");

    profiles.remove(&name).unwrap();
    assert!(profiles.secret(&name).is_err(), "removing a profile removes its secret");
    assert!(profiles.get(&name).is_err());
}

#[test]
fn profiles_refuse_plain_http_and_a_missing_app_system_before_touching_the_keyring() {
    let dir = tempfile::tempdir().unwrap();
    let profiles = Profiles::at(&dir.path().join("profiles.json"));
    let http = Profile { name: "x".into(), target: Target::Dmhub, base_url: "http://api.example.com".into(), app_id: "a".into(), app_system: None };
    assert!(profiles.add(http, "s").is_err());
    let no_system = Profile { name: "y".into(), target: Target::Mall2030, base_url: "https://x".into(), app_id: "a".into(), app_system: None };
    assert!(profiles.add(no_system, "s").is_err());
    assert!(profiles.list().unwrap().is_empty());
}
