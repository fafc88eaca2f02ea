//! 「导出诊断信息」: a zip a merchant can send to support — the recent logs, the settings and
//! connection profiles, and a list of what the data folder holds — with every secret and every
//! customer phone number removed on the way in.
//!
//! What goes in is chosen, not swept up: never the journal or the stored edits (they hold
//! customers' orders), only the small JSON files and the newest logs, each cut to its last
//! [`LOG_TAIL`] bytes. Everything written passes through [`redact`] (text) or [`redact_json`]
//! (JSON, by key name), so a log line that quotes a request URL with `access_token=…`, a
//! signed form with `sign=…` or a row with 联系手机 13800138000 arrives as `access_token=***`,
//! `sign=***` and `138****8000`.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The folder of the app's logs, in the data folder.
pub fn logs_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("logs")
}

/// How many log files (one a day) are kept, and put in a diagnostics zip.
pub const LOGS_KEPT: usize = 7;
/// The most of one log that goes in the zip: its end, where the trouble is.
pub const LOG_TAIL: usize = 2 * 1024 * 1024;

/// The small files of the data folder that go in (when present).
const SETTINGS_FILES: &[&str] = &["settings.json", "profiles.json", "templates.json", "recent.json"];

const MASK: &str = "***";

#[derive(Debug, thiserror::Error)]
pub enum DiagnosticsError {
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("zip: {0}")]
    Zip(#[from] zip::result::ZipError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> DiagnosticsError + '_ {
    move |source| DiagnosticsError::Io { path: path.to_path_buf(), source }
}

/// Is this key's value a secret? By the words of its name (`access_token`, `appSecret`,
/// `ORDERDOCK_SECRET`, `sign`, `password`, `Authorization`, `api-key`…), so that `appId`,
/// `keyring` or `monkey` are not.
pub fn is_secret_key(key: &str) -> bool {
    const WORDS: &[&str] =
        &["secret", "token", "password", "passwd", "pwd", "sign", "signature", "key", "apikey", "appkey", "appsecret", "authorization", "auth", "credential", "credentials", "cookie", "session"];
    words(key).iter().any(|w| WORDS.contains(&w.as_str()))
}

/// `access_token` → [access, token]; `appSecret` → [app, secret]; `X-Api-Key` → [x, api, key].
fn words(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in key.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Mask the customer phone numbers of a text: a mainland mobile (11 digits from 13… to 19…,
/// alone or written 138-0013-8000 / 138 0013 8000, with or without +86) keeps its first 3 and
/// last 4 digits: `138****8000`. Longer digit runs (order numbers) are left alone.
pub fn mask_phones(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let starts_run = i == 0 || !chars[i - 1].is_ascii_digit();
        if starts_run {
            // 8613800138000 (+86 written without a space): the country code stays.
            let at = if chars[i] == '8' && chars.get(i + 1) == Some(&'6') && mobile_at(&chars, i + 2).is_some() { i + 2 } else { i };
            if let Some((end, digits)) = mobile_at(&chars, at) {
                out.extend(&chars[i..at]);
                out.extend(&digits[..3]);
                out.push_str("****");
                out.extend(&digits[7..]);
                i = end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// A mobile number starting at `i`: where it ends and its 11 digits.
fn mobile_at(chars: &[char], i: usize) -> Option<(usize, Vec<char>)> {
    if chars[i] != '1' || !chars.get(i + 1).is_some_and(|c| ('3'..='9').contains(c)) {
        return None;
    }
    // 3-4-4 with one separator kind, or 11 in a row.
    for sep in [None, Some('-'), Some(' ')] {
        let mut digits = Vec::with_capacity(11);
        let mut j = i;
        let groups: &[usize] = if sep.is_some() { &[3, 4, 4] } else { &[11] };
        let mut ok = true;
        for (g, &len) in groups.iter().enumerate() {
            if g > 0 {
                if chars.get(j) != sep.as_ref() {
                    ok = false;
                    break;
                }
                j += 1;
            }
            for _ in 0..len {
                match chars.get(j) {
                    Some(c) if c.is_ascii_digit() => digits.push(*c),
                    _ => {
                        ok = false;
                        break;
                    }
                }
                j += 1;
            }
            if !ok {
                break;
            }
        }
        if ok && !chars.get(j).is_some_and(|c| c.is_ascii_digit()) {
            return Some((j, digits));
        }
    }
    None
}

/// Remove secrets and phone numbers from a text (a log): the value after a secret key in any of
/// the forms logs show — `key=value` (query strings, forms), `key: value`, `"key": "value"`,
/// `Authorization: Bearer value` — becomes `***`; then phone numbers are masked.
pub fn redact(text: &str) -> String {
    mask_phones(&redact_secrets(text))
}

fn redact_secrets(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let word_start = is_key_char(c) && (i == 0 || !is_key_char(chars[i - 1]));
        if !word_start {
            out.push(c);
            i += 1;
            continue;
        }
        let mut end = i;
        while end < chars.len() && is_key_char(chars[end]) {
            end += 1;
        }
        let key: String = chars[i..end].iter().collect();
        out.push_str(&key);
        i = end;
        if !is_secret_key(&key) {
            continue;
        }
        // The key may close a quote; then spaces, `=` or `:`, spaces, an optional quote.
        let mut j = i;
        if matches!(chars.get(j), Some('"' | '\'')) {
            j += 1;
        }
        while chars.get(j) == Some(&' ') {
            j += 1;
        }
        if !matches!(chars.get(j), Some('=' | ':')) {
            continue;
        }
        j += 1;
        while chars.get(j) == Some(&' ') {
            j += 1;
        }
        out.extend(&chars[i..j]);
        i = j;
        let quote = match chars.get(i) {
            Some(q @ ('"' | '\'')) => {
                out.push(*q);
                i += 1;
                Some(*q)
            }
            _ => None,
        };
        // `Bearer xyz`, `Basic xyz`: the scheme stays, the credential goes.
        let rest: String = chars[i..chars.len().min(i + 7)].iter().collect();
        for scheme in ["Bearer ", "Basic "] {
            if rest.starts_with(scheme) {
                out.push_str(scheme);
                i += scheme.chars().count();
            }
        }
        let start = i;
        while i < chars.len() {
            let v = chars[i];
            let stop = match quote {
                Some(q) => v == q || v == '\n',
                None => v.is_whitespace() || matches!(v, '&' | ',' | ';' | '}' | ']' | ')' | '"' | '\''),
            };
            if stop {
                break;
            }
            i += 1;
        }
        if i > start {
            out.push_str(MASK);
        }
    }
    out
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Remove secrets and phone numbers from JSON: a secret key's value (whatever it is) becomes
/// `"***"`, every string is phone-masked (keys too, for a map keyed by phone number).
pub fn redact_json(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if is_secret_key(k) && !v.is_null() { Value::String(MASK.into()) } else { redact_json(v) };
                    (mask_phones(k), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redact_json).collect()),
        Value::String(s) => Value::String(redact(s)),
        Value::Number(n) => {
            let masked = mask_phones(&n.to_string());
            if masked == n.to_string() { value.clone() } else { Value::String(masked) }
        }
        other => other.clone(),
    }
}

/// The newest `n` logs (by name: one file a day, `orderdock-YYYY-MM-DD.log`).
pub fn recent_logs(data_dir: &Path, n: usize) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(logs_dir(data_dir)) else { return Vec::new() };
    let mut logs: Vec<PathBuf> = read.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "log")).collect();
    logs.sort();
    logs.split_off(logs.len().saturating_sub(n))
}

/// Delete all but the newest [`LOGS_KEPT`] logs.
pub fn prune_logs(data_dir: &Path) {
    let keep = recent_logs(data_dir, LOGS_KEPT);
    let Ok(read) = std::fs::read_dir(logs_dir(data_dir)) else { return };
    for e in read.flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "log") && !keep.contains(&p) {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// What was put in a diagnostics zip.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Written {
    pub files: Vec<String>,
}

/// Write the diagnostics zip of `data_dir` to `out`; `about` is a few lines on the app (version,
/// system) for its `about.txt`.
pub fn write_zip(data_dir: &Path, out: &Path, about: &str) -> Result<Written, DiagnosticsError> {
    let mut entries: Vec<(String, Vec<u8>)> = vec![("about.txt".into(), redact(about).into_bytes())];
    for name in SETTINGS_FILES {
        let path = data_dir.join(name);
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let clean = match serde_json::from_slice::<Value>(&bytes) {
            Ok(v) => serde_json::to_vec_pretty(&redact_json(&v)).unwrap_or_default(),
            Err(_) => redact(&String::from_utf8_lossy(&bytes)).into_bytes(),
        };
        entries.push(((*name).into(), clean));
    }
    for log in recent_logs(data_dir, LOGS_KEPT) {
        let bytes = std::fs::read(&log).map_err(io(&log))?;
        let tail = &bytes[bytes.len().saturating_sub(LOG_TAIL)..];
        let name = format!("logs/{}", log.file_name().unwrap_or_default().to_string_lossy());
        entries.push((name, redact(&String::from_utf8_lossy(tail)).into_bytes()));
    }
    entries.push(("files.txt".into(), listing(data_dir).into_bytes()));

    let tmp = out.with_extension("zip.tmp");
    let file = std::fs::File::create(&tmp).map_err(io(&tmp))?;
    let mut zip = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in &entries {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes).map_err(io(&tmp))?;
    }
    zip.finish()?;
    std::fs::rename(&tmp, out).map_err(io(out))?;
    Ok(Written { files: entries.into_iter().map(|(n, _)| n).collect() })
}

/// The data folder's files with their sizes (names only: the journal's size says a lot, its
/// contents go nowhere).
fn listing(data_dir: &Path) -> String {
    let mut lines = Vec::new();
    let mut stack = vec![data_dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&dir) else { continue };
        for e in read.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(m) = e.metadata() {
                let rel = p.strip_prefix(data_dir).unwrap_or(&p).display().to_string();
                lines.push(format!("{rel}\t{} bytes", m.len()));
            }
        }
    }
    lines.sort();
    redact(&lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn mobiles_keep_three_and_four_digits_order_numbers_stay() {
        assert_eq!(mask_phones("联系手机 13800138000，备用 +86 139-1234-5678"), "联系手机 138****8000，备用 +86 139****5678");
        assert_eq!(mask_phones("tel:15912345678;18600001111"), "tel:159****5678;186****1111");
        assert_eq!(mask_phones("mobile=199 8888 0000&x"), "mobile=199****0000&x");
        assert_eq!(mask_phones("+8613912345678 8613912345678"), "+86139****5678 86139****5678");
        // Order numbers and other digit runs are not phones.
        for keep in ["订单 2026110100000138001", "12345678901", "1380013800", "138001380001", "02112345678"] {
            assert_eq!(mask_phones(keep), keep);
        }
    }

    #[test]
    fn secret_keys_by_their_words() {
        for k in ["access_token", "appSecret", "ORDERDOCK_SECRET", "sign", "password", "Authorization", "X-Api-Key", "refreshToken"] {
            assert!(is_secret_key(k), "{k}");
        }
        for k in ["appId", "app_id", "keyring", "monkey", "orderNo", "baseUrl", "signal", "design"] {
            assert!(!is_secret_key(k), "{k}");
        }
    }

    #[test]
    fn secrets_in_every_form_logs_show() {
        let line = concat!(
            "GET /deal?access_token=eyJhbGc.x-y_z&orderNo=A1 ",
            "form sign=9F86D081884C7D659A2FEAA0C55AD015&AppId=shop1 ",
            r#"{"appSecret": "s3cr3t!", "token":"abc", "appId":"wx1"} "#,
            "Authorization: Bearer abc.def.ghi ",
            "ORDERDOCK_SECRET='p@ss word' password: hunter2\n"
        );
        let out = redact(line);
        for gone in ["eyJhbGc", "9F86D08", "s3cr3t", "\"abc\"", "abc.def", "p@ss", "hunter2"] {
            assert!(!out.contains(gone), "{gone} left in {out}");
        }
        assert!(out.contains("access_token=***&orderNo=A1"), "{out}");
        assert!(out.contains("sign=***&AppId=shop1"), "{out}");
        assert!(out.contains(r#""appSecret": "***""#), "{out}");
        assert!(out.contains(r#""appId":"wx1""#), "{out}");
        assert!(out.contains("Authorization: Bearer ***"), "{out}");
        assert!(out.contains("ORDERDOCK_SECRET='***'"), "{out}");
    }

    #[test]
    fn json_by_key_and_phones_in_values() {
        let v: Value = serde_json::json!({
            "name": "淘宝店", "appId": "app-1", "secret": 12345, "nested": [{"accessToken": "t"}],
            "note": "收货人 张三 13800138000", "phone": 13912345678u64, "empty_key": null
        });
        let r = redact_json(&v);
        assert_eq!(r["secret"], "***");
        assert_eq!(r["nested"][0]["accessToken"], "***");
        assert_eq!(r["appId"], "app-1");
        assert_eq!(r["note"], "收货人 张三 138****8000");
        assert_eq!(r["phone"], "139****5678");
        assert!(r["empty_key"].is_null());
    }

    #[test]
    fn the_zip_has_logs_and_settings_cleaned_and_never_the_journal() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path();
        std::fs::write(data.join("settings.json"), r#"{"lang":"zh","updateToken":"zzz"}"#).unwrap();
        std::fs::write(data.join("profiles.json"), r#"[{"name":"正式","target":"dmhub","base_url":"https://api","app_id":"a1","client_secret":"leak"}]"#).unwrap();
        std::fs::write(data.join("journal.sqlite"), "订单 13800138000 secret=leak").unwrap();
        let logs = logs_dir(data);
        std::fs::create_dir_all(&logs).unwrap();
        for day in 1..=9 {
            std::fs::write(logs.join(format!("orderdock-2026-11-0{day}.log")), format!("day {day} access_token=leak 联系手机 13800138000\n")).unwrap();
        }
        let out = dir.path().join("诊断 信息.zip");
        let written = write_zip(data, &out, "OrderDock 0.1.0 windows x86_64").unwrap();
        assert!(written.files.contains(&"settings.json".to_string()));
        assert!(!written.files.iter().any(|f| f.contains("journal")), "{:?}", written.files);

        let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
        let mut all = String::new();
        let mut logs_in = Vec::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            if name.starts_with("logs/") {
                logs_in.push(name);
            }
            f.read_to_string(&mut all).unwrap();
        }
        assert!(!all.contains("leak") && !all.contains("zzz") && !all.contains("13800138000"), "{all}");
        assert!(all.contains("138****8000") && all.contains("\"app_id\": \"a1\""), "{all}");
        assert!(all.contains("journal.sqlite\t"), "the listing names the journal: {all}");
        // The newest seven days.
        assert_eq!(logs_in.len(), LOGS_KEPT);
        assert!(logs_in.contains(&"logs/orderdock-2026-11-09.log".to_string()));
        assert!(!logs_in.contains(&"logs/orderdock-2026-11-02.log".to_string()));
        assert!(!out.with_extension("zip.tmp").exists());
    }

    #[test]
    fn old_logs_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let logs = logs_dir(dir.path());
        std::fs::create_dir_all(&logs).unwrap();
        for day in 10..20 {
            std::fs::write(logs.join(format!("orderdock-2026-11-{day}.log")), "x").unwrap();
        }
        prune_logs(dir.path());
        let left = std::fs::read_dir(&logs).unwrap().count();
        assert_eq!(left, LOGS_KEPT);
        assert!(logs.join("orderdock-2026-11-19.log").exists() && !logs.join("orderdock-2026-11-12.log").exists());
    }
}
