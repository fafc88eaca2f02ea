//! The mapping screen: the targets' fields (from `orderdock_core::fields`), a suggested or
//! saved mapping, column samples, and templates — a mapping saved per header signature,
//! offered again the next time a file with the same headers is opened.

use orderdock_core::fields::{Kind, Target};
use orderdock_core::mapping::Mapping;
use orderdock_core::suggest;
use orderdock_remote::templates::Templates;
use serde::Serialize;
use serde_json::Value;
use tauri::State;
use tracing::instrument;

use crate::error::{err, Error, Result};
use crate::state::{lock, AppState};


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

/// A mapping document from the UI (CONTRACT.md §2), checked by core.
pub fn parse_mapping(lang: orderdock_core::messages::Lang, doc: &Value) -> Result<Mapping> {
    Mapping::from_json(&doc.to_string()).map_err(err(lang))
}

/// A target id (`dmhub`, `mall2030`) from the UI or the journal.
pub fn parse_target(lang: orderdock_core::messages::Lang, id: &str) -> Result<Target> {
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
    if let Some(saved) = Templates::open_default().find(target, f.table()) {
        return Ok(Suggestion { mapping: saved.to_json(), from_template: true });
    }
    Ok(Suggestion { mapping: suggest::suggest(target, f.table()).to_json(), from_template: false })
}

/// Example values of a column, for the mapping screen.
#[tauri::command]
pub fn column_samples(state: State<'_, AppState>, file_id: String, column: String, count: usize) -> Result<Vec<String>> {
    let handle = state.file(&file_id)?;
    let f = lock(&handle);
    Ok(f.table().samples(&column, count))
}

#[tauri::command]
#[instrument(skip(state, mapping), err(Debug))]
pub fn save_template(state: State<'_, AppState>, file_id: String, mapping: Value) -> Result<()> {
    let lang = state.lang();
    let parsed = parse_mapping(lang, &mapping)?;
    let handle = state.file(&file_id)?;
    let f = lock(&handle);
    Templates::open_default().save(f.table(), &parsed).map_err(err(lang))
}
