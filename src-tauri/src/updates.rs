//! The update check: Tauri's updater plugin against the signed `latest.json` of the latest
//! published release. Off until the merchant agrees (asked once, changeable later), and never
//! while an upload runs, since installing restarts the app. The webview has no updater
//! permission of its own: every check and install goes through these commands and [`hold`].
//!
//! A build has the updater only when the release workflow gave it the signing key's public
//! half (`plugins.updater` in the configuration); any other build — a fork's, a developer's —
//! says it cannot update itself.

use std::sync::Mutex;

use orderdock_core::messages::{UpdateHold, update_failed};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_updater::{Update, UpdaterExt};

use crate::error::{Error, Result};
use crate::settings;
use crate::state::{AppState, lock};

/// The merchant's answer to 「有新版本时提醒我吗？」.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub enum Consent {
    #[default]
    Unasked,
    Allowed,
    Refused,
}

/// What stops a check or an install now, if anything: the one rule both follow.
pub fn hold(in_build: bool, consent: Consent, uploading: bool) -> Option<UpdateHold> {
    if !in_build {
        Some(UpdateHold::NotInThisBuild)
    } else if consent != Consent::Allowed {
        Some(UpdateHold::NotAllowed)
    } else if uploading {
        Some(UpdateHold::Uploading)
    } else {
        None
    }
}

/// Whether this build carries the updater's settings.
pub fn in_build<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.config().plugins.0.contains_key("updater")
}

/// Registers the updater plugin where the build has its settings (without them the plugin
/// would refuse to start, and the app with it).
pub fn register<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<()> {
    if in_build(app) {
        app.plugin(tauri_plugin_updater::Builder::new().build())?;
    }
    Ok(())
}

/// The update found by the last check, waiting for 「安装并重启」.
#[derive(Default)]
pub struct Pending(Mutex<Option<Update>>);

#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct UpdateState {
    pub in_build: bool,
    pub consent: Consent,
}

#[derive(Debug, Serialize, specta::Type)]
pub struct Available {
    pub version: String,
    pub notes: Option<String>,
}

fn check_hold<R: Runtime>(app: &AppHandle<R>) -> Result<()> {
    let state = app.state::<AppState>();
    let uploading = !lock(&state.jobs).is_empty();
    match hold(in_build(app), settings::saved().updates, uploading) {
        Some(h) => Err(Error { code: h.code(), message: h.message(state.lang()) }),
        None => Ok(()),
    }
}

fn failed<R: Runtime>(app: &AppHandle<R>) -> impl Fn(tauri_plugin_updater::Error) -> Error + '_ {
    move |e| Error { message: update_failed(app.state::<AppState>().lang(), &e.to_string()), code: "update_failed" }
}

#[tauri::command]
#[specta::specta]
pub fn update_state<R: Runtime>(app: AppHandle<R>) -> UpdateState {
    UpdateState { in_build: in_build(&app), consent: settings::saved().updates }
}

#[tauri::command]
#[specta::specta]
pub fn set_update_consent<R: Runtime>(app: AppHandle<R>, allowed: bool) -> Result<()> {
    let consent = if allowed { Consent::Allowed } else { Consent::Refused };
    settings::save_with(app.state::<AppState>().lang(), |s| s.updates = consent)
}

async fn find<R: Runtime>(app: &AppHandle<R>) -> Result<Option<Update>> {
    check_hold(app)?;
    app.updater().map_err(failed(app))?.check().await.map_err(failed(app))
}

/// Looks for a newer release; `null` when this one is the newest.
#[tauri::command]
#[specta::specta]
pub async fn check_update<R: Runtime>(app: AppHandle<R>) -> Result<Option<Available>> {
    let found = find(&app).await?;
    let available = found.as_ref().map(|u| Available { version: u.version.clone(), notes: u.body.clone() });
    *lock(&app.state::<Pending>().0) = found;
    Ok(available)
}

/// Downloads the update found by the last check (or looks for one), verifies its signature,
/// installs it and restarts. The hold is looked at again after the download: an upload
/// started meanwhile keeps the app running, and the update waits for the next check.
#[tauri::command]
#[specta::specta]
pub async fn install_update<R: Runtime>(app: AppHandle<R>) -> Result<()> {
    check_hold(&app)?;
    let pending = lock(&app.state::<Pending>().0).take();
    let Some(update) = (match pending {
        Some(u) => Some(u),
        None => find(&app).await?,
    }) else {
        return Ok(());
    };
    let bytes = update.download(|_, _| {}, || {}).await.map_err(failed(&app))?;
    check_hold(&app)?;
    update.install(bytes).map_err(failed(&app))?;
    app.restart()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_unless_in_the_build_allowed_and_idle() {
        use Consent::*;
        use UpdateHold::*;
        assert_eq!(hold(true, Allowed, false), None);
        assert_eq!(hold(true, Allowed, true), Some(Uploading));
        assert_eq!(hold(true, Unasked, false), Some(NotAllowed));
        assert_eq!(hold(true, Refused, true), Some(NotAllowed));
        assert_eq!(hold(false, Allowed, false), Some(NotInThisBuild));
    }
}
