//! Propose a mapping for a file.
//!
//! A platform export that [`crate::platforms`] recognises gets that layout's template. Any
//! other file is matched from its headers (exact synonyms first, then normalised, then
//! fuzzy; each column used once; on a near tie a required field wins) **and its values**
//! ([`crate::profile`]): a column is only offered for a field whose kind it holds (never a
//! title for an amount, a money column for a name), an order field only takes a column
//! that repeats over the order's rows and a line field one that varies, and refund or
//! sub-order columns never stand for a sale amount or an order number. Both add a `filter`
//! keeping only completed orders where the file has a status column.
//!
//! Confidence is honest: 1.0 for a template or an exact header name, 0.9 for a name that
//! matches once normalised, less for a guess (fuzzy names, fallbacks) — the app marks
//! anything below [`SURE`] as a guess.

use std::collections::BTreeSet;

use crate::fields::{FieldDef, Kind, Target, normalize_header};
use crate::mapping::{DEFAULT_TIMEZONE, FieldMapping, Filter, Mapping, Source};
use crate::platforms::{Platform, Src};
use crate::profile::{ColumnProfile, Grain, ValueKind, profile};
use crate::status::{self, StatusColumn};
use crate::table::Table;

/// Below this a column is not proposed at all.
const THRESHOLD: f64 = 0.6;

/// From here on a suggestion is not a guess.
pub const SURE: f64 = 0.9;

/// Which layout to suggest for.
#[derive(Debug, Clone, Copy)]
pub enum Layout {
    /// The platform the headers show, else from headers and values.
    Auto,
    /// This platform's template (the merchant chose it).
    Platform(&'static Platform),
    /// No template: from headers and values.
    Generic,
}

impl Layout {
    /// A layout as the CLI and the app name it: a platform id with a template for `target`,
    /// `generic` for none, nothing for the one the headers show. `None` for an unknown id.
    pub fn parse(platform: Option<&str>, target: Target) -> Option<Layout> {
        match platform {
            None => Some(Layout::Auto),
            Some("generic") => Some(Layout::Generic),
            Some(id) => Platform::by_id(id).filter(|p| !p.rules(target).is_empty()).map(Layout::Platform),
        }
    }
}

/// How well `header` names `field`: 1.0 for an exact synonym (a little less for synonyms
/// further down the list), 0.9 after normalising, then containment and edit distance.
pub fn score(field: &FieldDef, header: &str) -> f64 {
    // `收货人/提货人`: one column for two names (delivery or pick-up); either may match.
    if header.contains('/') {
        let parts = header.split('/').map(|p| score_name(field, p) * 0.95);
        return parts.fold(score_name(field, header), f64::max);
    }
    score_name(field, header)
}

fn score_name(field: &FieldDef, header: &str) -> f64 {
    let names = || [field.path, field.label_zh].into_iter().chain(field.synonyms.iter().copied());
    let rank = |i: usize| i.min(10) as f64 * 0.002;
    if let Some(i) = names().position(|s| s == header.trim()) {
        return 1.0 - rank(i);
    }
    let h = normalize_header(header);
    if h.is_empty() {
        return 0.0;
    }
    if let Some(i) = names().position(|s| normalize_header(s) == h) {
        // A name that matches once units and punctuation are set aside is still sure.
        return 0.94 - rank(i);
    }
    names()
        .map(normalize_header)
        .map(|s| {
            let (short, long) = if s.len() <= h.len() { (&s, &h) } else { (&h, &s) };
            let ratio = short.chars().count() as f64 / long.chars().count() as f64;
            // Two characters (买家, 店铺, 商品) say too little to be found inside a longer name.
            if long.contains(short.as_str()) && short.chars().count() >= 3 { 0.45 + 0.4 * ratio } else { 0.75 * strsim::normalized_levenshtein(&s, &h) }
        })
        .fold(0.0, f64::max)
}

/// A head start when fields compete for a column: a required field (or, for DM Hub, one
/// that identifies the customer) wins a near tie, never a clearly better match.
fn bonus(target: Target, f: &FieldDef) -> f64 {
    if f.required {
        0.15
    } else if target == Target::Dmhub && (f.path == "customerId" || f.path.starts_with("identities.")) {
        0.1
    } else {
        0.0
    }
}

/// A mapping document for `table` (and the item file `lines` of a two-file export), with a
/// confidence per field and the required fields left unmatched.
pub fn suggest(target: Target, table: &Table) -> Mapping {
    suggest_with(target, table, None, Layout::Auto)
}

pub fn suggest_with(target: Target, table: &Table, lines: Option<&Table>, layout: Layout) -> Mapping {
    let platform = match layout {
        Layout::Auto => Platform::recognise(&table.columns).filter(|p| !p.rules(target).is_empty()),
        Layout::Platform(p) => Some(p),
        Layout::Generic => None,
    };
    let items = lines.map(|l| (l, Platform::recognise(&l.columns).filter(|p| p.item_key.is_some())));
    let def = target.def();
    let (mut fields, lines_key) = match platform {
        Some(p) => {
            let lines_key = lines.map(|l| {
                p.items
                    .and_then(Platform::by_id)
                    .and_then(|i| i.item_key)
                    .filter(|k| l.column_index(k).is_some())
                    .map(str::to_string)
                    .unwrap_or_else(|| key_column(target, l).map(|c| l.columns[c].clone()).unwrap_or_default())
            });
            (from_template(target, p, table, lines), lines_key)
        }
        None => {
            let mut fields = generic(target, table, if lines.is_some() { Part::Header } else { Part::All });
            let mut lines_key = None;
            if let Some((l, item_platform)) = items {
                let key = item_platform.and_then(|p| p.item_key).and_then(|k| l.column_index(k)).or_else(|| key_column(target, l));
                lines_key = key.map(|c| l.columns[c].clone());
                fields.extend(generic_in(target, l, Part::Lines, key));
                derive_totals(target, &mut fields);
            }
            (fields, lines_key)
        }
    };
    if target == Target::Mall2030 && !fields.iter().any(|f| f.path == "DataOrigin") {
        let origin = platform.or_else(|| items.and_then(|(_, p)| p)).or_else(|| Platform::resembled(&table.columns)).and_then(|p| p.data_origin);
        if let Some(code) = origin {
            fields.push(FieldMapping { path: "DataOrigin".into(), source: Source::Value(code.into()), confidence: Some(1.0) });
        }
    }
    // Declaration order, so the document reads like the mapping screen.
    fields.sort_by_key(|f| def.fields.iter().position(|d| def.field(&f.path).is_some_and(|x| std::ptr::eq(x, d))).unwrap_or(usize::MAX));
    let mut unmatched: Vec<String> = def.fields.iter().filter(|d| d.required && !fields.iter().any(|f| f.path == d.path)).map(|d| d.path.to_string()).collect();
    // DM Hub needs a customer: its id or an identity (a mobile, …).
    if target == Target::Dmhub && !fields.iter().any(|f| f.path == "customerId" || f.path.starts_with("identities.")) {
        unmatched.push("customerId".into());
    }
    let status_column = platform
        .and_then(|p| p.status)
        .filter(|s| table.column_index(s).is_some())
        .map(str::to_string)
        .or_else(|| table.columns.iter().find(|c| StatusColumn::of(c) == Some(StatusColumn::Order)).cloned());
    Mapping {
        target,
        sheet: Some(table.sheet.clone()),
        header_row: Some(table.header_row),
        timezone: Some(DEFAULT_TIMEZONE.into()),
        filter: status_column.and_then(|c| completed_filter(table, &c)),
        lines_key,
        fields,
        unmatched,
        platform: platform.map(|p| p.id.to_string()),
    }
}

/// The platform layouts the merchant may choose from for `target`.
pub fn choices(target: Target) -> impl Iterator<Item = &'static Platform> {
    crate::platforms::ALL.iter().filter(move |p| !p.rules(target).is_empty())
}

/// Keep only the completed statuses the column holds; none when it holds none (a filter
/// would leave nothing).
fn completed_filter(table: &Table, column: &str) -> Option<Filter> {
    let c = table.column_index(column)?;
    let values: BTreeSet<String> = (0..table.len()).map(|r| table.row(r)[c].display()).collect();
    let keep: Vec<String> = values.into_iter().filter(|v| status::is_completed(v)).collect();
    (!keep.is_empty()).then(|| Filter { column: table.columns[c].clone(), keep })
}

/// A template applied: each rule whose column the file has (and fills, when it offers
/// several). Line columns come from the item file when there is one.
fn from_template(target: Target, p: &Platform, table: &Table, lines: Option<&Table>) -> Vec<FieldMapping> {
    let def = target.def();
    let mut out = Vec::new();
    for &(path, src) in p.rules(target) {
        let t = if def.is_line(path) { lines.unwrap_or(table) } else { table };
        let source = match src {
            Src::Sum => Some(Source::DeriveSum),
            Src::PriceQty => Some(Source::DerivePriceQty),
            Src::Col(alts) => {
                let present: Vec<usize> = alts.iter().filter_map(|a| t.column_index(a)).collect();
                let filled = present.iter().copied().find(|&c| (0..t.len().min(crate::profile::SAMPLE_ROWS)).any(|r| !t.row(r)[c].is_blank()));
                filled.or(present.first().copied()).map(|c| Source::Column(t.columns[c].clone()))
            }
        };
        if let Some(source) = source {
            out.push(FieldMapping { path: path.into(), source, confidence: Some(1.0) });
        }
    }
    complete_derived(target, &mut out);
    out
}

/// A value derived from fields the file lacks (an order report without its item report, a
/// column the merchant did not export) is left out, and so listed as unmatched; a line
/// amount whose column is missing comes from price × quantity where the file has those.
fn complete_derived(target: Target, out: &mut Vec<FieldMapping>) {
    let def = target.def();
    let paths = |out: &[FieldMapping]| out.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
    let has = |paths: &[String], p: &str| paths.iter().any(|x| x == p);
    let parts_of = |path: &str, paths: &[String]| def.field(path).and_then(|d| d.price_x_qty).is_some_and(|(prices, qty)| prices.iter().any(|p| has(paths, p)) && has(paths, qty));
    let mapped = paths(out);
    out.retain(|f| f.source != Source::DerivePriceQty || parts_of(&f.path, &mapped));
    for f in def.fields.iter().filter(|f| f.price_x_qty.is_some()) {
        let mapped = paths(out);
        if !has(&mapped, f.path) && parts_of(f.path, &mapped) {
            out.push(FieldMapping { path: f.path.into(), source: Source::DerivePriceQty, confidence: Some(0.9) });
        }
    }
    let mapped = paths(out);
    out.retain(|f| f.source != Source::DeriveSum || def.field(&f.path).and_then(|d| d.sum_of).is_some_and(|line| has(&mapped, line)));
}

/// Which fields a generic pass matches against a table.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Part {
    All,
    Header,
    Lines,
}

fn generic(target: Target, table: &Table, part: Part) -> Vec<FieldMapping> {
    let key = key_column(target, table);
    let mut fields = generic_in(target, table, part, key);
    if part == Part::All {
        derive_totals(target, &mut fields);
    }
    fields
}

/// The column of the order number: the best-named identifier column that is not a
/// sub-order number.
fn key_column(target: Target, table: &Table) -> Option<usize> {
    let def = target.def();
    let key = def.field(def.key)?;
    let profiles = profile(table, None);
    (0..table.width())
        .filter(|&c| !banned(key, &table.columns[c]) && matches!(profiles[c].kind, ValueKind::Id | ValueKind::Int))
        .map(|c| (score(key, &table.columns[c]), c))
        .filter(|(s, _)| *s >= THRESHOLD)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, c)| c)
}

/// Headers and values matched to the fields of `part`, greedily: the surest match (with
/// its head start) takes its column first; then the fallbacks.
fn generic_in(target: Target, table: &Table, part: Part, key: Option<usize>) -> Vec<FieldMapping> {
    let def = target.def();
    let wanted = |f: &FieldDef| match part {
        Part::All => true,
        Part::Header => !def.is_line(f.path),
        Part::Lines => def.is_line(f.path),
    };
    let fields: Vec<&FieldDef> = def.fields.iter().filter(|f| !f.is_template() && wanted(f)).collect();
    let profiles = profile(table, key);
    let mut candidates: Vec<(f64, f64, usize, usize)> = Vec::new();
    for (fi, f) in fields.iter().enumerate() {
        for (ci, header) in table.columns.iter().enumerate() {
            let is_key = f.path == def.key;
            if is_key && key.is_some() && key != Some(ci) {
                continue;
            }
            let p = &profiles[ci];
            // A column named like an order total that varies per line is each line's share
            // of it (抖店's 订单应付金额 per 子订单): a guess for the line field summed into it.
            let line_share = (def.is_line(f.path) && p.grain == Grain::Line && p.kind == ValueKind::Money && !banned(f, header))
                .then(|| def.fields.iter().find(|t| t.sum_of == Some(f.path)))
                .flatten()
                .map(|total| score(total, header) * 0.8)
                .filter(|s| *s >= THRESHOLD);
            if let Some(s) = fit(def.is_line(f.path), is_key, f, header, p).into_iter().chain(line_share).reduce(f64::max) {
                candidates.push((s + bonus(target, f), s, fi, ci));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
    let mut chosen: Vec<Option<(usize, f64)>> = vec![None; fields.len()];
    let mut used = vec![false; table.width()];
    for (_, s, fi, ci) in candidates {
        if chosen[fi].is_none() && !used[ci] {
            chosen[fi] = Some((ci, s));
            used[ci] = true;
        }
    }
    let mut out: Vec<FieldMapping> =
        fields.iter().zip(&chosen).filter_map(|(f, c)| c.map(|(ci, s)| FieldMapping { path: f.path.into(), source: Source::Column(table.columns[ci].clone()), confidence: Some(s) })).collect();
    fallbacks(target, table, part, &profiles, &mut out);
    out
}

/// The score of `header` for `f`, or `None` when its values rule it out.
fn fit(is_line: bool, is_key: bool, f: &FieldDef, header: &str, p: &ColumnProfile) -> Option<f64> {
    let s = score(f, header);
    if s < THRESHOLD || banned(f, header) {
        return None;
    }
    let exact = s >= SURE;
    let kind_fits = match (f.kind, p.kind) {
        (_, ValueKind::Empty) => true,
        (Kind::Money, k) => matches!(k, ValueKind::Money | ValueKind::Int),
        (Kind::Int, k) => k == ValueKind::Int,
        (Kind::DateTime, k) => k == ValueKind::DateTime || (exact && matches!(k, ValueKind::Money | ValueKind::Int)),
        // Masked phones (##密文) are words; only a column named exactly is taken for an id.
        (Kind::Id | Kind::Long, k) => matches!(k, ValueKind::Id | ValueKind::Int) || (exact && k == ValueKind::Words),
        (Kind::Text, k) => !matches!(k, ValueKind::Money | ValueKind::DateTime),
    };
    let grain_fits = match p.grain {
        Grain::Unknown => true,
        // A total repeated on every line is not a line's value.
        Grain::Order => !is_line,
        // A value that changes between an order's rows is not the order's (the key aside).
        Grain::Line => is_line || is_key,
    };
    if !kind_fits || !grain_fits {
        return None;
    }
    // An empty column is a poor match even when well named.
    Some(if p.kind == ValueKind::Empty { s - 0.2 } else { s }).filter(|s| *s >= THRESHOLD)
}

/// Columns a field must never take whatever their name: refunds are not sales, a
/// sub-order number is not an order number, a note is not an account, a shop's name is not its code.
fn banned(f: &FieldDef, header: &str) -> bool {
    let h = header.trim();
    let refund = ["退款", "售后", "退货"].iter().any(|w| h.contains(w));
    let note = ["留言", "备注", "说明"].iter().any(|w| h.contains(w));
    match f.path {
        "OriginalCode" => h.contains("子订单"),
        "Code" | "orderNo" => h.contains("子订单") || refund,
        "buyerMessage" | "remark" => false,
        "ShopCode" => h.contains("名称") || h.contains("店铺名") || refund || note,
        _ => refund || note,
    }
}

/// Required fields with no column of their own but a sensible stand-in: the payment time
/// for the order time (and back), the receiver's phone for the mobile, the mobile for the
/// buyer. Marked as guesses.
fn fallbacks(target: Target, table: &Table, part: Part, profiles: &[ColumnProfile], out: &mut Vec<FieldMapping>) {
    let column_of = |out: &[FieldMapping], path: &str| out.iter().find(|f| f.path == path).and_then(|f| if let Source::Column(c) = &f.source { Some(c.clone()) } else { None });
    let has = |out: &[FieldMapping], path: &str| out.iter().any(|f| f.path == path);
    let push = |out: &mut Vec<FieldMapping>, path: &str, column: Option<String>, confidence: f64| {
        if let Some(c) = column {
            out.push(FieldMapping { path: path.into(), source: Source::Column(c), confidence: Some(confidence) });
        }
    };
    // A date-time column whose header speaks of a completed sale.
    let done_time = table
        .columns
        .iter()
        .enumerate()
        .find(|(i, h)| profiles[*i].kind == ValueKind::DateTime && ["交易成功时间", "成交时间", "确认收货时间", "完成时间"].iter().any(|w| h.contains(w)))
        .map(|(_, h)| h.clone());
    // One row per order: the order's total is its one line's amount.
    let one_row_per_order = part == Part::All && profiles.iter().all(|p| p.grain == Grain::Unknown);
    for (line, total) in [("Dtls.Amount", "TotalMoney"), ("lines.priceSubTotal", "amountTotal")] {
        if one_row_per_order && target.def().field(line).is_some() && !has(out, line) && !has(out, "Dtls.PriceSell") && !has(out, "lines.priceUnit") {
            let c = column_of(out, total);
            push(out, line, c, 0.6);
        }
    }
    match target {
        Target::Mall2030 => {
            if !has(out, "OrderTime") {
                let c = column_of(out, "PayTime").or(done_time.clone());
                push(out, "OrderTime", c, 0.6);
            }
            if !has(out, "PayTime") {
                let c = column_of(out, "OrderTime").or(done_time);
                push(out, "PayTime", c, 0.6);
            }
            if !has(out, "RecvMobile")
                && let Some(tel) = column_of(out, "RecvTel")
            {
                out.retain(|f| f.path != "RecvTel");
                push(out, "RecvMobile", Some(tel), 0.7);
            }
            if !has(out, "BuyerCode") {
                let c = column_of(out, "RecvMobile");
                push(out, "BuyerCode", c, 0.5);
            }
        }
        Target::Dmhub => {
            // A line needs an id unique in its order: the SKU or product id serves.
            if !has(out, "lines.lineId") {
                let c = column_of(out, "lines.skuId").or_else(|| column_of(out, "lines.productId"));
                push(out, "lines.lineId", c, 0.6);
            }
            if !has(out, "customerId") && !out.iter().any(|f| f.path.starts_with("identities.")) {
                let c = column_of(out, "contactTel");
                push(out, "identities.mobile", c, 0.7);
            }
            if !has(out, "dateOrder") {
                push(out, "dateOrder", done_time, 0.6);
            }
        }
    }
}

/// Totals from the lines and line amounts from price × quantity, where the file has the
/// parts but not the value itself.
fn derive_totals(target: Target, out: &mut Vec<FieldMapping>) {
    let def = target.def();
    let has = |out: &[FieldMapping], path: &str| out.iter().any(|f| f.path == path);
    for f in def.fields {
        if let Some((prices, qty)) = f.price_x_qty
            && !has(out, f.path)
            && prices.iter().any(|p| has(out, p))
            && has(out, qty)
        {
            out.push(FieldMapping { path: f.path.into(), source: Source::DerivePriceQty, confidence: Some(0.8) });
        }
    }
    for f in def.fields {
        if let Some(line) = f.sum_of
            && !has(out, f.path)
            && has(out, line)
            && (f.required || target == Target::Dmhub && f.path == "amountTotal")
        {
            out.push(FieldMapping { path: f.path.into(), source: Source::DeriveSum, confidence: Some(0.8) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Cell;

    fn table(columns: &[&str]) -> Table {
        Table { sheet: "订单".into(), header_row: 1, columns: columns.iter().map(|c| c.to_string()).collect(), cells: vec![], row_numbers: vec![] }
    }

    fn with_rows(columns: &[&str], rows: &[&[&str]]) -> Table {
        let cells = rows.iter().flat_map(|r| r.iter().map(|s| if s.is_empty() { Cell::Empty } else { Cell::Text(s.into()) })).collect();
        Table { row_numbers: (2..2 + rows.len() as u32).collect(), cells, ..table(columns) }
    }

    fn column_of(m: &Mapping, path: &str) -> Option<String> {
        m.fields.iter().find(|f| f.path == path).and_then(|f| match &f.source {
            Source::Column(c) => Some(c.clone()),
            _ => None,
        })
    }

    fn source_of(m: &Mapping, path: &str) -> Option<Source> {
        m.fields.iter().find(|f| f.path == path).map(|f| f.source.clone())
    }

    #[test]
    fn unknown_layout_by_header_names() {
        let t = table(&["订单编号", "买家会员名", "总金额 ", "订单状态", "收货人姓名", "收货地址", "联系电话", "联系手机", "订单创建时间", "订单付款时间", "宝贝总数量", "店铺名称", "买家留言"]);
        let m = suggest(Target::Mall2030, &t);
        assert_eq!(m.platform, None);
        assert_eq!(column_of(&m, "Code").as_deref(), Some("订单编号"));
        assert_eq!(column_of(&m, "RecvMobile").as_deref(), Some("联系手机"));
        assert_eq!(column_of(&m, "RecvTel").as_deref(), Some("联系电话"));
        assert_eq!(column_of(&m, "OrderTime").as_deref(), Some("订单创建时间"));
        assert_eq!(column_of(&m, "PayTime").as_deref(), Some("订单付款时间"));
        assert_eq!(column_of(&m, "TotalMoney").as_deref(), Some("总金额 "));
        assert_eq!(column_of(&m, "BuyerCode").as_deref(), Some("买家会员名"));
        assert!(m.unmatched.contains(&"ShopCode".to_string()), "a shop's name is not its code: {:?}", m.fields);
        assert!(m.fields.iter().all(|f| f.confidence.is_some_and(|c| (0.0..=1.0).contains(&c))));
    }

    #[test]
    fn values_rule_out_columns_their_names_invite() {
        let t = with_rows(
            &["订单号", "商品名称", "金额", "退款金额", "订单金额", "订购数量", "下单时间", "手机", "买家留言", "子订单编号", "原订单号"],
            &[
                &["3100112345678", "保温杯", "59.90", "0.00", "179.70", "1", "2026-09-26 08:17:00", "13800001111", "快点发", "310011234567801", ""],
                &["3100112345678", "T恤", "119.80", "0.00", "179.70", "2", "2026-09-26 08:17:00", "13800001111", "快点发", "310011234567802", ""],
                &["3100212345678", "耳机", "299.00", "299.00", "299.00", "1", "2026-09-27 10:00:00", "13900002222", "", "310021234567801", ""],
                &["3100212345678", "绿茶", "88.00", "0.00", "299.00", "1", "2026-09-27 10:00:00", "13900002222", "", "310021234567802", ""],
            ],
        );
        let m = suggest(Target::Mall2030, &t);
        assert_eq!(column_of(&m, "Dtls.Amount").as_deref(), Some("金额"), "not the refund, not the repeated order total");
        assert_eq!(column_of(&m, "TotalMoney").as_deref(), Some("订单金额"));
        assert_eq!(column_of(&m, "OriginalCode").as_deref(), Some("原订单号"));
        assert_ne!(column_of(&m, "BuyerCode").as_deref(), Some("买家留言"));
        assert_eq!(column_of(&m, "BuyerCode").as_deref(), Some("手机"), "the mobile stands in for the buyer, as a guess");
        assert!(m.fields.iter().find(|f| f.path == "BuyerCode").and_then(|f| f.confidence).is_some_and(|c| c < SURE));
        assert_eq!(column_of(&m, "PayTime").as_deref(), Some("下单时间"), "fallback to the only time there is");
        assert_eq!(source_of(&m, "TotalQty"), Some(Source::DeriveSum));
        // An amount column holding titles is not an amount.
        let titles = with_rows(&["订单号", "金额", "数量"], &[&["3100112345678", "保温杯 白色", "1"]]);
        assert_eq!(column_of(&suggest(Target::Mall2030, &titles), "Dtls.Amount"), None);
    }

    #[test]
    fn line_amount_from_price_and_quantity() {
        let t = with_rows(&["订单号", "商品编号", "单价", "数量", "行优惠"], &[&["3100112345678", "100012", "59.90", "2", "1.00"], &["3100112345678", "100013", "10.00", "1", "0.50"]]);
        let m = suggest(Target::Mall2030, &t);
        assert_eq!(column_of(&m, "Dtls.BarCode").as_deref(), Some("商品编号"));
        assert_eq!(column_of(&m, "Dtls.DiscountMoney").as_deref(), Some("行优惠"));
        assert_eq!(source_of(&m, "Dtls.Amount"), Some(Source::DerivePriceQty));
        assert_eq!(source_of(&m, "TotalMoney"), Some(Source::DeriveSum));
        let d = suggest(Target::Dmhub, &t);
        assert_eq!(source_of(&d, "lines.priceSubTotal"), Some(Source::DerivePriceQty));
    }

    #[test]
    fn dmhub_line_ids_and_products() {
        let t = with_rows(&["订单号", "行ID", "商品ID", "商品名称", "数量", "手机"], &[&["3100112345678", "L1", "P100", "杯", "1", "13800001111"]]);
        let m = suggest(Target::Dmhub, &t);
        assert_eq!(column_of(&m, "lines.lineId").as_deref(), Some("行ID"));
        assert_eq!(column_of(&m, "lines.productId").as_deref(), Some("商品ID"));
        assert_eq!(column_of(&m, "identities.mobile").as_deref(), Some("手机"));
    }

    #[test]
    fn completed_orders_are_kept_by_a_filter() {
        let t = with_rows(&["订单号", "订单状态"], &[&["3100112345678", "交易成功"], &["3100212345678", "交易关闭"], &["3100312345678", "已完成"]]);
        let m = suggest(Target::Mall2030, &t);
        assert_eq!(m.filter, Some(Filter { column: "订单状态".into(), keep: vec!["交易成功".into(), "已完成".into()] }));
        let none = with_rows(&["订单号", "订单状态"], &[&["3100112345678", "待发货"]]);
        assert_eq!(suggest(Target::Mall2030, &none).filter, None);
    }

    #[test]
    fn an_item_file_gives_the_lines_and_the_join() {
        let orders = with_rows(&["单号", "下单时间", "实付", "手机"], &[&["3100112345678", "2026-09-26 08:17:00", "59.90", "13800001111"]]);
        let items = with_rows(&["单号", "商品编码", "单价", "数量"], &[&["3100112345678", "A100", "59.90", "1"]]);
        let m = suggest_with(Target::Mall2030, &orders, Some(&items), Layout::Auto);
        assert_eq!(m.lines_key.as_deref(), Some("单号"));
        assert_eq!(column_of(&m, "Dtls.BarCode").as_deref(), Some("商品编码"));
        assert_eq!(source_of(&m, "Dtls.Amount"), Some(Source::DerivePriceQty));
        assert_eq!(source_of(&m, "TotalMoney"), Some(Source::DeriveSum));
        assert_eq!(column_of(&m, "Code").as_deref(), Some("单号"));
        let b = m.bind(&orders, Some(&items)).unwrap();
        assert!(b.fields.iter().filter(|f| f.is_line).all(|f| f.in_lines_file || f.source.is_derived()));
    }

    #[test]
    fn a_taobao_like_file_no_template_fits_still_gets_its_data_origin() {
        let t = table(&["订单编号", "买家会员名", "宝贝总数量", "商品"]);
        let m = suggest(Target::Mall2030, &t);
        assert_eq!(m.platform, None);
        assert_eq!(source_of(&m, "DataOrigin"), Some(Source::Value("10".into())));
    }

    #[test]
    fn a_recognised_platform_gets_its_template() {
        let t = table(&["主订单编号", "子订单编号", "选购商品", "商品数量", "商家编码", "商品单价", "订单应付金额", "收件人", "收件人手机号", "订单提交时间", "支付完成时间", "订单状态"]);
        let m = suggest(Target::Mall2030, &t);
        assert_eq!(m.platform.as_deref(), Some("douyin_items"));
        assert_eq!(column_of(&m, "Dtls.Amount").as_deref(), Some("订单应付金额"));
        assert_eq!(source_of(&m, "TotalMoney"), Some(Source::DeriveSum));
        assert!(!m.fields.iter().any(|f| f.path == "DataOrigin"), "2030 has no code for Douyin");
        let generic = suggest_with(Target::Mall2030, &t, None, Layout::Generic);
        assert_eq!(generic.platform, None);
    }
}
