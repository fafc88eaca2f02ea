//! Propose a mapping from header names: exact synonyms first, then normalised, then fuzzy;
//! each column used once; on a near tie a required field (or DM Hub's customer) wins.

use crate::fields::{normalize_header, FieldDef, Target};
use crate::mapping::{FieldMapping, Mapping, Source, DEFAULT_TIMEZONE};
use crate::table::Table;

/// Below this a column is not proposed at all.
const THRESHOLD: f64 = 0.6;

/// How well `header` names `field`: 1.0 for an exact synonym (a little less for synonyms
/// further down the list), 0.9 after normalising, then containment and edit distance.
pub fn score(field: &FieldDef, header: &str) -> f64 {
    let names = || [field.path, field.label_zh].into_iter().chain(field.synonyms.iter().copied());
    let rank = |i: usize| i.min(10) as f64 * 0.005;
    if let Some(i) = names().position(|s| s == header.trim()) {
        return 1.0 - rank(i);
    }
    let h = normalize_header(header);
    if h.is_empty() {
        return 0.0;
    }
    if let Some(i) = names().position(|s| normalize_header(s) == h) {
        return 0.9 - rank(i);
    }
    names()
        .map(normalize_header)
        .filter(|s| s.chars().count() >= 2)
        .map(|s| {
            let (short, long) = if s.len() <= h.len() { (&s, &h) } else { (&h, &s) };
            let ratio = short.chars().count() as f64 / long.chars().count() as f64;
            if long.contains(short.as_str()) { 0.45 + 0.4 * ratio } else { 0.75 * strsim::normalized_levenshtein(&s, &h) }
        })
        .fold(0.0, f64::max)
}

/// A head start when fields compete for a column: a required field (or, for DM Hub, one
/// that identifies the customer) wins a near tie, never a clearly better match.
fn bonus(target: Target, f: &FieldDef) -> f64 {
    if f.required {
        0.15
    } else if target == Target::Dmhub && (f.path == "customerId" || f.path.starts_with("identities.")) {
        0.1
    } else {
        0.0
    }
}

/// A mapping document for `table`, with a confidence per matched field and the required
/// fields left unmatched.
pub fn suggest(target: Target, table: &Table) -> Mapping {
    let def = target.def();
    let fields: Vec<&FieldDef> = def.fields.iter().filter(|f| !f.is_template()).collect();
    let mut chosen: Vec<Option<(usize, f64)>> = vec![None; fields.len()];
    let mut used = vec![false; table.width()];
    // Greedy: the surest match (with its head start) takes its column first.
    let mut candidates: Vec<(f64, f64, usize, usize)> = Vec::new();
    for (fi, f) in fields.iter().enumerate() {
        for (ci, header) in table.columns.iter().enumerate() {
            let s = score(f, header);
            if s >= THRESHOLD {
                candidates.push((s + bonus(target, f), s, fi, ci));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3)));
    for (_, s, fi, ci) in candidates {
        if chosen[fi].is_none() && !used[ci] {
            chosen[fi] = Some((ci, s));
            used[ci] = true;
        }
    }

    let mut out = Vec::new();
    let mut unmatched = Vec::new();
    for (fi, f) in fields.iter().enumerate() {
        let matched_line = |path: &str| fields.iter().position(|g| g.path == path).is_some_and(|gi| chosen[gi].is_some());
        match chosen[fi] {
            Some((ci, s)) => out.push(FieldMapping { path: f.path.into(), source: Source::Column(table.columns[ci].clone()), confidence: Some(s) }),
            None if f.sum_of.is_some_and(matched_line) => out.push(FieldMapping { path: f.path.into(), source: Source::DeriveSum, confidence: Some(0.7) }),
            None if f.path == "DataOrigin" => {
                if let Some(code) = data_origin(table) {
                    out.push(FieldMapping { path: f.path.into(), source: Source::Value(code.into()), confidence: Some(0.8) });
                }
            }
            None if f.required => unmatched.push(f.path.to_string()),
            None => {}
        }
    }
    Mapping {
        target,
        sheet: Some(table.sheet.clone()),
        header_row: Some(table.header_row),
        timezone: Some(DEFAULT_TIMEZONE.into()),
        filter: None,
        lines_key: None,
        fields: out,
        unmatched,
    }
}

/// 接口 2030's DataOrigin from the platform whose signature headers the file has:
/// 10 淘宝, 11 京东, 12 拼多多.
fn data_origin(table: &Table) -> Option<&'static str> {
    let has = |name: &str| table.columns.iter().any(|c| c == name);
    if has("宝贝标题") || has("买家会员名") || has("买家支付宝账号") {
        Some("10")
    } else if has("京东价") || has("下单帐号") {
        Some("11")
    } else if has("商品总价(元)") || has("用户实付金额(元)") || has("商家编码-SKU维度") {
        Some("12")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(columns: &[&str]) -> Table {
        Table { sheet: "订单".into(), header_row: 1, columns: columns.iter().map(|c| c.to_string()).collect(), cells: vec![], row_numbers: vec![] }
    }

    fn column_of(m: &Mapping, path: &str) -> Option<String> {
        m.fields.iter().find(|f| f.path == path).and_then(|f| match &f.source {
            Source::Column(c) => Some(c.clone()),
            _ => None,
        })
    }

    #[test]
    fn taobao_old_order_report() {
        let t = table(&["订单编号", "买家会员名", "买家支付宝账号", "买家应付货款", "总金额 ", "买家实际支付金额", "订单状态", "收货人姓名", "收货地址", "联系电话", "联系手机", "订单创建时间", "订单付款时间", "宝贝总数量"]);
        let m = suggest(Target::Mall2030, &t);
        assert_eq!(column_of(&m, "Code").as_deref(), Some("订单编号"));
        assert_eq!(column_of(&m, "RecvMobile").as_deref(), Some("联系手机"));
        assert_eq!(column_of(&m, "RecvTel").as_deref(), Some("联系电话"));
        assert_eq!(column_of(&m, "OrderTime").as_deref(), Some("订单创建时间"));
        assert_eq!(column_of(&m, "PayTime").as_deref(), Some("订单付款时间"));
        assert_eq!(column_of(&m, "TotalMoney").as_deref(), Some("总金额 "));
        assert!(m.unmatched.contains(&"ShopCode".to_string()));
        assert!(m.fields.iter().any(|f| f.path == "DataOrigin" && f.source == Source::Value("10".into())));
        assert!(m.fields.iter().all(|f| f.confidence.is_some_and(|c| (0.0..=1.0).contains(&c))));
    }

    #[test]
    fn jd_phone_is_the_mobile_and_pinduoduo_units_are_ignored() {
        let jd = suggest(Target::Mall2030, &table(&["订单号", "商品ID", "商品名称", "订购数量", "下单时间", "京东价", "订单金额", "应付金额", "客户姓名", "联系电话", "货号"]));
        assert_eq!(column_of(&jd, "RecvMobile").as_deref(), Some("联系电话"));
        assert_eq!(column_of(&jd, "Dtls.BarCode").as_deref(), Some("货号"));
        let pdd = suggest(Target::Mall2030, &table(&["订单号", "商品总价(元)", "用户实付金额(元)", "商品数量(件)", "收货人", "手机", "支付时间", "商家编码-SKU维度"]));
        assert_eq!(column_of(&pdd, "Dtls.Quantity").as_deref(), Some("商品数量(件)"));
        assert_eq!(column_of(&pdd, "PayAmount").as_deref(), Some("用户实付金额(元)"));
        assert!(pdd.fields.iter().any(|f| f.path == "TotalQty" && f.source == Source::DeriveSum));
    }

    #[test]
    fn dmhub_identifies_the_customer_and_uses_each_column_once() {
        let m = suggest(Target::Dmhub, &table(&["主订单编号", "子订单编号", "商品标题", "购买数量", "收件人手机号", "支付完成时间", "订单应付金额"]));
        assert_eq!(column_of(&m, "orderNo").as_deref(), Some("主订单编号"));
        assert_eq!(column_of(&m, "lines.lineId").as_deref(), Some("子订单编号"));
        assert_eq!(column_of(&m, "identities.mobile").as_deref(), Some("收件人手机号"));
        let mut cols: Vec<_> = m.fields.iter().filter_map(|f| column_of(&m, &f.path)).collect();
        let n = cols.len();
        cols.sort();
        cols.dedup();
        assert_eq!(cols.len(), n);
    }
}
