//! Header row detection: exports often put a title, an export date or notes above the header.

use std::collections::HashSet;

use super::grid::Grid;
use crate::fields;
use crate::table::Cell;

/// Rows looked at: a header further down is not a header a merchant would expect us to find.
const SCAN_ROWS: usize = 50;
/// A cell named like a known platform header counts this much more than plain text.
const KNOWN_BONUS: usize = 5;

/// The relative index of the header row: the row with the most distinct label-like cells
/// (known header names weigh more), preferring rows followed by data; ties go to the earlier.
pub(super) fn detect(grid: &Grid) -> usize {
    let h = grid.height();
    let last_filled = (0..h).rev().find(|&r| !grid.row_is_blank(r));
    let mut best: Option<(usize, usize)> = None;
    for r in 0..h.min(SCAN_ROWS) {
        let mut score = score(grid.row(r));
        // A header is followed by data; a row with nothing below it is a weak candidate.
        if last_filled.is_some_and(|l| l > r) {
            score *= 2;
        }
        if score > 0 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, r));
        }
    }
    best.map(|(_, r)| r).or_else(|| (0..h).find(|&r| !grid.row_is_blank(r))).unwrap_or(0)
}

/// Distinct text cells that read like labels (hold a letter or a CJK character, so not
/// numbers, dates, ids or masked phones), known header names counting extra.
fn score(row: &[Cell]) -> usize {
    let mut seen = HashSet::new();
    let mut score = 0;
    for cell in row {
        if let Cell::Text(t) = cell
            && t.chars().any(char::is_alphabetic)
            && seen.insert(t.as_str())
        {
            score += 1 + if fields::is_known_header(t) { KNOWN_BONUS } else { 0 };
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]]) -> Grid {
        let cell = |s: &&str| if s.is_empty() { Cell::Empty } else { Cell::Text((*s).into()) };
        Grid::from_rows(rows.iter().map(|r| r.iter().map(cell).collect()).collect(), vec![])
    }

    #[test]
    fn skips_title_blank_and_notes() {
        let g = grid(&[
            &["2026年9月订单导出", "", "", ""],
            &["", "", "", ""],
            &["注：金额单位为元", "", "", ""],
            &["订单编号", "下单时间", "收货人", "金额"],
            &["0001", "2026-09-01 08:00:00", "张三", "12.5"],
        ]);
        assert_eq!(detect(&g), 3);
    }

    #[test]
    fn first_row_wins_ties_and_numbers_do_not_count() {
        let g = grid(&[&["a", "b"], &["c", "d"]]);
        assert_eq!(detect(&g), 0);
        let g = grid(&[&["1", "2"], &["3", "4"]]);
        assert_eq!(detect(&g), 0);
        let g = grid(&[&["", ""], &["1", "2"]]);
        assert_eq!(detect(&g), 1);
    }
}
