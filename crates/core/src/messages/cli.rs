//! The command line's own sentences (`orderdock inspect`, `suggest`, `validate`, `fix`): the
//! lines it prints and the inputs it refuses; `orderdock-cli` only lays them out.

use super::Lang;
use crate::validate::Severity;

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
    }
}
