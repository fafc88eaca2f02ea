//! A job's outcome as files for the merchant: .xlsx and .csv, one row per order sent, then
//! one row per order of the file that was not: left out on purpose (「不上传」, with the
//! reason) or held back by an error left on it (「有错误，未上传」, with the error).

use std::path::{Path, PathBuf};

use orderdock_core::messages::{AppText, Lang, SheetText, excluded_state, exclusion_reason, held_back_state};
use orderdock_core::session::{Excluded, Session};

use crate::edits::WriteError;
use crate::journal::{JobOrder, Journal, JournalError, State};

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

/// The orders of the file that were not sent, as its [`Session`] lists them.
#[derive(Debug, Clone, Default)]
pub struct NotSent {
    pub excluded: Vec<Excluded>,
    pub held_back: Vec<Excluded>,
}

impl NotSent {
    pub fn of(session: &Session) -> NotSent {
        NotSent { excluded: session.excluded(), held_back: session.held_back() }
    }
}

fn rows(orders: &[JobOrder], not_sent: &NotSent, lang: Lang) -> Vec<[String; 5]> {
    let held = not_sent.held_back.iter().map(|x| [x.order.clone(), String::new(), held_back_state(lang).to_string(), x.reason.clone(), "0".into()]);
    orders.iter().map(|o| row(o, lang)).chain(not_sent.excluded.iter().map(|x| excluded_row(x, lang))).chain(held).collect()
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error("{}: {why}", path.display())]
    Write { path: PathBuf, why: WriteError },
}

impl ExportError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            ExportError::Journal(e) => e.message(lang),
            ExportError::Write { path, why } => AppText::CannotWrite(&path.display().to_string(), &why.message(lang)).message(lang),
        }
    }
}

/// Job `job`'s results file at `path`. `not_sent` is asked, with the path the journal names
/// the job's file by, for that file's orders that were not sent: only its session knows them,
/// when it is open.
pub fn export(journal: &Journal, job: &str, path: &Path, lang: Lang, not_sent: impl FnOnce(&str) -> Option<NotSent>) -> Result<(), ExportError> {
    let orders = journal.orders(job)?;
    let not_sent = not_sent(&journal.job(job)?.file).unwrap_or_default();
    write(path, &orders, &not_sent, lang).map_err(|why| ExportError::Write { path: path.to_path_buf(), why })
}

/// The results file at `path`, as CSV when its name ends in `.csv`, else as xlsx: the job's
/// orders, then those of the file that were not sent.
fn write(path: &Path, orders: &[JobOrder], not_sent: &NotSent, lang: Lang) -> Result<(), WriteError> {
    let rows = rows(orders, not_sent, lang);
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) { csv_file(path, &rows, lang) } else { xlsx_file(path, &rows, lang) }
}

/// Text a spreadsheet would run as a formula is prefixed with an apostrophe in CSV.
fn csv_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_string() }
}

fn csv_file(path: &Path, rows: &[[String; 5]], lang: Lang) -> Result<(), WriteError> {
    // A BOM so that Excel on Chinese Windows opens UTF-8 correctly.
    let mut w = csv::Writer::from_writer(Vec::from(&b"\xEF\xBB\xBF"[..]));
    let format = |e: csv::Error| WriteError::Format(e.to_string());
    w.write_record(header(lang)).map_err(format)?;
    for r in rows {
        w.write_record(r.iter().map(|c| csv_safe(c))).map_err(format)?;
    }
    let bytes = w.into_inner().map_err(|e| WriteError::Format(e.to_string()))?;
    Ok(std::fs::write(path, bytes)?)
}

/// Every cell but the count is written as a string, so Excel never evaluates text as a formula.
fn xlsx_file(path: &Path, rows: &[[String; 5]], lang: Lang) -> Result<(), WriteError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(SheetText::UploadResults.text(lang))?;
    for (c, h) in header(lang).iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, v) in cells.iter().enumerate() {
            // The attempts are a count: a number Excel can sum, not text.
            match v.parse::<u32>() {
                Ok(n) if c == ATTEMPTS => sheet.write_number(r as u32 + 1, c as u16, n),
                _ => sheet.write_string(r as u32 + 1, c as u16, v),
            }?;
        }
    }
    Ok(book.save(path)?)
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
        write(&path, std::slice::from_ref(&o), &NotSent::default(), Lang::Zh).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("'=cmd,S,被拒绝,406 金额不符,2"), "{text}");
        write(&dir.path().join("r.xlsx"), &[o], &NotSent::default(), Lang::En).unwrap();
    }

    #[test]
    fn a_job_is_exported_with_the_orders_of_its_file_not_sent() {
        let dir = tempfile::tempdir().unwrap();
        let j = Journal::open(&dir.path().join("j.sqlite")).unwrap();
        let job = j.create_job("mall2030", "d", "orders.xlsx", &[crate::journal::NewOrder { order_no: "A1".into(), shop: "S".into(), body: serde_json::json!({}) }]).unwrap();
        let x = Excluded { order: "B2".into(), row: 3, code: None, reason: String::new() };
        let out = dir.path().join("r.csv");
        // Only the job's own file's session is asked for.
        export(&j, &job, &out, Lang::Zh, |file| (file == "orders.xlsx").then(|| NotSent { excluded: vec![x], held_back: Vec::new() })).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains("A1,S,未完成,,0") && text.contains("B2,,不上传"), "{text}");
        assert!(matches!(export(&j, "nope", &out, Lang::Zh, |_| None), Err(ExportError::Journal(_))));
        let nowhere = dir.path().join("missing").join("r.csv");
        let e = export(&j, &job, &nowhere, Lang::En, |_| None).unwrap_err();
        assert_eq!(e.message(Lang::En), format!("Cannot write the file {}: The file or folder was not found: it may have been moved or deleted.", nowhere.display()));
    }

    #[test]
    fn orders_not_sent_are_listed_with_their_reason() {
        let dir = tempfile::tempdir().unwrap();
        let o = JobOrder { seq: 0, order_no: "A1".into(), shop: "S".into(), payload: serde_json::Value::Null, state: State::Accepted, attempts: 1, reason: None, damage: None };
        let code = orderdock_core::validate::Code::SaleTimeOutOfRange;
        let x = Excluded { order: "B2".into(), row: 3, code: Some(code), reason: orderdock_core::messages::exclusion_reason(Some(code), Lang::Zh) };
        let held = Excluded { order: "C3".into(), row: 4, code: Some(orderdock_core::validate::Code::BadNumber), reason: "“五十九元”不是数字".into() };
        let not_sent = NotSent { excluded: vec![x.clone()], held_back: vec![held] };
        let csv = dir.path().join("r.csv");
        write(&csv, std::slice::from_ref(&o), &not_sent, Lang::Zh).unwrap();
        let text = std::fs::read_to_string(&csv).unwrap();
        assert!(text.contains("A1,S,上传成功,,1") && text.contains("B2,,不上传,下单时间超出范围，选择不上传,0"), "{text}");
        assert!(text.contains("C3,,有错误，未上传,“五十九元”不是数字,0"), "{text}");
        let xlsx = dir.path().join("r.xlsx");
        write(&xlsx, &[o], &NotSent { excluded: vec![x], held_back: Vec::new() }, Lang::En).unwrap();
        let back = orderdock_core::read::open(&xlsx).unwrap().table(None, None).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back.row(1)[2].display(), "left out");
        assert_eq!(back.row(1)[3].display(), "Order time out of range: left out on purpose");
        assert_eq!(back.sheet, "Upload results");
        assert_eq!(back.row(0)[4], orderdock_core::table::Cell::Number(1.0));
    }
}
