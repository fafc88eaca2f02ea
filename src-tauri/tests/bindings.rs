//! The UI's TypeScript bindings (`ui/src/generated/bindings.ts`: every command and every type
//! crossing IPC) must be what the Rust side declares now.
//! `ORDERDOCK_BLESS=1 cargo test -p orderdock-desktop --test bindings` rewrites them.

use std::path::PathBuf;

use specta_typescript::Typescript;

const RELATIVE: &str = "ui/src/generated/bindings.ts";

#[test]
fn bindings_ts_is_current() {
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("bindings.ts");
    orderdock_desktop::bindings::<tauri::Wry>().export(Typescript::default(), &fresh).unwrap();
    let text = std::fs::read_to_string(&fresh).unwrap();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(RELATIVE);
    if std::env::var_os("ORDERDOCK_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(on_disk == text, "{RELATIVE} is stale: run `ORDERDOCK_BLESS=1 cargo test -p orderdock-desktop --test bindings` and commit it");
}
