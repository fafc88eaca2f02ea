//! The preview of one file: its orders, their issues, and the merchant's corrections.
//!
//! A [`Session`] owns the file's table(s) and a mapping's [`Binding`]. It groups rows into
//! orders with [`assemble::group`] and checks each with [`validate::check_order`] once, then
//! keeps indexes (row → order, order number → order) so that everything later costs one
//! order, not the file:
//!
//! * [`Session::page`] shows rows as the merchant knows them, each with the issues that
//!   point at it (optionally only rows with problems, or with one code);
//! * [`Session::edit`] overwrites one cell of the in-memory copy (the file itself is never
//!   written), regroups only the rows of the order(s) it touches — the old and the new
//!   order when an order number changes — and re-validates just those;
//! * [`Session::undo`] takes the last edit back; [`Session::edits`] / [`Session::apply_edits`]
//!   are the overlay of corrected cells, keyed by sheet row and header so that it can be
//!   stored and re-applied after a restart; [`Session::corrected_table`] is the table with
//!   the corrections, for export;
//! * [`Session::edit_group`] applies many corrections as one step (a quick fix of
//!   [`crate::fixes`]): one [`Session::undo`] takes the whole group back;
//! * [`Session::exclude_rows`] / [`Session::exclude_code`] leave orders out of the upload on
//!   purpose (「不上传」), [`Session::include_rows`] / [`Session::include_all`] bring them back;
//!   they are stored with the corrections ([`Session::edits_to_store`]) and restored by
//!   [`Session::apply_edits`], and [`Session::upload_bodies`] skips them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::assemble::{self, Order, Tables, join_key};
use crate::mapping::{Binding, BoundSource, Mapping, MappingError};
use crate::messages::Lang;
use crate::payload::{self, OrderBody};
use crate::read;
use crate::table::{Cell, Table};
use crate::validate::{self, Code, Issue, Severity, check_order};

/// Marks a row that belongs to no order (left out by the mapping's filter).
const NO_ORDER: u32 = u32::MAX;

/// Counts for the whole file, as the preview's header shows them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub orders: usize,
    pub lines: usize,
    /// Orders without an error, left out on purpose or not (see `to_upload`).
    pub valid_orders: usize,
    /// Errors and warnings of the orders still in the upload: an order left out on purpose
    /// is counted once, in `excluded`.
    pub errors: usize,
    pub warnings: usize,
    /// One entry per code present on orders still in the upload: errors first, then by
    /// count, largest first.
    pub counts: Vec<CodeCount>,
    /// The counts are of the file's first rows only, while the rest is being read
    /// (see [`Session::of_prefix`]).
    pub partial: bool,
    /// Orders the mapping's filter leaves out (not completed), counted by order number.
    pub left_out: usize,
    /// Orders the merchant leaves out of the upload on purpose (「不上传」).
    pub excluded: usize,
    /// Valid orders that are not left out: what an upload sends.
    pub to_upload: usize,
    /// Orders with an error still in the upload: not sent ([`Session::held_back`] lists them).
    /// `orders` = `to_upload` + `held_back` + `excluded`.
    pub held_back: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CodeCount {
    pub code: Code,
    pub severity: Severity,
    pub label: String,
    pub count: usize,
}

/// One row of the sheet, as displayed, with the issues that point at it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct GridRow {
    /// Index of the row in the table (what [`Session::edit`] takes).
    pub index: usize,
    /// 1-based row number in the sheet as Excel shows it.
    pub sheet_row: u32,
    pub cells: Vec<String>,
    pub issues: Vec<GridIssue>,
    /// The mapping's filter leaves this row out (its order is not completed).
    pub left_out: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct GridIssue {
    /// Index of the column at fault in this table; `None` for an issue about the whole
    /// order, a field the mapping leaves out, or a cell of the item file of a two-file export.
    pub column: Option<usize>,
    /// The target field path (`"dateOrder"`), so that an issue without a column can lead
    /// to the field in the mapping; `None` for an issue about the order as a whole.
    pub field: Option<String>,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Page {
    /// Rows matching the request (the whole table, or the rows with problems).
    pub total: usize,
    pub rows: Vec<GridRow>,
}

/// One corrected cell, located as the merchant sees it (stable across re-reading the file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellEdit {
    /// 1-based sheet row.
    pub row: u32,
    /// Header of the column.
    pub column: String,
    pub value: String,
}

/// An order left out of the upload on purpose, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Excluded {
    /// The order number as the merchant sees it.
    pub order: String,
    /// 1-based sheet row of the order's first row.
    pub row: u32,
    /// The problem it was left out for; `None` when the merchant picked the order itself.
    pub code: Option<Code>,
    /// The reason in the session's language (for the results file and the list).
    pub reason: String,
}

/// The `column` of a stored [`CellEdit`] that records an exclusion rather than a cell: its
/// `row` is the order's first sheet row and its `value` the code id (empty when picked by
/// hand). Headers are trimmed, so no column of a file can have this name; it lets the
/// corrections store keep exclusions beside the corrections without a schema of its own.
pub const EXCLUDED_COLUMN: &str = " orderdock:不上传";

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SessionError {
    #[error("no cell at row {row}, column {column}")]
    NoSuchCell { row: usize, column: usize },
}

/// An issue with the table row (and column) it is shown on.
#[derive(Debug, Clone)]
pub(crate) struct Located {
    pub(crate) row: usize,
    pub(crate) column: Option<usize>,
    pub(crate) issue: Issue,
}

/// Running totals, kept up to date order by order.
#[derive(Debug, Clone, Default)]
struct Stats {
    orders: usize,
    lines: usize,
    valid_orders: usize,
    errors: usize,
    warnings: usize,
    codes: HashMap<Code, usize>,
    excluded: usize,
    excluded_valid: usize,
}

/// One entry of the undo history: the cell's value before the change, and the step it
/// belongs to (the cells of one quick fix share a step).
#[derive(Debug, Clone)]
struct Undo {
    row: usize,
    column: usize,
    before: Cell,
    step: u64,
}

pub struct Session {
    pub(crate) main: Table,
    /// The item file of a two-file export.
    pub(crate) lines: Option<Table>,
    pub(crate) binding: Binding,
    pub(crate) lang: Lang,
    /// Anchors the time-window rules, fixed when the session is made so that the counts
    /// do not drift while the merchant edits.
    now: DateTime<Utc>,
    /// Orders by slot; an order emptied by an edit keeps its slot with no rows.
    pub(crate) orders: Vec<Order>,
    /// Each slot's join key (see [`assemble::join_key`]); `None` for a blank order number.
    pub(crate) keys: Vec<Option<String>>,
    pub(crate) issues: Vec<Vec<Located>>,
    row_order: Vec<u32>,
    by_key: HashMap<String, usize>,
    /// Two-file exports: join key → rows of the item table carrying it.
    item_rows: HashMap<String, Vec<usize>>,
    stats: Stats,
    /// The value each edited cell had in the file, keyed by (row, column).
    originals: HashMap<(usize, usize), Cell>,
    undo: Vec<Undo>,
    /// The last undo step handed out.
    steps: u64,
    /// Orders left out on purpose, by join key (`""` for orders without a number), with the
    /// code they were left out for.
    excluded: HashMap<String, Option<Code>>,
    /// Rows with problems for the last filter asked for; cleared by every change.
    problems: Option<(Option<Code>, Vec<usize>)>,
    /// Order numbers known from earlier uploads (see [`Session::set_known_order_numbers`]).
    pub(crate) known_numbers: Vec<String>,
    /// Made by [`Session::of_prefix`]: the table is the file's beginning only.
    partial: bool,
    /// Orders the filter leaves out (see [`Summary::left_out`]).
    left_out: usize,
}

impl Session {
    /// Bind `mapping` to the table(s), group and validate every order.
    pub fn new(main: Table, lines: Option<Table>, mapping: &Mapping, lang: Lang, now: DateTime<Utc>) -> Result<Session, MappingError> {
        let binding = mapping.bind(&main, lines.as_ref())?;
        Ok(Session::bound(main, lines, binding, lang, now))
    }

    /// [`Session::new`] with the mapping already bound to these tables: nothing can fail, so
    /// a caller that bound first never loses the tables.
    pub fn bound(main: Table, lines: Option<Table>, binding: Binding, lang: Lang, now: DateTime<Utc>) -> Session {
        let mut s = Session {
            main,
            lines,
            binding,
            lang,
            now,
            orders: Vec::new(),
            keys: Vec::new(),
            issues: Vec::new(),
            row_order: Vec::new(),
            by_key: HashMap::new(),
            item_rows: HashMap::new(),
            stats: Stats::default(),
            originals: HashMap::new(),
            undo: Vec::new(),
            steps: 0,
            excluded: HashMap::new(),
            known_numbers: Vec::new(),
            problems: None,
            partial: false,
            left_out: 0,
        };
        s.rebuild();
        s
    }

    /// A session over the first rows of a file still being read (a
    /// [`read::Preview`](crate::read::Preview) that is not complete), so that the merchant
    /// sees the first page at once. The rows of the last order number are left out: its
    /// other lines may be further down, and an order cut in two would show a wrong total.
    /// Edits work as usual; carry them to the whole file's session with [`Session::edits`].
    pub fn of_prefix(mut main: Table, mapping: &Mapping, lang: Lang, now: DateTime<Utc>) -> Result<Session, MappingError> {
        let binding = mapping.bind(&main, None)?;
        if let BoundSource::Column(c) = binding.fields[binding.key].source
            && let Some(last) = main.len().checked_sub(1).map(|r| join_key(&main.row(r)[c]))
            && let Some(keep) = (0..main.len()).rposition(|r| join_key(&main.row(r)[c]) != last)
        {
            main.truncate(keep + 1);
        }
        let mut s = Session::new(main, None, mapping, lang, now)?;
        s.partial = true;
        Ok(s)
    }

    /// Use another mapping on the same (corrected) table; edits and undo history stay.
    pub fn remap(&mut self, mapping: &Mapping, now: DateTime<Utc>) -> Result<(), MappingError> {
        self.binding = mapping.bind(&self.main, self.lines.as_ref())?;
        self.now = now;
        self.rebuild();
        Ok(())
    }

    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// The main table with the corrections applied.
    pub fn corrected_table(&self) -> &Table {
        &self.main
    }

    /// The main table as the file has it, the corrections taken back: for a new session over
    /// it that applies them again (see [`Session::edits_to_store`]).
    pub fn into_file_table(mut self) -> Table {
        let width = self.main.width();
        for ((row, column), cell) in self.originals.drain() {
            self.main.cells[row * width + column] = cell;
        }
        self.main
    }
}

/// The stable id of a code, as in CONTRACT.md §3 (`total_mismatch`).
pub fn code_id(code: Code) -> String {
    serde_json::to_value(code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The code with this stable id (`"total_mismatch"`), among all codes.
pub fn code_by_id(id: &str) -> Option<Code> {
    serde_json::from_value(serde_json::Value::String(id.to_string())).ok()
}

mod index;
mod overlay;
mod view;

#[cfg(test)]
mod tests;
