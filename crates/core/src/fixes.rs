//! Quick fixes: repair a whole kind of problem in one step, with a preview first.
//!
//! A fix is a set of ordinary cell corrections ([`CellEdit`]s) that the session applies as
//! one undo step ([`Session::edit_group`]), so it is stored, exported and re-validated like
//! any edit: a fix never hides a problem it did not solve, and one [`Session::undo`] takes
//! it back whole. Each fix is offered only where it is safe; what cannot be repaired is
//! offered as "leave these orders out" ([`Session::exclude_code`]).
//!
//! The API a face (the app's 检查订单 screen, `orderdock fix`) calls:
//!
//! ```text
//! session.fix_offers()            -> Vec<Offer>   one per problem code present: how many orders,
//!                                                  the fixes with a few before → after examples,
//!                                                  notes (why no fix, what to do), how many can be left out
//! session.apply_fix(Fix::…)       -> Applied      every change made, the rows touched, the new summary
//! session.undo()                                  takes the last fix back in one step
//! session.exclude_code(code) / exclude_rows(&rows) / include_rows(&rows) / include_all()
//! session.excluded()              -> Vec<Excluded> for the 「不上传」 list and the results file
//! session.excluded_rows()         -> Vec<usize>    every row of those orders, to mark in a grid
//! session.edits_to_store(&stored)                 corrections and exclusions, to store after each change
//! session.apply_edits(&stored)                    on reopening: both come back
//! session.preview_fix(Fix::…)     -> Vec<Change>   every change a fix would make (the offer shows a few)
//! session.set_known_order_numbers(numbers)        order numbers of earlier uploads, for recovering mangled ones
//! orderdock_remote::results::write(path, &job_orders, &session.excluded(), lang)   the results file
//! ```
//!
//! A fix is one undo step while the session lives; stored corrections carry no steps, so
//! after a restart they come back (and undo) one cell at a time, as restored edits do.
//!
//! The fixes ([`Fix`]), by code:
//! * `total_mismatch` / `qty_mismatch` ([`Fix::TotalFromLines`], [`Fix::QtyFromLines`]): the
//!   order total becomes the sum of its lines (DM Hub: amount paid plus discount). An order
//!   whose difference is exactly the value of a discount or postage column the mapping does
//!   not use is not changed: a [`Note`] explains it and names the column (with the field to
//!   map it to, where the target has one);
//! * `negative_discount`: [`Fix::DiscountToZero`], or [`Fix::DiscountAsSurcharge`] (the
//!   discount becomes 0 and the amount is added to the line amount and the order total, so
//!   that they still agree);
//! * `too_long` ([`Fix::CutToLimit`]): text fields (names, addresses) cut to the limit, the
//!   cut part shown; identifiers are never cut (a shortened order number or barcode is a
//!   different one);
//! * `required` ([`Fix::FillFromRow`]): 收货人手机 from another phone column of the row that
//!   holds exactly one mobile number; PayTime from OrderTime;
//! * `precision_lost` on the order number ([`Fix::RecoverOrderNumber`]): the full number from
//!   a text cell of the same row (Douyin's 子订单编号 starts with the 主订单编号; a 订单号 in a
//!   remark), from the item file of a two-file export or from the order numbers of earlier
//!   uploads ([`Session::set_known_order_numbers`]), offered only when every mangled
//!   number has exactly one candidate; otherwise a note says to export the file again and
//!   not open it in Excel first, with the steps.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::fields::{Kind, Target};
use crate::mapping::BoundSource;
use crate::messages::Lang;
use crate::session::{CellEdit, GridRow, Located, Session, Summary};
use crate::table::Cell;
use crate::validate::{Code, Severity};
use crate::value;

/// One kind of repair. Ids (`total_from_lines`) are stable: the CLI's `--apply` takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Fix {
    TotalFromLines,
    QtyFromLines,
    DiscountToZero,
    DiscountAsSurcharge,
    CutToLimit,
    FillFromRow,
    RecoverOrderNumber,
}

impl Fix {
    /// Every fix; for a code with a choice, the default comes first.
    pub const ALL: [Fix; 7] = [Fix::TotalFromLines, Fix::QtyFromLines, Fix::DiscountToZero, Fix::DiscountAsSurcharge, Fix::CutToLimit, Fix::FillFromRow, Fix::RecoverOrderNumber];

    /// The problem this fix repairs.
    pub fn code(self) -> Code {
        match self {
            Fix::TotalFromLines => Code::TotalMismatch,
            Fix::QtyFromLines => Code::QtyMismatch,
            Fix::DiscountToZero | Fix::DiscountAsSurcharge => Code::NegativeDiscount,
            Fix::CutToLimit => Code::TooLong,
            Fix::FillFromRow => Code::Required,
            Fix::RecoverOrderNumber => Code::PrecisionLost,
        }
    }

    /// The fixes of a code, the default first.
    pub fn for_code(code: Code) -> Vec<Fix> {
        Fix::ALL.into_iter().filter(|f| f.code() == code).collect()
    }

    pub fn id(self) -> String {
        serde_json::to_value(self).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
    }

    pub fn parse(id: &str) -> Option<Fix> {
        serde_json::from_value(serde_json::Value::String(id.to_string())).ok()
    }
}

/// One cell a fix changes, as the merchant sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Change {
    pub order: String,
    /// 1-based sheet row.
    pub row: u32,
    /// Header of the column.
    pub column: String,
    pub before: String,
    pub after: String,
    /// `too_long`: the text cut off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cut: Option<String>,
    /// The order's slot: orders are counted by it, since mangled numbers look alike.
    #[serde(skip)]
    slot: usize,
}

impl Change {
    pub fn edit(&self) -> CellEdit {
        CellEdit { row: self.row, column: self.column.clone(), value: self.after.clone() }
    }
}

/// What one fix would do: counts and a few examples.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub fix: Fix,
    pub title: String,
    pub orders: usize,
    pub cells: usize,
    pub examples: Vec<Change>,
}

/// Something the merchant should know about a problem that no fix covers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub text: String,
    /// What to do, step by step (exporting again), when there is something to do.
    pub steps: Vec<String>,
    pub orders: usize,
    /// Mapping this column onto this field would explain the difference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub map: Option<MapHint>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct MapHint {
    /// The target field path (`DiscountMoney`).
    pub field: String,
    /// The file's column.
    pub column: String,
}

/// Everything on offer for one problem code.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Offer {
    pub code: Code,
    pub label: String,
    pub severity: Severity,
    /// Orders with this problem (not counting those left out already).
    pub orders: usize,
    /// The fixes that are safe here; empty when none is.
    pub fixes: Vec<Preview>,
    pub notes: Vec<Note>,
    /// Orders that [`Session::exclude_code`] would leave out.
    pub excludable: usize,
}

/// What [`Session::apply_fix`] did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Applied {
    pub fix: Fix,
    pub title: String,
    pub orders: usize,
    pub changes: Vec<Change>,
    /// Why some orders were not changed, and what to do about them.
    pub notes: Vec<Note>,
    /// The rows of the orders touched, as they now are.
    pub rows: Vec<GridRow>,
    pub summary: Summary,
}

/// How many examples a preview shows.
const EXAMPLES: usize = 3;

/// The changes a fix would make, and what it explains instead of changing.
#[derive(Default)]
struct Plan {
    changes: Vec<Change>,
    notes: Vec<Note>,
}

impl Plan {
    fn orders(&self) -> usize {
        self.changes.iter().map(|c| c.slot).collect::<HashSet<_>>().len()
    }
}

/// Header words of columns a total difference may come from.
const DISCOUNT_WORDS: [&str; 3] = ["优惠", "折扣", "discount"];
const POSTAGE_WORDS: [&str; 4] = ["运费", "邮费", "快递费", "postage"];
/// Header words of columns that may hold a phone number.
const PHONE_WORDS: [&str; 6] = ["手机", "电话", "联系方式", "mobile", "phone", "tel"];

impl Session {
    /// One offer per problem code present, in the order of the summary's counts (which
    /// leave out the orders left out on purpose, as the offers do).
    pub fn fix_offers(&self) -> Vec<Offer> {
        let mut offers = Vec::new();
        for count in self.summary().counts {
            let orders = self.slots_with(count.code).len();
            let mut fixes = Vec::new();
            let mut notes = Vec::new();
            for fix in Fix::for_code(count.code) {
                let plan = self.plan(fix);
                if !plan.changes.is_empty() {
                    fixes.push(Preview {
                        fix,
                        title: fix.title(self.binding.target, self.lang).to_string(),
                        orders: plan.orders(),
                        cells: plan.changes.len(),
                        examples: plan.changes.iter().take(EXAMPLES).cloned().collect(),
                    });
                }
                for n in plan.notes {
                    if !notes.contains(&n) {
                        notes.push(n);
                    }
                }
            }
            if count.code == Code::PrecisionLost && fixes.is_empty() && notes.is_empty() {
                notes.push(reexport_note(orders, self.lang));
            }
            offers.push(Offer { code: count.code, label: count.label, severity: count.severity, orders, fixes, notes, excludable: orders });
        }
        offers
    }

    /// Order numbers known from elsewhere (the upload history of the same shop), as candidates
    /// for [`Fix::RecoverOrderNumber`] beside the item file. Core reads no journal: the face
    /// that has one passes its numbers here.
    pub fn set_known_order_numbers(&mut self, numbers: Vec<String>) {
        self.known_numbers = numbers;
    }

    /// What `fix` would change now (every change, not only the examples).
    pub fn preview_fix(&self, fix: Fix) -> Vec<Change> {
        self.plan(fix).changes
    }

    /// Apply `fix` as one undo step and re-validate.
    pub fn apply_fix(&mut self, fix: Fix) -> Applied {
        let plan = self.plan(fix);
        let edits: Vec<CellEdit> = plan.changes.iter().map(Change::edit).collect();
        let (_, rows) = self.edit_group(&edits);
        let title = fix.title(self.binding.target, self.lang).to_string();
        Applied { fix, title, orders: plan.orders(), changes: plan.changes, notes: plan.notes, rows, summary: self.summary() }
    }

    /// Slots of orders (not left out) with an issue of `code`.
    fn slots_with(&self, code: Code) -> Vec<usize> {
        (0..self.orders.len()).filter(|&s| !self.orders[s].rows.is_empty() && !self.is_excluded(s) && self.issues[s].iter().any(|l| l.issue.code == code)).collect()
    }

    /// `(slot, issue)` of every issue of `code` on orders not left out.
    fn located(&self, code: Code) -> Vec<(usize, &Located)> {
        self.slots_with(code).into_iter().flat_map(|s| self.issues[s].iter().filter(move |l| l.issue.code == code).map(move |l| (s, l))).collect()
    }

    /// Table rows of every order left out on purpose (all of each order's rows), so that a
    /// grid can mark them 「不上传」: [`Session::excluded`] names only each order's first row.
    pub fn excluded_rows(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = (0..self.orders.len()).filter(|&s| self.is_excluded(s)).flat_map(|s| self.orders[s].rows.iter().copied()).collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    fn plan(&self, fix: Fix) -> Plan {
        let mut plan = match fix {
            Fix::TotalFromLines => self.plan_total(),
            Fix::QtyFromLines => self.plan_header_value(Code::QtyMismatch, |l| l.issue.args.first().cloned()),
            Fix::DiscountToZero => self.plan_discount_zero(),
            Fix::DiscountAsSurcharge => self.plan_surcharge(),
            Fix::CutToLimit => self.plan_cut(),
            Fix::FillFromRow => self.plan_fill(),
            Fix::RecoverOrderNumber => self.plan_order_numbers(),
        };
        // Two issues on one cell make one change.
        let mut seen = HashSet::new();
        plan.changes.retain(|c| seen.insert((c.row, c.column.clone())));
        plan
    }

    fn cell(&self, row: usize, column: usize) -> &Cell {
        &self.main.row(row)[column]
    }

    fn change(&self, slot: usize, row: usize, column: usize, after: String) -> Change {
        Change { order: self.orders[slot].key.clone(), row: self.main.row_numbers[row], column: self.main.columns[column].clone(), before: self.cell(row, column).display(), after, cut: None, slot }
    }

    /// Set an order field read from `column` to `after` on every row of the order that fills
    /// it (later rows may repeat it; a blank one stays blank).
    fn set_header(&self, slot: usize, column: usize, after: &str) -> Vec<Change> {
        let rows = &self.orders[slot].rows;
        rows.iter()
            .enumerate()
            .filter(|&(i, &r)| i == 0 || !self.cell(r, column).is_blank())
            .filter(|&(_, &r)| self.cell(r, column).display() != after)
            .map(|(_, &r)| self.change(slot, r, column, after.to_string()))
            .collect()
    }

    /// The main-table column of an order field, when it is read from one.
    fn header_column(&self, path: &str) -> Option<usize> {
        let f = &self.binding.fields[self.binding.index(path)?];
        match f.source {
            BoundSource::Column(c) if !f.is_line => Some(c),
            _ => None,
        }
    }

    /// The main-table column of a line field (not in an item file, not derived).
    fn line_column(&self, path: &str) -> Option<usize> {
        let f = &self.binding.fields[self.binding.index(path)?];
        match f.source {
            BoundSource::Column(c) if f.is_line && !f.in_lines_file => Some(c),
            _ => None,
        }
    }

    /// Every issue of `code` on an order field read from a column: that field set to `value`.
    fn plan_header_value(&self, code: Code, value: impl Fn(&Located) -> Option<String>) -> Plan {
        let mut plan = Plan::default();
        for (slot, l) in self.located(code) {
            if let (Some(column), Some(after)) = (l.column.filter(|_| !l.issue.lines_file), value(l)) {
                plan.changes.extend(self.set_header(slot, column, &after));
            }
        }
        plan
    }

    /// `total_mismatch`: the total from the lines, except where an unused discount or
    /// postage column explains the difference.
    fn plan_total(&self) -> Plan {
        let dmhub = self.binding.target == Target::Dmhub;
        let mut plan = Plan::default();
        // Explained orders per column: (column, count, first order's example).
        let mut explained: Vec<(usize, usize, String)> = Vec::new();
        for (slot, l) in self.located(Code::TotalMismatch) {
            let Some(column) = l.column.filter(|_| !l.issue.lines_file) else { continue };
            let arg = |i: usize| l.issue.args.get(i).and_then(|a| a.parse::<Decimal>().ok());
            // mall2030: (line sum, total); dmhub: (total, paid, discount).
            let (target, total) = if dmhub {
                match (arg(0), arg(1), arg(2)) {
                    // Checked: cell values must not make the sum overflow (and panic).
                    (Some(total), Some(paid), Some(discount)) => match paid.checked_add(discount) {
                        Some(target) => (target, total),
                        None => continue,
                    },
                    _ => continue,
                }
            } else {
                match (arg(0), arg(1)) {
                    (Some(sum), Some(total)) => (sum, total),
                    _ => continue,
                }
            };
            let Some(difference) = total.checked_sub(target).map(|d| d.abs()) else { continue };
            if let Some(c) = self.explaining_column(slot, difference) {
                match explained.iter_mut().find(|e| e.0 == c) {
                    Some(e) => e.1 += 1,
                    None => explained.push((c, 1, self.orders[slot].key.clone())),
                }
                continue;
            }
            plan.changes.extend(self.set_header(slot, column, &target.to_string()));
        }
        for (column, orders, example) in explained {
            let header = &self.main.columns[column];
            let is_discount = DISCOUNT_WORDS.iter().any(|w| header.to_lowercase().contains(w));
            let field = match (is_discount, self.binding.target) {
                (true, Target::Mall2030) => Some("DiscountMoney"),
                (true, Target::Dmhub) => Some("amountDiscount"),
                (false, _) => None,
            };
            let map = field.filter(|f| self.binding.index(f).is_none()).map(|f| MapHint { field: f.to_string(), column: header.clone() });
            plan.notes.push(Note { text: crate::messages::total_explained(header, orders, &example, map.is_some(), self.binding.target, self.lang), steps: Vec::new(), orders, map });
        }
        plan
    }

    /// A discount or postage column no field reads whose value on the order's first row is
    /// exactly `difference`.
    fn explaining_column(&self, slot: usize, difference: Decimal) -> Option<usize> {
        if difference.is_zero() {
            return None;
        }
        let used: HashSet<usize> = self.binding.fields.iter().filter(|f| !f.in_lines_file).filter_map(|f| if let BoundSource::Column(c) = f.source { Some(c) } else { None }).collect();
        let first = self.orders[slot].rows[0];
        (0..self.main.width()).find(|&c| {
            let header = self.main.columns[c].to_lowercase();
            !used.contains(&c) && DISCOUNT_WORDS.iter().chain(POSTAGE_WORDS.iter()).any(|w| header.contains(w)) && value::money(self.cell(first, c)).is_some_and(|v| v.abs() == difference)
        })
    }

    /// `negative_discount` → 0.
    fn plan_discount_zero(&self) -> Plan {
        let mut plan = Plan::default();
        for (slot, l) in self.located(Code::NegativeDiscount) {
            let Some(column) = l.column.filter(|_| !l.issue.lines_file) else { continue };
            if l.issue.field.as_deref() == Some("DiscountMoney") {
                plan.changes.extend(self.set_header(slot, column, "0"));
            } else {
                plan.changes.push(self.change(slot, l.row, column, "0".into()));
            }
        }
        plan
    }

    /// `negative_discount` as a surcharge: the discount 0, its amount added to the line
    /// amount (the order's first line for an order discount) and to the order total.
    fn plan_surcharge(&self) -> Plan {
        let mut plan = Plan::default();
        let Some(amount_col) = self.line_column("Dtls.Amount") else { return plan };
        let total_col = self.header_column("TotalMoney");
        let total_derived = self.binding.index("TotalMoney").is_some_and(|i| self.binding.fields[i].source.is_derived());
        if total_col.is_none() && !total_derived {
            return plan;
        }
        let mut by_slot: HashMap<usize, Vec<&Located>> = HashMap::new();
        for (slot, l) in self.located(Code::NegativeDiscount) {
            by_slot.entry(slot).or_default().push(l);
        }
        let mut slots: Vec<usize> = by_slot.keys().copied().collect();
        slots.sort_unstable();
        'order: for slot in slots {
            let mut changes = Vec::new();
            let mut added: HashMap<usize, Decimal> = HashMap::new();
            let mut total_added = Decimal::ZERO;
            for l in &by_slot[&slot] {
                let (Some(column), Some(d)) = (l.column.filter(|_| !l.issue.lines_file), l.issue.args.first().and_then(|a| a.parse::<Decimal>().ok())) else { continue 'order };
                let header = l.issue.field.as_deref() == Some("DiscountMoney");
                let Some(&line) = (if header { self.orders[slot].lines.first() } else { Some(&l.row) }) else { continue 'order };
                if header {
                    changes.extend(self.set_header(slot, column, "0"));
                } else {
                    changes.push(self.change(slot, l.row, column, "0".into()));
                }
                let (Some(line_add), Some(all)) = (added.get(&line).copied().unwrap_or_default().checked_add(d.abs()), total_added.checked_add(d.abs())) else { continue 'order };
                added.insert(line, line_add);
                total_added = all;
            }
            let mut lines: Vec<(usize, Decimal)> = added.into_iter().collect();
            lines.sort_unstable();
            for (line, add) in lines {
                let Some(amount) = value::money(self.cell(line, amount_col)).and_then(|a| a.checked_add(add)) else { continue 'order };
                changes.push(self.change(slot, line, amount_col, amount.to_string()));
            }
            if let Some(c) = total_col {
                let Some(total) = value::money(self.cell(self.orders[slot].rows[0], c)).and_then(|t| t.checked_add(total_added)) else { continue 'order };
                changes.extend(self.set_header(slot, c, &total.to_string()));
            }
            plan.changes.extend(changes);
        }
        plan
    }

    /// `too_long` on text fields: cut to the limit.
    fn plan_cut(&self) -> Plan {
        let mut plan = Plan::default();
        for (slot, l) in self.located(Code::TooLong) {
            let Some(column) = l.column.filter(|_| !l.issue.lines_file) else { continue };
            let Some(f) = l.issue.field.as_deref().and_then(|p| self.binding.index(p)).map(|i| &self.binding.fields[i]) else { continue };
            let (Kind::Text, Some(max)) = (f.decl.kind, f.decl.max_len) else { continue };
            let rows = if f.is_line { vec![l.row] } else { self.orders[slot].rows.clone() };
            for r in rows {
                let text = value::id_text(self.cell(r, column));
                if text.chars().count() > max {
                    let after: String = text.chars().take(max).collect();
                    let cut: String = text.chars().skip(max).collect();
                    plan.changes.push(Change { cut: Some(cut), ..self.change(slot, r, column, after) });
                }
            }
        }
        plan
    }

    /// `required`: 收货人手机 from the row's one mobile number, PayTime from OrderTime.
    fn plan_fill(&self) -> Plan {
        let mut plan = Plan::default();
        let order_time = self.header_column("OrderTime");
        for (slot, l) in self.located(Code::Required) {
            let Some(column) = l.column.filter(|_| !l.issue.lines_file) else { continue };
            let first = self.orders[slot].rows[0];
            let value = match l.issue.field.as_deref() {
                Some("PayTime") => order_time.filter(|&c| c != column).and_then(|c| value::datetime(self.cell(first, c), self.binding.tz)).map(|t| value::format_local(&t)),
                Some("RecvMobile") => self.mobile_in_row(first, column),
                _ => None,
            };
            if let Some(after) = value {
                plan.changes.push(self.change(slot, first, column, after));
            }
        }
        plan
    }

    /// The one mobile number the phone-like columns of `row` (other than `except`) hold.
    fn mobile_in_row(&self, row: usize, except: usize) -> Option<String> {
        let found: HashSet<String> = (0..self.main.width())
            .filter(|&c| c != except && PHONE_WORDS.iter().any(|w| self.main.columns[c].to_lowercase().contains(w)))
            .flat_map(|c| self.cell(row, c).display().split(['/', ',', ';', '，', '；', '、', '|']).filter_map(mobile).collect::<Vec<_>>())
            .collect();
        if found.len() == 1 { found.into_iter().next() } else { None }
    }

    /// `precision_lost` on the order number: every mangled number recovered, or none.
    fn plan_order_numbers(&self) -> Plan {
        let mut plan = Plan::default();
        let key = &self.binding.fields[self.binding.key];
        let BoundSource::Column(key_col) = key.source else { return plan };
        let mangled: Vec<(usize, &Located)> = self.located(Code::PrecisionLost).into_iter().filter(|(_, l)| l.issue.field.as_deref() == Some(key.path.as_str()) && l.column == Some(key_col)).collect();
        if mangled.is_empty() {
            return plan;
        }
        // The item file's order numbers and those known from earlier uploads, as numbers,
        // sorted: each mangled one is a range.
        let mut items: Vec<u128> = match (&self.lines, self.binding.lines_key) {
            (Some(t), Some(c)) => (0..t.len()).filter_map(|r| digits_value(&value::id_text(&t.row(r)[c]))).collect(),
            _ => Vec::new(),
        };
        items.extend(self.known_numbers.iter().filter_map(|n| digits_value(n)));
        items.sort_unstable();
        items.dedup();
        let mut recovered: Vec<(usize, usize, String, bool)> = Vec::new();
        for &(slot, l) in &mangled {
            let Some(m) = Mangled::of(self.cell(l.row, key_col)) else { continue };
            let mut found: HashSet<String> = HashSet::new();
            for c in (0..self.main.width()).filter(|&c| c != key_col) {
                if let Cell::Text(text) = self.cell(l.row, c) {
                    found.extend(digit_runs(text).into_iter().filter_map(|run| run.get(..m.len).map(str::to_string)).filter(|cand| m.matches(cand)));
                }
            }
            let from_row = !found.is_empty();
            for (lo, hi) in m.ranges() {
                let start = items.partition_point(|&v| v < lo);
                found.extend(items[start..].iter().take_while(|&&v| v < hi).map(|v| v.to_string()).filter(|cand| m.matches(cand)));
            }
            if found.len() == 1 {
                recovered.extend(found.into_iter().map(|n| (slot, l.row, n, from_row)));
            }
        }
        // A number taken from the item file for two rows of the main file is not one order's.
        let mut claims: HashMap<&str, usize> = HashMap::new();
        for (_, _, n, from_row) in &recovered {
            if !from_row {
                *claims.entry(n.as_str()).or_default() += 1;
            }
        }
        let unambiguous = recovered.iter().filter(|(_, _, n, from_row)| *from_row || claims.get(n.as_str()) == Some(&1)).count();
        if unambiguous < mangled.len() {
            plan.notes.push(reexport_note(mangled.len(), self.lang));
            return plan;
        }
        plan.changes = recovered.into_iter().map(|(slot, row, n, _)| self.change(slot, row, key_col, n)).collect();
        plan
    }
}

fn reexport_note(orders: usize, lang: Lang) -> Note {
    Note { text: crate::messages::reexport_text(orders, lang), steps: crate::messages::reexport_steps(lang), orders, map: None }
}

/// A mainland mobile number in `text` (spaces, dashes and a +86 prefix allowed).
fn mobile(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
    let digits = digits.strip_prefix("+86").or_else(|| digits.strip_prefix("0086")).unwrap_or(&digits);
    let digits = if digits.len() == 13 { digits.strip_prefix("86").unwrap_or(digits) } else { digits };
    let b = digits.as_bytes();
    (b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && b.iter().all(u8::is_ascii_digit)).then(|| digits.to_string())
}

/// The runs of ASCII digits in `text`.
fn digit_runs(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).collect()
}

/// A number written with digits only (no leading zero), as a number.
fn digits_value(s: &str) -> Option<u128> {
    (!s.starts_with('0') && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// What is left of a number Excel mangled: its leading significant digits and its length.
#[derive(Debug)]
struct Mangled {
    /// The significant digits kept (15 for a number cell, what the text shows for `6.94755E+18`).
    digits: String,
    /// How many digits the true number has.
    len: usize,
    /// A number cell: Excel may have cut the digits rather than rounded them.
    truncated: bool,
}

impl Mangled {
    fn of(cell: &Cell) -> Option<Mangled> {
        let (mantissa, exp, truncated) = match cell {
            Cell::Number(n) if n.is_finite() && *n >= 1.0 => {
                let s = format!("{:.14e}", n);
                let (m, e) = s.split_once('e')?;
                (m.replace('.', ""), e.parse::<usize>().ok()?, true)
            }
            Cell::Text(t) => {
                let (m, e) = t.trim().split_once(['E', 'e'])?;
                (m.replace('.', ""), e.trim_start_matches('+').parse::<usize>().ok()?, false)
            }
            _ => return None,
        };
        // Trailing zeros are digits too: 1.20000000000000E+17 is twelve followed by 13 known zeros.
        // Only up to 38 digits fit in the u128 the ranges are computed in.
        (exp < 38 && mantissa.len() <= exp + 1 && digits_value(&mantissa).is_some()).then(|| Mangled { digits: mantissa, len: exp + 1, truncated })
    }

    /// The numbers this could stand for: rounded to its digits (and cut, for a number cell).
    fn ranges(&self) -> Vec<(u128, u128)> {
        let Some(d) = digits_value(&self.digits) else { return Vec::new() };
        let scale = 10u128.pow((self.len - self.digits.len()) as u32);
        let mut out = vec![(d * scale - scale / 2, d * scale + scale / 2 + (scale == 1) as u128)];
        if self.truncated {
            out.push((d * scale, (d + 1) * scale));
        }
        out
    }

    fn matches(&self, candidate: &str) -> bool {
        candidate.len() == self.len && digits_value(candidate).is_some_and(|v| self.ranges().iter().any(|&(lo, hi)| lo <= v && v < hi))
    }
}

#[cfg(test)]
mod tests;
