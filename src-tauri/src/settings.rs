//! Settings (the language, whether to check for updates), kept in `settings.json` in the data
//! folder (`orderdock_remote::profiles::data_dir()`), beside the recent files and the mapping
//! templates (`orderdock_remote::recent`, `::templates`).

use orderdock_core::messages::Lang;
use orderdock_remote::profiles::{self, data_dir};
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::{Result, err};
use crate::state::AppState;
use crate::updates::Consent;

#[derive(Debug, Clone, Default, Serialize, Deserialize, specta::Type)]
pub struct Settings {
    pub lang: Lang,
    /// Whether the merchant has agreed to update checks (`updates`); a file written before
    /// there were any reads as not asked yet.
    #[serde(default)]
    pub updates: Consent,
}

const FILE: &str = "settings.json";

/// The settings saved by an earlier run (Chinese, updates not asked, by default).
pub fn saved() -> Settings {
    profiles::read_json(&data_dir().join(FILE))
}

/// The language saved by an earlier run.
pub fn saved_lang() -> Lang {
    saved().lang
}

/// Changes one setting and keeps the others.
pub fn save_with(lang: Lang, change: impl FnOnce(&mut Settings)) -> Result<()> {
    let mut settings = saved();
    change(&mut settings);
    profiles::write_json(&data_dir().join(FILE), &settings).map_err(err(lang))
}

#[tauri::command]
#[specta::specta]
pub fn get_settings(state: State<'_, AppState>) -> Settings {
    Settings { lang: state.lang(), ..saved() }
}

#[tauri::command]
#[specta::specta]
pub fn set_settings(state: State<'_, AppState>, lang: String) -> Result<()> {
    let lang = Lang::parse(&lang);
    state.set_lang(lang);
    save_with(lang, |s| s.lang = lang)
}
