//! The one catalog of text a person reads, in Simplified Chinese and English.
//!
//! Every error and issue type gets its words here and nowhere else, so the CLI, the app
//! and the docs say the same thing. Chinese is the default.

mod app;
mod cli;
mod corrections;
mod fixes;
mod io;
mod issues;
mod journal;
mod mapping;
mod read;
mod remote;
mod sheets;
mod updates;

pub use app::AppText;
pub use cli::{CliText, UploadSummary};
pub use corrections::{not_dmhub_connection, refund_line_missing, refund_total_bad};
pub use fixes::{excluded_count, excluded_state, exclusion_reason, fix_written, held_back_state, no_fix_for, nothing_asked, reexport_steps, reexport_text, total_explained, unknown_code, unknown_fix};
pub use io::io_failed;
pub use journal::{corrections_unusable, journal_payload_unreadable, journal_state_unknown, journal_unusable, no_such_job};
pub use remote::{NoAnswer, RemoteText};
pub use sheets::SheetText;
pub use updates::{UpdateHold, update_failed};

/// The language of human-readable text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `"en"` (any case, or `en-US` etc.) is English; anything else is Chinese.
    pub fn parse(s: &str) -> Lang {
        if s.to_ascii_lowercase().starts_with("en") { Lang::En } else { Lang::Zh }
    }

    /// Pick the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
