//! The words of the spreadsheets OrderDock writes for the merchant: the upload results
//! (`orderdock_remote::results`) and the problem list (`orderdock_remote::edits`).

use super::Lang;

/// Declares [`SheetText`] and its [`SheetText::ALL`] from one list, so that no word can be
/// left out of the list the catalog test checks.
macro_rules! sheet_texts {
    ($($(#[$doc:meta])* $word:ident,)*) => {
        /// A sheet name, a column header or a cell's fixed word. None takes an argument, so each
        /// is a `&'static str` a header array can hold.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum SheetText {
            $($(#[$doc])* $word,)*
        }

        impl SheetText {
            /// Every word, in declaration order.
            pub const ALL: &[SheetText] = &[$(SheetText::$word,)*];
        }
    };
}

sheet_texts! {
    /// The upload results' sheet.
    UploadResults,
    /// The problem list's sheet.
    Problems,
    // Column headers.
    Row,
    Order,
    Shop,
    Result,
    Reason,
    Attempts,
    Column,
    Field,
    Severity,
    Type,
    Code,
    Message,
    /// After a column of the item file (Taobao's second export), not the order file.
    ItemFile,
    // An issue's severity.
    Error,
    Warning,
    // An order's result.
    Accepted,
    AlreadyUploaded,
    Refused,
    NotFinished,
}

impl SheetText {
    pub fn text(self, lang: Lang) -> &'static str {
        use SheetText::*;
        let (zh, en) = match self {
            UploadResults => ("上传结果", "Upload results"),
            Problems => ("问题清单", "Problems"),
            Row => ("行号", "Row"),
            Order => ("订单号", "Order"),
            Shop => ("店铺", "Shop"),
            Result => ("结果", "Result"),
            Reason => ("原因", "Reason"),
            Attempts => ("发送次数", "Attempts"),
            Column => ("列", "Column"),
            Field => ("字段", "Field"),
            Severity => ("级别", "Severity"),
            Type => ("类型", "Type"),
            Code => ("代码", "Code"),
            Message => ("说明", "Message"),
            ItemFile => ("（商品明细文件）", "(item file)"),
            Error => ("错误", "error"),
            Warning => ("警告", "warning"),
            Accepted => ("上传成功", "accepted"),
            AlreadyUploaded => ("已上传过", "already uploaded"),
            Refused => ("被拒绝", "refused"),
            NotFinished => ("未完成", "not finished"),
        };
        lang.pick(zh, en)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_in_both_languages_and_each_once() {
        let mut seen = std::collections::HashSet::new();
        for &t in SheetText::ALL {
            let (zh, en) = (t.text(Lang::Zh), t.text(Lang::En));
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{t:?}: {zh}");
            assert!(en.is_ascii() && !en.is_empty(), "{t:?}: {en}");
            assert!(seen.insert(zh) && seen.insert(en), "{t:?} is another word's too");
        }
    }
}
