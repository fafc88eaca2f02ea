//! Connection profiles: settings in `profiles.json`, the secret only in the OS keyring
//! (Windows Credential Manager, macOS Keychain, Secret Service on Linux) — never in a
//! file, a log line, the journal or an error message.

use std::path::{Path, PathBuf};

use orderdock_core::fields::Target;
use orderdock_core::messages::{AppText, Lang, RemoteText};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::dmhub::DmHub;
use crate::engine::Client;
use crate::error::{RemoteError, check_base_url};
use crate::mall2030::Mall2030;

/// The keyring service name every OrderDock secret is stored under.
const SERVICE: &str = "OrderDock";

/// Where OrderDock keeps its files: `$ORDERDOCK_HOME` if set (tests, portable use), else
/// the platform's data folder.
pub fn data_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("ORDERDOCK_HOME") {
        return PathBuf::from(home);
    }
    directories::ProjectDirs::from("com", "OrderDock", "OrderDock").map(|d| d.data_dir().to_path_buf()).unwrap_or_else(|| PathBuf::from(".orderdock"))
}

/// A small JSON file of the data folder; a missing or unreadable one reads as the default,
/// since none of these files is worth refusing to start over.
pub fn read_json<T: DeserializeOwned + Default>(path: &Path) -> T {
    std::fs::read_to_string(path).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

/// Write `value` to `path` (making its folder), then rename it into place, so that a crash
/// never leaves half a file.
pub fn write_json<T: Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(value)?)?;
    std::fs::rename(tmp, path)
}

/// A named connection to one server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    pub target: Target,
    pub base_url: String,
    pub app_id: String,
    /// 2030 only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_system: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    #[error("no profile named {0}")]
    NotFound(String),
    #[error("a profile needs a name")]
    NoName,
    #[error("2030 profiles need an AppSystem")]
    NoAppSystem,
    /// A profile of one target chosen for the other.
    #[error("profile {name} is for {}, not {}", .is.id(), .wanted.id())]
    WrongTarget { name: String, is: Target, wanted: Target },
    #[error(transparent)]
    Remote(#[from] RemoteError),
    #[error("OS keychain: {0}")]
    Keyring(String),
    #[error("profiles file {0}: {1}")]
    File(String, String),
}

impl ProfileError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ProfileError::NotFound(name) => RemoteText::ProfileNotFound(name).message(lang),
            ProfileError::NoName => RemoteText::ProfileNeedsName.message(lang),
            ProfileError::NoAppSystem => RemoteText::ProfileNeedsAppSystem.message(lang),
            ProfileError::WrongTarget { name, is, wanted } => AppText::WrongTarget(name, is.id(), wanted.id()).message(lang),
            ProfileError::Remote(e) => e.message(lang),
            ProfileError::Keyring(e) => RemoteText::Keychain(e).message(lang),
            ProfileError::File(path, e) => RemoteText::ProfilesFile(path, e).message(lang),
        }
    }
}

impl Profile {
    /// The account this profile reaches, as the journal keys history by it.
    pub fn destination(&self) -> String {
        destination(self.target, &self.base_url, &self.app_id, self.app_system.as_deref().unwrap_or_default())
    }
}

/// The profiles file and the keyring behind it.
pub struct Profiles {
    path: PathBuf,
}

impl Profiles {
    pub fn open_default() -> Profiles {
        Profiles { path: data_dir().join("profiles.json") }
    }

    pub fn at(path: &Path) -> Profiles {
        Profiles { path: path.to_path_buf() }
    }

    pub fn list(&self) -> Result<Vec<Profile>, ProfileError> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| self.file_error(e)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(self.file_error(e)),
        }
    }

    pub fn get(&self, name: &str) -> Result<Profile, ProfileError> {
        self.list()?.into_iter().find(|p| p.name == name).ok_or_else(|| ProfileError::NotFound(name.to_string()))
    }

    /// Add or replace a profile; the secret goes to the keyring first, so a profile never
    /// exists without its secret.
    pub fn add(&self, mut profile: Profile, secret: &str) -> Result<(), ProfileError> {
        if profile.name.trim().is_empty() {
            return Err(ProfileError::NoName);
        }
        if profile.target == Target::Mall2030 && profile.app_system.as_deref().is_none_or(|s| s.trim().is_empty()) {
            return Err(ProfileError::NoAppSystem);
        }
        profile.base_url = check_base_url(&profile.base_url)?;
        entry(&profile.name)?.set_password(secret).map_err(keyring_error)?;
        let mut all = self.list()?;
        all.retain(|p| p.name != profile.name);
        all.push(profile);
        self.save(&all)
    }

    pub fn remove(&self, name: &str) -> Result<(), ProfileError> {
        let mut all = self.list()?;
        let before = all.len();
        all.retain(|p| p.name != name);
        if all.len() == before {
            return Err(ProfileError::NotFound(name.to_string()));
        }
        match entry(name)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => {}
            Err(e) => return Err(keyring_error(e)),
        }
        self.save(&all)
    }

    /// The profile's secret, from the keyring.
    pub fn secret(&self, name: &str) -> Result<String, ProfileError> {
        entry(name)?.get_password().map_err(keyring_error)
    }

    /// A client for the named profile.
    pub fn client(&self, name: &str) -> Result<Client, ProfileError> {
        let p = self.get(name)?;
        Ok(connect(p.target, &p.base_url, &p.app_id, &self.secret(name)?, p.app_system.as_deref().unwrap_or_default())?)
    }

    /// A client of the named profile for `target`, and the account it reaches.
    pub fn connect(&self, name: &str, target: Target) -> Result<(Client, String), ProfileError> {
        let p = self.get(name)?;
        if p.target != target {
            return Err(ProfileError::WrongTarget { name: p.name, is: p.target, wanted: target });
        }
        Ok((self.client(name)?, p.destination()))
    }

    /// The name of the profile that reaches `destination` (a job's account), to continue or
    /// retry the job with.
    pub fn reaching(&self, target: Target, destination: &str) -> Option<String> {
        self.list().ok()?.into_iter().find(|p| p.target == target && p.destination() == destination).map(|p| p.name)
    }

    fn save(&self, all: &[Profile]) -> Result<(), ProfileError> {
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| self.file_error(e))?;
        }
        let text = serde_json::to_string_pretty(all).map_err(|e| self.file_error(e))?;
        std::fs::write(&self.path, text).map_err(|e| self.file_error(e))
    }

    fn file_error(&self, e: impl std::fmt::Display) -> ProfileError {
        ProfileError::File(self.path.display().to_string(), e.to_string())
    }
}

/// What a successful connection test means, in the merchant's words: DM Hub's server accepted
/// the credentials; 2030 has no call that proves them without sending orders (an empty call
/// is never sent), so only its settings were checked and the first upload checks the rest.
pub fn tested(target: Target, name: &str, lang: Lang) -> String {
    match target {
        Target::Dmhub => RemoteText::ProfileWorks(name),
        Target::Mall2030 => RemoteText::ProfileComplete(name),
    }
    .message(lang)
}

/// A client from explicit settings (a profile, or `--endpoint` with the environment).
pub fn connect(target: Target, base_url: &str, app_id: &str, secret: &str, app_system: &str) -> Result<Client, RemoteError> {
    Ok(match target {
        Target::Dmhub => Client::Dmhub(DmHub::new(base_url, app_id, secret)?),
        Target::Mall2030 => Client::Mall2030(Mall2030::new(base_url, app_id, secret, app_system)?),
    })
}

/// The identity of a server account, as the journal keys history by it (never the secret).
pub fn destination(target: Target, base_url: &str, app_id: &str, app_system: &str) -> String {
    format!("{}|{}|{}|{}", target.id(), base_url.trim_end_matches('/'), app_id, app_system)
}

fn entry(name: &str) -> Result<keyring::Entry, ProfileError> {
    keyring::Entry::new(SERVICE, name).map_err(keyring_error)
}

fn keyring_error(e: keyring::Error) -> ProfileError {
    ProfileError::Keyring(match e {
        keyring::Error::NoEntry => "no secret stored for this profile".into(),
        other => other.to_string(),
    })
}
