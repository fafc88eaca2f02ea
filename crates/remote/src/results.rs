//! A job's outcome as files for the merchant: .xlsx and .csv, one row per order, then
//! one row per order the merchant left out on purpose (「不上传」, with the reason).

use std::path::Path;

use orderdock_core::messages::{Lang, excluded_state, exclusion_reason};
use orderdock_core::session::Excluded;

use crate::journal::{JobOrder, State};

fn state_text(s: State, lang: Lang) -> &'static str {
    match s {
        State::Accepted => lang.pick("上传成功", "accepted"),
        State::AlreadyUploaded => lang.pick("已上传过", "already uploaded"),
        State::Rejected => lang.pick("被拒绝", "refused"),
        State::Pending | State::InFlight => lang.pick("未完成", "not finished"),
    }
}

/// The column of [`header`] that holds the number of attempts.
const ATTEMPTS: usize = 4;

fn header(lang: Lang) -> [&'static str; 5] {
    [lang.pick("订单号", "Order"), lang.pick("店铺", "Shop"), lang.pick("结果", "Result"), lang.pick("原因", "Reason"), lang.pick("发送次数", "Attempts")]
}

fn row(o: &JobOrder, lang: Lang) -> [String; 5] {
    [o.order_no.clone(), o.shop.clone(), state_text(o.state, lang).to_string(), o.reason_text(lang).unwrap_or_default(), o.attempts.to_string()]
}

fn excluded_row(x: &Excluded, lang: Lang) -> [String; 5] {
    // The reason in the file's language, which may not be the session's.
    [x.order.clone(), String::new(), excluded_state(lang).to_string(), exclusion_reason(x.code, lang), "0".into()]
}

fn rows(orders: &[JobOrder], excluded: &[Excluded], lang: Lang) -> Vec<[String; 5]> {
    orders.iter().map(|o| row(o, lang)).chain(excluded.iter().map(|x| excluded_row(x, lang))).collect()
}

/// The results file at `path`, as CSV when its name ends in `.csv`, else as xlsx: the job's
/// orders, then those left out on purpose.
pub fn write(path: &Path, orders: &[JobOrder], excluded: &[Excluded], lang: Lang) -> Result<(), String> {
    let rows = rows(orders, excluded, lang);
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) { csv_file(path, &rows, lang) } else { xlsx_file(path, &rows, lang) }
}

/// Text a spreadsheet would run as a formula is prefixed with an apostrophe in CSV.
fn csv_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() }
}

pub fn write_csv(path: &Path, orders: &[JobOrder], lang: Lang) -> Result<(), String> {
    csv_file(path, &rows(orders, &[], lang), lang)
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

/// Every cell is written as a string, so Excel never evaluates text as a formula.
pub fn write_xlsx(path: &Path, orders: &[JobOrder], lang: Lang) -> Result<(), String> {
    xlsx_file(path, &rows(orders, &[], lang), lang)
}

fn xlsx_file(path: &Path, rows: &[[String; 5]], lang: Lang) -> Result<(), String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(lang.pick("上传结果", "Upload results")).map_err(|e| e.to_string())?;
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
        write_csv(&path, std::slice::from_ref(&o), Lang::Zh).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("'=cmd,S,被拒绝,406 金额不符,2"), "{text}");
        write_xlsx(&dir.path().join("r.xlsx"), &[o], Lang::En).unwrap();
    }

    #[test]
    fn orders_left_out_are_listed_with_their_reason() {
        let dir = tempfile::tempdir().unwrap();
        let o = JobOrder { seq: 0, order_no: "A1".into(), shop: "S".into(), payload: serde_json::Value::Null, state: State::Accepted, attempts: 1, reason: None, damage: None };
        let code = orderdock_core::validate::Code::SaleTimeOutOfRange;
        let x = Excluded { order: "B2".into(), row: 3, code: Some(code), reason: orderdock_core::messages::exclusion_reason(Some(code), Lang::Zh) };
        let csv = dir.path().join("r.csv");
        write(&csv, std::slice::from_ref(&o), std::slice::from_ref(&x), Lang::Zh).unwrap();
        let text = std::fs::read_to_string(&csv).unwrap();
        assert!(text.contains("A1,S,上传成功,,1") && text.contains("B2,,不上传,下单时间超出范围，选择不上传,0"), "{text}");
        let xlsx = dir.path().join("r.xlsx");
        write(&xlsx, &[o], &[x], Lang::En).unwrap();
        let back = orderdock_core::read::open(&xlsx).unwrap().table(None, None).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back.row(1)[2].display(), "left out");
        assert_eq!(back.row(1)[3].display(), "Order time out of range: left out on purpose");
        assert_eq!(back.sheet, "Upload results");
        assert_eq!(back.row(0)[4], orderdock_core::table::Cell::Number(1.0));
    }
}
