//! Files the UI reads that are written from core's declarations: they must be what core
//! says now. `ORDERDOCK_BLESS=1 cargo test -p orderdock-core --test generated` rewrites them.

use std::path::PathBuf;

use orderdock_core::fields::view;
use orderdock_core::messages::Lang;
use orderdock_core::validate::Code;

fn check(relative: &str, text: String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative);
    if std::env::var_os("ORDERDOCK_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(on_disk == text, "{relative} is stale: run `ORDERDOCK_BLESS=1 cargo test -p orderdock-core --test generated` and commit it");
}

/// The targets' fields in both languages, as the `targets` command answers them.
#[test]
fn targets_json_is_current() {
    let both = serde_json::json!({ "zh": view::catalog(Lang::Zh), "en": view::catalog(Lang::En) });
    check("ui/src/generated/targets.json", serde_json::to_string_pretty(&both).unwrap() + "\n");
}

/// Each problem code's short label in both languages, as summaries count them.
#[test]
fn problems_json_is_current() {
    let labels = |lang: Lang| Code::ALL.iter().map(|c| (serde_json::to_value(c).unwrap().as_str().unwrap().to_string(), c.label(lang).into())).collect::<serde_json::Map<_, _>>();
    let both = serde_json::json!({ "zh": labels(Lang::Zh), "en": labels(Lang::En) });
    check("ui/src/generated/problems.json", serde_json::to_string_pretty(&both).unwrap() + "\n");
}
