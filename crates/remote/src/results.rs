//! A job's outcome as files for the merchant: .xlsx and .csv, one row per order sent, then
//! one row per order of the file that was not: left out on purpose (「不上传」, with the
//! reason) or held back by an error left on it (「有错误，未上传」, with the error).

use std::path::Path;

use orderdock_core::messages::{Lang, SheetText, excluded_state, exclusion_reason, held_back_state};
use orderdock_core::session::Excluded;

use crate::journal::{JobOrder, State};

fn state_text(s: State, lang: Lang) -> &'static str {
    match s {
        State::Accepted => SheetText::Accepted,
        State::AlreadyUploaded => SheetText::AlreadyUploaded,
        State::Rejected => SheetText::Refused,
        State::Pending | State::InFlight => SheetText::NotFinished,
    }
    .text(lang)
}

/// The column of [`header`] that holds the number of attempts.
const ATTEMPTS: usize = 4;

fn header(lang: Lang) -> [&'static str; 5] {
    [SheetText::Order, SheetText::Shop, SheetText::Result, SheetText::Reason, SheetText::Attempts].map(|h| h.text(lang))
}

fn row(o: &JobOrder, lang: Lang) -> [String; 5] {
    [o.order_no.clone(), o.shop.clone(), state_text(o.state, lang).to_string(), o.reason_text(lang).unwrap_or_default(), o.attempts.to_string()]
}

fn excluded_row(x: &Excluded, lang: Lang) -> [String; 5] {
    // The reason in the file's language, which may not be the session's.
    [x.order.clone(), String::new(), excluded_state(lang).to_string(), exclusion_reason(x.code, lang), "0".into()]
}

/// The orders of the file that were not sent, as [`orderdock_core::session::Session`]
/// lists them (`excluded()`, `held_back()`).
#[derive(Debug, Clone, Copy, Default)]
pub struct NotSent<'a> {
    pub excluded: &'a [Excluded],
    pub held_back: &'a [Excluded],
}

fn rows(orders: &[JobOrder], not_sent: NotSent, lang: Lang) -> Vec<[String; 5]> {
    let held = not_sent.held_back.iter().map(|x| [x.order.clone(), String::new(), held_back_state(lang).to_string(), x.reason.clone(), "0".into()]);
    orders.iter().map(|o| row(o, lang)).chain(not_sent.excluded.iter().map(|x| excluded_row(x, lang))).chain(held).collect()
}

/// The results file at `path`, as CSV when its name ends in `.csv`, else as xlsx: the job's
/// orders, then those of the file that were not sent.
pub fn write(path: &Path, orders: &[JobOrder], not_sent: NotSent, lang: Lang) -> Result<(), String> {
    let rows = rows(orders, not_sent, lang);
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) { csv_file(path, &rows, lang) } else { xlsx_file(path, &rows, lang) }
}

/// Text a spreadsheet would run as a formula is prefixed with an apostrophe in CSV.
fn csv_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() }
}

fn csv_file(path: &Path, rows: &[[String; 5]], lang: Lang) -> Result<(), String> {
    // A BOM so that Excel on Chinese Windows opens UTF-8 correctly.
    let mut w = csv::Writer::from_writer(Vec::from(&b"\xEF\xBB\xBF"[..]));
    w.write_record(header(lang)).map_err(|e| e.to_string())?;
    for r in rows {
        w.write_record(r.iter().map(|c| csv_safe(c))).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    std::fs::write(path, bytes).map_err(|e| e.to_string())
}

/// Every cell but the count is written as a string, so Excel never evaluates text as a formula.
fn xlsx_file(path: &Path, rows: &[[String; 5]], lang: Lang) -> Result<(), String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(SheetText::UploadResults.text(lang)).map_err(|e| e.to_string())?;
    for (c, h) in header(lang).iter().enumerate() {
        sheet.write_string(0, c as u16, *h).map_err(|e| e.to_string())?;
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            // The attempts are a count: a number Excel can sum, not text.
            match v.parse::<u32>() {
                Ok(n) if c == ATTEMPTS => sheet.write_number(r as u32 + 1, c as u16, n),
                _ => sheet.write_string(r as u32 + 1, c as u16, v),
            }
            .map_err(|e| e.to_string())?;
        }
    }
    book.save(path).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_defuses_formulas_and_keeps_chinese() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        let o =
            JobOrder {
                seq: 0, order_no: "=cmd".into(), shop: "S".into(), payload: serde_json::Value::Null, state: State::Rejected, attempts: 2, reason: Some("406 金额不符".into()), damage: None
            };
        write(&path, std::slice::from_ref(&o), NotSent::default(), Lang::Zh).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("'=cmd,S,被拒绝,406 金额不符,2"), "{text}");
        write(&dir.path().join("r.xlsx"), &[o], NotSent::default(), Lang::En).unwrap();
    }

    #[test]
    fn orders_not_sent_are_listed_with_their_reason() {
        let dir = tempfile::tempdir().unwrap();
        let o = JobOrder { seq: 0, order_no: "A1".into(), shop: "S".into(), payload: serde_json::Value::Null, state: State::Accepted, attempts: 1, reason: None, damage: None };
        let code = orderdock_core::validate::Code::SaleTimeOutOfRange;
        let x = Excluded { order: "B2".into(), row: 3, code: Some(code), reason: orderdock_core::messages::exclusion_reason(Some(code), Lang::Zh) };
        let held = Excluded { order: "C3".into(), row: 4, code: Some(orderdock_core::validate::Code::BadNumber), reason: "“五十九元”不是数字".into() };
        let not_sent = NotSent { excluded: std::slice::from_ref(&x), held_back: std::slice::from_ref(&held) };
        let csv = dir.path().join("r.csv");
        write(&csv, std::slice::from_ref(&o), not_sent, Lang::Zh).unwrap();
        let text = std::fs::read_to_string(&csv).unwrap();
        assert!(text.contains("A1,S,上传成功,,1") && text.contains("B2,,不上传,下单时间超出范围，选择不上传,0"), "{text}");
        assert!(text.contains("C3,,有错误，未上传,“五十九元”不是数字,0"), "{text}");
        let xlsx = dir.path().join("r.xlsx");
        write(&xlsx, &[o], NotSent { excluded: &[x], held_back: &[] }, Lang::En).unwrap();
        let back = orderdock_core::read::open(&xlsx).unwrap().table(None, None).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back.row(1)[2].display(), "left out");
        assert_eq!(back.row(1)[3].display(), "Order time out of range: left out on purpose");
        assert_eq!(back.sheet, "Upload results");
        assert_eq!(back.row(0)[4], orderdock_core::table::Cell::Number(1.0));
    }
}
