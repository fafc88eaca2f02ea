//! The shell's one error type: what a command failed with, as a sentence in the
//! merchant's language, and the kind of error as a stable snake_case code the UI can act on.
//! The UI receives it as `{ "code": "locked", "message": "..." }`; `code` is always there,
//! `"other"` where the UI has nothing particular to do.

use orderdock_core::mapping::MappingError;
use orderdock_core::messages::{AppText, Lang};
use orderdock_core::read::ReadError;
use orderdock_remote::RemoteError;
use orderdock_remote::corrections::RefundError;
use orderdock_remote::dmhub::CorrectionError;
use orderdock_remote::edits::EditsError;
use orderdock_remote::jobs::{RetryError, StartError};
use orderdock_remote::journal::JournalError;
use orderdock_remote::profiles::ProfileError;
use orderdock_remote::results::ExportError;
use orderdock_remote::returns::ReturnError;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, specta::Type)]
// Not `Error` in TypeScript, where that would hide the built-in `Error`.
#[serde(rename = "AppError")]
pub struct Error {
    pub code: &'static str,
    pub message: String,
}

/// The code of an error of no particular kind.
pub const OTHER: &str = "other";

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error { code: OTHER, message: message.into() }
    }

    /// One of the app's own refusals, from core's catalog.
    pub fn app(lang: Lang, text: AppText) -> Error {
        Error::new(text.message(lang))
    }
}

/// Errors of the crates below, each with its own words in the catalog where it has them.
pub trait Localized {
    fn localized(&self, lang: Lang) -> String;
    /// A stable id of the kind of error.
    fn code(&self) -> &'static str {
        OTHER
    }
}

impl Localized for ReadError {
    fn localized(&self, lang: Lang) -> String {
        self.message(lang)
    }
    fn code(&self) -> &'static str {
        ReadError::code(self)
    }
}

/// The open file's errors (their words and codes are the document crate's).
impl Localized for orderdock_document::Error {
    fn localized(&self, lang: Lang) -> String {
        self.message(lang)
    }
    fn code(&self) -> &'static str {
        orderdock_document::Error::code(self).unwrap_or(OTHER)
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
with_catalog!(MappingError, ProfileError, RemoteError, StartError, RetryError, RefundError, CorrectionError, ReturnError, JournalError, EditsError, ExportError);

/// The system's refusals (a settings file that cannot be saved), in the catalog's words.
impl Localized for std::io::Error {
    fn localized(&self, lang: Lang) -> String {
        orderdock_core::messages::io_failed(lang, self)
    }
}

/// `result.map_err(err(lang))`: turn a crate's error into the shell's.
pub fn err<E: Localized>(lang: Lang) -> impl Fn(E) -> Error {
    move |e| Error { code: e.code(), message: e.localized(lang) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UI reads `code` off every error: `other` where there is no particular kind.
    #[test]
    fn every_error_has_a_code() {
        let plain = serde_json::to_value(Error::new("no")).unwrap();
        assert_eq!(plain, serde_json::json!({ "code": "other", "message": "no" }));
        let locked = err(Lang::En)(ReadError::Locked("a.xlsx".into()));
        assert_eq!(locked.code, "locked");
        // The system's refusals in the catalog's words, not its English alone.
        let gone = err(Lang::Zh)(std::io::Error::new(std::io::ErrorKind::NotFound, "No such file or directory"));
        assert!(gone.message.starts_with("找不到") && !gone.message.contains("No such file"), "{}", gone.message);
    }
}
