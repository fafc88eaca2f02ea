//! A Taobao two-file export (订单报表 ExportOrderList + 宝贝报表 ExportOrderDetailList)
//! through IPC: the item report is recognised whichever way the files come (together, in
//! either order, or one after the other), the suggestion follows the order report's layout
//! with `lines_from` and a completed-orders filter, the filter's count comes from the Rust
//! side, and the preview's orders carry the item report's lines.

use serde_json::{Value, json};
use tauri::test::{mock_builder, mock_context, noop_assets};

mod common;
use common::call;

/// The order report's header as Taobao writes it: six names end in a space.
const ORDERS_HEADER: &str = "订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,总金额,买家实际支付金额,订单状态,买家留言,收货人姓名,收货地址 ,运送方式,联系电话 ,联系手机,订单创建时间,订单付款时间 ,宝贝标题 ,宝贝种类 ,物流单号 ,物流公司,订单备注,宝贝总数量,店铺Id,店铺名称";
const ITEMS_HEADER: &str = "订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码";

fn write_export(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let day = (chrono::Utc::now() - chrono::Duration::days(2)).format("%Y-%m-%d");
    let orders = dir.join("ExportOrderList202611.csv");
    let items = dir.join("ExportOrderDetailList202611.csv");
    let order = |no: &str, buyer: &str, amount: &str, status: &str, name: &str, mobile: &str, titles: &str, kinds: u32, qty: u32| {
        format!(
            "=\"{no}\",{buyer},{buyer}@example.com,{amount},0.00,{amount},{amount},{status},,{name},浙江省 杭州市 西湖区 文三路1号,快递,,{mobile},{day} 10:00:00,{day} 10:05:00,{titles},{kinds},SF100{kinds},顺丰速运,,{qty},1001,测试小店"
        )
    };
    std::fs::write(
        &orders,
        [
            ORDERS_HEADER.to_string(),
            order("3100000000000000001", "buyer_a", "89.70", "交易成功", "张三", "13800000001", "保温杯 纯棉T恤", 2, 3),
            order("3100000000000000002", "buyer_b", "59.00", "交易成功", "李四", "13800000002", "帆布鞋", 1, 1),
            order("3100000000000000003", "buyer_c", "19.90", "交易关闭", "王五", "13800000003", "雨伞", 1, 1),
        ]
        .join("\n")
            + "\n",
    )
    .unwrap();
    std::fs::write(
        &items,
        format!(
            "{ITEMS_HEADER}\n\
             =\"3100000000000000001\",保温杯 500ml,29.90,1,,颜色:白,,,交易成功,CUP01\n\
             =\"3100000000000000001\",纯棉T恤 L,29.90,2,,尺码:L,,,交易成功,TS01\n\
             =\"3100000000000000002\",帆布鞋 37码,59.00,1,,尺码:37,,,交易成功,SH37\n\
             =\"3100000000000000003\",晴雨伞,19.90,1,,,,,交易关闭,UM01\n"
        ),
    )
    .unwrap();
    (orders, items)
}

fn path_of(v: &Value) -> String {
    v.as_str().unwrap().to_string()
}

#[test]
fn a_taobao_two_file_export_from_either_file_to_its_preview() {
    let home = tempfile::tempdir().unwrap();
    // SAFETY: the only test in this binary, set before any thread reads the environment.
    unsafe { std::env::set_var("ORDERDOCK_HOME", home.path()) };
    let (orders, items) = write_export(home.path());
    let (orders_s, items_s) = (orders.display().to_string(), items.display().to_string());

    let app = orderdock_desktop::commands(mock_builder()).build(mock_context(noop_assets())).unwrap();
    let w = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    call(&w, "set_settings", json!({"lang": "zh"})).unwrap();

    // The item report alone says what it is, and that the order report is needed.
    let alone = call(&w, "open_file", json!({"path": items})).unwrap();
    assert_eq!(alone["platform"]["id"], "taobao_items", "{alone}");
    assert_eq!((alone["itemReport"].clone(), alone["needsItemReport"].clone()), (json!(true), json!(false)));
    assert!(alone.get("lines").is_none());

    // The order report opened next joins it: the order report is the main file.
    let paired = call(&w, "open_file", json!({"path": orders})).unwrap();
    assert_eq!(path_of(&paired["path"]), orders_s);
    assert_eq!(path_of(&paired["lines"]["path"]), items_s, "{paired}");
    assert_eq!(paired["lines"]["dataRows"], 4);
    assert!(paired["lines"]["columns"].as_array().unwrap().contains(&json!("标题")));
    assert_eq!(paired["platform"]["id"], "taobao_orders");
    assert_eq!((paired["itemReport"].clone(), paired["needsItemReport"].clone()), (json!(false), json!(false)));

    // The order report alone asks for its item report; its suggestion has no lines to offer.
    let lonely = call(&w, "open_file", json!({"path": orders})).unwrap();
    assert_eq!((lonely["needsItemReport"].clone(), lonely.get("lines")), (json!(true), None), "{lonely}");
    let partial = call(&w, "suggest_mapping", json!({"fileId": lonely["fileId"], "target": "mall2030"})).unwrap();
    assert!(partial["mapping"].get("lines_from").is_none(), "{partial}");
    assert!(partial["mapping"]["unmatched"].as_array().unwrap().contains(&json!("Dtls.BarCode")), "{partial}");

    // ... and the item report opened after it completes it (the other way round).
    let paired = call(&w, "open_file", json!({"path": items})).unwrap();
    assert_eq!((path_of(&paired["path"]), path_of(&paired["lines"]["path"])), (orders_s.clone(), items_s.clone()));

    // Dropped together, item report first: still the order report with its items.
    let info = call(&w, "open_file", json!({"path": items, "linesPath": orders})).unwrap();
    assert_eq!((path_of(&info["path"]), path_of(&info["lines"]["path"])), (orders_s.clone(), items_s.clone()));
    assert_eq!(info["dataRows"], 3);
    let file = info["fileId"].clone();

    let s = call(&w, "suggest_mapping", json!({"fileId": file, "target": "mall2030"})).unwrap();
    assert_eq!(s["fromTemplate"], false);
    assert_eq!(s["platform"], json!({"id": "taobao_orders", "label": "淘宝/天猫订单报表（需同时导入宝贝报表）"}));
    assert_eq!(s["recognised"]["id"], "taobao_orders");
    let choices: Vec<&str> = s["choices"].as_array().unwrap().iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert!(choices.contains(&"taobao_orders") && choices.contains(&"jd_pop") && !choices.contains(&"taobao_items"), "{choices:?}");
    let m = &s["mapping"];
    assert_eq!(m["platform"], "taobao_orders");
    assert_eq!(m["lines_from"], json!({"key": "订单编号"}));
    assert_eq!(m["fields"]["Dtls.Amount"]["derive"], "price_x_qty");
    assert_eq!(m["fields"]["Dtls.Quantity"]["column"], "购买数量");
    // Header cells are read trimmed: the trailing spaces of the export do not get in the way.
    assert_eq!(m["fields"]["PayTime"]["column"], "订单付款时间");
    assert_eq!(m["filter"], json!({"column": "订单状态", "in": ["交易成功"]}));
    assert_eq!(s["completed"], m["filter"]);

    // Line columns and their samples come from the item report.
    let titles = call(&w, "column_samples", json!({"fileId": file, "column": "标题", "count": 5, "lines": true})).unwrap();
    assert_eq!(titles[0], "保温杯 500ml");

    let mut mapping = m.clone();
    mapping["fields"]["ShopCode"] = json!({"value": "S001"});
    assert_eq!(call(&w, "filter_left_out", json!({"fileId": file, "mapping": mapping})).unwrap(), 1);
    let mut everything = mapping.clone();
    everything.as_object_mut().unwrap().remove("filter");
    assert_eq!(call(&w, "filter_left_out", json!({"fileId": file, "mapping": everything})).unwrap(), 0);

    let summary = call(&w, "validate", json!({"fileId": file, "mapping": mapping})).unwrap();
    assert_eq!((summary["orders"].clone(), summary["lines"].clone(), summary["leftOut"].clone()), (json!(2), json!(3), json!(1)), "{summary}");
    assert_eq!(summary["errors"], 0, "{summary}");
    let rows = call(&w, "grid_page", json!({"fileId": file, "offset": 0, "limit": 10, "onlyProblems": false})).unwrap();
    let left_out: Vec<bool> = rows["rows"].as_array().unwrap().iter().map(|r| r["leftOut"].as_bool().unwrap()).collect();
    assert_eq!(left_out, [false, false, true]);

    // Without the filter the closed order is imported too, with a warning.
    let all = call(&w, "validate", json!({"fileId": file, "mapping": everything})).unwrap();
    assert_eq!((all["orders"].clone(), all["lines"].clone(), all["leftOut"].clone()), (json!(3), json!(4), json!(0)), "{all}");
    assert!(all["counts"].as_array().unwrap().iter().any(|c| c["code"] == "order_not_completed"), "{all}");

    // The mapping screen can go back and follow another layout, or none.
    let dm = call(&w, "suggest_mapping", json!({"fileId": file, "target": "dmhub"})).unwrap();
    assert_eq!(dm["mapping"]["fields"]["lines.priceSubTotal"]["derive"], "price_x_qty");
    let dm_summary = call(&w, "validate", json!({"fileId": file, "mapping": dm["mapping"]})).unwrap();
    assert_eq!((dm_summary["orders"].clone(), dm_summary["lines"].clone(), dm_summary["errors"].clone()), (json!(2), json!(3), json!(0)), "{dm_summary}");
    let generic = call(&w, "suggest_mapping", json!({"fileId": file, "target": "mall2030", "platform": "generic"})).unwrap();
    assert_eq!((generic["platform"].clone(), generic["recognised"]["id"].clone()), (Value::Null, json!("taobao_orders")));
    assert_eq!(generic["mapping"]["lines_from"], json!({"key": "订单编号"}), "{generic}");
    let jd = call(&w, "suggest_mapping", json!({"fileId": file, "target": "mall2030", "platform": "jd_pop"})).unwrap();
    assert_eq!(jd["platform"]["id"], "jd_pop");
    let unknown = call(&w, "suggest_mapping", json!({"fileId": file, "target": "mall2030", "platform": "nowhere"})).unwrap_err();
    assert!(unknown["message"].as_str().unwrap().contains("nowhere"), "{unknown}");

    // A template saved for the pair is not offered for the order report opened alone.
    call(&w, "save_template", json!({"fileId": file, "mapping": mapping})).unwrap();
    assert_eq!(call(&w, "suggest_mapping", json!({"fileId": file, "target": "mall2030"})).unwrap()["fromTemplate"], true);
    let again = call(&w, "open_file", json!({"path": orders})).unwrap();
    assert_eq!(again["needsItemReport"], true);
    let s = call(&w, "suggest_mapping", json!({"fileId": again["fileId"], "target": "mall2030"})).unwrap();
    assert_eq!(s["fromTemplate"], false, "{s}");

    // A problem in the item report is shown on its order's row, with no column (null): the
    // item report is not on screen.
    let bad_items = home.path().join("ExportOrderDetailList-bad.csv");
    std::fs::write(&bad_items, std::fs::read_to_string(&items).unwrap().replace("帆布鞋 37码,59.00", "帆布鞋 37码,五十九")).unwrap();
    let file = call(&w, "open_file", json!({"path": orders, "linesPath": bad_items})).unwrap()["fileId"].clone();
    let summary = call(&w, "validate", json!({"fileId": file, "mapping": mapping})).unwrap();
    assert!(summary["errors"].as_u64().unwrap() > 0, "{summary}");
    let row = &call(&w, "grid_page", json!({"fileId": file, "offset": 1, "limit": 1, "onlyProblems": false})).unwrap()["rows"][0];
    let issue = row["issues"].as_array().unwrap().iter().find(|i| i["code"] == "bad_number").unwrap_or_else(|| panic!("{row}"));
    assert_eq!(issue["column"], Value::Null, "{row}");
}
