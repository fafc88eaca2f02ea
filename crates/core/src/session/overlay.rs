//! The merchant's corrections over the file as read (never written back): cell edits and
//! groups of them, one undo step each, orders left out on purpose, and the form they are
//! stored in between runs.

use super::index::sub_table;
use super::*;

impl Session {
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
        let held = self.exclusions_of(&[index]);
        self.put(index, column, cell, self.steps);
        let rows = self.refresh(index);
        self.carry_exclusions(held);
        if self.is_filter_column(column) {
            self.count_left_out();
        }
        Ok(rows)
    }

    /// Overwrite one cell, remembering the file's value and what to undo.
    pub(super) fn put(&mut self, row: usize, column: usize, cell: Cell, step: u64) {
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
        let rows: Vec<usize> = edits.iter().filter_map(|e| self.locate_edit(e)).map(|(r, _)| r).collect();
        let held = self.exclusions_of(&rows);
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
        let rows = self.refresh_all(&touched);
        self.carry_exclusions(held);
        (touched.len(), rows)
    }

    /// Re-validate after the cells `touched` changed: order by order for a few, the whole
    /// file (one pass) for many or when order numbers moved rows between orders.
    pub(super) fn refresh_all(&mut self, touched: &[(usize, usize)]) -> Vec<GridRow> {
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

    /// The table cell a stored correction names, if the table has it.
    pub(super) fn locate_edit(&self, e: &CellEdit) -> Option<(usize, usize)> {
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
        let rows: Vec<usize> = self.undo.iter().rev().take_while(|u| u.step == step).map(|u| u.row).collect();
        let held = self.exclusions_of(&rows);
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
        let rows = match touched[..] {
            [(row, column)] => {
                let rows = self.refresh(row);
                if self.is_filter_column(column) {
                    self.count_left_out();
                }
                rows
            }
            _ => self.refresh_all(&touched),
        };
        self.carry_exclusions(held);
        Some(rows)
    }

    /// Which of these rows belong to an order left out on purpose, and why, taken before
    /// their cells change: see [`Session::carry_exclusions`].
    fn exclusions_of(&self, rows: &[usize]) -> Vec<(usize, Option<Code>)> {
        if self.excluded.is_empty() {
            return Vec::new();
        }
        rows.iter()
            .filter_map(|&r| {
                let slot = self.row_order.get(r).copied().filter(|&s| s != NO_ORDER)?;
                Some((r, *self.excluded.get(self.keys[slot as usize].as_deref().unwrap_or_default())?))
            })
            .collect()
    }

    /// An order left out stays left out when its number is corrected: the exclusion follows
    /// the rows, not the number (an exclusion is keyed by number, so an edited number would
    /// otherwise bring the order back into the upload unasked). Numbers no order has any
    /// more are forgotten.
    fn carry_exclusions(&mut self, held: Vec<(usize, Option<Code>)>) {
        for (row, code) in held {
            let Some(slot) = self.row_order.get(row).copied().filter(|&s| s != NO_ORDER) else { continue };
            let key = self.keys[slot as usize].clone().unwrap_or_default();
            if !self.excluded.contains_key(&key) {
                self.set_excluded(&[key], Some(code));
            }
        }
        let by_key = &self.by_key;
        self.excluded.retain(|k, _| k.is_empty() || by_key.contains_key(k));
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

    pub(super) fn exclude_slots(&mut self, rows: &[usize], code: Option<Code>) -> usize {
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
    pub(super) fn set_excluded(&mut self, keys: &[String], exclude: Option<Option<Code>>) -> usize {
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
}

/// What the merchant typed, cleaned like a cell read from a file.
pub(super) fn edited_cell(value: &str) -> Cell {
    let text = read::clean(value);
    if text.trim().is_empty() { Cell::Empty } else { Cell::Text(text.as_ref().into()) }
}
