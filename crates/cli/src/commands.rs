//! The subcommands: each reads its inputs through `orderdock-core` (`validate`, `upload` and
//! `fix` through `orderdock-document`, as the app does) and prints the result as JSON
//! (`--json`) or as lines for people.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use orderdock_core::fields::Target;
use orderdock_core::mapping::{Mapping, MappingError, Source};
use orderdock_core::messages::Lang;
use orderdock_core::platforms::Platform;
use orderdock_core::read::{self, ReadError, Workbook};
use orderdock_core::{payload, suggest as suggest_mod, validate as validate_mod};
use orderdock_document::{Checked, Document};
use serde_json::json;

use crate::Outcome;

pub(crate) struct Ctx {
    pub json: bool,
    pub lang: Lang,
}

impl Ctx {
    pub(crate) fn read_error(&self, file: &Path, e: &ReadError) -> String {
        format!("{}: {}", file.display(), e.message(self.lang))
    }

    pub(crate) fn t<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(zh, en)
    }
}

fn print(out: &mut dyn Write, text: &str) -> Outcome {
    writeln!(out, "{text}").map(|_| 0).map_err(|e| e.to_string().into())
}

fn open(ctx: &Ctx, file: &Path) -> Result<Workbook, String> {
    read::open(file).map_err(|e| ctx.read_error(file, &e))
}

pub(crate) fn parse_target(ctx: &Ctx, t: &str) -> Result<Target, String> {
    Target::parse(t).ok_or_else(|| MappingError::UnknownTarget(t.to_string()).message(ctx.lang))
}

pub(crate) fn inspect(ctx: &Ctx, out: &mut dyn Write, file: &Path, sheet: Option<&str>) -> Outcome {
    let mut wb = open(ctx, file)?;
    let infos = wb.sheet_infos().map_err(|e| ctx.read_error(file, &e))?;
    let table = wb.table(sheet, None).map_err(|e| ctx.read_error(file, &e))?;
    if ctx.json {
        let mut doc = json!({
            "file": file.display().to_string(),
            "format": wb.format().as_str(),
            "sheets": infos.iter().map(|s| json!({"name": s.name, "rows": s.rows, "columns": s.columns})).collect::<Vec<_>>(),
            "sheet": table.sheet,
            "header_row": table.header_row,
            "columns": table.columns,
            "data_rows": table.len(),
        });
        if let Some(enc) = wb.encoding() {
            doc["encoding"] = enc.into();
        }
        return print(out, &doc.to_string());
    }
    let mut text = format!("{}: {}", file.display(), wb.format().as_str());
    if let Some(enc) = wb.encoding() {
        text += &format!(" ({enc})");
    }
    for s in &infos {
        text += &format!("\n  {} {}: {} × {}", ctx.t("工作表", "sheet"), s.name, s.rows, s.columns);
    }
    text += &match ctx.lang {
        Lang::Zh => format!("\n使用工作表 {}，表头在第 {} 行，数据 {} 行\n列：{}", table.sheet, table.header_row, table.len(), table.columns.join(" | ")),
        Lang::En => format!("\nUsing sheet {}, header on row {}, {} data rows\nColumns: {}", table.sheet, table.header_row, table.len(), table.columns.join(" | ")),
    };
    print(out, &text)
}

pub(crate) struct SuggestArgs<'a> {
    pub file: &'a Path,
    pub target: &'a str,
    pub lines: Option<&'a Path>,
    pub platform: Option<&'a str>,
    pub sheet: Option<&'a str>,
}

pub(crate) fn suggest(ctx: &Ctx, out: &mut dyn Write, a: SuggestArgs) -> Outcome {
    let SuggestArgs { file, target, lines, platform, sheet } = a;
    let target = parse_target(ctx, target)?;
    let layout = match suggest_mod::Layout::parse(platform, target) {
        Some(l) => l,
        None => {
            let id = platform.unwrap_or_default();
            let known: Vec<&str> = suggest_mod::choices(target).map(|p| p.id).chain(["generic"]).collect();
            return Err(match ctx.lang {
                Lang::Zh => format!("不认识的平台「{id}」，可选：{}", known.join("、")),
                Lang::En => format!("Unknown platform \"{id}\"; choose one of: {}", known.join(", ")),
            }
            .into());
        }
    };
    let mut wb = open(ctx, file)?;
    let table = wb.table(sheet, None).map_err(|e| ctx.read_error(file, &e))?;
    let items = match lines {
        Some(path) => Some(open(ctx, path)?.table(None, None).map_err(|e| ctx.read_error(path, &e))?),
        None => None,
    };
    let mapping = suggest_mod::suggest_with(target, &table, items.as_ref(), layout);
    if ctx.json {
        return print(out, &serde_json::to_string_pretty(&mapping.to_json()).map_err(|e| e.to_string())?);
    }
    let mut text = String::new();
    if let Some(p) = mapping.platform.as_deref().and_then(Platform::by_id) {
        text += &format!("{}{}\n", ctx.t("识别为：", "Recognised as: "), p.label(ctx.lang));
    }
    for f in &mapping.fields {
        let label = target.def().field(&f.path).map(|d| d.label(ctx.lang)).unwrap_or_default();
        let source = match &f.source {
            Source::Column(c) => format!("{} 「{c}」", ctx.t("列", "column")),
            Source::Value(v) => format!("{} {v}", ctx.t("固定值", "constant")),
            Source::DeriveSum => ctx.t("按明细合计", "sum of the lines").to_string(),
            Source::DerivePriceQty => ctx.t("单价 × 数量", "unit price × quantity").to_string(),
        };
        let guess = f.confidence.filter(|c| *c < suggest_mod::SURE).map(|_| ctx.t("，猜测，请确认", ", a guess: check it")).unwrap_or_default();
        let confidence = f.confidence.map(|c| format!(" ({:.0}%{guess})", c * 100.0)).unwrap_or_default();
        text += &format!("{:<22} {label} ← {source}{confidence}\n", f.path);
    }
    if let Some(f) = &mapping.filter {
        text += &match ctx.lang {
            Lang::Zh => format!("只导入「{}」为 {} 的订单\n", f.column, f.keep.join("、")),
            Lang::En => format!("Only orders whose \"{}\" is {}\n", f.column, f.keep.join(", ")),
        };
    }
    if !mapping.unmatched.is_empty() {
        text += &format!("{}: {}\n", ctx.t("还没有对应列的必填字段", "Required fields without a column"), mapping.unmatched.join(", "));
    }
    print(out, text.trim_end())
}

pub(crate) struct ValidateArgs<'a> {
    pub file: &'a Path,
    pub target: Option<&'a str>,
    pub mapping: &'a Path,
    pub lines: Option<&'a Path>,
    pub sheet: Option<&'a str>,
    pub now: Option<&'a str>,
    pub emit: Option<&'a Path>,
}

/// The inputs of `validate`, `upload` and `fix`, read: the mapping, the file(s) and "now".
pub(crate) struct Loaded {
    pub mapping: Mapping,
    pub document: Document,
    pub now: DateTime<Utc>,
}

pub(crate) fn load(ctx: &Ctx, a: &ValidateArgs) -> Result<Loaded, String> {
    let now: DateTime<Utc> = match a.now {
        Some(s) => DateTime::parse_from_rfc3339(s)
            .map_err(|_| format!("{}: {s}", ctx.t("--now 的时间格式不对，应为 RFC 3339，例如 2026-11-23T10:00:00+08:00", "--now is not an RFC 3339 time such as 2026-11-23T10:00:00+08:00")))?
            .with_timezone(&Utc),
        None => Utc::now(),
    };
    let text = std::fs::read_to_string(a.mapping).map_err(|e| format!("{}: {} ({e})", a.mapping.display(), ctx.t("无法读取映射文件", "cannot read the mapping file")))?;
    let mapping = Mapping::from_json(&text).map_err(|e| format!("{}: {}", a.mapping.display(), e.message(ctx.lang)))?;
    if let Some(t) = a.target {
        let requested = parse_target(ctx, t)?;
        if requested != mapping.target {
            return Err(MappingError::TargetMismatch { mapping: mapping.target, requested }.message(ctx.lang));
        }
    }
    let document = Document::read(a.file, a.lines, a.sheet, &mapping).map_err(|e| document_error(ctx, a, e))?;
    Ok(Loaded { mapping, document, now })
}

/// A document's error as the command line words it: a mapping that does not fit the file
/// names the mapping file.
pub(crate) fn document_error(ctx: &Ctx, a: &ValidateArgs, e: orderdock_document::Error) -> String {
    match e {
        orderdock_document::Error::Mapping(e) => format!("{}: {}", a.mapping.display(), e.message(ctx.lang)),
        e => e.message(ctx.lang),
    }
}

/// The file read, mapped, assembled and validated: what `validate` prints and `upload` sends.
pub(crate) fn check(ctx: &Ctx, a: &ValidateArgs) -> Result<Checked, String> {
    let Loaded { mapping, document, now } = load(ctx, a)?;
    document.check(&mapping, now).map_err(|e| document_error(ctx, a, e))
}

pub(crate) fn validate(ctx: &Ctx, out: &mut dyn Write, a: ValidateArgs) -> Outcome {
    let checked = check(ctx, &a)?;
    if let Some(path) = a.emit {
        let mut body = String::new();
        for b in payload::bodies(&checked.binding, checked.tables(), &checked.orders, &checked.report.valid, checked.now) {
            body += &b.to_string();
            body.push('\n');
        }
        std::fs::write(path, body).map_err(|e| format!("{}: {} ({e})", path.display(), ctx.t("无法写入", "cannot write")))?;
    }
    print_report(ctx, out, &checked.report)
}

/// The validation report, as JSON or lines; exit 1 when there are errors.
pub(crate) fn print_report(ctx: &Ctx, out: &mut dyn Write, report: &validate_mod::Report) -> Outcome {
    let code = if report.errors > 0 { 1 } else { 0 };
    if ctx.json {
        let issues: Vec<_> = report
            .issues
            .iter()
            .map(|i| {
                let mut v = serde_json::to_value(i).unwrap_or_default();
                v["message"] = i.message(report.target, ctx.lang).into();
                v
            })
            .collect();
        let doc = json!({
            "target": report.target.id(), "orders": report.orders, "lines": report.lines, "valid_orders": report.valid_orders,
            "errors": report.errors, "warnings": report.warnings, "left_out": report.left_out, "issues": issues,
        });
        print(out, &doc.to_string())?;
        return Ok(code);
    }
    let mut text = String::new();
    for i in &report.issues {
        let level = match i.severity {
            validate_mod::Severity::Error => ctx.t("错误", "error"),
            validate_mod::Severity::Warning => ctx.t("提醒", "warning"),
        };
        let column = i.column.as_deref().map(|c| format!(" [{c}]")).unwrap_or_default();
        let row = match ctx.lang {
            Lang::Zh => format!("第 {} 行", i.row),
            Lang::En => format!("row {}", i.row),
        };
        text += &format!("{row}{column} {} {}: {level}: {}\n", ctx.t("订单", "order"), i.order, i.message(report.target, ctx.lang));
    }
    text += &match ctx.lang {
        Lang::Zh => format!("共 {} 个订单（{} 行商品），{} 个可以上传；{} 个错误，{} 个提醒", report.orders, report.lines, report.valid_orders, report.errors, report.warnings),
        Lang::En => format!("{} orders ({} lines), {} ready to upload; {} errors, {} warnings", report.orders, report.lines, report.valid_orders, report.errors, report.warnings),
    };
    if report.left_out > 0 {
        text += &match ctx.lang {
            Lang::Zh => format!("\n另有 {} 个未完成的订单（已取消、关闭或退款）按映射的筛选条件不导入", report.left_out),
            Lang::En => format!("\n{} orders that are not completed (cancelled, closed or refunded) are left out by the mapping's filter", report.left_out),
        };
    }
    print(out, &text)?;
    Ok(code)
}
