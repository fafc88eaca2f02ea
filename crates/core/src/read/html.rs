//! HTML tables saved with an `.xls` name (several platforms and ERPs export this way).

use encoding_rs::{Encoding, GB18030, GBK};
use scraper::{ElementRef, Html, Selector};

use super::grid::{Grid, Span};
use super::text::{self, text_cell};
use crate::table::Cell;

/// HTML's own limits on spans; they also keep a hostile file from allocating without end.
const MAX_COLSPAN: usize = 1000;
const MAX_ROWSPAN: usize = 65534;

/// Decode: the declared charset, else a BOM, else UTF-8 when valid, else chardetng.
pub(crate) fn decode(bytes: &[u8]) -> String {
    // A declared UTF-16 can't be true of markup we just read as ASCII: output_encoding makes it UTF-8.
    let declared = declared_charset(bytes).map(Encoding::output_encoding).map(|e| if e == GBK { GB18030 } else { e });
    let (enc, bom) = match declared {
        Some(e) => (e, Encoding::for_bom(bytes).map_or(0, |(_, n)| n)),
        None => text::detect(bytes),
    };
    enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned()
}

/// `<meta charset="gb2312">` or `<meta http-equiv=... content="text/html; charset=gbk">`.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let at = head.find("charset=")? + "charset=".len();
    let value: String = head[at..].trim_start_matches(['"', '\'', ' ']).chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')).collect();
    Encoding::for_label(value.as_bytes())
}

/// Every `<table>` as a named grid: its caption, else `Sheet1`, `Sheet2`…
pub(crate) fn tables(html: &str) -> Vec<(String, Grid)> {
    let doc = Html::parse_document(html);
    let (Ok(table_sel), Ok(caption_sel)) = (Selector::parse("table"), Selector::parse("caption")) else {
        return Vec::new();
    };
    let mut out: Vec<(String, Grid)> = Vec::new();
    for (i, table) in doc.select(&table_sel).enumerate() {
        let caption = table.select(&caption_sel).next().map(|c| super::clean::clean(&c.text().collect::<String>()).into_owned()).filter(|c| !c.is_empty() && !out.iter().any(|(n, _)| n == c));
        let name = caption.unwrap_or_else(|| format!("Sheet{}", i + 1));
        out.push((name, grid(table)));
    }
    out
}

/// The table's own rows (not those of a table nested in it), with spans laid out as
/// Excel lays out merged cells: the value in the top-left cell, the span recorded.
fn grid(table: ElementRef) -> Grid {
    let trs: Vec<ElementRef> = table.descendants().filter_map(ElementRef::wrap).filter(|e| e.value().name() == "tr" && nearest_table(*e).is_some_and(|t| t.id() == table.id())).collect();
    let n = trs.len();
    let mut rows: Vec<Vec<Cell>> = vec![Vec::new(); n];
    let mut taken: Vec<Vec<bool>> = vec![Vec::new(); n];
    let mut merges = Vec::new();
    for (r, tr) in trs.iter().enumerate() {
        let mut c = 0;
        for td in tr.children().filter_map(ElementRef::wrap).filter(|e| matches!(e.value().name(), "td" | "th")) {
            while taken[r].get(c).copied().unwrap_or(false) {
                c += 1;
            }
            let span = |name, max| td.value().attr(name).and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, max);
            let colspan = span("colspan", MAX_COLSPAN);
            let rowspan = span("rowspan", MAX_ROWSPAN).min(n - r);
            for rr in r..r + rowspan {
                if taken[rr].len() < c + colspan {
                    taken[rr].resize(c + colspan, false);
                    rows[rr].resize(c + colspan, Cell::Empty);
                }
                taken[rr][c..c + colspan].fill(true);
            }
            rows[r][c] = text_cell(td.text().collect());
            if colspan > 1 || rowspan > 1 {
                merges.push(Span { first: (r as u32, c as u32), last: ((r + rowspan - 1) as u32, (c + colspan - 1) as u32) });
            }
            c += colspan;
        }
    }
    Grid::from_rows(rows, merges)
}

fn nearest_table(e: ElementRef) -> Option<ElementRef> {
    e.ancestors().filter_map(ElementRef::wrap).find(|a| a.value().name() == "table")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gb2312_meta_and_rowspan() {
        let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body>\
            <table><tr><th>订单编号</th><th>商品名称</th></tr>\
            <tr><td rowspan=\"2\">=\"0001\"</td><td>毛巾</td></tr><tr><td>牙刷</td></tr></table>\
            <table><caption>明细</caption><tr><td>x</td></tr></table></body></html>";
        let (bytes, _, _) = GB18030.encode(html);
        let text = decode(&bytes);
        let mut sheets = tables(&text);
        assert_eq!(sheets.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(), ["Sheet1", "明细"]);
        let t = sheets.remove(0).1.into_table("Sheet1", None).unwrap();
        assert_eq!(t.columns, ["订单编号", "商品名称"]);
        assert_eq!(t.row(1), [Cell::Text("0001".into()), Cell::Text("牙刷".into())]);
    }

    #[test]
    fn nested_tables_and_huge_spans_stay_bounded() {
        let html = "<table><tr><td colspan=99999 rowspan=99999>a<table><tr><td>in</td></tr></table></td></tr></table>";
        let sheets = tables(html);
        assert_eq!(sheets[0].1.extent(), (1, MAX_COLSPAN));
        assert_eq!(sheets[1].1.extent(), (1, 1));
    }
}
