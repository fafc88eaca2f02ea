//! Connections: saved profiles (secret in the OS keychain, via `orderdock_remote::profiles`),
//! the built-in practice server (练习环境, `orderdock_sandbox`, started in-process on first
//! use), and turning the UI's `{ profile }` / `{ practice: true }` into a client.

use orderdock_core::fields::Target;
use orderdock_remote::engine::Client;
use orderdock_remote::profiles::{self, Profile, Profiles};
use orderdock_sandbox::{Config, PRACTICE_APP_ID, PRACTICE_APP_SYSTEM, PRACTICE_SECRET, Running};
use serde::{Deserialize, Serialize};
use tauri::State;
use tracing::instrument;

use crate::error::{Error, Result, err};
use crate::state::AppState;
use orderdock_core::messages::AppText;

/// Where to send: a saved profile, or the practice server.
#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(untagged)]
pub enum Connection {
    Profile { profile: String },
    Practice { practice: bool },
}

/// A profile as the UI spells it.
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ProfileInfo {
    name: String,
    target: Target,
    base_url: String,
    app_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    app_system: Option<String>,
}

impl From<Profile> for ProfileInfo {
    fn from(p: Profile) -> Self {
        ProfileInfo { name: p.name, target: p.target, base_url: p.base_url, app_id: p.app_id, app_system: p.app_system }
    }
}

#[derive(Debug, Serialize, specta::Type)]
pub struct TestResult {
    ok: bool,
    message: String,
}

#[derive(Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Practice {
    base_url: String,
    app_id: &'static str,
    secret: &'static str,
    app_system: &'static str,
}

/// The practice server, started on first use; it lives as long as the app, and keeps what it
/// stores in the data folder, so that orders practised with yesterday can be looked up today.
pub async fn practice_server(state: &AppState) -> Result<&Running> {
    let lang = state.lang();
    let config = Config { save_to: Some(orderdock_remote::profiles::data_dir().join("practice-server.json")), ..Config::practice() };
    state
        .sandbox
        .get_or_try_init(|| async {
            std::fs::create_dir_all(orderdock_remote::profiles::data_dir())?;
            orderdock_sandbox::start(config).await
        })
        .await
        .map_err(|e| Error::app(lang, AppText::PracticeServerDown(&e.to_string())))
}

/// The practice account's identity in the journal: stable across runs (its port is not),
/// so an interrupted practice upload can be continued after a restart.
pub fn practice_destination(target: Target) -> String {
    profiles::destination(target, "practice", PRACTICE_APP_ID, PRACTICE_APP_SYSTEM)
}

/// A client for `target` and the account identity the journal keys history by.
pub async fn connect(state: &AppState, target: Target, conn: &Connection) -> Result<(Client, String)> {
    let lang = state.lang();
    match conn {
        Connection::Practice { .. } => {
            let base = practice_server(state).await?.base_url().to_string();
            let client = profiles::connect(target, &base, PRACTICE_APP_ID, PRACTICE_SECRET, PRACTICE_APP_SYSTEM).map_err(err(lang))?;
            Ok((client, practice_destination(target)))
        }
        Connection::Profile { profile } => Profiles::open_default().connect(profile, target).map_err(err(lang)),
    }
}

/// The connection that reaches `destination` (a job's account), for retrying or continuing it.
pub fn connection_for(destination: &str, target: Target) -> Option<Connection> {
    if destination == practice_destination(target) {
        return Some(Connection::Practice { practice: true });
    }
    Profiles::open_default().reaching(target, destination).map(|profile| Connection::Profile { profile })
}

#[tauri::command]
#[specta::specta]
pub fn list_profiles(state: State<'_, AppState>) -> Result<Vec<ProfileInfo>> {
    Ok(Profiles::open_default().list().map_err(err(state.lang()))?.into_iter().map(ProfileInfo::from).collect())
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state, secret), err(Debug))]
pub fn save_profile(state: State<'_, AppState>, profile: ProfileInfo, secret: String) -> Result<()> {
    let p = Profile { name: profile.name, target: profile.target, base_url: profile.base_url, app_id: profile.app_id, app_system: profile.app_system };
    Profiles::open_default().add(p, &secret).map_err(err(state.lang()))
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub fn remove_profile(state: State<'_, AppState>, name: String) -> Result<()> {
    Profiles::open_default().remove(&name).map_err(err(state.lang()))
}

#[tauri::command]
#[specta::specta]
#[instrument(skip(state))]
pub async fn test_profile(state: State<'_, AppState>, name: String) -> Result<TestResult> {
    let lang = state.lang();
    let client = Profiles::open_default().client(&name).map_err(err(lang))?;
    Ok(match client.check_credentials().await {
        Ok(()) => TestResult { ok: true, message: orderdock_remote::profiles::tested(client.target(), &name, lang) },
        Err(e) => TestResult { ok: false, message: e.message(lang) },
    })
}

#[tauri::command]
#[specta::specta]
pub async fn practice(state: State<'_, AppState>) -> Result<Practice> {
    let base_url = practice_server(&state).await?.base_url().to_string();
    Ok(Practice { base_url, app_id: PRACTICE_APP_ID, secret: PRACTICE_SECRET, app_system: PRACTICE_APP_SYSTEM })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_read_as_the_ui_writes_them() {
        let p: Connection = serde_json::from_str(r#"{"profile": "店铺A"}"#).unwrap();
        assert!(matches!(p, Connection::Profile { profile } if profile == "店铺A"));
        let p: Connection = serde_json::from_str(r#"{"practice": true}"#).unwrap();
        assert!(matches!(p, Connection::Practice { .. }));
        assert!(matches!(connection_for(&practice_destination(Target::Dmhub), Target::Dmhub), Some(Connection::Practice { .. })));
    }
}
