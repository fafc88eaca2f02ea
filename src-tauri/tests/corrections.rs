//! 订单修正 through Tauri's IPC on the mock runtime, against the in-process practice server:
//! a DM Hub deal's line corrected (deal_update answers the deal read back, its values as text,
//! money with two decimals) and a 2030 return of one of two lines that share a barcode.

use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};
use tauri::Listener;
use tauri::test::{mock_builder, mock_context, noop_assets};

mod common;
use common::call;

const DEALS: &str = r#"{"target": "dmhub", "fields": {
    "orderNo": {"column": "订单编号"}, "dateOrder": {"column": "下单时间"}, "amountPaid": {"column": "实付金额"},
    "identities.mobile": {"column": "手机"}, "lines.lineId": {"column": "子订单编号"}, "lines.productName": {"column": "商品名称"},
    "lines.qty": {"column": "数量"}, "lines.priceUnit": {"column": "单价"}, "lines.priceSubTotal": {"column": "金额"}}}"#;

const SALES: &str = r#"{"target": "mall2030", "fields": {
    "ShopCode": {"value": "S001"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "下单时间"},
    "PayTime": {"column": "下单时间"}, "TotalMoney": {"derive": "sum"}, "TotalQty": {"derive": "sum"},
    "BuyerCode": {"column": "买家"}, "RecvConsignee": {"column": "收货人"}, "RecvMobile": {"column": "手机"},
    "Dtls.BarCode": {"column": "商品条码"}, "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"column": "金额"}}}"#;

#[test]
fn a_deal_line_corrected_and_a_return_of_one_line() {
    let home = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this binary, set before any thread reads the environment.
    unsafe { std::env::set_var("ORDERDOCK_HOME", home.path()) };
    let day = (chrono::Utc::now() - chrono::Duration::days(1)).format("%Y-%m-%d 10:00:00");
    let deals = home.path().join("deals.csv");
    std::fs::write(&deals, format!("订单编号,下单时间,实付金额,手机,子订单编号,商品名称,数量,单价,金额\nD1,{day},59.80,13800000000,L1,测试商品,2,29.90,59.80\n")).unwrap();
    let sales = home.path().join("sales.csv");
    std::fs::write(&sales, format!("订单编号,下单时间,买家,收货人,手机,商品条码,数量,金额\nR1,{day},b1,张三,13800000000,690001,1,10\nR1,{day},b1,张三,13800000000,690001,2,20\n")).unwrap();

    let app = orderdock_desktop::commands(mock_builder()).build(mock_context(noop_assets())).unwrap();
    let w = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    let (tx, rx) = mpsc::channel::<Value>();
    app.listen_any("upload-finished", move |e| tx.send(serde_json::from_str(e.payload()).unwrap()).unwrap());
    let practice = json!({"practice": true});
    let upload = |path: &std::path::Path, mapping: &str| {
        let file = call(&w, "open_file", json!({"path": path})).unwrap()["fileId"].clone();
        let mapping: Value = serde_json::from_str(mapping).unwrap();
        call(&w, "start_upload", json!({"fileId": file, "mapping": mapping, "connection": practice})).unwrap();
        let finished = rx.recv_timeout(Duration::from_secs(30)).expect("upload-finished");
        assert_eq!(finished["summary"]["accepted"], 1, "{finished}");
    };

    upload(&deals, DEALS);
    let deal = call(&w, "deal_get", json!({"connection": practice, "orderNo": "D1"})).unwrap();
    assert_eq!((deal["amountPaid"].as_str(), deal["lines"][0]["priceUnit"].as_str()), (Some("59.80"), Some("29.90")));
    let back = call(&w, "deal_update", json!({"connection": practice, "orderNo": "D1", "patch": {"remark": "改了数量"}, "lines": {"L1": {"qty": "3", "priceUnit": "25.5"}}})).unwrap();
    let line = &back["lines"][0];
    assert_eq!((line["qty"].as_str(), line["priceUnit"].as_str(), line["priceSubTotal"].as_str()), (Some("3"), Some("25.50"), Some("76.50")));
    assert_eq!((back["remark"].as_str(), back["amountPaid"].as_str(), back["lines"].as_array().map(Vec::len)), (Some("改了数量"), Some("59.80"), Some(1)));
    let refused = call(&w, "deal_update", json!({"connection": practice, "orderNo": "D1", "patch": {}, "lines": {"L9": {"qty": "1"}}})).unwrap_err();
    assert_eq!(refused["message"], "这笔订单没有订单行 L9，请重新查询后再改");

    upload(&sales, SALES);
    let all = call(&w, "build_return", json!({"orderNo": "R1", "code": "R1-R", "lines": []})).unwrap();
    assert_eq!(all["Dtls"].as_array().map(Vec::len), Some(2));
    let one = call(&w, "build_return", json!({"orderNo": "R1", "code": "R1-R", "lines": [1]})).unwrap();
    assert_eq!((one["Dtls"].as_array().map(Vec::len), one["TotalQty"].clone(), one["TotalMoney"].as_str(), one["Dtls"][0]["Amount"].as_str()), (Some(1), json!(-2), Some("-20.00"), Some("-20.00")));
    assert!(call(&w, "build_return", json!({"orderNo": "R1", "code": "R1-R", "lines": [2]})).unwrap_err()["message"].as_str().unwrap().contains("第 3 行"));
    call(&w, "upload_return", json!({"connection": practice, "orderNo": "R1", "code": "R1-R", "lines": [1]})).unwrap();
    let finished = rx.recv_timeout(Duration::from_secs(30)).expect("upload-finished");
    assert_eq!(finished["summary"]["accepted"], 1, "the return of the second line is accepted: {finished}");
}
