//! The command line's own sentences (`orderdock inspect`, `suggest`, `validate`, `fix`,
//! `upload`, `deal`, `profile`, `sandbox`): the lines it prints and the inputs it refuses;
//! `orderdock-cli` only lays them out.

use serde::Serialize;

use super::Lang;
use crate::validate::Severity;

/// An upload's final counts, in orders: the command line's last line words them (and
/// `--json` prints them under these names, CONTRACT.md), the app's `upload-finished` event
/// carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct UploadSummary {
    pub job: String,
    /// Orders transmitted in this run (each once, however many times it was sent).
    pub sent: usize,
    pub accepted: usize,
    pub already_uploaded: usize,
    pub rejected: usize,
    /// Orders of the file not uploaded because of their errors.
    pub skipped_invalid: usize,
    /// Orders left without a final state (cancelled, or stopped by an error).
    pub pending: usize,
}

/// A line or phrase of the command line's output.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum CliText<'a> {
    /// A sheet of `inspect`: name, rows, columns.
    Sheet(&'a str, usize, usize),
    /// The sheet `inspect` reads: name, header row, data rows, its columns (joined).
    UsingSheet(&'a str, u32, usize, &'a str),
    /// A `--platform` that is none of `known`.
    UnknownPlatform(&'a str, &'a [&'a str]),
    /// The layout `suggest` recognised (its label).
    RecognisedAs(&'a str),
    SourceColumn(&'a str),
    SourceValue(&'a str),
    SumOfLines,
    PriceTimesQuantity,
    /// How sure `suggest` is of a field, in percent, and whether it is a guess to check.
    Confidence(f64, bool),
    /// The filter's status column and the statuses it keeps.
    OnlyOrders(&'a str, &'a [String]),
    RequiredWithoutColumn(&'a [String]),
    /// `--now` as given.
    BadNow(&'a str),
    /// The mapping file and why it cannot be read.
    MappingUnreadable(&'a str, &'a str),
    /// A file and why it cannot be written.
    CannotWrite(&'a str, &'a str),
    /// An issue: sheet row, the column (` [name]` or nothing), order, severity, message.
    Issue {
        row: u32,
        column: &'a str,
        order: &'a str,
        severity: Severity,
        message: &'a str,
    },
    /// `validate`'s totals: orders, lines, valid orders, errors, warnings.
    Totals(usize, usize, usize, usize, usize),
    /// Orders the mapping's filter leaves out.
    LeftOutByFilter(usize),
    /// An order `fix` left out: its number and sheet row.
    ExcludedOrder(&'a str, u32),
    /// The first line of clap's complaint about the arguments.
    UsageError(&'a str),
    /// A panic caught at the top: the one line printed instead of a backtrace.
    InternalError,
    /// `--endpoint` given without this environment variable.
    EndpointNeedsVar(&'a str),
    ProfileOrEndpoint,
    /// The upload journal and why it cannot be opened (the journal's own sentence).
    JournalUnopened(&'a str, &'a str),
    /// Added to the error that stopped a job: how to continue it.
    ResumeWith(&'a str),
    /// An upload's last line.
    JobSummary(&'a UploadSummary),
    /// An order the server refused, and the server's reason.
    OrderRefused(&'a str, &'a str),
    /// Orders done of the job's total.
    Progress(usize, usize),
    /// A `deal` date as given.
    NotRfc3339Date(&'a str),
    /// `deal delete` done.
    Deleted,
    /// A `--set` as given, without its `=`.
    SetTakesPair(&'a str),
    GiveChanges,
    /// Why `deal update`'s changes cannot be sent (the field or value).
    PatchRefused(&'a str),
    GiveSecret,
    ProfileSaved(&'a str),
    NoProfiles,
    ProfileRemoved(&'a str),
    /// The practice server's AppId, secret and AppSystem.
    PracticeRunning(&'a str, &'a str, &'a str),
    /// Why the practice server could not start.
    PracticeNotStarted(&'a str),
}

impl CliText<'_> {
    pub fn message(self, lang: Lang) -> String {
        use CliText::*;
        let zh = lang == Lang::Zh;
        match self {
            Sheet(name, rows, columns) => format!("{} {name}: {rows} × {columns}", lang.pick("工作表", "sheet")),
            UsingSheet(sheet, header, rows, columns) if zh => format!("使用工作表 {sheet}，表头在第 {header} 行，数据 {rows} 行\n列：{columns}"),
            UsingSheet(sheet, header, rows, columns) => format!("Using sheet {sheet}, header on row {header}, {rows} data rows\nColumns: {columns}"),
            UnknownPlatform(id, known) if zh => format!("不认识的平台「{id}」，可选：{}", known.join("、")),
            UnknownPlatform(id, known) => format!("Unknown platform \"{id}\"; choose one of: {}", known.join(", ")),
            RecognisedAs(label) => format!("{}{label}", lang.pick("识别为：", "Recognised as: ")),
            SourceColumn(c) => format!("{} 「{c}」", lang.pick("列", "column")),
            SourceValue(v) => format!("{} {v}", lang.pick("固定值", "constant")),
            SumOfLines => lang.pick("按明细合计", "sum of the lines").into(),
            PriceTimesQuantity => lang.pick("单价 × 数量", "unit price × quantity").into(),
            Confidence(percent, guess) => format!("({percent:.0}%{})", if guess { lang.pick("，猜测，请确认", ", a guess: check it") } else { "" }),
            OnlyOrders(column, keep) if zh => format!("只导入「{column}」为 {} 的订单", keep.join("、")),
            OnlyOrders(column, keep) => format!("Only orders whose \"{column}\" is {}", keep.join(", ")),
            RequiredWithoutColumn(fields) => format!("{}: {}", lang.pick("还没有对应列的必填字段", "Required fields without a column"), fields.join(", ")),
            BadNow(s) => format!("{}: {s}", lang.pick("--now 的时间格式不对，应为 RFC 3339，例如 2026-11-23T10:00:00+08:00", "--now is not an RFC 3339 time such as 2026-11-23T10:00:00+08:00")),
            MappingUnreadable(path, e) => format!("{path}: {} ({e})", lang.pick("无法读取映射文件", "cannot read the mapping file")),
            CannotWrite(path, e) => format!("{path}: {} ({e})", lang.pick("无法写入", "cannot write")),
            Issue { row, column, order, severity, message } => {
                let level = match severity {
                    Severity::Error => lang.pick("错误", "error"),
                    Severity::Warning => lang.pick("提醒", "warning"),
                };
                let row = if zh { format!("第 {row} 行") } else { format!("row {row}") };
                format!("{row}{column} {} {order}: {level}: {message}", lang.pick("订单", "order"))
            }
            Totals(orders, lines, valid, errors, warnings) if zh => format!("共 {orders} 个订单（{lines} 行商品），{valid} 个可以上传；{errors} 个错误，{warnings} 个提醒"),
            Totals(orders, lines, valid, errors, warnings) => format!("{orders} orders ({lines} lines), {valid} ready to upload; {errors} errors, {warnings} warnings"),
            LeftOutByFilter(n) if zh => format!("另有 {n} 个未完成的订单（已取消、关闭或退款）按映射的筛选条件不导入"),
            LeftOutByFilter(n) => format!("{n} orders that are not completed (cancelled, closed or refunded) are left out by the mapping's filter"),
            ExcludedOrder(order, row) if zh => format!("订单 {order}（第 {row} 行）"),
            ExcludedOrder(order, row) => format!("order {order} (row {row})"),
            UsageError(first) if zh => format!("命令用法有误：{first}（运行 orderdock --help 查看用法）"),
            UsageError(first) => format!("Usage error: {first} (run orderdock --help)"),
            InternalError => lang.pick("内部错误：程序出了问题，请把这个文件发给我们以便修复", "Internal error: please send us this file so we can fix it").into(),
            EndpointNeedsVar(name) if zh => format!("使用 --endpoint 时请设置环境变量 {name}"),
            EndpointNeedsVar(name) => format!("With --endpoint, set the environment variable {name}"),
            ProfileOrEndpoint => lang.pick("请用 --profile 指定连接，或用 --endpoint 指定服务器地址（二选一）", "Give either --profile or --endpoint").into(),
            JournalUnopened(path, why) if zh => format!("无法打开上传记录 {path}：{why}"),
            JournalUnopened(path, why) => format!("Cannot open the upload journal {path}: {why}"),
            ResumeWith(job) if zh => format!("（可用 --resume {job} 继续）"),
            ResumeWith(job) => format!(" (continue with --resume {job})"),
            JobSummary(UploadSummary { job, sent, accepted, already_uploaded, rejected, skipped_invalid, pending }) if zh => {
                format!("上传任务 {job}：本次发送 {sent} 个订单，成功 {accepted}，已上传过 {already_uploaded}，被拒绝 {rejected}，因数据有错未上传 {skipped_invalid}，未完成 {pending}")
            }
            JobSummary(UploadSummary { job, sent, accepted, already_uploaded, rejected, skipped_invalid, pending }) => {
                format!("Job {job}: sent {sent}, accepted {accepted}, already uploaded {already_uploaded}, refused {rejected}, skipped as invalid {skipped_invalid}, not finished {pending}")
            }
            OrderRefused(order, reason) => format!("{} {order}: {reason}", lang.pick("被拒绝", "refused")),
            Progress(done, total) => format!("{} {done}/{total}", lang.pick("已完成", "done")),
            NotRfc3339Date(date) => format!("{}: {date}", lang.pick("日期格式不对，应为 RFC 3339", "not an RFC 3339 date")),
            Deleted => lang.pick("已删除", "Deleted").into(),
            SetTakesPair(set) => format!("{}: {set}", lang.pick("--set 应写成 字段=值", "--set takes FIELD=VALUE")),
            GiveChanges => lang.pick("请用 --set 字段=值 或 --json-body 文件 给出要修改的内容", "Give --set FIELD=VALUE or --json-body FILE").into(),
            PatchRefused(what) => format!("{}: {what}", lang.pick("字段不存在或值的格式不对", "unknown field or a value of the wrong kind")),
            GiveSecret => lang.pick("请在标准输入中给出密钥（或设置 ORDERDOCK_SECRET）", "Give the secret on standard input (or set ORDERDOCK_SECRET)").into(),
            ProfileSaved(name) if zh => format!("已保存连接「{name}」，密钥保存在系统钥匙串中"),
            ProfileSaved(name) => format!("Saved profile \"{name}\"; the secret is in the OS keychain"),
            NoProfiles => lang.pick("还没有保存的连接", "No profiles yet").into(),
            ProfileRemoved(name) if zh => format!("已删除连接「{name}」及其密钥"),
            ProfileRemoved(name) => format!("Removed profile \"{name}\" and its secret"),
            PracticeRunning(app_id, secret, app_system) if zh => format!("练习环境已启动。AppId: {app_id}，密钥/Token: {secret}，AppSystem: {app_system}。按 Ctrl+C 结束"),
            PracticeRunning(app_id, secret, app_system) => format!("Practice server running. AppId: {app_id}, secret/Token: {secret}, AppSystem: {app_system}. Ctrl+C stops it"),
            PracticeNotStarted(e) => format!("{}: {e}", lang.pick("练习环境无法启动", "The practice server could not start")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_in_both_languages() {
        use CliText::*;
        let keep = ["交易成功".to_string()];
        let summary = UploadSummary { job: "job-7".into(), sent: 3, accepted: 1, already_uploaded: 1, rejected: 1, skipped_invalid: 2, pending: 0 };
        let fields = ["Code".to_string()];
        let all = [
            Sheet("orders", 3, 9),
            UsingSheet("orders", 1, 2, "a | b"),
            UnknownPlatform("nowhere", &["taobao_orders", "generic"]),
            RecognisedAs("JD"),
            SourceColumn("no"),
            SourceValue("S001"),
            SumOfLines,
            PriceTimesQuantity,
            Confidence(62.0, true),
            OnlyOrders("status", &keep),
            RequiredWithoutColumn(&fields),
            BadNow("tomorrow"),
            MappingUnreadable("m.json", "not found"),
            CannotWrite("out.xlsx", "denied"),
            Issue { row: 3, column: " [total]", order: "A1", severity: Severity::Error, message: "bad" },
            Issue { row: 3, column: "", order: "A1", severity: Severity::Warning, message: "odd" },
            Totals(2, 3, 1, 1, 0),
            LeftOutByFilter(4),
            ExcludedOrder("A1", 3),
            UsageError("unexpected argument '--frobnicate' found"),
            InternalError,
            EndpointNeedsVar("ORDERDOCK_SECRET"),
            ProfileOrEndpoint,
            JournalUnopened("/tmp/journal.sqlite", "locked"),
            ResumeWith("job-7"),
            JobSummary(&summary),
            OrderRefused("T1", "406 bad"),
            Progress(1, 2),
            NotRfc3339Date("yesterday"),
            Deleted,
            SetTakesPair("qty"),
            GiveChanges,
            PatchRefused("colour"),
            GiveSecret,
            ProfileSaved("Shop1"),
            NoProfiles,
            ProfileRemoved("Shop1"),
            PracticeRunning("practice", "secret", "practice"),
            PracticeNotStarted("address in use"),
        ];
        let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for t in all {
            let (zh, en) = (t.message(Lang::Zh), t.message(Lang::En));
            assert!(han(&zh), "{t:?}: {zh}");
            // Only the merchant's own data (a status here) may be Chinese in English output.
            assert!(!han(&en) || en.contains("交易成功"), "{t:?}: {en}");
            assert_ne!(zh, en);
        }
        assert_eq!(Confidence(95.4, false).message(Lang::Zh), "(95%)");
        assert_eq!(Issue { row: 3, column: " [total]", order: "A1", severity: Severity::Error, message: "bad" }.message(Lang::En), "row 3 [total] order A1: error: bad");
        assert_eq!(Totals(2, 3, 1, 1, 0).message(Lang::Zh), "共 2 个订单（3 行商品），1 个可以上传；1 个错误，0 个提醒");
        assert_eq!(JobSummary(&summary).message(Lang::Zh), "上传任务 job-7：本次发送 3 个订单，成功 1，已上传过 1，被拒绝 1，因数据有错未上传 2，未完成 0");
        assert_eq!(JobSummary(&summary).message(Lang::En), "Job job-7: sent 3, accepted 1, already uploaded 1, refused 1, skipped as invalid 2, not finished 0");
        let why = super::super::journal_unusable(Lang::En, "database is locked");
        assert_eq!(
            JournalUnopened("j.sqlite", &why).message(Lang::En),
            "Cannot open the upload journal j.sqlite: The upload journal cannot be read or written (database is locked). Close any other OrderDock window and try again."
        );
    }
}
