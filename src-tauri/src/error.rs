//! The shell's one error type: what a command failed with, as a sentence in the
//! merchant's language, and for errors the UI acts on a stable code. The UI receives it as
//! `{ "message": "...", "code": "locked" }` (`code` only where there is one).

use orderdock_core::mapping::MappingError;
use orderdock_core::messages::{AppText, Lang};
use orderdock_core::read::ReadError;
use orderdock_remote::RemoteError;
use orderdock_remote::edits::EditsError;
use orderdock_remote::journal::JournalError;
use orderdock_remote::profiles::ProfileError;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Error {
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error { message: message.into(), code: None }
    }

    /// One of the app's own refusals, from core's catalog.
    pub fn app(lang: Lang, text: AppText) -> Error {
        Error::new(text.message(lang))
    }
}

/// Errors of the crates below, each with its own words in the catalog where it has them.
pub trait Localized {
    fn localized(&self, lang: Lang) -> String;
    /// A stable id of the kind of error, where the UI acts on it.
    fn code(&self) -> Option<&'static str> {
        None
    }
}

impl Localized for ReadError {
    fn localized(&self, lang: Lang) -> String {
        self.message(lang)
    }
    fn code(&self) -> Option<&'static str> {
        Some(ReadError::code(self))
    }
}

macro_rules! with_catalog {
    ($($t:ty),*) => {$(
        impl Localized for $t {
            fn localized(&self, lang: Lang) -> String {
                self.message(lang)
            }
        }
    )*};
}
with_catalog!(MappingError, ProfileError, RemoteError);

macro_rules! plain {
    ($($t:ty),*) => {$(
        impl Localized for $t {
            fn localized(&self, _: Lang) -> String {
                self.to_string()
            }
        }
    )*};
}
plain!(JournalError, EditsError, std::io::Error);

/// `result.map_err(err(lang))`: turn a crate's error into the shell's.
pub fn err<E: Localized>(lang: Lang) -> impl Fn(E) -> Error {
    move |e| Error { message: e.localized(lang), code: e.code() }
}
