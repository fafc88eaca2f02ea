//! What a column holds, read from its values rather than its header: the kind of value
//! (money, whole number, identifier, date-time, words), whether it repeats over an order's
//! rows or varies per line, and how often it is empty. [`crate::suggest`] uses it never to
//! offer a product title for an amount, an order total for a line amount, or a name for an id.
//!
//! Only the first [`SAMPLE_ROWS`] rows are looked at: enough to see a column's nature, and
//! cheap on a 500,000-row export.

use std::collections::HashMap;

use crate::assemble::join_key;
use crate::table::{Cell, Table};
use crate::value;

pub const SAMPLE_ROWS: usize = 2000;

/// The kind of values a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// No value in the sample.
    Empty,
    /// Numbers with cents, or with a currency sign (`¥59.90`).
    Money,
    /// Small whole numbers (quantities, counts; also money without cents).
    Int,
    /// Identifiers: long digit strings, codes of letters, digits and dashes, phones
    /// (masked ones too), numbers Excel has mangled.
    Id,
    DateTime,
    /// Free text: words, names, addresses, titles.
    Words,
}

/// Whether a column's value belongs to the order or to each line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grain {
    /// The same on every row of an order (an order field, or an order total repeated).
    Order,
    /// Different between rows of one order somewhere in the sample.
    Line,
    /// No order with several rows to tell from.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ColumnProfile {
    pub kind: ValueKind,
    pub grain: Grain,
    /// Share of the sampled rows with a value (0..1).
    pub filled: f64,
}

/// Profile every column of `table`; grain is judged against the order-number column `key`.
pub fn profile(table: &Table, key: Option<usize>) -> Vec<ColumnProfile> {
    let rows = table.len().min(SAMPLE_ROWS);
    // Rows of each order in the sample, for the grain.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    if let Some(k) = key {
        let mut by_key: HashMap<String, usize> = HashMap::new();
        for r in 0..rows {
            let cell = &table.row(r)[k];
            // A mangled number (6.90001E+18) stands for many orders: it groups nothing.
            if cell.is_blank() || cell.lost_precision() {
                continue;
            }
            let g = *by_key.entry(join_key(cell)).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
            groups[g].push(r);
        }
        groups.retain(|g| g.len() > 1);
    }
    (0..table.width())
        .map(|c| {
            let cells = (0..rows).map(|r| &table.row(r)[c]);
            let kinds: Vec<ValueKind> = cells.filter(|cell| !cell.is_blank()).map(kind_of).collect();
            let filled = if rows == 0 { 0.0 } else { kinds.len() as f64 / rows as f64 };
            ColumnProfile { kind: column_kind(&kinds), grain: grain(table, c, &groups), filled }
        })
        .collect()
}

/// The kind of one non-blank cell.
pub fn kind_of(cell: &Cell) -> ValueKind {
    match cell {
        Cell::Empty => ValueKind::Empty,
        Cell::DateTime(_) => ValueKind::DateTime,
        Cell::Number(n) if n.fract() != 0.0 => ValueKind::Money,
        // Seven digits and more: an order number, a phone, a barcode — not a quantity.
        Cell::Number(n) if n.abs() >= 1e7 => ValueKind::Id,
        Cell::Number(_) => ValueKind::Int,
        Cell::Bool(_) | Cell::Error(_) => ValueKind::Words,
        Cell::Text(s) => text_kind(s.trim()),
    }
}

fn text_kind(s: &str) -> ValueKind {
    let digits = s.bytes().all(|b| b.is_ascii_digit());
    if digits {
        return if s.len() >= 7 || (s.len() > 1 && s.starts_with('0')) { ValueKind::Id } else { ValueKind::Int };
    }
    if Cell::Text(s.into()).lost_precision() {
        return ValueKind::Id;
    }
    let has_separator = s.contains(['-', '/', ':', '年', '.']);
    if has_separator
        && s.chars().any(|c| c.is_ascii_digit())
        && value::datetime(&Cell::Text(s.into()), chrono_tz::Asia::Shanghai).is_some()
        && !s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
    {
        return ValueKind::DateTime;
    }
    if let Some(m) = value::money(&Cell::Text(s.into())) {
        let plain = s.bytes().all(|b| b.is_ascii_digit() || b == b'-' || b == b'+');
        return if plain && m.fract().is_zero() { ValueKind::Int } else { ValueKind::Money };
    }
    // Codes: letters, digits and a few joiners, at least one digit, no spaces or words.
    let code = s.chars().all(|c| c.is_ascii_alphanumeric() || "-_*#.+@".contains(c)) && s.chars().any(|c| c.is_ascii_digit());
    if code { ValueKind::Id } else { ValueKind::Words }
}

/// A column's kind from its cells' kinds: the kind of two in three of them (a few bad
/// values are what validation is for, not a reason to call a time column text), where
/// whole numbers among money count as money and among identifiers as identifiers.
fn column_kind(kinds: &[ValueKind]) -> ValueKind {
    if kinds.is_empty() {
        return ValueKind::Empty;
    }
    let count = |k: ValueKind| kinds.iter().filter(|&&x| x == k).count();
    let n = kinds.len();
    let most = |k: usize| k * 3 >= n * 2;
    let (money, int, id) = (count(ValueKind::Money), count(ValueKind::Int), count(ValueKind::Id));
    if money > 0 && most(money + int) {
        ValueKind::Money
    } else if most(int) {
        ValueKind::Int
    } else if id > 0 && most(id + int) {
        ValueKind::Id
    } else if most(count(ValueKind::DateTime)) {
        ValueKind::DateTime
    } else {
        ValueKind::Words
    }
}

/// Order grain when the column repeats over every sampled order with several rows (blank
/// later rows allowed: many exports fill order columns on the first row only).
fn grain(table: &Table, c: usize, groups: &[Vec<usize>]) -> Grain {
    if groups.is_empty() {
        return Grain::Unknown;
    }
    let varies = groups.iter().any(|g| {
        let first = &table.row(g[0])[c];
        g[1..].iter().any(|&r| {
            let cell = &table.row(r)[c];
            !cell.is_blank() && cell.display() != first.display()
        })
    });
    if varies { Grain::Line } else { Grain::Order }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell {
        if s.is_empty() { Cell::Empty } else { Cell::Text(s.into()) }
    }

    #[test]
    fn kinds_of_cells() {
        assert_eq!(kind_of(&t("59.90")), ValueKind::Money);
        assert_eq!(kind_of(&t("¥59.90")), ValueKind::Money);
        assert_eq!(kind_of(&Cell::Number(69.9)), ValueKind::Money);
        assert_eq!(kind_of(&t("2")), ValueKind::Int);
        assert_eq!(kind_of(&Cell::Number(3.0)), ValueKind::Int);
        assert_eq!(kind_of(&t("6947551234567890123")), ValueKind::Id);
        assert_eq!(kind_of(&t("260517-607198974342268")), ValueKind::Id);
        assert_eq!(kind_of(&t("6.94755E+18")), ValueKind::Id);
        assert_eq!(kind_of(&t("138****1234")), ValueKind::Id);
        assert_eq!(kind_of(&t("TS-1001-BLK")), ValueKind::Id);
        assert_eq!(kind_of(&t("0571")), ValueKind::Id);
        assert_eq!(kind_of(&Cell::Number(13812345678.0)), ValueKind::Id);
        assert_eq!(kind_of(&t("2026-09-26 08:17:00")), ValueKind::DateTime);
        assert_eq!(kind_of(&t("2026/9/26 8:17")), ValueKind::DateTime);
        assert_eq!(kind_of(&t("纯棉短袖T恤 白色 L码")), ValueKind::Words);
        assert_eq!(kind_of(&t("交易成功")), ValueKind::Words);
        assert_eq!(kind_of(&t("tb_12345678")), ValueKind::Id);
    }

    fn table(columns: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            sheet: "s".into(),
            header_row: 1,
            columns: columns.iter().map(|c| c.to_string()).collect(),
            cells: rows.iter().flat_map(|r| r.iter().map(|s| t(s))).collect(),
            row_numbers: (2..2 + rows.len() as u32).collect(),
        }
    }

    #[test]
    fn kinds_and_grains_of_columns() {
        let tb = table(
            &["订单号", "商品名称", "订购数量", "商品金额", "订单金额", "下单时间", "备注"],
            &[
                &["310011234567", "保温杯", "1", "59.90", "179.70", "2026-09-26 08:17:00", ""],
                &["310011234567", "T恤", "2", "119.80", "179.70", "", ""],
                &["310021234567", "耳机", "1", "299.00", "299.00", "2026-09-27 10:00:00", "尽快发货"],
                &["310031234567", "绿茶", "1", "88.00", "176.00", "2026-09-28 10:00:00", ""],
                &["310031234567", "绿茶", "1", "88.00", "176.00", "2026-09-28 10:00:00", ""],
            ],
        );
        let p = profile(&tb, Some(0));
        let kinds: Vec<ValueKind> = p.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [ValueKind::Id, ValueKind::Words, ValueKind::Int, ValueKind::Money, ValueKind::Money, ValueKind::DateTime, ValueKind::Words]);
        assert_eq!(p[0].grain, Grain::Order);
        assert_eq!(p[1].grain, Grain::Line);
        assert_eq!(p[3].grain, Grain::Line);
        assert_eq!(p[4].grain, Grain::Order, "the order total repeats on every line");
        assert_eq!(p[5].grain, Grain::Order, "blank later rows do not make a column vary");
        assert!((p[6].filled - 0.2).abs() < 1e-9);
        assert_eq!(profile(&tb, None)[4].grain, Grain::Unknown);
    }
}
