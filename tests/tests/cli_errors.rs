//! Exit 2 with one clear line on stderr: unreadable inputs, broken mappings, bad usage;
//! Chinese by default, English with `--lang en`.

use std::ffi::OsString;
use std::path::Path;

use orderdock_e2e::{Out, bad, csv_file, orderdock, rows};

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// Exit 2, nothing on stdout, exactly one non-empty line on stderr.
fn assert_refused(what: &str, out: &Out) {
    assert_eq!(out.code, 2, "{what}: {out:?}");
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert!(lines.len() == 1 && !lines[0].trim().is_empty(), "{what}: stderr must be one line: {:?}", out.stderr);
    assert!(!out.stderr.contains("panicked") && !out.stderr.contains("RUST_BACKTRACE"), "{what}: {:?}", out.stderr);
}

fn args(parts: &[&dyn AsRef<std::ffi::OsStr>]) -> Vec<OsString> {
    parts.iter().map(|p| p.as_ref().to_owned()).collect()
}

const MAP: &str = r#"{"target": "mall2030", "fields": {"Code": {"column": "订单编号"}}}"#;

#[test]
fn unreadable_inputs_exit_2_with_one_line_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let map = dir.path().join("map.json");
    std::fs::write(&map, MAP).unwrap();
    let mut inputs = bad::all(dir.path());
    inputs.push(("missing file", dir.path().join("nope.xlsx")));
    for (what, path) in &inputs {
        for lang in [None, Some("en")] {
            let lang_args: Vec<&str> = lang.map(|l| vec!["--lang", l]).unwrap_or_default();
            let mut inspect = args(&[&"inspect", path, &"--json"]);
            let mut check = args(&[&"validate", path, &"--mapping", &map, &"--json"]);
            inspect.extend(lang_args.iter().map(OsString::from));
            check.extend(lang_args.iter().map(OsString::from));
            for a in [inspect, check] {
                let out = orderdock(&a);
                let what = format!("{what} ({} {lang:?})", a[0].to_string_lossy());
                assert_refused(&what, &out);
                match lang {
                    Some(_) => {
                        assert!(out.stderr.is_ascii(), "{what}: English message expected: {}", out.stderr);
                        // The cause a merchant can act on must be named.
                        let cause = if what.contains("password") || what.contains("FILEPASS") {
                            "password"
                        } else if what.contains("docx") {
                            "Word"
                        } else if what.contains("empty") {
                            "empty"
                        } else {
                            ""
                        };
                        assert!(out.stderr.contains(cause), "{what}: the message must say {cause:?}: {}", out.stderr);
                    }
                    None => assert!(has_cjk(&out.stderr), "{what}: Chinese message expected: {}", out.stderr),
                }
            }
        }
    }
}

fn good_csv(dir: &Path) -> std::path::PathBuf {
    let table = rows(&["订单编号", "商品条码", "金额"], &["1001", "15026609123", "450"], &[&[]]);
    csv_file(dir, "good.csv", &table)
}

/// (what, mapping text, a word the English message must contain)
const BAD_MAPPINGS: &[(&str, &str, &str)] = &[
    ("unknown field", r#"{"target": "mall2030", "fields": {"Code": {"column": "订单编号"}, "Frobnicate": {"value": 1}}}"#, "Frobnicate"),
    ("missing column", r#"{"target": "mall2030", "fields": {"Code": {"column": "订单编号"}, "Dtls.BarCode": {"column": "NoSuchColumn"}}}"#, "NoSuchColumn"),
    ("bad JSON", r#"{"target": "mall2030", "fields": {"Code": "#, "JSON"),
    ("unknown target", r#"{"target": "shopify", "fields": {"Code": {"column": "订单编号"}}}"#, "shopify"),
];

#[test]
fn broken_mappings_exit_2_naming_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let file = good_csv(dir.path());
    let map = dir.path().join("map.json");
    for (what, text, word) in BAD_MAPPINGS {
        std::fs::write(&map, text).unwrap();
        let out = orderdock(&args(&[&"validate", &file, &"--mapping", &map, &"--json", &"--lang", &"en"]));
        assert_refused(what, &out);
        assert!(out.stderr.is_ascii(), "{what}: {}", out.stderr);
        assert!(out.stderr.contains(word), "{what}: the message must name {word}: {}", out.stderr);
        let out = orderdock(&args(&[&"validate", &file, &"--mapping", &map, &"--json"]));
        assert_refused(what, &out);
        assert!(has_cjk(&out.stderr), "{what}: {}", out.stderr);
    }
}

#[test]
fn unknown_target_on_the_command_line_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = good_csv(dir.path());
    for cmd in [args(&[&"suggest", &file, &"--target", &"shopify", &"--json", &"--lang", &"en"]), {
        let map = dir.path().join("map.json");
        std::fs::write(&map, MAP).unwrap();
        args(&[&"validate", &file, &"--target", &"shopify", &"--mapping", &map, &"--json", &"--lang", &"en"])
    }] {
        let out = orderdock(&cmd);
        assert_refused("unknown target", &out);
        assert!(out.stderr.contains("shopify") && out.stderr.is_ascii(), "{}", out.stderr);
    }
}

#[test]
fn a_missing_mapping_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let file = good_csv(dir.path());
    let out = orderdock(&args(&[&"validate", &file, &"--mapping", &dir.path().join("absent.json"), &"--json"]));
    assert_refused("missing mapping", &out);
}
