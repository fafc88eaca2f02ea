//! `suggest --json` on each platform's layout: key fields map to the right columns.

use orderdock_e2e::formats::{Format, write};
use orderdock_e2e::grid::Layout;
use orderdock_e2e::model::{Order, orders};
use orderdock_e2e::orderdock;
use orderdock_e2e::platforms::{douyin, douyin_id, jd, pdd, pdd_id, taobao, taobao_two_files};
use serde_json::Value;

fn suggest(layout: &Layout, target: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = write(&layout.grid, Format::Xlsx, dir.path(), "s");
    let out = orderdock(&["suggest".as_ref(), path.as_os_str(), "--target".as_ref(), target.as_ref(), "--json".as_ref()]);
    assert_eq!(out.code, 0, "{out:?}");
    let doc = out.json();
    assert_eq!(doc["target"], target);
    for (path, f) in doc["fields"].as_object().unwrap() {
        if let Some(c) = f.get("confidence") {
            let c = c.as_f64().unwrap_or(-1.0);
            assert!((0.0..=1.0).contains(&c), "{path}: confidence {c}");
        }
    }
    doc
}

fn column<'a>(doc: &'a Value, path: &str) -> &'a Value {
    &doc["fields"][path]["column"]
}

fn unmatched(doc: &Value) -> Vec<&str> {
    doc["unmatched"].as_array().unwrap().iter().filter_map(Value::as_str).collect()
}

fn few() -> Vec<Order> {
    orders(4, |i| format!("1000{i}"))
}

#[test]
fn taobao_single_file_for_mall2030() {
    let doc = suggest(&taobao(&few(), false), "mall2030");
    assert_eq!(column(&doc, "Code"), "主订单编号");
    assert_eq!(column(&doc, "RecvMobile"), "联系手机");
    assert_eq!(column(&doc, "RecvTel"), "联系电话");
    assert_eq!(column(&doc, "OrderTime"), "订单创建时间");
    assert_eq!(column(&doc, "PayTime"), "订单付款时间");
    assert_eq!(column(&doc, "Dtls.Quantity"), "购买数量");
    assert_eq!(column(&doc, "Dtls.BarCode"), "商家编码");
    assert_eq!(column(&doc, "BuyerCode"), "买家会员名");
    assert!(unmatched(&doc).contains(&"ShopCode"), "{doc}");
    assert!(!unmatched(&doc).contains(&"Code"), "{doc}");
}

#[test]
fn taobao_old_order_report_for_mall2030() {
    let (main, _) = taobao_two_files(&few());
    let doc = suggest(&main, "mall2030");
    assert_eq!(column(&doc, "Code"), "订单编号");
    assert_eq!(column(&doc, "RecvMobile"), "联系手机");
    assert_eq!(column(&doc, "TotalQty"), "宝贝总数量");
    assert_eq!(column(&doc, "RecvConsignee"), "收货人姓名");
    assert!(unmatched(&doc).contains(&"ShopCode"));
}

#[test]
fn jd_for_mall2030_and_dmhub() {
    let doc = suggest(&jd(&few()), "mall2030");
    assert_eq!(column(&doc, "Code"), "订单号");
    assert_eq!(column(&doc, "OrderTime"), "下单时间");
    assert_eq!(column(&doc, "Dtls.Quantity"), "订购数量");
    assert_eq!(column(&doc, "RecvConsignee"), "客户姓名");
    let doc = suggest(&jd(&few()), "dmhub");
    assert_eq!(column(&doc, "orderNo"), "订单号");
    assert_eq!(column(&doc, "lines.productName"), "商品名称");
    assert_eq!(column(&doc, "lines.qty"), "订购数量");
}

#[test]
fn pinduoduo_for_mall2030() {
    let o: Vec<Order> = orders(3, pdd_id).into_iter().map(Order::single_line).collect();
    let doc = suggest(&pdd(&o), "mall2030");
    assert_eq!(column(&doc, "Code"), "订单号");
    assert_eq!(column(&doc, "RecvMobile"), "手机");
    assert_eq!(column(&doc, "RecvConsignee"), "收货人");
    assert_eq!(column(&doc, "PayTime"), "支付时间");
    assert_eq!(column(&doc, "Dtls.BarCode"), "商家编码-SKU维度");
}

#[test]
fn douyin_for_mall2030_and_dmhub() {
    let doc = suggest(&douyin(&orders(3, douyin_id)), "mall2030");
    assert_eq!(column(&doc, "Code"), "主订单编号");
    assert_eq!(column(&doc, "RecvMobile"), "收件人手机号");
    assert_eq!(column(&doc, "RecvConsignee"), "收件人");
    assert_eq!(column(&doc, "OrderTime"), "订单提交时间");
    assert_eq!(column(&doc, "Dtls.DiscountMoney"), "优惠总金额", "per 子订单, summed into the order");
    assert_eq!(doc["fields"]["DiscountMoney"]["derive"], "sum");
    let doc = suggest(&douyin(&orders(3, douyin_id)), "dmhub");
    assert_eq!(column(&doc, "orderNo"), "主订单编号");
    assert_eq!(column(&doc, "identities.mobile"), "收件人手机号");
    assert_eq!(column(&doc, "lines.lineId"), "子订单编号");
}
