//! Cell text cleaning: undo the tricks platforms use to keep Excel from mangling identifiers.
//!
//! Taobao wraps values in `="..."`, phone numbers get a leading `'`, Douyin puts a tab in
//! front of long ids, and headers often carry trailing (full-width) spaces.

use std::borrow::Cow;

/// White space plus the invisible characters Chinese exports leave around values
/// (`char::is_whitespace` already covers U+3000 and NBSP).
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}'
}

/// The cleaned text of a cell: surrounding white space, a `="..."` wrapper and a leading
/// apostrophe removed. Borrows unless the wrapper held doubled quotes.
pub fn clean(s: &str) -> Cow<'_, str> {
    // Most cells: nothing to undo, told by their first and last characters alone.
    if let (Some(first), Some(last)) = (s.chars().next(), s.chars().next_back())
        && !matches!(first, '=' | '\'')
        && !is_space(first)
        && !is_space(last)
    {
        return Cow::Borrowed(s);
    }
    let mut t = s.trim_matches(is_space);
    let mut unescape = false;
    if t.len() >= 3 && t.starts_with("=\"") && t.ends_with('"') {
        t = t[2..t.len() - 1].trim_matches(is_space);
        unescape = t.contains("\"\"");
    }
    if let Some(rest) = t.strip_prefix('\'') {
        t = rest.trim_matches(is_space);
    }
    if unescape { Cow::Owned(t.replace("\"\"", "\"")) } else { Cow::Borrowed(t) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_export_tricks() {
        assert_eq!(clean("=\"0000128092\""), "0000128092");
        assert_eq!(clean("'13800138000"), "13800138000");
        assert_eq!(clean("\t6912345678901234567"), "6912345678901234567");
        assert_eq!(clean("订单编号 \u{3000}"), "订单编号");
        assert_eq!(clean("\u{a0} 张三\u{a0}"), "张三");
        assert_eq!(clean(" =\"\t12\" "), "12");
        assert_eq!(clean("=\"a\"\"b\""), "a\"b");
        assert_eq!(clean("=SUM(A1)"), "=SUM(A1)");
        assert_eq!(clean("=\""), "=\"");
        assert_eq!(clean(""), "");
        assert_eq!(clean("T1001"), "T1001");
        assert_eq!(clean("a b"), "a b");
        assert_eq!(clean("'x'"), "x'");
        assert_eq!(clean("=\"1\""), "1");
        assert_eq!(clean("毛巾 "), "毛巾");
    }
}
