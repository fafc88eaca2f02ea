//! Settings (the language, whether to check for updates), and the small JSON files the app keeps in the data folder
//! (`orderdock_remote::profiles::data_dir()`): settings, recent files, mapping templates.

use orderdock_core::messages::Lang;
use orderdock_remote::profiles::data_dir;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tauri::State;

use crate::error::{Result, err};
use crate::state::AppState;
use crate::updates::Consent;

/// A JSON file of the data folder; a missing or unreadable one reads as the default, since
/// none of these files is worth refusing to start over.
pub fn load_json<T: DeserializeOwned + Default>(name: &str) -> T {
    std::fs::read_to_string(data_dir().join(name)).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

pub fn save_json<T: Serialize>(name: &str, value: &T) -> std::io::Result<()> {
    let dir = data_dir();
    std::fs::create_dir_all(&dir)?;
    // Write then rename, so a crash never leaves half a file.
    let tmp = dir.join(format!("{name}.tmp"));
    std::fs::write(&tmp, serde_json::to_vec_pretty(value)?)?;
    std::fs::rename(tmp, dir.join(name))
}

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
    load_json(FILE)
}

/// The language saved by an earlier run.
pub fn saved_lang() -> Lang {
    saved().lang
}

/// Changes one setting and keeps the others.
pub fn save_with(lang: Lang, change: impl FnOnce(&mut Settings)) -> Result<()> {
    let mut settings = saved();
    change(&mut settings);
    save_json(FILE, &settings).map_err(err(lang))
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
