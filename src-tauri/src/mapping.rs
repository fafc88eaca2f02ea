//! The mapping screen: the targets' fields (from `orderdock_core::fields`), a suggested or
//! saved mapping, column samples, and templates — a mapping saved per header signature,
//! offered again the next time a file with the same headers is opened.
//!
//! A suggestion follows the export layout the headers show (`orderdock_core::platforms`),
//! or the one the merchant chose instead, or none; it reads the item file of a two-file
//! export too. The screen says which layout it used, marks the guesses, and offers the
//! filter that keeps only completed orders with the number of orders it leaves out.

use orderdock_core::assemble;
use orderdock_core::fields::Target;
use orderdock_core::fields::view::{self, TargetView};
use orderdock_core::mapping::{Filter, Mapping, MappingDoc};
use orderdock_core::platforms::Platform;
use orderdock_core::suggest::{self, Layout};
use orderdock_remote::templates::Templates;
use serde::Serialize;
use tauri::State;
use tracing::instrument;

use crate::error::{Error, Result, err};
use crate::import::PlatformInfo;
use crate::state::{AppState, lock};
use orderdock_core::messages::AppText;

#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Suggestion {
    mapping: MappingDoc,
    from_template: bool,
    /// The layout the mapping follows (recognised or chosen); none for a generic guess.
    platform: Option<PlatformInfo>,
    /// The layout the headers show, whatever was chosen.
    recognised: Option<PlatformInfo>,
    /// The layouts the merchant may choose instead (those with a template for the target).
    choices: Vec<PlatformInfo>,
    /// The filter keeping only completed orders, where the file has a status column:
    /// offered as a choice even when a saved template has no filter.
    completed: Option<Filter>,
}

/// A mapping document from the UI (CONTRACT.md §2), checked by core.
pub fn parse_mapping(lang: orderdock_core::messages::Lang, doc: &MappingDoc) -> Result<Mapping> {
    Mapping::from_doc(doc).map_err(err(lang))
}

/// A target id (`dmhub`, `mall2030`) from the UI or the journal.
pub fn parse_target(lang: orderdock_core::messages::Lang, id: &str) -> Result<Target> {
    Target::parse(id).ok_or_else(|| Error::new(orderdock_core::mapping::MappingError::UnknownTarget(id.to_string()).message(lang)))
}

#[tauri::command]
#[specta::specta]
pub fn targets(state: State<'_, AppState>) -> Vec<TargetView> {
    view::catalog(state.lang())
}

/// `platform` from the UI: a layout id, `"generic"` for none, absent for the one the headers show.
fn parse_layout(lang: orderdock_core::messages::Lang, platform: Option<&str>, target: Target) -> Result<Layout> {
    Layout::parse(platform, target).ok_or_else(|| Error::app(lang, AppText::UnknownLayout(platform.unwrap_or_default())))
}

/// A mapping for the open file (and its item file): a saved template for the same headers
/// when the merchant chose no layout and it fits the file as opened, else the suggestion.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub fn suggest_mapping(state: State<'_, AppState>, file_id: String, target: String, platform: Option<String>) -> Result<Suggestion> {
    let lang = state.lang();
    let target = parse_target(lang, &target)?;
    let layout = parse_layout(lang, platform.as_deref(), target)?;
    let handle = state.file(&file_id)?;
    let f = lock(&handle);
    let main = f.table();
    let proposal = Templates::open_default().propose(target, main, f.lines(), layout);
    let completed = proposal.completed;
    let mapping = proposal.mapping;
    let info = |p: &'static Platform| PlatformInfo::of(p, lang);
    Ok(Suggestion {
        platform: mapping.platform.as_deref().and_then(Platform::by_id).map(info),
        recognised: Platform::recognise(&main.columns).filter(|p| !p.rules(target).is_empty()).map(info),
        choices: suggest::choices(target).map(info).collect(),
        completed,
        mapping: mapping.to_doc(),
        from_template: proposal.from_template,
    })
}

/// Example values of a column of the main file, or with `lines` of the item file.
#[tauri::command]
#[specta::specta]
pub fn column_samples(state: State<'_, AppState>, file_id: String, column: String, count: usize, lines: Option<bool>) -> Result<Vec<String>> {
    let handle = state.file(&file_id)?;
    let f = lock(&handle);
    let table = if lines == Some(true) { f.lines().unwrap_or(f.table()) } else { f.table() };
    Ok(table.samples(&column, count))
}

/// How many orders `mapping`'s filter leaves out of the open file (of the rows read so far,
/// while it is still being read).
#[tauri::command]
#[specta::specta]
#[instrument(skip(state, mapping), err(Debug))]
pub fn filter_left_out(state: State<'_, AppState>, file_id: String, mapping: MappingDoc) -> Result<usize> {
    let lang = state.lang();
    let parsed = parse_mapping(lang, &mapping)?;
    let handle = state.file(&file_id)?;
    let f = lock(&handle);
    let binding = parsed.bind(f.table(), f.lines()).map_err(err(lang))?;
    Ok(assemble::left_out(&binding, f.table()))
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, mapping), err(Debug))]
pub fn save_template(state: State<'_, AppState>, file_id: String, mapping: MappingDoc) -> Result<()> {
    let lang = state.lang();
    let parsed = parse_mapping(lang, &mapping)?;
    let handle = state.file(&file_id)?;
    let f = lock(&handle);
    Templates::open_default().save(f.table(), &parsed).map_err(err(lang))
}
