//! What the faces read off a session: the summary, pages of grid rows with their issues,
//! the orders held back, and the bodies to upload.

use super::*;

impl Session {
    pub fn summary(&self) -> Summary {
        let s = &self.stats;
        let target = self.binding.target;
        let mut counts: Vec<CodeCount> = s.codes.iter().map(|(&code, &count)| CodeCount { code, severity: code.severity(target), label: code.label(self.lang).to_string(), count }).collect();
        counts.sort_by(|a, b| (a.severity != Severity::Error, std::cmp::Reverse(a.count), &a.label).cmp(&(b.severity != Severity::Error, std::cmp::Reverse(b.count), &b.label)));
        let to_upload = s.valid_orders.saturating_sub(s.excluded_valid);
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
            to_upload,
            held_back: s.orders.saturating_sub(s.excluded + to_upload),
        }
    }

    /// The code with this stable id (`"total_mismatch"`) among those present on orders still
    /// in the upload (the summary's counts).
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
    pub(super) fn problem_rows(&mut self, code: Option<Code>) -> &[usize] {
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

    pub(super) fn grid_row(&self, r: usize) -> GridRow {
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
