//! The mapping screen: the targets' fields (from `orderdock_core::fields`), a suggested or
//! saved mapping, column samples, and templates — a mapping saved per header signature,
//! offered again the next time a file with the same headers is opened.

use std::collections::HashMap;

use orderdock_core::fields::{Kind, Target};
use orderdock_core::mapping::Mapping;
use orderdock_core::suggest;
use orderdock_core::table::Table;
use serde::Serialize;
use serde_json::Value;
use tauri::State;
use tracing::instrument;

use crate::error::{err, Error, Result};
use crate::settings::{load_json, save_json};
use crate::state::{lock, AppState};

const TEMPLATES: &str = "templates.json";

#[derive(Debug, Serialize)]
pub struct TargetInfo {
    id: &'static str,
    label: &'static str,
    fields: Vec<FieldInfo>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldInfo {
    path: &'static str,
    label: &'static str,
    required: bool,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_len: Option<usize>,
    is_line: bool,
    derivable: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    mapping: Value,
    from_template: bool,
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Text => "text",
        Kind::Id => "id",
        Kind::Long => "long",
        Kind::Int => "int",
        Kind::Money => "money",
        Kind::DateTime => "datetime",
    }
}

/// Templates are keyed by target and the exact header names, in order.
fn signature(target: Target, table: &Table) -> String {
    format!("{}\u{1f}{}", target.id(), table.columns.join("\u{1f}"))
}

/// A mapping document from the UI (CONTRACT.md §2), checked by core.
pub fn parse_mapping(lang: orderdock_core::messages::Lang, doc: &Value) -> Result<Mapping> {
    Mapping::from_json(&doc.to_string()).map_err(err(lang))
}

fn parse_target(lang: orderdock_core::messages::Lang, id: &str) -> Result<Target> {
    Target::parse(id).ok_or_else(|| Error::new(orderdock_core::mapping::MappingError::UnknownTarget(id.to_string()).message(lang)))
}

#[tauri::command]
pub fn targets(state: State<'_, AppState>) -> Vec<TargetInfo> {
    let lang = state.lang();
    Target::ALL
        .iter()
        .map(|t| {
            let def = t.def();
            TargetInfo {
                id: def.id,
                label: lang.pick(def.label_zh, def.label_en),
                fields: def
                    .fields
                    .iter()
                    .map(|f| FieldInfo { path: f.path, label: f.label(lang), required: f.required, kind: kind_name(f.kind), max_len: f.max_len, is_line: def.is_line(f.path), derivable: f.sum_of.is_some() })
                    .collect(),
            }
        })
        .collect()
}

#[tauri::command]
#[instrument(skip(state), err(Debug))]
pub fn suggest_mapping(state: State<'_, AppState>, file_id: String, target: String) -> Result<Suggestion> {
    let lang = state.lang();
    let target = parse_target(lang, &target)?;
    let handle = state.file(&file_id)?;
    let f = lock(&handle);
    let templates: HashMap<String, Value> = load_json(TEMPLATES);
    if let Some(saved) = templates.get(&signature(target, f.table())).filter(|m| Mapping::from_json(&m.to_string()).is_ok()) {
        return Ok(Suggestion { mapping: saved.clone(), from_template: true });
    }
    Ok(Suggestion { mapping: suggest::suggest(target, f.table()).to_json(), from_template: false })
}

/// Up to `count` different non-blank values of a column, from the top of the sheet.
#[tauri::command]
pub fn column_samples(state: State<'_, AppState>, file_id: String, column: String, count: usize) -> Result<Vec<String>> {
    let handle = state.file(&file_id)?;
    let f = lock(&handle);
    let t = f.table();
    let Some(c) = t.column_index(&column) else { return Ok(Vec::new()) };
    let mut out: Vec<String> = Vec::new();
    // Bounded: a column of blanks must not walk 500,000 rows.
    for r in 0..t.len().min(1000) {
        let v = t.row(r)[c].display();
        if !v.trim().is_empty() && !out.contains(&v) {
            out.push(v);
            if out.len() >= count {
                break;
            }
        }
    }
    Ok(out)
}

#[tauri::command]
#[instrument(skip(state, mapping), err(Debug))]
pub fn save_template(state: State<'_, AppState>, file_id: String, mapping: Value) -> Result<()> {
    let lang = state.lang();
    let parsed = parse_mapping(lang, &mapping)?;
    let handle = state.file(&file_id)?;
    let key = signature(parsed.target, lock(&handle).table());
    let mut templates: HashMap<String, Value> = load_json(TEMPLATES);
    // Confidence scores describe a suggestion, not a mapping the merchant confirmed.
    let mut clean = parsed;
    clean.unmatched.clear();
    clean.fields.iter_mut().for_each(|f| f.confidence = None);
    templates.insert(key, clean.to_json());
    save_json(TEMPLATES, &templates).map_err(err(lang))
}
