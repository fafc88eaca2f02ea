//! Fixture generators shared by the end-to-end tests and the benchmarks: an order
//! [`model`], the platforms' [`platforms`] layouts, writers for every [`formats`] format,
//! [`bad`] inputs, and a [`fixes`] batch with the same problems on many orders. Everything
//! is generated; no binary fixture is committed.

pub mod bad;
pub mod exports;
pub mod fixes;
pub mod formats;
pub mod grid;
pub mod model;
pub mod platforms;

use std::ffi::OsString;

/// What one in-process run of `orderdock` printed.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// stdout as one JSON document (panics with the whole output when it is not).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {self:?}"))
    }
}

/// Run `orderdock ARGS...` in-process.
pub fn orderdock<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> Out {
    let argv: Vec<OsString> = std::iter::once(OsString::from("orderdock")).chain(args.iter().map(|a| a.as_ref().to_owned())).collect();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = orderdock_cli::run(argv, &mut out, &mut err);
    Out { code, stdout: String::from_utf8(out).unwrap(), stderr: String::from_utf8(err).unwrap() }
}

/// One issue as the tests compare them: (code, order, row, field).
pub type Found = (String, String, u64, String);

/// The `(code, order, row, field)` of every issue of a `validate --json` report, sorted.
pub fn found(report: &serde_json::Value) -> Vec<Found> {
    let mut v: Vec<Found> = report["issues"]
        .as_array()
        .unwrap_or_else(|| panic!("no issues list in {report}"))
        .iter()
        .map(|i| {
            (
                i["code"].as_str().unwrap_or_default().to_string(),
                i["order"].as_str().unwrap_or_default().to_string(),
                i["row"].as_u64().unwrap_or_default(),
                i["field"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

/// An expected issue.
pub fn issue(code: &str, order: &str, row: u32, field: &str) -> Found {
    (code.to_string(), order.to_string(), row as u64, field.to_string())
}

/// "Now" for every time-window rule in the tests.
pub const NOW: &str = "2026-11-23T12:00:00+08:00";

/// A UTF-8 CSV from rows of cells (quoted where needed), for tests that need columns no
/// platform has.
pub fn csv_file(dir: &std::path::Path, name: &str, rows: &[Vec<String>]) -> std::path::PathBuf {
    let text: String =
        rows.iter().map(|r| r.iter().map(|c| if c.contains([',', '"', '\n']) { format!("\"{}\"", c.replace('"', "\"\"")) } else { c.clone() }).collect::<Vec<_>>().join(",") + "\n").collect();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// `orderdock validate FILE --mapping M --now NOW --json EXTRA...`, the mapping written
/// beside the file.
pub fn validate(file: &std::path::Path, mapping: &str, extra: &[&str]) -> Out {
    let map = file.with_extension("map.json");
    std::fs::write(&map, mapping).unwrap();
    let mut args: Vec<OsString> = vec!["validate".into(), file.into(), "--mapping".into(), map.into(), "--json".into()];
    if !extra.contains(&"--now") {
        args.extend(["--now".into(), NOW.into()]);
    }
    args.extend(extra.iter().map(OsString::from));
    orderdock(&args)
}

/// Rows from a header and records given as `(column, value)` overrides of `base`.
pub fn rows(header: &[&str], base: &[&str], records: &[&[(&str, &str)]]) -> Vec<Vec<String>> {
    let mut out = vec![header.iter().map(|s| s.to_string()).collect()];
    for rec in records {
        out.push(header.iter().zip(base).map(|(h, b)| rec.iter().find(|(k, _)| k == h).map_or(*b, |(_, v)| *v).to_string()).collect());
    }
    out
}
