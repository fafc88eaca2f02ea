//! The subcommands: each reads its inputs through `orderdock-core` (`validate`, `upload` and
//! `fix` through `orderdock-document`, as the app does) and prints the result as JSON
//! (`--json`) or as lines for people.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use orderdock_core::fields::Target;
use orderdock_core::mapping::{Mapping, MappingError, Source};
use orderdock_core::messages::{CliText, Lang, io_failed};
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
        text += &format!("\n  {}", CliText::Sheet(&s.name, s.rows, s.columns).message(ctx.lang));
    }
    text += &format!("\n{}", CliText::UsingSheet(&table.sheet, table.header_row, table.len(), &table.columns.join(" | ")).message(ctx.lang));
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
            return Err(CliText::UnknownPlatform(id, &known).message(ctx.lang).into());
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
        text += &format!("{}\n", CliText::RecognisedAs(p.label(ctx.lang)).message(ctx.lang));
    }
    for f in &mapping.fields {
        let label = target.def().field(&f.path).map(|d| d.label(ctx.lang)).unwrap_or_default();
        let source = match &f.source {
            Source::Column(c) => CliText::SourceColumn(c),
            Source::Value(v) => CliText::SourceValue(v),
            Source::DeriveSum => CliText::SumOfLines,
            Source::DerivePriceQty => CliText::PriceTimesQuantity,
        }
        .message(ctx.lang);
        let confidence = f.confidence.map(|c| format!(" {}", CliText::Confidence(c * 100.0, c < suggest_mod::SURE).message(ctx.lang))).unwrap_or_default();
        text += &format!("{:<22} {label} ← {source}{confidence}\n", f.path);
    }
    if let Some(f) = &mapping.filter {
        text += &format!("{}\n", CliText::OnlyOrders(&f.column, &f.keep).message(ctx.lang));
    }
    if !mapping.unmatched.is_empty() {
        text += &format!("{}\n", CliText::RequiredWithoutColumn(&mapping.unmatched).message(ctx.lang));
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
        Some(s) => DateTime::parse_from_rfc3339(s).map_err(|_| CliText::BadNow(s).message(ctx.lang))?.with_timezone(&Utc),
        None => Utc::now(),
    };
    let text = std::fs::read_to_string(a.mapping).map_err(|e| CliText::MappingUnreadable(&a.mapping.display().to_string(), &e.to_string()).message(ctx.lang))?;
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
        std::fs::write(path, body).map_err(|e| CliText::CannotWrite(&path.display().to_string(), &io_failed(ctx.lang, &e)).message(ctx.lang))?;
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
        let column = i.column.as_deref().map(|c| format!(" [{c}]")).unwrap_or_default();
        let message = i.message(report.target, ctx.lang);
        text += &CliText::Issue { row: i.row, column: &column, order: &i.order, severity: i.severity, message: &message }.message(ctx.lang);
        text.push('\n');
    }
    text += &CliText::Totals(report.orders, report.lines, report.valid_orders, report.errors, report.warnings).message(ctx.lang);
    if report.left_out > 0 {
        text += &format!("\n{}", CliText::LeftOutByFilter(report.left_out).message(ctx.lang));
    }
    print(out, &text)?;
    Ok(code)
}
