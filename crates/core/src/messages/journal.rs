//! Words for an upload journal row that cannot be read (see `orderdock_remote::journal`).

use super::Lang;

/// The order's saved request body is damaged: it was not sent.
pub fn journal_payload_unreadable(lang: Lang) -> String {
    lang.pick(
        "上传记录里这笔订单的数据已损坏，无法读取，所以没有发送。请重新导入订单文件，再上传这笔订单。",
        "This order's saved data in the upload journal is damaged and cannot be read, so it was not sent. Import the order file again and upload this order again.",
    )
    .into()
}

/// The order's saved state is not one this version knows: it was not sent.
pub fn journal_state_unknown(lang: Lang, state: &str) -> String {
    match lang {
        Lang::Zh => format!("上传记录里这笔订单的状态「{state}」无法识别（可能是较新版本的 OrderDock 写的），所以没有发送。请用订单文件重新上传这笔订单。"),
        Lang::En => format!(
            "This order's state in the upload journal (\"{state}\") is not one this version knows (a newer OrderDock may have written it), so it was not sent. Upload this order again from the order file."
        ),
    }
}

/// The upload journal (or the corrections kept beside it) cannot be read or written; `why`
/// is SQLite's own words, kept for support.
pub fn journal_unusable(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Zh => format!("上传记录无法读写（{why}）。请关闭其他正在运行的订单导入助手后再试。"),
        Lang::En => format!("The upload journal cannot be read or written ({why}). Close any other OrderDock window and try again."),
    }
}

/// The corrections store beside the journal cannot be read or written.
pub fn corrections_unusable(lang: Lang, why: &str) -> String {
    match lang {
        Lang::Zh => format!("改过的单元格无法保存或读取（{why}）。请关闭其他正在运行的订单导入助手后再试。"),
        Lang::En => format!("The corrected cells cannot be saved or read ({why}). Close any other OrderDock window and try again."),
    }
}

/// An upload job the journal does not have.
pub fn no_such_job(lang: Lang, job: &str) -> String {
    match lang {
        Lang::Zh => format!("找不到上传任务 {job}。"),
        Lang::En => format!("No upload job {job}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_languages_one_sentence() {
        for (zh, en) in [
            (journal_payload_unreadable(Lang::Zh), journal_payload_unreadable(Lang::En)),
            (journal_state_unknown(Lang::Zh, "sent_v2"), journal_state_unknown(Lang::En, "sent_v2")),
            (journal_unusable(Lang::Zh, "locked"), journal_unusable(Lang::En, "locked")),
            (corrections_unusable(Lang::Zh, "locked"), corrections_unusable(Lang::En, "locked")),
            (no_such_job(Lang::Zh, "j1"), no_such_job(Lang::En, "j1")),
        ] {
            assert!(zh.ends_with('。') && en.ends_with('.') && !zh.contains('\n') && !en.contains('\n'));
            assert!(!en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{en}");
        }
    }
}
