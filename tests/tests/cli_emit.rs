//! `validate --emit OUT.jsonl`: the request bodies an upload would send, checked as text
//! (number formatting matters to the servers, so parsed JSON is not enough).

use std::collections::{BTreeMap, BTreeSet};

use orderdock_e2e::formats::{Format, write};
use orderdock_e2e::grid::{Grid, V};
use orderdock_e2e::{csv_file, rows, validate};
use serde_json::Value;

fn emitted(file: &std::path::Path, mapping: &str, now: &str) -> Vec<String> {
    let out_path = file.with_extension("jsonl");
    let out = validate(file, mapping, &["--now", now, "--emit", out_path.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{out:?}");
    std::fs::read_to_string(&out_path).unwrap().lines().map(str::to_string).collect()
}

const MALL_HEADER: &[&str] = &["店铺", "订单编号", "下单时间", "付款时间", "总金额", "买家", "收货人", "手机", "条码", "单价", "数量", "金额"];
const MALL_BASE: &[&str] = &["HQS0001", "", "2019-06-22 10:30:01", "2019-06-22 10:35:01", "450.00", "EZ00001201", "测试", "13122136787", "15026609123", "450", "1", "450"];
const MALL_MAP: &str = r#"{"target": "mall2030", "fields": {
  "ShopCode": {"column": "店铺"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "下单时间"},
  "PayTime": {"column": "付款时间"}, "TotalMoney": {"column": "总金额"}, "TotalQty": {"derive": "sum"},
  "BuyerCode": {"column": "买家"}, "RecvConsignee": {"column": "收货人"}, "RecvMobile": {"column": "手机"},
  "DiscountMoney": {"value": 0}, "DataOrigin": {"value": 10},
  "Dtls.BarCode": {"column": "条码"}, "Dtls.PriceSell": {"column": "单价"}, "Dtls.Quantity": {"column": "数量"},
  "Dtls.Amount": {"column": "金额"}}}"#;
const MALL_NOW: &str = "2019-06-23T09:00:00+08:00";

/// 250 orders over two shops: one JSON array per call, at most 100 orders, one ShopCode each.
#[test]
fn mall2030_batches_hold_at_most_100_orders_of_one_shop() {
    let dir = tempfile::tempdir().unwrap();
    let codes: Vec<String> = (0..250).map(|i| format!("{:010}", 128_000 + i)).collect();
    let records: Vec<Vec<(&str, &str)>> = codes.iter().enumerate().map(|(i, c)| vec![("订单编号", c.as_str()), ("店铺", if i % 5 == 4 { "HQS0002" } else { "HQS0001" })]).collect();
    let refs: Vec<&[(&str, &str)]> = records.iter().map(Vec::as_slice).collect();
    let lines = emitted(&csv_file(dir.path(), "many.csv", &rows(MALL_HEADER, MALL_BASE, &refs)), MALL_MAP, MALL_NOW);
    let mut sizes: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for line in &lines {
        let batch: Value = serde_json::from_str(line).unwrap();
        let batch = batch.as_array().expect("each line is a JSON array");
        let shops: BTreeSet<&str> = batch.iter().map(|o| o["ShopCode"].as_str().unwrap()).collect();
        assert_eq!(shops.len(), 1, "one ShopCode per batch: {shops:?}");
        sizes.entry(shops.into_iter().next().unwrap().to_string()).or_default().push(batch.len());
        for o in batch {
            assert!(seen.insert(o["Code"].as_str().expect("Code is a JSON string").to_string()));
        }
    }
    for v in sizes.values_mut() {
        v.sort_unstable_by(|a, b| b.cmp(a));
    }
    assert_eq!(sizes, BTreeMap::from([("HQS0001".to_string(), vec![100, 100]), ("HQS0002".to_string(), vec![50])]));
    assert_eq!(seen, codes.into_iter().collect());
}

/// The spec's own example order, and a float cell (69.900000000000006) sent as 69.90.
#[test]
fn mall2030_body_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let table =
        rows(MALL_HEADER, MALL_BASE, &[&[("订单编号", "0000128092")], &[("订单编号", "0000128093"), ("总金额", "69.900000000000006"), ("单价", "69.900000000000006"), ("金额", "69.900000000000006")]]);
    let lines = emitted(&csv_file(dir.path(), "one.csv", &table), MALL_MAP, MALL_NOW);
    assert_eq!(lines.len(), 1);
    assert_eq!(
        lines[0],
        concat!(
            r#"[{"ShopCode":"HQS0001","Code":"0000128092","OrderTime":"2019-06-22 10:30:01","PayTime":"2019-06-22 10:35:01","TotalMoney":450.00,"#,
            r#""TotalQty":1,"BuyerCode":"EZ00001201","RecvConsignee":"测试","RecvMobile":"13122136787","DiscountMoney":0.00,"DataOrigin":10,"#,
            r#""Dtls":[{"BarCode":"15026609123","PriceSell":450.00,"Quantity":1,"Amount":450.00}]},"#,
            r#"{"ShopCode":"HQS0001","Code":"0000128093","OrderTime":"2019-06-22 10:30:01","PayTime":"2019-06-22 10:35:01","TotalMoney":69.90,"#,
            r#""TotalQty":1,"BuyerCode":"EZ00001201","RecvConsignee":"测试","RecvMobile":"13122136787","DiscountMoney":0.00,"DataOrigin":10,"#,
            r#""Dtls":[{"BarCode":"15026609123","PriceSell":69.90,"Quantity":1,"Amount":69.90}]}]"#
        ),
        "the body of the spec example, money with two decimals"
    );
}

const DM_MAP: &str = r#"{"target": "dmhub", "timezone": "TZ", "fields": {
  "orderNo": {"column": "订单号"}, "customerId": {"column": "客户ID"}, "identities.mobile": {"column": "手机"},
  "dateOrder": {"column": "付款时间"}, "amountTotal": {"column": "总金额"}, "amountPaid": {"column": "实付"},
  "amountDiscount": {"column": "优惠"}, "couponCode": {"column": "优惠券"}, "custom.channel": {"column": "渠道"},
  "store": {"value": "天猫旗舰店"},
  "lines.lineId": {"column": "子订单编号"}, "lines.productName": {"column": "商品"}, "lines.qty": {"column": "数量"},
  "lines.priceUnit": {"column": "单价"}, "lines.priceSubTotal": {"column": "小计"}, "lines.couponCode": {"column": "优惠券"},
  "lines.custom.color": {"column": "颜色"}}}"#;

/// DM Hub deal from an xlsx with a real date cell: UTC time, integer customerId, both coupon
/// spellings, identities and custom fields.
#[test]
fn dmhub_deal_body_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let header = ["订单号", "客户ID", "手机", "付款时间", "总金额", "实付", "优惠", "优惠券", "渠道", "子订单编号", "商品", "数量", "单价", "小计", "颜色"];
    let t = |s: &str| V::Text(s.to_string());
    let row = vec![
        V::Id("11122233344455".into()),
        t("90840682394599424"),
        V::Phone("13122136787".into()),
        V::time("2019-06-22 10:30:01"),
        V::num("69"),
        V::num("59"),
        V::num("10"),
        V::Id("222333444".into()),
        t("tmall"),
        V::Id("149766666".into()),
        t("保温杯"),
        V::num("1"),
        V::num("69"),
        V::num("69"),
        t("红色"),
    ];
    let grid = Grid::new(vec![header.iter().map(|h| t(h)).collect(), row]);
    let path = write(&grid, Format::Xlsx, dir.path(), "deal");
    for (tz, utc) in [("Asia/Shanghai", "2019-06-22T02:30:01Z"), ("Asia/Tokyo", "2019-06-22T01:30:01Z")] {
        let lines = emitted(&path, &DM_MAP.replace("TZ", tz), "2019-06-23T09:00:00+08:00");
        assert_eq!(lines.len(), 1);
        let text = &lines[0];
        for part in [
            r#""customerId":90840682394599424"#,
            r#""orderNo":"11122233344455""#,
            &format!(r#""dateOrder":"{utc}""#),
            r#""amountTotal":69.00"#,
            r#""amountPaid":59.00"#,
            r#""amountDiscount":10.00"#,
            r#""couponCode":"222333444""#,
            r#""counponCode":"222333444""#,
            r#""customerIdentities":[{"identityType":"mobile","identityValue":"13122136787"}]"#,
            r#""channel":"tmall""#,
            r#""store":"天猫旗舰店""#,
            r#""lineId":"149766666""#,
            r#""priceSubTotal":69.00"#,
            r#""color":"红色""#,
        ] {
            assert!(text.contains(part), "{tz}: {part} missing in {text}");
        }
        let deal: Value = serde_json::from_str(text).unwrap();
        assert!(deal.is_object(), "one deal object per line");
        let line = &deal["lines"][0];
        assert_eq!(line["qty"], 1);
        assert_eq!((&line["couponCode"], &line["counponCode"]), (&"222333444".into(), &"222333444".into()));
        assert!(deal.get("identities").is_none() && deal.get("custom").is_none() && deal.get("custom.channel").is_none(), "{text}");
    }
}

/// Only valid orders are emitted.
#[test]
fn invalid_orders_are_not_emitted() {
    let dir = tempfile::tempdir().unwrap();
    let table = rows(MALL_HEADER, MALL_BASE, &[&[("订单编号", "0000000001")], &[("订单编号", "0000000002"), ("手机", "")]]);
    let file = csv_file(dir.path(), "mixed.csv", &table);
    let out_path = file.with_extension("jsonl");
    let out = validate(&file, MALL_MAP, &["--now", MALL_NOW, "--emit", out_path.to_str().unwrap()]);
    assert_eq!(out.code, 1);
    let text = std::fs::read_to_string(&out_path).unwrap();
    let codes: Vec<Value> = text.lines().flat_map(|l| serde_json::from_str::<Vec<Value>>(l).unwrap()).map(|o| o["Code"].clone()).collect();
    assert_eq!(codes, vec![Value::from("0000000001")]);
}
