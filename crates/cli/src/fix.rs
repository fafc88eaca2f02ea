//! `orderdock fix`: the quick fixes of `orderdock_core::fixes`, headless. Reads the file like
//! `validate` and makes its session as the app's preview does (`orderdock_document`),
//! applies the fixes asked for in order, leaves out the orders with the codes asked for,
//! writes the corrected main table (without the orders left out) as xlsx and prints every
//! change. Exit 0 when every order left in is valid, 1 when some still have errors, 2 for a
//! usage error or an input or output that cannot be used.

use std::io::Write;
use std::path::Path;

use orderdock_core::fixes::{Applied, Fix};
use orderdock_core::messages::{self, CliText, Lang};
use orderdock_core::session::{code_by_id, code_id};
use orderdock_core::validate::Code;
use serde_json::json;

use crate::Outcome;
use crate::commands::{Ctx, Loaded, ValidateArgs, document_error, load};

pub(crate) struct FixArgs<'a> {
    pub input: ValidateArgs<'a>,
    /// Problem codes (their default fix) or fix ids, in the order to apply them.
    pub apply: &'a [String],
    pub exclude: &'a [String],
    pub out: &'a Path,
}

/// A code's default fix, or the fix with this id.
fn resolve(id: &str, lang: Lang) -> Result<Fix, String> {
    if let Some(fix) = Fix::parse(id) {
        return Ok(fix);
    }
    match code_by_id(id) {
        Some(code) => Fix::for_code(code).first().copied().ok_or_else(|| messages::no_fix_for(code, lang)),
        None => {
            let mut known: Vec<String> = Fix::ALL.iter().map(|f| code_id(f.code())).collect();
            known.dedup();
            known.extend(Fix::ALL.iter().map(|f| f.id()));
            Err(messages::unknown_fix(id, &known, lang))
        }
    }
}

pub(crate) fn fix(ctx: &Ctx, out: &mut dyn Write, a: FixArgs) -> Outcome {
    if a.apply.is_empty() && a.exclude.is_empty() {
        return Err(messages::nothing_asked(ctx.lang).into());
    }
    let fixes = a.apply.iter().map(|id| resolve(id.trim(), ctx.lang)).collect::<Result<Vec<Fix>, String>>()?;
    let excludes = a.exclude.iter().map(|id| code_by_id(id.trim()).ok_or_else(|| messages::unknown_code(id, ctx.lang))).collect::<Result<Vec<Code>, String>>()?;
    let Loaded { mapping, mut document, now } = load(ctx, &a.input)?;
    document.prepare(&mapping, ctx.lang, now).map_err(|e| document_error(ctx, &a.input, e))?;
    let session = document.session(ctx.lang).map_err(|e| document_error(ctx, &a.input, e))?;

    let applied: Vec<Applied> = fixes.into_iter().map(|f| session.apply_fix(f)).collect();
    let left_out: Vec<(Code, usize)> = excludes.into_iter().map(|c| (c, session.exclude_code(c))).collect();
    orderdock_remote::edits::write_table_xlsx(a.out, &session.corrected_without_excluded()).map_err(|e| CliText::CannotWrite(&a.out.display().to_string(), &e.message(ctx.lang)).message(ctx.lang))?;

    let summary = session.summary();
    let code = if summary.to_upload + summary.excluded < summary.orders { 1 } else { 0 };
    if ctx.json {
        let fixes: Vec<_> = applied.iter().map(|f| json!({"fix": f.fix, "code": f.fix.code(), "orders": f.orders, "changes": f.changes, "notes": f.notes})).collect();
        let doc = json!({
            "file": a.input.file.display().to_string(), "out": a.out.display().to_string(), "fixes": fixes, "excluded": session.excluded(),
            "orders": summary.orders, "valid_orders": summary.valid_orders, "errors": summary.errors, "warnings": summary.warnings,
            "excluded_orders": summary.excluded, "to_upload": summary.to_upload,
        });
        writeln!(out, "{doc}").map_err(|e| e.to_string())?;
        return Ok(code);
    }
    let mut text = String::new();
    for f in &applied {
        text += &f.describe(ctx.lang);
        text.push('\n');
        for c in &f.changes {
            text += &format!("  {}\n", c.describe(ctx.lang));
        }
        for n in &f.notes {
            text += &format!("  {}\n", n.text);
            for (i, step) in n.steps.iter().enumerate() {
                text += &format!("    {}. {step}\n", i + 1);
            }
        }
    }
    let excluded = session.excluded();
    for (code, _) in &left_out {
        let orders: Vec<_> = excluded.iter().filter(|x| x.code == Some(*code)).collect();
        text += &messages::excluded_count(*code, orders.len(), ctx.lang);
        text.push('\n');
        for x in orders {
            text += &format!("  {}\n", CliText::ExcludedOrder(&x.order, x.row).message(ctx.lang));
        }
    }
    text += &messages::fix_written(&a.out.display().to_string(), summary.orders, summary.excluded, summary.to_upload, ctx.lang);
    writeln!(out, "{text}").map_err(|e| e.to_string())?;
    Ok(code)
}
