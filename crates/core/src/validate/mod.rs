//! The target's rules over assembled orders → issues with stable codes (CONTRACT.md §3).
//!
//! [`check_order`] types one order's values (reporting cells that cannot be read) and then
//! applies the cross-field rules of its target. It is what an edit re-runs: the cost is
//! one order, not the file. The rules of each target are a module of their own
//! (`mall2030.rs`, `dmhub.rs`), as their fields are in `crate::fields`.

use std::collections::HashSet;

use chrono::{DateTime, Months, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::assemble::{Order, Tables};
use crate::fields::{Kind, Target};
use crate::mapping::{Binding, BoundSource};
use crate::table::Cell;
use crate::value;

mod dmhub;
mod mall2030;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// The stable issue codes of CONTRACT.md §3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Code {
    Required,
    CustomerMissing,
    TooLong,
    BadNumber,
    BadDatetime,
    PrecisionLost,
    NoLines,
    TotalMismatch,
    QtyMismatch,
    SaleTimeOutOfRange,
    NegativeDiscount,
    RefundSign,
    NegativePrice,
    ReturnWithoutOriginal,
    UnknownDataOrigin,
    InconsistentOrder,
    OrderNotCompleted,
    DuplicateLine,
    SubtotalMismatch,
}

impl Code {
    /// Every code, in the order of CONTRACT.md §3 (for the UI's generated label list).
    pub const ALL: [Code; 19] = [
        Code::Required,
        Code::CustomerMissing,
        Code::TooLong,
        Code::BadNumber,
        Code::BadDatetime,
        Code::PrecisionLost,
        Code::NoLines,
        Code::TotalMismatch,
        Code::QtyMismatch,
        Code::SaleTimeOutOfRange,
        Code::NegativeDiscount,
        Code::RefundSign,
        Code::NegativePrice,
        Code::ReturnWithoutOriginal,
        Code::UnknownDataOrigin,
        Code::InconsistentOrder,
        Code::OrderNotCompleted,
        Code::DuplicateLine,
        Code::SubtotalMismatch,
    ];

    pub fn severity(self, target: Target) -> Severity {
        match self {
            Code::ReturnWithoutOriginal | Code::UnknownDataOrigin | Code::SubtotalMismatch | Code::OrderNotCompleted => Severity::Warning,
            Code::TotalMismatch if target == Target::Dmhub => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// One problem, located the way the merchant sees the sheet.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    pub severity: Severity,
    pub code: Code,
    /// The order number as text (for `precision_lost`, the text the cell shows).
    pub order: String,
    /// 1-based sheet row; an issue about a whole order points at its first row.
    pub row: u32,
    /// The header of the column at fault, when the value came from a column.
    pub column: Option<String>,
    /// The target field path.
    pub field: Option<String>,
    /// True when `row` and `column` are in the item file of a two-file export.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub lines_file: bool,
    /// The values the message quotes (the cell text, a limit, a sum…); see [`crate::messages`].
    #[serde(skip)]
    pub args: Vec<String>,
}

/// A typed value of one field.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(i64),
    Money(Decimal),
    Time(DateTime<Tz>),
}

impl Value {
    /// The sign-bearing amount of a money or whole-number value.
    fn amount(&self) -> Option<Decimal> {
        match self {
            Value::Int(i) => Some(Decimal::from(*i)),
            Value::Money(m) => Some(*m),
            _ => None,
        }
    }
}

/// An order's typed values: `header[i]` for order fields, `lines[n][i]` for line fields,
/// `i` being the field's index in the binding.
#[derive(Debug, Clone, PartialEq)]
pub struct Typed {
    pub header: Vec<Option<Value>>,
    pub lines: Vec<Vec<Option<Value>>>,
}

/// The outcome of validating a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub target: Target,
    pub orders: usize,
    pub lines: usize,
    pub valid_orders: usize,
    pub errors: usize,
    pub warnings: usize,
    pub issues: Vec<Issue>,
    /// Per order (same order as the input): no error.
    pub valid: Vec<bool>,
    /// Orders the mapping's filter left out before validation ([`crate::assemble::left_out`]).
    pub left_out: usize,
}

/// Every order's issues, in order. Each order is checked on its own: a large file is split
/// over the cores (the command line's [`validate`] and the app's session both check this way).
pub fn check_orders(b: &Binding, t: Tables, orders: &[Order], now: DateTime<Utc>) -> Vec<Vec<Issue>> {
    let threads = if orders.len() < 2_000 { 1 } else { std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8) };
    let chunk = orders.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let mut parts = orders.chunks(chunk);
        let first = parts.next().unwrap_or_default();
        let handles: Vec<_> = parts.map(|part| scope.spawn(move || part.iter().map(|o| check_order(b, t, o, now).1).collect::<Vec<_>>())).collect();
        let mut all: Vec<Vec<Issue>> = first.iter().map(|o| check_order(b, t, o, now).1).collect();
        // A worker's panic is a bug: let it surface rather than leave issues misaligned.
        all.extend(handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))));
        all
    })
}

/// Validate every order. `now` anchors the time-window rules.
pub fn validate(b: &Binding, t: Tables, orders: &[Order], now: DateTime<Utc>) -> Report {
    let mut report = Report { target: b.target, orders: orders.len(), lines: 0, valid_orders: 0, errors: 0, warnings: 0, issues: Vec::new(), valid: Vec::with_capacity(orders.len()), left_out: 0 };
    let checked = check_orders(b, t, orders, now);
    for (order, issues) in orders.iter().zip(checked) {
        report.lines += order.lines.len();
        let ok = !issues.iter().any(|i| i.severity == Severity::Error);
        report.valid.push(ok);
        report.valid_orders += ok as usize;
        for i in &issues {
            match i.severity {
                Severity::Error => report.errors += 1,
                Severity::Warning => report.warnings += 1,
            }
        }
        report.issues.extend(issues);
    }
    report
}

/// Type one order's values and apply every rule to it.
pub fn check_order(b: &Binding, t: Tables, order: &Order, now: DateTime<Utc>) -> (Typed, Vec<Issue>) {
    let mut c = Checker { b, t, order, issues: Vec::new() };
    let first = order.rows[0];
    let n = b.fields.len();
    let mut header = vec![None; n];
    let mut lines: Vec<Vec<Option<Value>>> = order.lines.iter().map(|_| vec![None; n]).collect();

    for (i, f) in b.fields.iter().enumerate() {
        if f.is_line {
            for (li, &row) in order.lines.iter().enumerate() {
                let cell = match &f.source {
                    BoundSource::Column(col) => &t.line_table().row(row)[*col],
                    BoundSource::Value(v) => v,
                    BoundSource::DeriveSum | BoundSource::DerivePriceQty => continue,
                };
                lines[li][i] = c.typed(i, Some(row), cell);
            }
            continue;
        }
        match &f.source {
            BoundSource::Column(col) => {
                header[i] = c.typed(i, None, &t.main.row(first)[*col]);
                c.check_consistent(i, *col);
            }
            BoundSource::Value(v) => header[i] = c.typed(i, None, v),
            BoundSource::DeriveSum | BoundSource::DerivePriceQty => {}
        }
    }
    // A required field the mapping leaves out is empty on every order (and every line).
    for &path in &b.unmapped_required {
        let rows: Vec<Option<usize>> = if b.target.def().is_line(path) { order.lines.iter().map(|&r| Some(r)).collect() } else { vec![None] };
        for row in rows {
            c.push_unmapped(path, row);
        }
    }
    // Line amounts derived from price × quantity, then totals derived from the lines.
    for (i, f) in b.fields.iter().enumerate() {
        if matches!(f.source, BoundSource::DerivePriceQty) {
            for (li, &row) in order.lines.iter().enumerate() {
                // A missing quantity is reported already; a missing price is reported here.
                let qty_known = f.decl.price_x_qty.and_then(|(_, q)| b.index(q)).is_some_and(|j| lines[li][j].is_some());
                lines[li][i] = match derive_price_x_qty(b, i, &lines[li]) {
                    Derived::Value(v) => Some(v),
                    Derived::Missing if f.decl.required && qty_known => c.push_none(Code::Required, Some(i), Some(row), vec![]),
                    Derived::Missing => None,
                    Derived::OutOfRange => c.push_none(Code::BadNumber, Some(i), Some(row), vec![OUT_OF_RANGE.into()]),
                };
            }
        }
    }
    for (i, f) in b.fields.iter().enumerate() {
        if matches!(f.source, BoundSource::DeriveSum) {
            header[i] = match derive_sum(b, i, &lines) {
                Derived::Value(v) => Some(v),
                Derived::Missing => None,
                Derived::OutOfRange => c.push_none(Code::BadNumber, Some(i), None, vec![OUT_OF_RANGE.into()]),
            };
        }
    }
    c.check_status();
    let typed = Typed { header, lines };
    if order.lines.is_empty() {
        c.push(Code::NoLines, None, None, vec![]);
    }
    let rules = Rules { b, typed: &typed };
    match b.target {
        Target::Mall2030 => rules.mall2030(&mut c, now),
        Target::Dmhub => rules.dmhub(&mut c),
    }
    (typed, c.issues)
}

/// What `{"derive": …}` gives: a value, nothing (a part is missing, reported where it is),
/// or a result too large for money or a count (a 29-digit "amount" in a cell).
enum Derived {
    Value(Value),
    Missing,
    OutOfRange,
}

/// The argument of a `bad_number` for a derived value out of range (its message says so).
pub(crate) const OUT_OF_RANGE: &str = "∞";

/// The argument of a `required` for a field the mapping leaves out: its message sends the
/// merchant back to the mapping, since no cell can be filled in to fix it.
pub(crate) const UNMAPPED: &str = "unmapped";

/// `{"derive": "sum"}`: the sum over the lines, when every line has the summed value.
fn derive_sum(b: &Binding, i: usize, lines: &[Vec<Option<Value>>]) -> Derived {
    let Some(li) = b.fields[i].decl.sum_of.and_then(|p| b.index(p)) else { return Derived::Missing };
    let Some(values) = lines.iter().map(|l| l[li].as_ref()).collect::<Option<Vec<&Value>>>().filter(|v| !v.is_empty()) else { return Derived::Missing };
    // Checked: a sum of cell values must not panic or wrap.
    let sum = match b.fields[i].decl.kind {
        Kind::Int => values.iter().try_fold(0i64, |acc, v| if let Value::Int(n) = v { acc.checked_add(*n) } else { None }).map(Value::Int),
        _ => values.iter().try_fold(Decimal::ZERO, |acc, v| acc.checked_add(v.amount()?)).map(Value::Money),
    };
    sum.map_or(Derived::OutOfRange, Derived::Value)
}

/// `{"derive": "price_x_qty"}`: the line's first unit price present times its quantity,
/// exact (rounded to cents only when the price has more places).
fn derive_price_x_qty(b: &Binding, i: usize, line: &[Option<Value>]) -> Derived {
    let Some((prices, qty)) = b.fields[i].decl.price_x_qty else { return Derived::Missing };
    let value_of = |path: &str| b.index(path).and_then(|j| line[j].as_ref()).and_then(Value::amount);
    let (Some(price), Some(qty)) = (prices.iter().find_map(|p| value_of(p)), value_of(qty)) else { return Derived::Missing };
    price.checked_mul(qty).map_or(Derived::OutOfRange, |p| Derived::Value(Value::Money(p.round_dp(2))))
}

/// Collects one order's issues, each located at its row and column.
struct Checker<'a> {
    b: &'a Binding,
    t: Tables<'a>,
    order: &'a Order,
    issues: Vec<Issue>,
}

impl Checker<'_> {
    /// Report `code` about field `field` (an index in the binding) of the line at table row
    /// `line_row`, or of the order's first row.
    fn push(&mut self, code: Code, field: Option<usize>, line_row: Option<usize>, args: Vec<String>) {
        self.push_at(code, field, line_row.unwrap_or(self.order.rows[0]), line_row.is_some(), args)
    }

    /// [`Checker::push`], for a value that is therefore missing.
    fn push_none(&mut self, code: Code, field: Option<usize>, line_row: Option<usize>, args: Vec<String>) -> Option<Value> {
        self.push(code, field, line_row, args);
        None
    }

    fn push_at(&mut self, code: Code, field: Option<usize>, row: usize, is_line: bool, args: Vec<String>) {
        let f = field.map(|i| &self.b.fields[i]);
        let lines_file = is_line && self.t.lines.is_some();
        let table = if lines_file { self.t.line_table() } else { self.t.main };
        let column = f.and_then(|f| match f.source {
            BoundSource::Column(c) => Some(table.columns[c].clone()),
            _ => None,
        });
        self.issues.push(Issue {
            severity: code.severity(self.b.target),
            code,
            order: self.order.key.clone(),
            row: table.row_numbers[row],
            column,
            field: f.map(|f| f.path.clone()),
            lines_file,
            args,
        });
    }

    /// `required` for a field the mapping does not mention: no column to point at.
    fn push_unmapped(&mut self, path: &str, line_row: Option<usize>) {
        let lines_file = line_row.is_some() && self.t.lines.is_some();
        let table = if lines_file { self.t.line_table() } else { self.t.main };
        let row = line_row.unwrap_or(self.order.rows[0]);
        self.issues.push(Issue {
            severity: Severity::Error,
            code: Code::Required,
            order: self.order.key.clone(),
            row: table.row_numbers[row],
            column: None,
            field: Some(path.to_string()),
            lines_file,
            args: vec![UNMAPPED.into()],
        });
    }

    /// Read one cell as field `i`'s kind; report why when it cannot be.
    fn typed(&mut self, i: usize, line_row: Option<usize>, cell: &Cell) -> Option<Value> {
        let f = &self.b.fields[i];
        let decl = f.decl;
        if cell.is_blank() {
            if decl.required {
                self.push(Code::Required, Some(i), line_row, vec![]);
            }
            return None;
        }
        // The cell's text is only made when a message needs it.
        let bad = |code| (code, vec![cell.display()]);
        let result = match decl.kind {
            Kind::Text | Kind::Id if decl.kind == Kind::Id && cell.lost_precision() => Err(bad(Code::PrecisionLost)),
            Kind::Text | Kind::Id => {
                let text = value::id_text(cell);
                match decl.max_len {
                    Some(max) if text.chars().count() > max => Err((Code::TooLong, vec![text.clone(), text.chars().count().to_string(), max.to_string()])),
                    _ => Ok(Value::Text(text)),
                }
            }
            Kind::Long if cell.lost_precision() => Err(bad(Code::PrecisionLost)),
            Kind::Long => value::long(cell).map(Value::Int).ok_or_else(|| bad(Code::BadNumber)),
            Kind::Int => value::int(cell).map(Value::Int).ok_or_else(|| bad(Code::BadNumber)),
            Kind::Money => value::money(cell).map(Value::Money).ok_or_else(|| bad(Code::BadNumber)),
            Kind::DateTime => value::datetime(cell, self.b.tz).map(Value::Time).ok_or_else(|| bad(Code::BadDatetime)),
        };
        match result {
            Ok(v) => Some(v),
            Err((code, args)) => {
                self.push(code, Some(i), line_row, args);
                None
            }
        }
    }

    /// `order_not_completed`: without a filter, an order whose status (or after-sales
    /// status) column says it was cancelled, closed or refunded, at the first row saying so.
    fn check_status(&mut self) {
        let main = self.t.main;
        for &(col, kind) in &self.b.status_columns {
            // Status cells are text: read them in place, without a copy per row.
            let says = |cell: &Cell| match cell {
                Cell::Text(s) => kind.says_not_completed(s),
                Cell::Empty => false,
                other => kind.says_not_completed(&other.display()),
            };
            let found = self.order.rows.iter().find(|&&r| says(&main.row(r)[col]));
            if let Some(&row) = found {
                self.issues.push(Issue {
                    severity: Code::OrderNotCompleted.severity(self.b.target),
                    code: Code::OrderNotCompleted,
                    order: self.order.key.clone(),
                    row: main.row_numbers[row],
                    column: Some(main.columns[col].clone()),
                    field: None,
                    lines_file: false,
                    args: vec![main.row(row)[col].display(), main.columns[col].clone()],
                });
                return;
            }
        }
    }

    /// Every row of the order must agree on a header field read from a column (blank
    /// cells on later rows are fine: many exports fill only the first row). Values are
    /// compared as the field's kind: `180.1` and `180.10` are the same money,
    /// `2026/9/26 8:17` and `2026-09-26 08:17:00` the same time.
    fn check_consistent(&mut self, i: usize, col: usize) {
        let main = self.t.main;
        let (kind, tz) = (self.b.fields[i].decl.kind, self.b.tz);
        let first = &main.row(self.order.rows[0])[col];
        let differing = self.order.rows[1..].iter().find(|&&r| {
            let cell = &main.row(r)[col];
            !cell.is_blank() && !first.is_blank() && cell != first && !same_value(kind, tz, cell, first)
        });
        if let Some(&row) = differing {
            let args = vec![first.display(), main.row(row)[col].display()];
            self.push_at(Code::InconsistentOrder, Some(i), row, false, args);
        }
    }
}

/// True when two cells hold the same value of `kind` (both readable and equal).
fn same_value(kind: Kind, tz: Tz, a: &Cell, b: &Cell) -> bool {
    match kind {
        Kind::Money => value::money(a).is_some_and(|x| value::money(b) == Some(x)),
        Kind::Int => value::int(a).is_some_and(|x| value::int(b) == Some(x)),
        Kind::DateTime => value::datetime(a, tz).is_some_and(|x| value::datetime(b, tz) == Some(x)),
        Kind::Text | Kind::Id | Kind::Long => value::id_text(a) == value::id_text(b),
    }
}

/// The cross-field rules, over typed values.
struct Rules<'a> {
    b: &'a Binding,
    typed: &'a Typed,
}

impl Rules<'_> {
    fn index(&self, path: &str) -> Option<usize> {
        self.b.index(path)
    }

    fn header(&self, path: &str) -> Option<(usize, &Value)> {
        let i = self.index(path)?;
        Some((i, self.typed.header[i].as_ref()?))
    }

    /// `(line number, value)` of a line field over all lines that have it.
    fn line_values(&self, path: &str) -> Vec<(usize, &Value)> {
        let Some(i) = self.index(path) else {
            return vec![];
        };
        self.typed.lines.iter().enumerate().filter_map(|(n, l)| Some((n, l[i].as_ref()?))).collect()
    }

    /// The sum of a line field when every line has it.
    fn line_sum(&self, path: &str) -> Option<Decimal> {
        let i = self.index(path)?;
        self.typed.lines.iter().try_fold(Decimal::ZERO, |acc, l| acc.checked_add(l[i].as_ref().and_then(Value::amount)?))
    }

    fn is_derived(&self, path: &str) -> bool {
        self.index(path).is_some_and(|i| matches!(self.b.fields[i].source, BoundSource::DeriveSum))
    }

    /// Compare an order total with the sum of its lines (skipped when the total is derived).
    fn sum_matches(&self, c: &mut Checker, code: Code, total_path: &str, line_path: &str) {
        if self.is_derived(total_path) || self.typed.lines.is_empty() {
            return;
        }
        if let (Some((i, total)), Some(sum)) = (self.header(total_path), self.line_sum(line_path))
            && let Some(total) = total.amount()
            && total != sum
        {
            c.push(code, Some(i), None, vec![sum.to_string(), total.to_string()]);
        }
    }
}

fn money_text(v: &Value) -> String {
    v.amount().map(|d| d.to_string()).unwrap_or_default()
}
