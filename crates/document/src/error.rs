//! Why a document could not do what was asked, in the merchant's language from core's catalog.

use std::path::PathBuf;
use std::sync::Arc;

use orderdock_core::mapping::MappingError;
use orderdock_core::messages::{AppText, Lang, io_failed};
use orderdock_core::read::ReadError;
use orderdock_remote::edits::EditsError;

#[derive(Debug)]
pub enum Error {
    /// A file that cannot be read; the message names it.
    Read {
        path: PathBuf,
        error: ReadError,
    },
    /// The file's size and date, which its stored corrections are keyed by, cannot be known.
    Key(std::io::Error),
    Mapping(MappingError),
    Edits(EditsError),
    /// Uploads and exports need every row, and the rest of the file is still being read.
    StillReading,
    /// The rest of the file could not be read: only its first rows are there.
    ReadFailed(Arc<ReadError>),
    /// No session yet: the file has not been validated with a mapping.
    ValidateFirst,
}

impl Error {
    pub(crate) fn read(path: &std::path::Path) -> impl Fn(ReadError) -> Error + '_ {
        move |error| Error::Read { path: path.to_path_buf(), error }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            Error::Read { path, error } => format!("{}: {}", path.display(), error.message(lang)),
            Error::Key(e) => io_failed(lang, e),
            Error::Mapping(e) => e.message(lang),
            Error::Edits(e) => e.message(lang),
            Error::StillReading => AppText::StillReading.message(lang),
            Error::ReadFailed(e) => AppText::ReadFailed(&e.message(lang)).message(lang),
            Error::ValidateFirst => AppText::ValidateFirst.message(lang),
        }
    }

    /// A stable id of the kind of error where a screen acts on it (`locked`: the file is open in Excel or WPS).
    pub fn code(&self) -> Option<&'static str> {
        match self {
            Error::Read { error, .. } => Some(error.code()),
            _ => None,
        }
    }
}
