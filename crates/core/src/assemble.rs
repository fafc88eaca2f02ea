//! Rows → orders: rows sharing an order number form one order; line items come from the
//! same rows (one row per item) or, for two-file exports, from the item file's rows that
//! carry the order's number.

use std::collections::{HashMap, HashSet};

use crate::mapping::{Binding, BoundSource};
use crate::table::{Cell, F64_EXACT_INT_LIMIT, Table};

/// One order: where its rows are. Values are typed later, by [`crate::validate`].
#[derive(Debug, Clone, PartialEq)]
pub struct Order {
    /// The order number as the merchant sees it (for a lost-precision number, Excel's text).
    pub key: String,
    /// Indices of the order's rows in the main table (not sheet row numbers).
    pub rows: Vec<usize>,
    /// Indices of its line-item rows: in the item table of a two-file export, else in the main table.
    pub lines: Vec<usize>,
}

/// The table(s) an order's values are read from.
#[derive(Debug, Clone, Copy)]
pub struct Tables<'a> {
    pub main: &'a Table,
    /// The item file of a two-file export.
    pub lines: Option<&'a Table>,
}

impl<'a> Tables<'a> {
    /// The table line fields are read from.
    pub fn line_table(&self) -> &'a Table {
        self.lines.unwrap_or(self.main)
    }
}

/// Group the main table's rows into orders, in order of first appearance, keeping only the
/// rows the mapping's filter accepts.
pub fn group(b: &Binding, t: Tables) -> Vec<Order> {
    let key_field = &b.fields[b.key];
    let line_columns: Vec<usize> = b
        .fields
        .iter()
        .filter(|f| f.is_line)
        .filter_map(|f| match f.source {
            BoundSource::Column(c) => Some(c),
            _ => None,
        })
        .collect();
    let is_line = |table: &Table, row: usize| line_columns.iter().any(|&c| !table.row(row)[c].is_blank());

    let mut orders: Vec<Order> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for row in 0..t.main.len() {
        let cells = t.main.row(row);
        if !b.keeps(cells) {
            continue;
        }
        let key_cell = match &key_field.source {
            BoundSource::Column(c) => &cells[*c],
            BoundSource::Value(v) => v,
            BoundSource::DeriveSum | BoundSource::DerivePriceQty => &Cell::Empty,
        };
        let own_line = t.lines.is_none() && is_line(t.main, row);
        if key_cell.is_blank() {
            // No order number: an order of its own, reported as `required`.
            orders.push(Order { key: String::new(), rows: vec![row], lines: if own_line { vec![row] } else { vec![] } });
            continue;
        }
        // `6.94755E+18` stands for many orders and says which rows belong together no more
        // than it says which order they are: each such row is an order of its own.
        if key_cell.lost_precision() {
            orders.push(Order { key: key_cell.display(), rows: vec![row], lines: if own_line { vec![row] } else { vec![] } });
            continue;
        }
        let idx = *by_key.entry(join_key(key_cell)).or_insert_with(|| {
            orders.push(Order { key: key_cell.display(), rows: Vec::new(), lines: Vec::new() });
            orders.len() - 1
        });
        orders[idx].rows.push(row);
        if own_line {
            orders[idx].lines.push(row);
        }
    }

    if let (Some(items), Some(key_col)) = (t.lines, b.lines_key) {
        for row in 0..items.len() {
            let cell = &items.row(row)[key_col];
            if cell.is_blank() || !is_line(items, row) {
                continue;
            }
            if let Some(&idx) = by_key.get(&join_key(cell)) {
                orders[idx].lines.push(row);
            }
        }
    }
    orders
}

/// How many orders the mapping's filter leaves out: order numbers none of whose rows it
/// keeps (an order it keeps in part is still uploaded, with the rows it keeps).
pub fn left_out(b: &Binding, main: &Table) -> usize {
    if b.filter.is_none() {
        return 0;
    }
    let BoundSource::Column(key) = b.fields[b.key].source else {
        return 0;
    };
    let mut kept = HashSet::new();
    let mut out = HashSet::new();
    // A row whose order number Excel mangled is an order of its own (see [`group`]).
    let mut mangled = 0;
    for r in 0..main.len() {
        let cells = main.row(r);
        match (cells[key].is_blank(), b.keeps(cells)) {
            (true, _) => {}
            (false, false) if cells[key].lost_precision() => mangled += 1,
            (false, true) => _ = kept.insert(join_key(&cells[key])),
            (false, false) => _ = out.insert(join_key(&cells[key])),
        }
    }
    out.difference(&kept).count() + mangled
}

/// The text orders are grouped and joined by: exact digits for any number, so that two
/// different long numbers Excel shows alike are not merged.
pub fn join_key(cell: &Cell) -> String {
    match cell {
        Cell::Number(n) if n.abs() >= F64_EXACT_INT_LIMIT => format!("{n}"),
        other => other.display(),
    }
}
