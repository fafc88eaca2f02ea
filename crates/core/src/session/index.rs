//! Rows grouped into orders, and the indexes that keep every later step to one order:
//! row → order, order number → order, each order's issues located on its rows, the running
//! totals of the summary.

use super::*;

impl Session {
    /// Group and validate everything (at creation, after a new mapping or restored edits).
    pub(super) fn rebuild(&mut self) {
        let t = Tables { main: &self.main, lines: self.lines.as_ref() };
        let orders = assemble::group(&self.binding, t);
        let issues = validate::check_orders(&self.binding, t, &orders, self.now);
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

    pub(super) fn count_left_out(&mut self) {
        self.left_out = assemble::left_out(&self.binding, &self.main);
    }

    /// True when an edit of `column` can change how many orders the filter leaves out: the
    /// filter's own column, or the order number (a left-out row may join a kept order, or leave it).
    pub(super) fn is_filter_column(&self, column: usize) -> bool {
        let key = matches!(self.binding.fields[self.binding.key].source, BoundSource::Column(c) if c == column);
        self.binding.filter.as_ref().is_some_and(|(c, _)| *c == column || key)
    }

    /// The order-number cell of an order's first row, as a join key.
    pub(super) fn key_of(&self, o: &Order) -> Option<String> {
        let row = *o.rows.first()?;
        self.key_cell(row).filter(|c| !c.is_blank()).map(join_key)
    }

    pub(super) fn key_cell(&self, row: usize) -> Option<&Cell> {
        match &self.binding.fields[self.binding.key].source {
            BoundSource::Column(c) => Some(&self.main.row(row)[*c]),
            BoundSource::Value(v) => Some(v),
            BoundSource::DeriveSum | BoundSource::DerivePriceQty => None,
        }
    }

    /// Put each issue on the table row (and column) the merchant will see it on.
    pub(super) fn locate(&self, o: &Order, issues: Vec<Issue>) -> Vec<Located> {
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
    pub(super) fn attach(&mut self, slot: usize) {
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
    pub(super) fn detach(&mut self, slot: usize) {
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

    pub(super) fn tally(&mut self, slot: usize, add: bool) {
        let step = |n: &mut usize, by: usize| if add { *n += by } else { *n -= by };
        let s = &mut self.stats;
        step(&mut s.orders, 1);
        step(&mut s.lines, self.orders[slot].lines.len());
        let excluded = self.excluded.contains_key(self.keys[slot].as_deref().unwrap_or_default());
        let mut valid = true;
        for l in &self.issues[slot] {
            let error = l.issue.severity == Severity::Error;
            valid &= !error;
            // An order left out on purpose is counted once, as left out: its problems are
            // no longer the upload's.
            if !excluded {
                step(if error { &mut s.errors } else { &mut s.warnings }, 1);
                step(s.codes.entry(l.issue.code).or_default(), 1);
            }
        }
        step(&mut s.valid_orders, valid as usize);
        if excluded {
            step(&mut s.excluded, 1);
            step(&mut s.excluded_valid, valid as usize);
        }
        s.codes.retain(|_, n| *n > 0);
    }

    /// The table rows of the order row `r` belongs to (just `r` when it belongs to none).
    pub(super) fn order_rows(&self, r: usize) -> Vec<usize> {
        match self.row_order[r] {
            NO_ORDER => vec![r],
            slot => self.orders[slot as usize].rows.clone(),
        }
    }

    /// Regroup the rows around `row` (its old order and the order its number now names),
    /// re-validate those orders and return their rows.
    pub(super) fn refresh(&mut self, row: usize) -> Vec<GridRow> {
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
}

/// A table of just `rows` of `t` (same columns), for regrouping a few rows.
pub(super) fn sub_table(t: &Table, rows: &[usize]) -> Table {
    Table {
        sheet: t.sheet.clone(),
        header_row: t.header_row,
        columns: t.columns.clone(),
        cells: rows.iter().flat_map(|&r| t.row(r).iter().cloned()).collect(),
        row_numbers: rows.iter().map(|&r| t.row_numbers[r]).collect(),
    }
}
