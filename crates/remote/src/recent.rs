//! The files the merchant opened lately, newest first (`recent.json` in the data folder),
//! offered again on the import screen.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::profiles::{data_dir, read_json, write_json};

/// How many files the list keeps.
const RECENT_MAX: usize = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RecentFile {
    pub path: String,
    /// RFC 3339.
    pub opened_at: String,
}

/// The recent-files list at one path.
pub struct RecentFiles {
    path: PathBuf,
}

impl RecentFiles {
    pub fn open_default() -> RecentFiles {
        RecentFiles { path: data_dir().join("recent.json") }
    }

    pub fn at(path: &Path) -> RecentFiles {
        RecentFiles { path: path.to_path_buf() }
    }

    /// Newest first; a missing or damaged list is empty (it is not worth an error).
    pub fn list(&self) -> Vec<RecentFile> {
        read_json(&self.path)
    }

    /// `file` opened at `now`: first in the list, and in it once.
    pub fn remember(&self, file: &Path, now: DateTime<Utc>) -> std::io::Result<()> {
        let mut recent = self.list();
        let path = file.display().to_string();
        recent.retain(|r| r.path != path);
        recent.insert(0, RecentFile { path, opened_at: now.to_rfc3339() });
        recent.truncate(RECENT_MAX);
        write_json(&self.path, &recent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_each_file_once_and_only_so_many() {
        let dir = tempfile::tempdir().unwrap();
        let recent = RecentFiles::at(&dir.path().join("data").join("recent.json"));
        assert!(recent.list().is_empty());
        let t0 = DateTime::parse_from_rfc3339("2026-11-23T10:00:00Z").unwrap().to_utc();
        let minutes = |m| t0 + chrono::Duration::minutes(m);
        recent.remember(Path::new("a.xlsx"), minutes(0)).unwrap();
        recent.remember(Path::new("b.xlsx"), minutes(1)).unwrap();
        recent.remember(Path::new("a.xlsx"), minutes(2)).unwrap();
        let list = recent.list();
        assert_eq!(list.iter().map(|r| r.path.as_str()).collect::<Vec<_>>(), ["a.xlsx", "b.xlsx"]);
        assert_eq!(list[0].opened_at, minutes(2).to_rfc3339());

        for i in 0..RECENT_MAX as i64 + 5 {
            recent.remember(Path::new(&format!("{i}.csv")), minutes(10 + i)).unwrap();
        }
        let list = recent.list();
        assert_eq!(list.len(), RECENT_MAX);
        assert_eq!(list[0].path, format!("{}.csv", RECENT_MAX + 4));
        assert_eq!(list[RECENT_MAX - 1].path, "5.csv", "the oldest fall off");

        std::fs::write(dir.path().join("data").join("recent.json"), "{ damaged").unwrap();
        assert!(recent.list().is_empty());
    }
}
