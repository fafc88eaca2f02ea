//! A job's outcome as files for the merchant: .xlsx and .csv, one row per order.

use std::path::Path;

use orderdock_core::messages::Lang;

use crate::journal::{JobOrder, State};

fn state_text(s: State, lang: Lang) -> &'static str {
    match s {
        State::Accepted => lang.pick("上传成功", "accepted"),
        State::AlreadyUploaded => lang.pick("已上传过", "already uploaded"),
        State::Rejected => lang.pick("被拒绝", "refused"),
        State::Pending | State::InFlight => lang.pick("未完成", "not finished"),
    }
}

fn header(lang: Lang) -> [&'static str; 5] {
    [lang.pick("订单号", "Order"), lang.pick("店铺", "Shop"), lang.pick("结果", "Result"), lang.pick("原因", "Reason"), lang.pick("发送次数", "Attempts")]
}

fn row(o: &JobOrder, lang: Lang) -> [String; 5] {
    [o.order_no.clone(), o.shop.clone(), state_text(o.state, lang).to_string(), o.reason_text(lang).unwrap_or_default(), o.attempts.to_string()]
}

/// Text a spreadsheet would run as a formula is prefixed with an apostrophe in CSV.
fn csv_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() }
}

pub fn write_csv(path: &Path, orders: &[JobOrder], lang: Lang) -> Result<(), String> {
    // A BOM so that Excel on Chinese Windows opens UTF-8 correctly.
    let mut w = csv::Writer::from_writer(Vec::from(&b"\xEF\xBB\xBF"[..]));
    w.write_record(header(lang)).map_err(|e| e.to_string())?;
    for o in orders {
        w.write_record(row(o, lang).iter().map(|c| csv_safe(c))).map_err(|e| e.to_string())?;
    }
    let bytes = w.into_inner().map_err(|e| e.to_string())?;
    std::fs::write(path, bytes).map_err(|e| e.to_string())
}

/// Every cell is written as a string, so Excel never evaluates text as a formula.
pub fn write_xlsx(path: &Path, orders: &[JobOrder], lang: Lang) -> Result<(), String> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in header(lang).iter().enumerate() {
        sheet.write_string(0, c as u16, *h).map_err(|e| e.to_string())?;
    }
    for (r, o) in orders.iter().enumerate() {
        for (c, v) in row(o, lang).iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, v).map_err(|e| e.to_string())?;
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
}
