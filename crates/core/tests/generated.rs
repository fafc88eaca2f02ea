//! Files the UI reads that are written from core's declarations: they must be what core
//! says now. `ORDERDOCK_BLESS=1 cargo test -p orderdock-core --test generated` rewrites them.

use std::path::PathBuf;

use orderdock_core::fields::{Target, view};
use orderdock_core::fixes::Fix;
use orderdock_core::messages::Lang;
use orderdock_core::platforms;
use orderdock_core::suggest;
use orderdock_core::validate::Code;
use serde_json::{Map, Value, json};

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
    let both = json!({ "zh": view::catalog(Lang::Zh), "en": view::catalog(Lang::En) });
    check("ui/src/generated/targets.json", serde_json::to_string_pretty(&both).unwrap() + "\n");
}

/// Each problem code's short label in both languages, as summaries count them.
#[test]
fn problems_json_is_current() {
    let labels = |lang: Lang| Code::ALL.iter().map(|c| (serde_json::to_value(c).unwrap().as_str().unwrap().to_string(), c.label(lang).into())).collect::<Map<_, _>>();
    let both = json!({ "zh": labels(Lang::Zh), "en": labels(Lang::En) });
    check("ui/src/generated/problems.json", serde_json::to_string_pretty(&both).unwrap() + "\n");
}

/// The platform layouts in both languages (`{id, label}` as the shell names them, in the
/// order the app lists them) and, per target, the layouts a merchant may choose.
#[test]
fn platforms_json_is_current() {
    let infos = |lang: Lang| platforms::ALL.iter().map(|p| json!({"id": p.id, "label": p.label(lang)})).collect::<Vec<_>>();
    let choices = Target::ALL.iter().map(|t| (t.id().to_string(), suggest::choices(*t).map(|p| Value::from(p.id)).collect())).collect::<Map<_, _>>();
    let all = json!({ "zh": infos(Lang::Zh), "en": infos(Lang::En), "choices": choices });
    check("ui/src/generated/platforms.json", serde_json::to_string_pretty(&all).unwrap() + "\n");
}

/// Each fix's title in both languages, per target (a title may name the target's fields).
#[test]
fn fixes_json_is_current() {
    let titles = |lang: Lang| Target::ALL.iter().map(|t| (t.id().to_string(), Fix::ALL.iter().map(|f| (f.id(), Value::from(f.title(*t, lang)))).collect::<Map<_, _>>().into())).collect::<Map<_, _>>();
    let both = json!({ "zh": titles(Lang::Zh), "en": titles(Lang::En) });
    check("ui/src/generated/fixes.json", serde_json::to_string_pretty(&both).unwrap() + "\n");
}
