//! Words for a file or folder the system refused to read or write (a [`std::io::Error`]),
//! so that the merchant never reads the system's English alone.

use std::io::{Error, ErrorKind};

use super::Lang;
use crate::read::held_by_another_program;

/// One sentence for `e`: what happened and what to do, for the kinds a merchant meets; any
/// other keeps the system's words in parentheses, for support.
pub fn io_failed(lang: Lang, e: &Error) -> String {
    let zh = lang == Lang::Zh;
    let (text_zh, text_en) = match e.kind() {
        _ if held_by_another_program(e) => ("文件正被 Excel 或 WPS 打开，请先关闭它再试。", "The file is open in Excel or WPS: close it there and try again."),
        ErrorKind::NotFound => ("找不到这个文件或文件夹，它可能已被移动或删除。", "The file or folder was not found: it may have been moved or deleted."),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => (
            "没有权限使用这个文件或文件夹；如果文件正在 Excel 或 WPS 中打开，请先关闭，或换一个文件夹再试。",
            "OrderDock may not use this file or folder: if the file is open in Excel or WPS, close it, or choose another folder and try again.",
        ),
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => {
            ("磁盘空间不足，请清理出一些空间或换一个位置再试。", "The disk is full: free some space or choose another place and try again.")
        }
        ErrorKind::AlreadyExists => ("同名的文件已经存在，请换一个名字再试。", "A file of that name already exists: choose another name and try again."),
        _ if zh => return format!("文件读写失败（{e}）。请稍后再试。"),
        _ => return format!("The file could not be read or written ({e}). Please try again."),
    };
    lang.pick(text_zh, text_en).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_a_merchant_meets_in_both_languages() {
        let kinds = [ErrorKind::NotFound, ErrorKind::PermissionDenied, ErrorKind::StorageFull, ErrorKind::AlreadyExists, ErrorKind::Other];
        let mut seen = std::collections::HashSet::new();
        for kind in kinds {
            let e = Error::new(kind, "system words");
            let (zh, en) = (io_failed(Lang::Zh, &e), io_failed(Lang::En, &e));
            assert!(zh.ends_with('。') && en.ends_with('.'), "{kind:?}: {zh} / {en}");
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) && en.is_ascii(), "{kind:?}: {zh} / {en}");
            assert!(seen.insert(en), "{kind:?} has another kind's sentence");
        }
        // The system's words only where no sentence fits.
        assert!(!io_failed(Lang::En, &Error::new(ErrorKind::NotFound, "system words")).contains("system words"));
        assert!(io_failed(Lang::Zh, &Error::other("system words")).contains("（system words）"));
        assert!(io_failed(Lang::En, &Error::from(ErrorKind::StorageFull)).contains("disk is full"));
        if cfg!(windows) {
            assert!(io_failed(Lang::En, &Error::from_raw_os_error(32)).contains("Excel or WPS"));
        }
    }
}
