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
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub orders: usize,
    pub lines: usize,
    pub valid_orders: usize,
    pub errors: usize,
    pub warnings: usize,
    /// One entry per code present: errors first, then by count, largest first.
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
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeCount {
    pub code: Code,
    pub severity: Severity,
    pub label: String,
    pub count: usize,
}

/// One row of the sheet, as displayed, with the issues that point at it.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
        Ok(s)
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

    /// Group and validate everything (at creation, after a new mapping or restored edits).
    fn rebuild(&mut self) {
        let t = Tables { main: &self.main, lines: self.lines.as_ref() };
        let orders = assemble::group(&self.binding, t);
        // Validation is the bulk of the work on a large file: split it over the cores.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
        let chunk = orders.len().div_ceil(threads).max(1);
        let (b, now) = (&self.binding, self.now);
        let issues: Vec<Vec<Issue>> = std::thread::scope(|scope| {
            let handles: Vec<_> = orders.chunks(chunk).map(|part| scope.spawn(move || part.iter().map(|o| check_order(b, t, o, now).1).collect::<Vec<_>>())).collect();
            // A worker's panic is a bug: let it surface rather than leave issues misaligned.
            handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))).collect()
        });
        self.keys = orders.iter().map(|o| self.key_of(o)).collect();
        self.issues = orders.iter().zip(issues).map(|(o, i)| self.locate(o, i)).collect();
        self.orders = orders;
        self.row_order = vec![NO_ORDER; self.main.len()];
        self.by_key.clear();
        self.stats = Stats::default();
        for slot in 0..self.orders.len() {
            self.attach(slot);
        }
        self.item_rows.clear();
        if let (Some(items), Some(col)) = (&self.lines, self.binding.lines_key) {
            for row in 0..items.len() {
                let cell = &items.row(row)[col];
                if !cell.is_blank() {
                    self.item_rows.entry(join_key(cell)).or_default().push(row);
                }
            }
        }
        self.problems = None;
        self.count_left_out();
    }

    fn count_left_out(&mut self) {
        self.left_out = assemble::left_out(&self.binding, &self.main);
    }

    /// True when an edit of `column` can change how many orders the filter leaves out: the
    /// filter's own column, or the order number (a left-out row may join a kept order, or leave it).
    fn is_filter_column(&self, column: usize) -> bool {
        let key = matches!(self.binding.fields[self.binding.key].source, BoundSource::Column(c) if c == column);
        self.binding.filter.as_ref().is_some_and(|(c, _)| *c == column || key)
    }

    /// The order-number cell of an order's first row, as a join key.
    fn key_of(&self, o: &Order) -> Option<String> {
        let row = *o.rows.first()?;
        self.key_cell(row).filter(|c| !c.is_blank()).map(join_key)
    }

    fn key_cell(&self, row: usize) -> Option<&Cell> {
        match &self.binding.fields[self.binding.key].source {
            BoundSource::Column(c) => Some(&self.main.row(row)[*c]),
            BoundSource::Value(v) => Some(v),
            BoundSource::DeriveSum | BoundSource::DerivePriceQty => None,
        }
    }

    /// Put each issue on the table row (and column) the merchant will see it on.
    fn locate(&self, o: &Order, issues: Vec<Issue>) -> Vec<Located> {
        issues
            .into_iter()
            .map(|issue| {
                if issue.lines_file {
                    // The item file is not on screen: show it on the order's first row.
                    return Located { row: o.rows[0], column: None, issue };
                }
                let nums = &self.main.row_numbers;
                let at = o.rows.partition_point(|&r| nums[r] < issue.row);
                let row = o.rows.get(at).copied().filter(|&r| nums[r] == issue.row).unwrap_or(o.rows[0]);
                let column = issue.column.as_deref().and_then(|c| self.main.column_index(c));
                Located { row, column, issue }
            })
            .collect()
    }

    /// Index slot's rows and key, and add its counts.
    fn attach(&mut self, slot: usize) {
        let o = &self.orders[slot];
        if o.rows.is_empty() {
            return;
        }
        for &r in &o.rows {
            self.row_order[r] = slot as u32;
        }
        if let Some(k) = &self.keys[slot] {
            self.by_key.entry(k.clone()).or_insert(slot);
        }
        self.tally(slot, true);
    }

    /// Remove slot's rows, key and counts; the slot is left empty.
    fn detach(&mut self, slot: usize) {
        if self.orders[slot].rows.is_empty() {
            return;
        }
        self.tally(slot, false);
        for &r in &self.orders[slot].rows {
            self.row_order[r] = NO_ORDER;
        }
        if let Some(k) = self.keys[slot].take()
            && self.by_key.get(&k) == Some(&slot)
        {
            self.by_key.remove(&k);
        }
        self.orders[slot] = Order { key: String::new(), rows: Vec::new(), lines: Vec::new() };
        self.issues[slot].clear();
    }

    fn tally(&mut self, slot: usize, add: bool) {
        let step = |n: &mut usize, by: usize| if add { *n += by } else { *n -= by };
        let s = &mut self.stats;
        step(&mut s.orders, 1);
        step(&mut s.lines, self.orders[slot].lines.len());
        let mut valid = true;
        for l in &self.issues[slot] {
            match l.issue.severity {
                Severity::Error => {
                    valid = false;
                    step(&mut s.errors, 1)
                }
                Severity::Warning => step(&mut s.warnings, 1),
            }
            step(s.codes.entry(l.issue.code).or_default(), 1);
        }
        step(&mut s.valid_orders, valid as usize);
        if self.excluded.contains_key(self.keys[slot].as_deref().unwrap_or_default()) {
            step(&mut s.excluded, 1);
            step(&mut s.excluded_valid, valid as usize);
        }
        s.codes.retain(|_, n| *n > 0);
    }

    pub fn summary(&self) -> Summary {
        let s = &self.stats;
        let target = self.binding.target;
        let mut counts: Vec<CodeCount> = s.codes.iter().map(|(&code, &count)| CodeCount { code, severity: code.severity(target), label: code.label(self.lang).to_string(), count }).collect();
        counts.sort_by(|a, b| (a.severity != Severity::Error, std::cmp::Reverse(a.count), &a.label).cmp(&(b.severity != Severity::Error, std::cmp::Reverse(b.count), &b.label)));
        Summary {
            orders: s.orders,
            lines: s.lines,
            valid_orders: s.valid_orders,
            errors: s.errors,
            warnings: s.warnings,
            counts,
            partial: self.partial,
            left_out: self.left_out,
            excluded: s.excluded,
            to_upload: s.valid_orders.saturating_sub(s.excluded_valid),
        }
    }

    /// The code with this stable id (`"total_mismatch"`) among those present in the file.
    pub fn code_named(&self, id: &str) -> Option<Code> {
        self.stats.codes.keys().copied().find(|c| code_id(*c) == id)
    }

    /// `limit` rows from `offset`: of the whole table, or (`only_problems`, or a `code`)
    /// of the rows that have an issue (with that code).
    pub fn page(&mut self, offset: usize, limit: usize, only_problems: bool, code: Option<Code>) -> Page {
        if !only_problems && code.is_none() {
            let end = offset.saturating_add(limit).min(self.main.len());
            let rows = (offset.min(end)..end).map(|r| self.grid_row(r)).collect();
            return Page { total: self.main.len(), rows };
        }
        let list = self.problem_rows(code);
        let total = list.len();
        let picked: Vec<usize> = list.iter().skip(offset).take(limit).copied().collect();
        Page { total, rows: picked.into_iter().map(|r| self.grid_row(r)).collect() }
    }

    /// Rows with an issue (with `code`), in table order; kept until the next change.
    fn problem_rows(&mut self, code: Option<Code>) -> &[usize] {
        if self.problems.as_ref().is_none_or(|(c, _)| *c != code) {
            let rows = (0..self.main.len())
                .filter(|&r| {
                    let slot = self.row_order[r];
                    slot != NO_ORDER && self.issues[slot as usize].iter().any(|l| l.row == r && code.is_none_or(|c| l.issue.code == c))
                })
                .collect();
            self.problems = Some((code, rows));
        }
        self.problems.as_ref().map_or(&[], |(_, rows)| rows.as_slice())
    }

    fn grid_row(&self, r: usize) -> GridRow {
        let target = self.binding.target;
        let slot = self.row_order[r];
        let issues = if slot == NO_ORDER { &[][..] } else { &self.issues[slot as usize][..] };
        GridRow {
            index: r,
            sheet_row: self.main.row_numbers[r],
            cells: self.main.row(r).iter().map(Cell::display).collect(),
            issues: issues
                .iter()
                .filter(|l| l.row == r)
                .map(|l| GridIssue { column: l.column, field: l.issue.field.clone(), code: l.issue.code, severity: l.issue.severity, message: l.issue.message(target, self.lang) })
                .collect(),
            left_out: !self.binding.keeps(self.main.row(r)),
        }
    }

    /// Every issue of the file, order by order (for the problem list export).
    pub fn issues(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().flatten().map(|l| &l.issue)
    }

    /// The sentence for an issue in the session's language.
    pub fn message(&self, issue: &Issue) -> String {
        issue.message(self.binding.target, self.lang)
    }

    /// Correct one cell and re-validate the order(s) it belongs to; returns every row of
    /// those orders (and the edited row), as they now are.
    pub fn edit(&mut self, index: usize, column: usize, value: &str) -> Result<Vec<GridRow>, SessionError> {
        if index >= self.main.len() || column >= self.main.width() {
            return Err(SessionError::NoSuchCell { row: index, column });
        }
        let cell = edited_cell(value);
        if self.main.row(index)[column] == cell {
            return Ok(vec![self.grid_row(index)]);
        }
        self.steps += 1;
        self.put(index, column, cell, self.steps);
        let rows = self.refresh(index);
        if self.is_filter_column(column) {
            self.count_left_out();
        }
        Ok(rows)
    }

    /// Overwrite one cell, remembering the file's value and what to undo.
    fn put(&mut self, row: usize, column: usize, cell: Cell, step: u64) {
        let at = row * self.main.width() + column;
        let before = std::mem::replace(&mut self.main.cells[at], cell);
        self.originals.entry((row, column)).or_insert_with(|| before.clone());
        self.undo.push(Undo { row, column, before, step });
    }

    /// Apply `edits` (located like stored corrections) as one step, re-validate and return
    /// the rows of the orders they touch: one [`Session::undo`] takes them all back. Edits
    /// naming no cell of the table, or no change, are skipped; returns how many were applied
    /// with the rows.
    pub fn edit_group(&mut self, edits: &[CellEdit]) -> (usize, Vec<GridRow>) {
        let step = self.steps + 1;
        let mut touched = Vec::new();
        for e in edits {
            let Some((r, c)) = self.locate_edit(e) else { continue };
            let cell = edited_cell(&e.value);
            if self.main.row(r)[c] != cell {
                self.put(r, c, cell, step);
                touched.push((r, c));
            }
        }
        if touched.is_empty() {
            return (0, Vec::new());
        }
        self.steps = step;
        (touched.len(), self.refresh_all(&touched))
    }

    /// Re-validate after the cells `touched` changed: order by order for a few, the whole
    /// file (one pass) for many or when order numbers moved rows between orders.
    fn refresh_all(&mut self, touched: &[(usize, usize)]) -> Vec<GridRow> {
        let key_column = match self.binding.fields[self.binding.key].source {
            BoundSource::Column(c) => Some(c),
            _ => None,
        };
        let mut rows: Vec<usize> = touched.iter().map(|&(r, _)| r).collect();
        rows.sort_unstable();
        rows.dedup();
        let filter = touched.iter().any(|&(_, c)| self.is_filter_column(c));
        if rows.len() > 64 || touched.iter().any(|&(_, c)| Some(c) == key_column) {
            self.rebuild();
            let mut shown: Vec<usize> = rows.iter().flat_map(|&r| self.order_rows(r)).collect();
            shown.sort_unstable();
            shown.dedup();
            return shown.into_iter().map(|r| self.grid_row(r)).collect();
        }
        let mut shown: Vec<GridRow> = Vec::new();
        for r in rows {
            for g in self.refresh(r) {
                match shown.iter_mut().find(|s| s.index == g.index) {
                    Some(s) => *s = g,
                    None => shown.push(g),
                }
            }
        }
        if filter {
            self.count_left_out();
        }
        shown.sort_by_key(|g| g.index);
        shown
    }

    /// The table rows of the order row `r` belongs to (just `r` when it belongs to none).
    fn order_rows(&self, r: usize) -> Vec<usize> {
        match self.row_order[r] {
            NO_ORDER => vec![r],
            slot => self.orders[slot as usize].rows.clone(),
        }
    }

    /// The table cell a stored correction names, if the table has it.
    fn locate_edit(&self, e: &CellEdit) -> Option<(usize, usize)> {
        if e.column == EXCLUDED_COLUMN {
            return None;
        }
        let r = self.main.row_numbers.binary_search(&e.row).ok()?;
        Some((r, self.main.column_index(&e.column)?))
    }

    /// Take the last edit (or the last group of edits, see [`Session::edit_group`]) back;
    /// `None` when there is nothing to undo.
    pub fn undo(&mut self) -> Option<Vec<GridRow>> {
        let step = self.undo.last()?.step;
        let mut touched = Vec::new();
        while self.undo.last().is_some_and(|u| u.step == step) {
            let Some(Undo { row, column, before, .. }) = self.undo.pop() else { break };
            if self.originals.get(&(row, column)) == Some(&before) {
                self.originals.remove(&(row, column));
            }
            let width = self.main.width();
            self.main.cells[row * width + column] = before;
            touched.push((row, column));
        }
        if let [(row, column)] = touched[..] {
            let rows = self.refresh(row);
            if self.is_filter_column(column) {
                self.count_left_out();
            }
            return Some(rows);
        }
        Some(self.refresh_all(&touched))
    }

    /// The corrected cells that differ from the file, in the order they were last typed:
    /// restored with [`Session::apply_edits`], they undo in the same order as before.
    pub fn edits(&self) -> Vec<CellEdit> {
        let last_typed: HashMap<(usize, usize), usize> = self.undo.iter().enumerate().map(|(i, u)| ((u.row, u.column), i)).collect();
        let mut cells: Vec<(usize, usize)> = self.originals.iter().filter(|&(&(r, c), orig)| self.main.row(r)[c] != *orig).map(|(k, _)| *k).collect();
        cells.sort_unstable_by_key(|k| (last_typed.get(k).copied().unwrap_or(usize::MAX), *k));
        cells.into_iter().map(|(r, c)| CellEdit { row: self.main.row_numbers[r], column: self.main.columns[c].clone(), value: self.main.row(r)[c].display() }).collect()
    }

    /// What to store after a change: [`Session::edits`], then the exclusions (as
    /// [`EXCLUDED_COLUMN`] entries), and for a session over a file's first rows
    /// ([`Session::of_prefix`]) the `stored` entries further down, which it cannot see but
    /// must not drop.
    pub fn edits_to_store(&self, stored: &[CellEdit]) -> Vec<CellEdit> {
        let mut edits = self.edits();
        edits.extend(self.excluded().into_iter().map(|x| CellEdit { row: x.row, column: EXCLUDED_COLUMN.into(), value: x.code.map(code_id).unwrap_or_default() }));
        if self.partial {
            let last = self.main.row_numbers.last().copied().unwrap_or(0);
            edits.extend(stored.iter().filter(|e| e.row > last).cloned());
        }
        edits
    }

    /// Re-apply stored corrections and exclusions (after a restart) and re-validate; each
    /// correction can be undone like an edit made now. Entries whose row or column the table
    /// does not have are skipped; returns how many were applied.
    pub fn apply_edits(&mut self, edits: &[CellEdit]) -> usize {
        let mut applied = 0;
        for e in edits {
            let Some((r, c)) = self.locate_edit(e) else { continue };
            let cell = edited_cell(&e.value);
            if self.main.row(r)[c] == cell {
                continue;
            }
            self.steps += 1;
            self.put(r, c, cell, self.steps);
            applied += 1;
        }
        if applied > 0 {
            self.rebuild();
        }
        // Exclusions name an order by its first row: found once the corrections are in.
        let exclusions: Vec<(usize, Option<Code>)> =
            edits.iter().filter(|e| e.column == EXCLUDED_COLUMN).filter_map(|e| Some((self.main.row_numbers.binary_search(&e.row).ok()?, code_by_id(&e.value)))).collect();
        for (row, code) in exclusions {
            applied += self.exclude_slots(&[row], code);
        }
        applied
    }

    /// Leave the orders of these table rows out of the upload (picked by the merchant);
    /// returns how many orders were newly left out.
    pub fn exclude_rows(&mut self, rows: &[usize]) -> usize {
        self.exclude_slots(rows, None)
    }

    /// Leave every order with an issue of `code` out of the upload; returns how many
    /// orders were newly left out.
    pub fn exclude_code(&mut self, code: Code) -> usize {
        let rows: Vec<usize> = (0..self.orders.len()).filter(|&s| self.issues[s].iter().any(|l| l.issue.code == code)).map(|s| self.orders[s].rows[0]).collect();
        self.exclude_slots(&rows, Some(code))
    }

    fn exclude_slots(&mut self, rows: &[usize], code: Option<Code>) -> usize {
        let mut slots: Vec<usize> = rows.iter().filter_map(|&r| self.row_order.get(r).copied()).filter(|&s| s != NO_ORDER).map(|s| s as usize).collect();
        slots.sort_unstable();
        slots.dedup();
        let keys: Vec<String> = slots.iter().map(|&s| self.keys[s].clone().unwrap_or_default()).filter(|k| !self.excluded.contains_key(k)).collect();
        self.set_excluded(&keys, Some(code))
    }

    /// Bring the orders of these table rows back into the upload; returns how many.
    pub fn include_rows(&mut self, rows: &[usize]) -> usize {
        let keys: Vec<String> = rows
            .iter()
            .filter_map(|&r| self.row_order.get(r).copied())
            .filter(|&s| s != NO_ORDER)
            .map(|s| self.keys[s as usize].clone().unwrap_or_default())
            .filter(|k| self.excluded.contains_key(k))
            .collect();
        self.set_excluded(&keys, None)
    }

    /// Bring every order left out on purpose back into the upload; returns how many.
    pub fn include_all(&mut self) -> usize {
        let keys: Vec<String> = self.excluded.keys().cloned().collect();
        self.set_excluded(&keys, None)
    }

    /// Exclude (`Some(code)`) or include (`None`) the orders with these keys, keeping the
    /// counts right: the orders' counts are taken out and put back around the change.
    fn set_excluded(&mut self, keys: &[String], exclude: Option<Option<Code>>) -> usize {
        if keys.is_empty() {
            return 0;
        }
        let wanted: std::collections::HashSet<&str> = keys.iter().map(String::as_str).collect();
        let slots: Vec<usize> = (0..self.orders.len()).filter(|&s| !self.orders[s].rows.is_empty() && wanted.contains(self.keys[s].as_deref().unwrap_or_default())).collect();
        for &s in &slots {
            self.tally(s, false);
        }
        for k in keys {
            match exclude {
                Some(code) => self.excluded.insert(k.clone(), code),
                None => self.excluded.remove(k),
            };
        }
        for &s in &slots {
            self.tally(s, true);
        }
        keys.len()
    }

    /// True when the order in `slot` is left out on purpose.
    pub(crate) fn is_excluded(&self, slot: usize) -> bool {
        self.excluded.contains_key(self.keys[slot].as_deref().unwrap_or_default())
    }

    /// The orders left out on purpose, in file order, with the reason in the session's language.
    pub fn excluded(&self) -> Vec<Excluded> {
        if self.excluded.is_empty() {
            return Vec::new();
        }
        let mut seen = std::collections::HashSet::new();
        (0..self.orders.len())
            .filter(|&s| !self.orders[s].rows.is_empty() && self.is_excluded(s))
            .filter(|&s| seen.insert(self.keys[s].clone()))
            .map(|s| {
                let code = self.excluded.get(self.keys[s].as_deref().unwrap_or_default()).copied().flatten();
                Excluded { order: self.orders[s].key.clone(), row: self.main.row_numbers[self.orders[s].rows[0]], code, reason: crate::messages::exclusion_reason(code, self.lang) }
            })
            .collect()
    }

    /// The corrected main table without the rows of orders left out on purpose: the file
    /// to upload from (`orderdock fix --out`).
    pub fn corrected_without_excluded(&self) -> Table {
        let out = self.excluded_rows();
        let rows: Vec<usize> = (0..self.main.len()).filter(|r| out.binary_search(r).is_err()).collect();
        sub_table(&self.main, &rows)
    }

    /// Regroup the rows around `row` (its old order and the order its number now names),
    /// re-validate those orders and return their rows.
    fn refresh(&mut self, row: usize) -> Vec<GridRow> {
        self.problems = None;
        let old = Some(self.row_order[row]).filter(|&s| s != NO_ORDER).map(|s| s as usize);
        let new_key = self.key_cell(row).filter(|c| !c.is_blank()).map(join_key);
        let named = new_key.as_ref().and_then(|k| self.by_key.get(k).copied());
        let mut slots: Vec<usize> = old.into_iter().chain(named).collect();
        slots.dedup();

        let mut rows: Vec<usize> = slots.iter().flat_map(|&s| self.orders[s].rows.iter().copied()).chain([row]).collect();
        rows.sort_unstable();
        rows.dedup();
        let items: Option<Vec<usize>> = self.lines.as_ref().map(|_| {
            let mut items: Vec<usize> =
                slots.iter().flat_map(|&s| self.orders[s].lines.iter().copied()).chain(new_key.iter().flat_map(|k| self.item_rows.get(k).into_iter().flatten().copied())).collect();
            items.sort_unstable();
            items.dedup();
            items
        });

        // Group just these rows with the same code that grouped the file.
        let sub_main = sub_table(&self.main, &rows);
        let sub_lines = self.lines.as_ref().zip(items.as_ref()).map(|(t, items)| sub_table(t, items));
        let groups = assemble::group(&self.binding, Tables { main: &sub_main, lines: sub_lines.as_ref() });

        let previous: Vec<(usize, Option<String>)> = slots.iter().map(|&s| (s, self.keys[s].clone())).collect();
        for &s in &slots {
            self.detach(s);
        }
        let mut free = previous.clone();
        let mut touched = slots.clone();
        let mut placed: Vec<(Order, Option<String>)> = Vec::new();
        for g in groups {
            let order = Order { key: g.key, rows: g.rows.iter().map(|&i| rows[i]).collect(), lines: g.lines.iter().map(|&i| items.as_ref().map_or(rows[i], |items| items[i])).collect() };
            let key = self.key_of(&order);
            placed.push((order, key));
        }
        // An order keeps its slot when its number is unchanged; a new one takes a freed slot.
        let mut assignment: Vec<Option<usize>> = placed
            .iter()
            .map(|(_, key)| {
                let pos = free.iter().position(|(_, k)| k == key)?;
                Some(free.remove(pos).0)
            })
            .collect();
        for a in assignment.iter_mut().filter(|a| a.is_none()) {
            *a = Some(if free.is_empty() {
                self.orders.push(Order { key: String::new(), rows: Vec::new(), lines: Vec::new() });
                self.keys.push(None);
                self.issues.push(Vec::new());
                self.orders.len() - 1
            } else {
                free.remove(0).0
            });
        }
        for ((order, key), slot) in placed.into_iter().zip(assignment.into_iter().flatten()) {
            let t = Tables { main: &self.main, lines: self.lines.as_ref() };
            let found = check_order(&self.binding, t, &order, self.now).1;
            self.issues[slot] = self.locate(&order, found);
            self.orders[slot] = order;
            self.keys[slot] = key;
            self.attach(slot);
            touched.push(slot);
        }
        let mut shown: Vec<usize> = touched.iter().flat_map(|&s| self.orders[s].rows.iter().copied()).chain([row]).collect();
        shown.sort_unstable();
        shown.dedup();
        shown.into_iter().map(|r| self.grid_row(r)).collect()
    }

    /// The request bodies of the orders that are valid at `now` (validated again, since
    /// time-window rules move), and how many orders were left out as invalid. Orders left
    /// out on purpose ([`Session::exclude_rows`]) are neither sent nor counted as invalid.
    /// Orders left in the upload that cannot be sent because an error is left on them, each
    /// with its first error (for the results file: 「有错误，未上传」 and why).
    pub fn held_back(&self) -> Vec<Excluded> {
        let mut seen = std::collections::HashSet::new();
        (0..self.orders.len())
            .filter(|&s| !self.orders[s].rows.is_empty() && !self.is_excluded(s))
            .filter_map(|s| Some((s, self.issues[s].iter().find(|l| l.issue.severity == Severity::Error)?)))
            .filter(|(s, _)| seen.insert(self.keys[*s].clone()))
            .map(|(s, l)| Excluded { order: self.orders[s].key.clone(), row: self.main.row_numbers[self.orders[s].rows[0]], code: Some(l.issue.code), reason: self.message(&l.issue) })
            .collect()
    }

    pub fn upload_bodies(&self, now: DateTime<Utc>) -> (Vec<OrderBody>, usize) {
        let t = Tables { main: &self.main, lines: self.lines.as_ref() };
        let orders: Vec<Order> = (0..self.orders.len()).filter(|&s| !self.orders[s].rows.is_empty() && !self.is_excluded(s)).map(|s| self.orders[s].clone()).collect();
        let report = validate::validate(&self.binding, t, &orders, now);
        (payload::order_bodies(&self.binding, t, &orders, &report.valid, now), report.orders - report.valid_orders)
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

/// What the merchant typed, cleaned like a cell read from a file.
fn edited_cell(value: &str) -> Cell {
    let text = read::clean(value);
    if text.trim().is_empty() { Cell::Empty } else { Cell::Text(text.as_ref().into()) }
}

/// A table of just `rows` of `t` (same columns), for regrouping a few rows.
fn sub_table(t: &Table, rows: &[usize]) -> Table {
    Table {
        sheet: t.sheet.clone(),
        header_row: t.header_row,
        columns: t.columns.clone(),
        cells: rows.iter().flat_map(|&r| t.row(r).iter().cloned()).collect(),
        row_numbers: rows.iter().map(|&r| t.row_numbers[r]).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: [&str; 6] = ["订单编号", "下单时间", "订单总金额", "商品条码", "数量", "金额"];

    fn table(rows: &[[&str; 6]]) -> Table {
        Table {
            sheet: "s".into(),
            header_row: 1,
            columns: COLUMNS.iter().map(|c| c.to_string()).collect(),
            cells: rows.iter().flat_map(|r| r.iter().map(|v| if v.is_empty() { Cell::Empty } else { Cell::Text(v.into()) })).collect(),
            row_numbers: (2..2 + rows.len() as u32).collect(),
        }
    }

    fn mapping() -> Mapping {
        Mapping::from_json(
            r#"{"target": "mall2030", "fields": {
                "ShopCode": {"value": "S1"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "下单时间"},
                "TotalMoney": {"column": "订单总金额"}, "TotalQty": {"derive": "sum"}, "PayTime": {"column": "下单时间"},
                "BuyerCode": {"value": "b"}, "RecvConsignee": {"value": "c"}, "RecvMobile": {"value": "13800000000"},
                "Dtls.BarCode": {"column": "商品条码"}, "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"column": "金额"}}}"#,
        )
        .unwrap()
    }

    fn now() -> DateTime<Utc> {
        "2026-03-01T00:00:00Z".parse().unwrap()
    }

    /// A: two lines adding up; B: line amount 5 against a total of 10 (total_mismatch).
    fn session() -> Session {
        let t = table(&[["A", "2026-02-01 10:00:00", "30", "x1", "1", "10"], ["A", "2026-02-01 10:00:00", "30", "x2", "1", "20"], ["B", "2026-02-02 10:00:00", "10", "x3", "1", "5"]]);
        Session::new(t, None, &mapping(), Lang::En, now()).unwrap()
    }

    fn codes(rows: &[GridRow]) -> Vec<Code> {
        rows.iter().flat_map(|r| r.issues.iter().map(|i| i.code)).collect()
    }

    #[test]
    fn an_edit_fixes_an_issue_and_undo_brings_it_back() {
        let mut s = session();
        let before = s.summary();
        assert_eq!((before.orders, before.valid_orders, before.errors), (2, 1, 1));
        assert_eq!(before.counts[0].code, Code::TotalMismatch);
        assert_eq!(before.counts[0].label, "Total mismatch");

        let rows = s.edit(2, 5, "10").unwrap();
        assert_eq!(rows.iter().map(|r| r.index).collect::<Vec<_>>(), vec![2]);
        assert!(codes(&rows).is_empty());
        assert_eq!((s.summary().valid_orders, s.summary().errors), (2, 0));
        assert_eq!(s.edits(), vec![CellEdit { row: 4, column: "金额".into(), value: "10".into() }]);

        let rows = s.undo().unwrap();
        assert_eq!(codes(&rows), vec![Code::TotalMismatch]);
        assert_eq!(s.summary(), before);
        assert!(s.edits().is_empty());
        assert!(s.undo().is_none());
    }

    #[test]
    fn orders_held_back_by_an_error_are_listed_with_it_until_left_out_or_fixed() {
        let mut s = session();
        let held = s.held_back();
        assert_eq!(held.iter().map(|x| (x.order.as_str(), x.row, x.code)).collect::<Vec<_>>(), vec![("B", 4, Some(Code::TotalMismatch))]);
        assert!(held[0].reason.contains("10"), "the error's own sentence: {}", held[0].reason);
        s.exclude_code(Code::TotalMismatch);
        assert!(s.held_back().is_empty(), "left out on purpose: listed as excluded instead");
        assert_eq!(s.excluded().len(), 1);
        s.include_all();
        s.edit(2, 5, "10").unwrap();
        assert!(s.held_back().is_empty());
    }

    #[test]
    fn editing_the_order_number_moves_the_row_to_another_order() {
        let mut s = session();
        // Row 1 (A's second line) becomes part of B: A's total no longer matches, nor B's.
        let rows = s.edit(1, 0, "B").unwrap();
        assert_eq!(rows.iter().map(|r| r.index).collect::<Vec<_>>(), vec![0, 1, 2]);
        let sum = s.summary();
        assert_eq!((sum.orders, sum.lines, sum.valid_orders), (2, 3, 0));
        // B's row 1 disagrees with B's first row on the time and the total.
        assert!(codes(&rows).contains(&Code::InconsistentOrder));
        // A new number makes a new order; undo puts everything back.
        s.edit(1, 0, "C").unwrap();
        assert_eq!(s.summary().orders, 3);
        s.undo().unwrap();
        s.undo().unwrap();
        assert_eq!(s.summary(), session().summary());
    }

    #[test]
    fn paging_only_problems_and_by_code() {
        let mut s = session();
        let all = s.page(0, 10, false, None);
        assert_eq!((all.total, all.rows.len()), (3, 3));
        assert_eq!(all.rows[0].cells[0], "A");
        assert_eq!(all.rows[2].sheet_row, 4);
        let problems = s.page(0, 10, true, None);
        assert_eq!(problems.total, 1);
        assert_eq!(problems.rows[0].index, 2);
        assert_eq!(problems.rows[0].issues[0].column, Some(2));
        assert!(problems.rows[0].issues[0].message.contains("add up to 5.00"), "{}", problems.rows[0].issues[0].message);

        // Row 0's time (OrderTime and PayTime) breaks, and row 1 now disagrees with it.
        s.edit(0, 1, "not a date").unwrap();
        assert_eq!(s.page(0, 10, true, None).total, 3);
        let bad = s.code_named("bad_datetime").unwrap();
        let by_code = s.page(0, 10, true, Some(bad));
        assert_eq!(by_code.rows.iter().map(|r| r.index).collect::<Vec<_>>(), vec![0]);
        assert_eq!(by_code.rows[0].issues.iter().map(|i| i.column).collect::<Vec<_>>(), vec![Some(1), Some(1)]);
        assert_eq!(s.page(1, 10, true, None).rows.len(), 2);
        assert!(s.code_named("no_lines").is_none());
    }

    #[test]
    fn corrections_are_kept_and_restored_in_the_order_they_were_typed() {
        let mut s = session();
        s.edit(2, 5, "10").unwrap();
        s.edit(0, 3, "y1").unwrap();
        s.edit(2, 4, "2").unwrap();
        s.edit(2, 5, "5").unwrap();
        let order = |s: &Session| s.edits().iter().map(|e| (e.row, e.column.clone())).collect::<Vec<_>>();
        // 金额 of row 4 was typed back to the file's 5: no longer a correction.
        assert_eq!(order(&s), [(2, "商品条码".to_string()), (4, "数量".to_string())]);
        let mut again = session();
        again.apply_edits(&s.edits());
        assert_eq!(order(&again), order(&s));
        again.undo().unwrap();
        assert_eq!(order(&again), [(2, "商品条码".to_string())]);
    }

    #[test]
    fn stored_edits_apply_after_a_restart() {
        let mut s = session();
        s.edit(2, 5, "10").unwrap();
        let edits = s.edits();
        let mut again = session();
        assert_eq!(again.apply_edits(&edits), 1);
        assert_eq!(again.summary().errors, 0);
        assert_eq!(again.corrected_table().row(2)[5], Cell::Text("10".into()));
        assert_eq!(again.edits(), edits);
        let (bodies, skipped) = again.upload_bodies(now());
        assert_eq!((bodies.len(), skipped), (2, 0));
        // A restored correction is undone like one made now.
        let rows = again.undo().unwrap();
        assert_eq!(codes(&rows), vec![Code::TotalMismatch]);
        assert!(again.edits().is_empty());
        assert_eq!(again.summary(), session().summary());
    }

    #[test]
    fn a_group_of_edits_is_one_undo_step_however_large() {
        // 70 orders of one line, each total 1 off: more rows than are re-validated one by one.
        let rows: Vec<[String; 6]> = (0..70).map(|i| [format!("N{i}"), "2026-02-01 10:00:00".into(), "11".into(), "x".into(), "1".into(), "10".into()]).collect();
        let rows: Vec<[&str; 6]> = rows.iter().map(|r| r.each_ref().map(String::as_str)).collect();
        let mut s = Session::new(table(&rows), None, &mapping(), Lang::En, now()).unwrap();
        s.edit(0, 3, "y").unwrap();
        let before = s.summary();
        assert_eq!(before.errors, 70);
        let group: Vec<CellEdit> = (0..70).map(|i| CellEdit { row: 2 + i, column: "订单总金额".into(), value: "10".into() }).collect();
        let (applied, shown) = s.edit_group(&group);
        assert_eq!((applied, shown.len()), (70, 70));
        assert_eq!(s.summary().errors, 0);
        assert_eq!(s.edits().len(), 71);
        assert_eq!(s.edit_group(&group).0, 0, "nothing left to change");
        s.undo().unwrap();
        assert_eq!(s.summary(), before);
        assert_eq!(s.edits(), vec![CellEdit { row: 2, column: "商品条码".into(), value: "y".into() }]);
        // The single edit before it is its own step.
        s.undo().unwrap();
        assert!(s.edits().is_empty() && s.undo().is_none());
    }

    #[test]
    fn a_prefix_leaves_out_its_last_order_and_says_it_is_partial() {
        // The file's first rows: B's second line (total 30 = 10 + 20) is not read yet.
        let t = table(&[["A", "2026-02-01 10:00:00", "30", "x1", "1", "10"], ["A", "2026-02-01 10:00:00", "30", "x2", "1", "20"], ["B", "2026-02-02 10:00:00", "30", "x3", "1", "10"]]);
        let mut s = Session::of_prefix(t.clone(), &mapping(), Lang::En, now()).unwrap();
        let sum = s.summary();
        assert!(sum.partial);
        assert_eq!((sum.orders, sum.errors), (1, 0));
        assert_eq!(s.page(0, 10, false, None).total, 2);
        assert!(!session().summary().partial);
        // A correction stored for a row further down survives an edit made on the first rows.
        let below = CellEdit { row: 4, column: "金额".into(), value: "20".into() };
        assert_eq!(s.apply_edits(std::slice::from_ref(&below)), 0);
        s.edit(0, 3, "y1").unwrap();
        let stored = s.edits_to_store(std::slice::from_ref(&below));
        assert_eq!(stored.iter().map(|e| e.row).collect::<Vec<_>>(), [2, 4]);
        assert_eq!(session().edits_to_store(std::slice::from_ref(&below)), []);
        // One order only: nothing to leave out.
        let one = Session::of_prefix(sub_table(&t, &[2]), &mapping(), Lang::En, now()).unwrap();
        assert_eq!(one.summary().orders, 1);
    }

    #[test]
    fn two_file_exports_follow_the_order_number_into_the_item_file() {
        let text = |v: &str| {
            if v.is_empty() { Cell::Empty } else { Cell::Text(v.into()) }
        };
        let t = |columns: &[&str], rows: &[&[&str]]| Table {
            sheet: "s".into(),
            header_row: 1,
            columns: columns.iter().map(|c| c.to_string()).collect(),
            cells: rows.iter().flat_map(|r| r.iter().map(|v| text(v))).collect(),
            row_numbers: (2..2 + rows.len() as u32).collect(),
        };
        let main = t(&["订单编号", "下单时间", "订单总金额"], &[&["A", "2026-02-01 10:00:00", "30"], &["B", "2026-02-02 10:00:00", "5"]]);
        let items = t(&["订单编号", "商品条码", "数量", "金额"], &[&["A", "x1", "1", "10"], &["A", "x2", "1", "20"], &["B", "x3", "1", "5"]]);
        let m = Mapping::from_json(
            r#"{"target": "mall2030", "lines_from": {"key": "订单编号"}, "fields": {
                "ShopCode": {"value": "S1"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "下单时间"},
                "TotalMoney": {"column": "订单总金额"}, "TotalQty": {"derive": "sum"}, "PayTime": {"column": "下单时间"},
                "BuyerCode": {"value": "b"}, "RecvConsignee": {"value": "c"}, "RecvMobile": {"value": "13800000000"},
                "Dtls.BarCode": {"column": "商品条码"}, "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"column": "金额"}}}"#,
        )
        .unwrap();
        let mut s = Session::new(main, Some(items), &m, Lang::En, now()).unwrap();
        let before = s.summary();
        assert_eq!((before.orders, before.lines, before.errors), (2, 3, 0));
        // No item carries C: the order loses its lines.
        let rows = s.edit(1, 0, "C").unwrap();
        assert_eq!(codes(&rows), vec![Code::NoLines]);
        assert_eq!(s.summary().lines, 2);
        s.edit(1, 0, "B").unwrap();
        assert_eq!(s.summary(), before);
    }
}
