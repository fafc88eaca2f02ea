//! Every platform export layout, for both targets: `suggest` recognises the platform and
//! picks the right column for each field (the reference mappings below say what each column
//! means on that platform), and `validate` with that suggestion (plus a ShopCode for 2030)
//! finds exactly the planted problems — no false ones — and leaves out the cancelled order.

use std::collections::HashMap;
use std::path::PathBuf;

use orderdock_core::fields::{Kind, Target};
use orderdock_e2e::exports::{self, Export, SEEDS, Seed};
use orderdock_e2e::formats::{Format, write};
use orderdock_e2e::grid::V;
use orderdock_e2e::{Found, NOW, found, issue, orderdock};
use serde_json::{Value, json};

/// What a field must come from: a column, or `=sum` / `=price_x_qty`.
type Truth = &'static [(&'static str, &'static str)];

/// The reference mapping of each layout: the column that means each field on that platform.
/// Written from the platforms' documentation of their columns (docs/platform-exports.md),
/// independently of the templates.
fn truth(platform: &str, target: &str) -> Truth {
    match (platform, target) {
        ("taobao_orders", "mall2030") => &[
            ("Code", "订单编号"),
            ("OrderTime", "订单创建时间"),
            ("PayTime", "订单付款时间"),
            ("BuyerCode", "买家会员名"),
            ("RecvConsignee", "收货人姓名"),
            ("RecvMobile", "联系手机"),
            ("RecvTel", "联系电话"),
            ("RecvAddress", "收货地址"),
            ("TotalQty", "宝贝总数量"),
            ("TotalMoney", "=sum"),
            ("PayAmount", "买家实际支付金额"),
            ("Dtls.BarCode", "商家编码"),
            ("Dtls.Quantity", "购买数量"),
            ("Dtls.PriceSell", "价格"),
            ("Dtls.Amount", "=price_x_qty"),
        ],
        ("taobao_orders", "dmhub") => &[
            ("orderNo", "订单编号"),
            ("dateOrder", "订单创建时间"),
            ("amountPaid", "买家实际支付金额"),
            ("identities.mobile", "联系手机"),
            ("contactName", "收货人姓名"),
            ("shippingAddress", "收货地址"),
            ("store", "店铺名称"),
            ("lines.lineId", "商家编码"),
            ("lines.productName", "标题"),
            ("lines.qty", "购买数量"),
            ("lines.priceUnit", "价格"),
            ("lines.priceSubTotal", "=price_x_qty"),
        ],
        ("qianniu_items", "mall2030") => &[
            ("Code", "主订单编号"),
            ("OrderTime", "订单创建时间"),
            ("PayTime", "订单付款时间"),
            ("TotalQty", "=sum"),
            ("TotalMoney", "=sum"),
            ("Dtls.BarCode", "商家编码"),
            ("Dtls.Quantity", "购买数量"),
            ("Dtls.PriceSell", "商品价格"),
            ("Dtls.Amount", "买家实付金额"),
        ],
        ("qianniu_items", "dmhub") => &[
            ("orderNo", "主订单编号"),
            ("dateOrder", "订单创建时间"),
            ("amountPaid", "=sum"),
            ("lines.lineId", "子订单编号"),
            ("lines.productId", "商品ID"),
            ("lines.productName", "商品标题"),
            ("lines.qty", "购买数量"),
            ("lines.priceUnit", "商品价格"),
            ("lines.priceSubTotal", "买家应付货款"),
            ("lines.priceSubPaid", "买家实付金额"),
        ],
        ("jd_pop", "mall2030") => &[
            ("Code", "订单号"),
            ("OrderTime", "下单时间"),
            ("PayTime", "付款确认时间"),
            ("BuyerCode", "下单帐号"),
            ("RecvConsignee", "客户姓名"),
            ("RecvMobile", "联系电话"),
            ("RecvAddress", "客户地址"),
            ("TotalQty", "=sum"),
            ("TotalMoney", "=sum"),
            ("PayAmount", "应付金额"),
            ("Dtls.BarCode", "货号"),
            ("Dtls.Quantity", "订购数量"),
            ("Dtls.PriceSell", "京东价"),
            ("Dtls.Amount", "=price_x_qty"),
        ],
        ("jd_pop", "dmhub") => &[
            ("orderNo", "订单号"),
            ("dateOrder", "下单时间"),
            ("amountPaid", "应付金额"),
            ("identities.mobile", "联系电话"),
            ("contactName", "客户姓名"),
            ("lines.lineId", "商品ID"),
            ("lines.productId", "商品ID"),
            ("lines.productName", "商品名称"),
            ("lines.qty", "订购数量"),
            ("lines.priceUnit", "京东价"),
            ("lines.priceSubTotal", "=price_x_qty"),
        ],
        ("pdd_classic", "mall2030") => &[
            ("Code", "订单号"),
            ("OrderTime", "拼单成功时间"),
            ("PayTime", "支付时间"),
            ("RecvConsignee", "收货人"),
            ("RecvMobile", "手机"),
            ("RecvProvince", "省"),
            ("RecvCity", "市"),
            ("RecvCounty", "区"),
            ("TotalQty", "=sum"),
            ("TotalMoney", "=sum"),
            ("PayAmount", "用户实付金额(元)"),
            ("Dtls.BarCode", "商家编码-SKU维度"),
            ("Dtls.Quantity", "商品数量(件)"),
            ("Dtls.Amount", "商品总价（元）"),
        ],
        ("pdd_classic", "dmhub") => &[
            ("orderNo", "订单号"),
            ("dateOrder", "拼单成功时间"),
            ("amountPaid", "用户实付金额(元)"),
            ("identities.mobile", "手机"),
            ("contactName", "收货人"),
            ("lines.lineId", "商品id"),
            ("lines.productName", "商品"),
            ("lines.qty", "商品数量(件)"),
            ("lines.priceSubTotal", "商品总价（元）"),
        ],
        ("pdd_current", "mall2030") => &[
            ("Code", "订单号"),
            ("OrderTime", "订单成交时间"),
            ("TotalQty", "=sum"),
            ("TotalMoney", "=sum"),
            ("PayAmount", "用户实付金额(元)"),
            ("Dtls.BarCode", "商家编码-规格维度"),
            ("Dtls.Quantity", "商品数量(件)"),
            ("Dtls.Amount", "商品总价(元)"),
        ],
        ("pdd_current", "dmhub") => &[
            ("orderNo", "订单号"),
            ("dateOrder", "订单成交时间"),
            ("amountPaid", "用户实付金额(元)"),
            ("lines.lineId", "商品id"),
            ("lines.productName", "商品"),
            ("lines.qty", "商品数量(件)"),
            ("lines.priceSubTotal", "商品总价(元)"),
        ],
        ("douyin_items", "mall2030") => &[
            ("Code", "主订单编号"),
            ("OrderTime", "订单提交时间"),
            ("PayTime", "支付完成时间"),
            ("RecvConsignee", "收件人"),
            ("RecvMobile", "收件人手机号"),
            ("RecvAddress", "详细地址"),
            ("TotalQty", "=sum"),
            ("TotalMoney", "=sum"),
            ("Dtls.BarCode", "商家编码"),
            ("Dtls.Quantity", "商品数量"),
            ("Dtls.PriceSell", "商品单价"),
            ("Dtls.Amount", "订单应付金额"),
        ],
        ("douyin_items", "dmhub") => &[
            ("orderNo", "主订单编号"),
            ("dateOrder", "订单提交时间"),
            ("amountPaid", "=sum"),
            ("identities.mobile", "收件人手机号"),
            ("contactName", "收件人"),
            ("lines.lineId", "子订单编号"),
            ("lines.productName", "选购商品"),
            ("lines.qty", "商品数量"),
            ("lines.priceUnit", "商品单价"),
            ("lines.priceSubPaid", "订单应付金额"),
        ],
        ("youzan_items", "mall2030") => &[
            ("Code", "订单号"),
            ("OrderTime", "交易成功时间"),
            ("PayTime", "交易成功时间"),
            ("RecvConsignee", "收货人/提货人"),
            ("RecvMobile", "收货人手机号/提货人手机号"),
            ("RecvAddress", "详细收货地址/提货地址"),
            ("TotalQty", "=sum"),
            ("TotalMoney", "=sum"),
            ("Dtls.BarCode", "规格编码"),
            ("Dtls.Quantity", "商品数量"),
            ("Dtls.Amount", "商品实际成交金额"),
        ],
        ("youzan_items", "dmhub") => &[
            ("orderNo", "订单号"),
            ("dateOrder", "交易成功时间"),
            ("amountPaid", "=sum"),
            ("identities.mobile", "收货人手机号/提货人手机号"),
            ("lines.lineId", "规格编码"),
            ("lines.productName", "商品名称"),
            ("lines.qty", "商品数量"),
            ("lines.priceSubTotal", "商品金额小计"),
            ("lines.priceSubPaid", "商品实际成交金额"),
        ],
        ("kuaishou", "mall2030") => &[
            ("Code", "订单号"),
            ("OrderTime", "订单创建时间"),
            ("PayTime", "订单支付时间"),
            ("RecvConsignee", "收货人"),
            ("RecvMobile", "收货人电话"),
            ("RecvAddress", "收货地址"),
            ("TotalQty", "=sum"),
            ("TotalMoney", "=sum"),
            ("PayAmount", "实付款"),
            ("Dtls.BarCode", "商家编码"),
            ("Dtls.Quantity", "成交数量"),
            ("Dtls.PriceSell", "商品单价"),
            ("Dtls.Amount", "=price_x_qty"),
        ],
        ("kuaishou", "dmhub") => &[
            ("orderNo", "订单号"),
            ("dateOrder", "订单创建时间"),
            ("amountPaid", "实付款"),
            ("identities.mobile", "收货人电话"),
            ("lines.productName", "商品名称"),
            ("lines.qty", "成交数量"),
            ("lines.priceUnit", "商品单价"),
            ("lines.priceSubTotal", "=price_x_qty"),
        ],
        ("weixin_shop", "mall2030") => &[
            ("Code", "订单号"),
            ("OrderTime", "下单时间"),
            ("PayTime", "支付时间"),
            ("RecvConsignee", "收货人"),
            ("RecvMobile", "收货人手机号"),
            ("TotalQty", "=sum"),
            ("TotalMoney", "=sum"),
            ("PayAmount", "订单实付金额"),
            ("Dtls.BarCode", "SKU编码"),
            ("Dtls.Quantity", "商品数量"),
            ("Dtls.Amount", "=price_x_qty"),
        ],
        ("weixin_shop", "dmhub") => &[
            ("orderNo", "订单号"),
            ("dateOrder", "下单时间"),
            ("amountPaid", "订单实付金额"),
            ("identities.mobile", "收货人手机号"),
            ("lines.lineId", "SKU编码"),
            ("lines.productName", "商品名称"),
            ("lines.qty", "商品数量"),
            ("lines.priceSubTotal", "=price_x_qty"),
        ],
        ("wangdiantong", "mall2030") => &[
            ("Code", "订单编号"),
            ("OrderTime", "下单时间"),
            ("PayTime", "付款时间"),
            ("BuyerCode", "客户网名"),
            ("RecvConsignee", "收件人"),
            ("RecvMobile", "手机"),
            ("TotalQty", "=sum"),
            ("TotalMoney", "=sum"),
            ("Dtls.BarCode", "商家编码"),
            ("Dtls.Quantity", "数量"),
            ("Dtls.Amount", "=price_x_qty"),
        ],
        ("wangdiantong", "dmhub") => &[
            ("orderNo", "订单编号"),
            ("dateOrder", "下单时间"),
            ("identities.mobile", "手机"),
            ("store", "店铺"),
            ("lines.productName", "货品名称"),
            ("lines.qty", "数量"),
            ("lines.priceSubTotal", "=price_x_qty"),
        ],
        _ => panic!("no reference mapping for {platform} / {target}"),
    }
}

/// Columns that must never be picked for anything but what they are (refunds, sub-order
/// numbers as order numbers, notes, shop names).
const NEVER: &[(&str, &str)] = &[
    ("退款金额", ""),
    ("商品已退款金额", ""),
    ("退款状态", ""),
    ("售后状态", ""),
    ("买家留言", "BuyerCode"),
    ("主订单买家留言", "BuyerCode"),
    ("店铺名称", "ShopCode"),
    ("店铺", "ShopCode"),
    ("子订单编号", "Code"),
    ("子订单编号", "OriginalCode"),
    ("子订单编号", "orderNo"),
    ("结算金额", "Dtls.Amount"),
    ("订单金额", "Dtls.Amount"),
    ("应付金额", "lines.priceSubTotal"),
];

fn source(doc: &Value, path: &str) -> Option<String> {
    let f = doc["fields"].get(path)?;
    f["column"].as_str().map(|c| c.trim().to_string()).or_else(|| f["derive"].as_str().map(|d| format!("={d}"))).or_else(|| f["value"].as_str().map(|v| format!("value:{v}")))
}

struct Files {
    _dir: tempfile::TempDir,
    main: PathBuf,
    items: Option<PathBuf>,
}

fn files(e: &Export) -> Files {
    let dir = tempfile::tempdir().unwrap();
    let main = write(&e.main.grid, e.format, dir.path(), "orders");
    let items = e.items.as_ref().map(|l| write(&l.grid, Format::CsvGb, dir.path(), "items"));
    Files { _dir: dir, main, items }
}

fn with_lines<'a>(args: Vec<&'a std::ffi::OsStr>, f: &'a Files) -> Vec<&'a std::ffi::OsStr> {
    let mut args = args;
    if let Some(items) = &f.items {
        args.extend(["--lines".as_ref(), items.as_os_str()]);
    }
    args
}

fn suggest(f: &Files, target: &str) -> Value {
    let out = orderdock(&with_lines(vec!["suggest".as_ref(), f.main.as_os_str(), "--target".as_ref(), target.as_ref(), "--json".as_ref()], f));
    assert_eq!(out.code, 0, "{out:?}");
    out.json()
}

/// The issues the planted problems (and what the layout cannot supply) must give.
fn expected(e: &Export, doc: &Value, target: &str) -> Vec<Found> {
    let t = Target::parse(target).unwrap();
    let def = t.def();
    let mapped: HashMap<String, String> = doc["fields"].as_object().unwrap().iter().filter_map(|(p, f)| Some((p.clone(), f["column"].as_str()?.trim().to_string()))).collect();
    let fields_on = |column: &str| mapped.iter().filter(|(_, c)| c.as_str() == column).map(|(p, _)| p.clone()).collect::<Vec<_>>();
    let header = e.main.grid.rows[0].iter().map(V::shown).map(|h| h.trim().to_string()).collect::<Vec<_>>();
    let cell = |row: u32, column: &str| header.iter().position(|h| h == column).map(|c| e.main.grid.rows[row as usize - 1][c].clone());
    let has_identity = mapped.keys().any(|p| p.starts_with("identities.") || p == "customerId");
    let mut out = Vec::new();
    // (order index, its first row, its line rows): an order number Excel mangled makes each
    // row an order of its own.
    let mut groups: Vec<(usize, u32, Vec<u32>)> = Vec::new();
    for i in (0..e.orders.len()).filter(|i| !SEEDS.contains(&Seed::Cancelled(*i))) {
        let line_rows = e.items.as_ref().map_or(&e.main.rows[i], |l| &l.rows[i]).clone();
        if e.resaved {
            groups.extend(line_rows.iter().map(|&r| (i, r, vec![r])));
        } else {
            groups.push((i, e.main.rows[i][0], line_rows));
        }
    }
    for (i, first, line_rows) in groups {
        let key = match cell(first, def_key_column(&mapped, def.key)) {
            Some(V::Text(s)) if e.resaved => s,
            _ => e.orders[i].no.clone(),
        };
        let first_line = e.items.as_ref().map_or(&e.main.rows[i], |l| &l.rows[i])[0];
        let mut push = |code: &str, row: u32, field: &str| out.push(issue(code, &key, row, field));
        for seed in SEEDS {
            match seed {
                Seed::NoMobile(j) if j == i => {
                    let Some(m) = e.mobile_col else { continue };
                    for p in fields_on(m) {
                        if def.field(&p).is_some_and(|d| d.required) {
                            push("required", first, &p);
                        }
                    }
                    let other_identity = mapped.iter().any(|(p, c)| (p.starts_with("identities.") || p == "customerId") && c != m);
                    if t == Target::Dmhub && has_identity && !other_identity {
                        push("customer_missing", first, "");
                    }
                }
                Seed::BadQty(j) if j == i && line_rows.contains(&first_line) => fields_on(e.qty_col).iter().for_each(|p| push("bad_number", first_line, p)),
                Seed::BadTime(j) if j == i => fields_on(e.time_col).iter().for_each(|p| push("bad_datetime", first, p)),
                Seed::OldSale(j) if j == i && t == Target::Mall2030 && mapped.get("OrderTime").map(String::as_str) == Some(e.time_col) => push("sale_time_out_of_range", first, "OrderTime"),
                _ => {}
            }
        }
        // What the layout cannot supply is missing on every order.
        for d in def.fields.iter().filter(|d| d.required && doc["fields"].get(d.path).is_none()) {
            if def.is_line(d.path) {
                line_rows.iter().for_each(|&r| push("required", r, d.path));
            } else {
                push("required", first, d.path);
            }
        }
        if t == Target::Dmhub && !has_identity {
            push("customer_missing", first, "");
        }
        // Excel turned long identifiers into 6.90001E+18.
        if e.resaved {
            for (p, c) in &mapped {
                if !def.field(p).is_some_and(|d| matches!(d.kind, Kind::Id | Kind::Long)) {
                    continue;
                }
                let rows = if def.is_line(p) { line_rows.clone() } else { vec![first] };
                for r in rows {
                    if matches!(cell(r, c), Some(V::Text(s)) if s.contains("E+")) {
                        push("precision_lost", r, p);
                    }
                }
            }
        }
    }
    out.sort();
    out
}

fn def_key_column<'a>(mapped: &'a HashMap<String, String>, key: &str) -> &'a str {
    mapped.get(key).map(String::as_str).unwrap_or_default()
}

fn check(e: Export, target: &str) {
    let f = files(&e);
    let mut doc = suggest(&f, target);
    assert_eq!(doc["platform"], e.platform, "{doc:#}");
    let wrong: Vec<String> = truth(e.platform, target)
        .iter()
        .filter(|(path, want)| source(&doc, path).as_deref() != Some(want.trim()))
        .map(|(path, want)| format!("{path}: want {want}, got {:?}", source(&doc, path)))
        .collect();
    assert!(wrong.is_empty(), "{}: {wrong:#?}\n{doc:#}", e.platform);
    for (path, f) in doc["fields"].as_object().unwrap() {
        let column = f["column"].as_str().unwrap_or_default().trim();
        assert!(!NEVER.iter().any(|(c, p)| *c == column && (p.is_empty() || p == path)), "{}: {path} ← {column}", e.platform);
    }
    assert!(doc["filter"]["in"].as_array().is_some_and(|v| !v.is_empty()), "{}: no completed-orders filter: {doc:#}", e.platform);
    if target == "mall2030" {
        doc["fields"]["ShopCode"] = json!({"value": "HQS0001"});
    }
    let dir = tempfile::tempdir().unwrap();
    let mapping = dir.path().join("mapping.json");
    std::fs::write(&mapping, doc.to_string()).unwrap();
    let out = orderdock(&with_lines(vec!["validate".as_ref(), f.main.as_os_str(), "--mapping".as_ref(), mapping.as_os_str(), "--now".as_ref(), NOW.as_ref(), "--json".as_ref()], &f));
    let report = out.json();
    assert_eq!(found(&report), expected(&e, &doc, target), "{}: {report:#}", e.platform);
    // Rows with a mangled order number are each an order of their own.
    let cancelled = SEEDS.iter().find_map(|s| if let Seed::Cancelled(i) = s { Some(*i) } else { None }).unwrap();
    let left_out = if e.resaved { e.main.rows[cancelled].len() } else { 1 };
    assert_eq!(report["left_out"], left_out, "{}: the cancelled order is left out", e.platform);
    // Without the filter, the cancelled order is checked too, and warned about.
    let mut unfiltered = doc.clone();
    unfiltered.as_object_mut().unwrap().remove("filter");
    std::fs::write(&mapping, unfiltered.to_string()).unwrap();
    let out = orderdock(&with_lines(vec!["validate".as_ref(), f.main.as_os_str(), "--mapping".as_ref(), mapping.as_os_str(), "--now".as_ref(), NOW.as_ref(), "--json".as_ref()], &f));
    let warned: Vec<(String, u64)> =
        out.json()["issues"].as_array().unwrap().iter().filter(|i| i["code"] == "order_not_completed").map(|i| (i["severity"].as_str().unwrap().to_string(), i["row"].as_u64().unwrap())).collect();
    let rows: Vec<u64> = if e.resaved { e.main.rows[cancelled].iter().map(|&r| r as u64).collect() } else { vec![e.main.rows[cancelled][0] as u64] };
    assert_eq!(warned, rows.into_iter().map(|r| ("warning".to_string(), r)).collect::<Vec<_>>(), "{}", e.platform);
    let valid = report["valid_orders"].as_u64().unwrap();
    assert!(valid > 0 || e.resaved || doc["unmatched"].as_array().is_some_and(|u| !u.is_empty()), "{}: no valid order", e.platform);
}

macro_rules! layouts {
    ($($name:ident: $make:expr;)*) => {
        mod mall2030 { use super::*; $(#[test] fn $name() { check($make, "mall2030") })* }
        mod dmhub { use super::*; $(#[test] fn $name() { check($make, "dmhub") })* }
    };
}

layouts! {
    taobao_two_files: exports::taobao_two_files();
    qianniu: exports::qianniu();
    jd_pop: exports::jd();
    pdd_classic: exports::pdd_classic();
    pdd_current: exports::pdd_current();
    douyin: exports::douyin(false);
    douyin_resaved_by_excel: exports::douyin(true);
    youzan: exports::youzan();
    kuaishou: exports::kuaishou();
    weixin_shop: exports::weixin();
    wangdiantong: exports::wangdiantong();
}
