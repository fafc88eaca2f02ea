//! The open-file workflow: first rows at once, the rest on another thread swapped in with
//! the corrections made meanwhile, a newer read winning over an older one, corrections
//! stored and found again, two-file exports paired (a document let go, a read that fails:
//! `src/rest.rs`). Every wait is on the events, never on the clock.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use chrono::Utc;
use orderdock_core::mapping::Mapping;
use orderdock_core::messages::Lang;
use orderdock_core::read::PREVIEW_ROWS;
use orderdock_document::{Document, Event, lock, pair};
use orderdock_remote::edits::EditStore;

/// Orders of one line each: three times the first rows.
const ORDERS: usize = PREVIEW_ROWS * 3;

const MAPPING_2030: &str = r#"{"target": "mall2030", "fields": {
    "ShopCode": {"value": "S001"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "下单时间"},
    "PayTime": {"column": "下单时间"}, "TotalMoney": {"column": "订单总金额"}, "TotalQty": {"derive": "sum"},
    "BuyerCode": {"column": "买家"}, "RecvConsignee": {"column": "收货人"}, "RecvMobile": {"column": "手机"},
    "Dtls.BarCode": {"column": "商品条码"}, "Dtls.Quantity": {"column": "数量"}, "Dtls.Amount": {"column": "金额"}}}"#;

fn mapping() -> Mapping {
    Mapping::from_json(MAPPING_2030).unwrap()
}

/// `orders` orders; every 100th (from the second) has a total its line does not add up to.
fn orders_csv(dir: &Path, name: &str, orders: usize) -> PathBuf {
    let day = (Utc::now() - chrono::Duration::days(2)).format("%Y-%m-%d 10:00:00");
    let mut csv = String::from("订单编号,下单时间,订单总金额,买家,收货人,手机,商品条码,数量,金额\n");
    for i in 0..orders {
        let total = if i % 100 == 1 { "31" } else { "30" };
        csv += &format!("A{i:06},{day},{total},b,张三,13800000000,690001,1,30\n");
    }
    let path = dir.join(name);
    std::fs::write(&path, csv).unwrap();
    path
}

/// Every event of the reads reporting to `events` (their threads hold its senders), until
/// the last of those threads has ended.
fn all_events(events: mpsc::Receiver<Event>) -> Vec<Event> {
    events.into_iter().filter(|e| !matches!(e, Event::Progress { .. })).collect()
}

fn sender(tx: &mpsc::Sender<Event>) -> impl Fn(Event) + Send + Sync + 'static {
    let tx = Mutex::new(tx.clone());
    move |e| {
        let _ = lock(&tx).send(e);
    }
}

#[test]
fn the_first_rows_at_once_then_the_whole_file_with_the_corrections_made_meanwhile() {
    let dir = tempfile::tempdir().unwrap();
    let path = orders_csv(dir.path(), "orders.csv", ORDERS);
    let store = EditStore::open(&dir.path().join("edits.sqlite")).unwrap();

    let (mut doc, rest) = Document::open(&path, None, None, None).unwrap();
    let rest = rest.expect("the file is longer than its first rows");
    assert!(doc.is_reading());
    assert!(doc.table().len() < ORDERS);
    let estimate = doc.data_rows();
    assert!((ORDERS * 9 / 10..ORDERS * 11 / 10).contains(&estimate), "{estimate}");
    assert!(matches!(doc.whole(), Err(orderdock_document::Error::StillReading)));
    assert!(matches!(doc.upload_bodies(Some(&mapping()), Lang::En, Utc::now()), Err(orderdock_document::Error::StillReading)), "an upload needs every row");
    doc.load_edits(&store).unwrap();

    // The first rows, less the last order (it may go on below), and a correction made now.
    doc.prepare(&mapping(), Lang::En, Utc::now()).unwrap();
    let s = doc.session(Lang::En).unwrap();
    let first = s.summary();
    assert!(first.partial);
    assert_eq!(first.errors, first.orders.div_ceil(100));
    assert!(s.edit(1, 2, "30").unwrap()[0].issues.is_empty());
    doc.save_edits(&store).unwrap();

    let doc = Arc::new(Mutex::new(doc));
    let (tx, rx) = mpsc::channel();
    rest.read(&doc, Lang::En, sender(&tx));
    drop(tx);
    let events = all_events(rx);
    assert!(matches!(events[..], [Event::Loaded { data_rows: ORDERS, checked: Ok(()) }]), "{events:?}");

    let mut doc = lock(&doc);
    assert!(!doc.is_reading() && doc.whole().is_ok());
    assert_eq!(doc.table().len(), ORDERS);
    let whole = doc.session(Lang::En).unwrap().summary();
    assert!(!whole.partial);
    assert_eq!((whole.orders, whole.errors), (ORDERS, ORDERS / 100 - 1));
    // The correction made on the first rows can be undone on the whole file.
    doc.session(Lang::En).unwrap().undo().unwrap();
    assert_eq!(doc.session(Lang::En).unwrap().summary().errors, ORDERS / 100);
    doc.session(Lang::En).unwrap().edit(1, 2, "30").unwrap();
    doc.save_edits(&store).unwrap();
    // An upload sends the corrected file's valid orders.
    let (bodies, invalid) = doc.upload_bodies(None, Lang::En, Utc::now()).unwrap();
    assert_eq!((bodies.len(), invalid), (ORDERS - (ORDERS / 100 - 1), ORDERS / 100 - 1));

    // Stored: the same file opened again, read whole, comes back corrected.
    let mut again = Document::read(&path, None, None, &mapping()).unwrap();
    again.load_edits(&store).unwrap();
    again.prepare(&mapping(), Lang::En, Utc::now()).unwrap();
    assert_eq!(again.session(Lang::En).unwrap().summary().errors, ORDERS / 100 - 1);
}

#[test]
fn a_correction_further_down_survives_one_made_on_the_first_rows_of_a_reopened_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = orders_csv(dir.path(), "orders.csv", ORDERS);
    let store = EditStore::open(&dir.path().join("edits.sqlite")).unwrap();
    let far = ORDERS - 99;
    let mut whole = Document::read(&path, None, None, &mapping()).unwrap();
    whole.prepare(&mapping(), Lang::En, Utc::now()).unwrap();
    whole.session(Lang::En).unwrap().edit(far, 2, "30").unwrap();
    whole.save_edits(&store).unwrap();

    let (mut doc, rest) = Document::open(&path, None, None, None).unwrap();
    doc.load_edits(&store).unwrap();
    doc.prepare(&mapping(), Lang::En, Utc::now()).unwrap();
    doc.session(Lang::En).unwrap().edit(1, 2, "30").unwrap();
    doc.save_edits(&store).unwrap();
    let doc = Arc::new(Mutex::new(doc));
    let (tx, rx) = mpsc::channel();
    rest.unwrap().read(&doc, Lang::En, sender(&tx));
    drop(tx);
    assert!(matches!(all_events(rx)[..], [Event::Loaded { checked: Ok(()), .. }]));
    assert_eq!(lock(&doc).session(Lang::En).unwrap().summary().errors, ORDERS / 100 - 2);
}

#[test]
fn a_newer_read_wins_over_an_older_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = orders_csv(dir.path(), "orders.csv", ORDERS);
    let (older, older_rest) = Document::open(&path, None, None, None).unwrap();
    let doc = Arc::new(Mutex::new(older));
    let (tx, rx) = mpsc::channel();
    {
        // The older read cannot finish before the newer one takes its place: it waits for the lock.
        let mut held = lock(&doc);
        older_rest.unwrap().read(&doc, Lang::En, sender(&tx));
        let (newer, newer_rest) = Document::open(&path, None, None, Some(2)).unwrap();
        *held = newer;
        drop(held);
        newer_rest.unwrap().read(&doc, Lang::En, sender(&tx));
    }
    drop(tx);
    let events = all_events(rx);
    assert!(matches!(events[..], [Event::Loaded { data_rows, checked: Ok(()) }] if data_rows == ORDERS - 1), "{events:?}");
    let doc = lock(&doc);
    assert_eq!((doc.header_row(), doc.table().len()), (2, ORDERS - 1));
}

#[test]
fn stored_corrections_belong_to_one_version_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = orders_csv(dir.path(), "orders.csv", 10);
    let store = EditStore::open(&dir.path().join("edits.sqlite")).unwrap();
    let opened = |path: &Path| {
        let (mut doc, rest) = Document::open(path, None, None, None).unwrap();
        assert!(rest.is_none());
        doc.load_edits(&store).unwrap();
        doc.prepare(&mapping(), Lang::Zh, Utc::now()).unwrap();
        doc
    };
    let mut doc = opened(&path);
    assert!(matches!(Document::open(&path, None, None, None).unwrap().0.save_edits(&store), Err(orderdock_document::Error::ValidateFirst)));
    assert_eq!(doc.session(Lang::Zh).unwrap().summary().errors, 1);
    doc.session(Lang::Zh).unwrap().edit(1, 2, "30").unwrap();
    doc.save_edits(&store).unwrap();
    let mut again = opened(&path);
    let s = again.session(Lang::Zh).unwrap();
    assert_eq!((s.summary().errors, s.page(1, 1, false, None).rows[0].cells[2].as_str()), (0, "30"));

    // The file changed on disk: its corrections were for other cells.
    orders_csv(dir.path(), "orders.csv", 11);
    assert_eq!(opened(&path).session(Lang::Zh).unwrap().summary().errors, 1);
}

#[test]
fn the_head_starts_at_row_one_with_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("o.csv");
    std::fs::write(&csv, "订单报表\n订单编号,金额\nA1,10\nA2,=1+1\n").unwrap();
    let (doc, rest) = Document::open(&csv, None, None, None).unwrap();
    assert!(rest.is_none() && !doc.is_reading());
    assert_eq!(doc.format, "csv");
    assert_eq!(doc.table().columns, vec!["订单编号", "金额"]);
    assert_eq!(doc.header_row(), 2);
    assert_eq!(doc.head, vec![vec!["订单报表", ""], vec!["订单编号", "金额"], vec!["A1", "10"], vec!["A2", "=1+1"]]);
    assert_eq!(doc.data_rows(), 2);
    let Err(missing) = Document::open(&dir.path().join("nope.csv"), None, None, None) else { panic!("a missing file opened") };
    assert!(missing.message(Lang::En).contains("not found"), "{}", missing.message(Lang::En));
    assert_eq!(missing.code(), Some("not_found"));
}

/// The order report's header as Taobao writes it (six names end in a space), and the item report's.
const ORDERS_HEADER: &str = "订单编号,买家会员名,买家支付宝账号,买家应付货款,买家应付邮费,总金额,买家实际支付金额,订单状态,买家留言,收货人姓名,收货地址 ,运送方式,联系电话 ,联系手机,订单创建时间,订单付款时间 ,宝贝标题 ,宝贝种类 ,物流单号 ,物流公司,订单备注,宝贝总数量,店铺Id,店铺名称";
const ITEMS_HEADER: &str = "订单编号,标题,价格,购买数量,外部系统编号,商品属性,套餐信息,备注,订单状态,商家编码";

#[test]
fn a_two_file_export_is_paired_whichever_order_its_files_come_in() {
    let dir = tempfile::tempdir().unwrap();
    let orders = dir.path().join("ExportOrderList.csv");
    let items = dir.path().join("ExportOrderDetailList.csv");
    let other = orders_csv(dir.path(), "other.csv", 2);
    std::fs::write(
        &orders,
        format!(
            "{ORDERS_HEADER}\n=\"31\",b,b@example.com,59.00,0.00,59.00,59.00,交易成功,,李四,杭州,快递,,13800000002,2026-11-20 10:00:00,2026-11-20 10:05:00,帆布鞋,1,SF1,顺丰速运,,1,1001,测试小店\n"
        ),
    )
    .unwrap();
    std::fs::write(&items, format!("{ITEMS_HEADER}\n=\"31\",帆布鞋 37码,59.00,1,,尺码:37,,,交易成功,SH37\n")).unwrap();
    let half = |p: &Path| Document::open(p, None, None, None).unwrap().0.half();
    let both = (orders.clone(), Some(items.clone()));

    assert_eq!(pair(orders.clone(), Some(items.clone()), None).unwrap(), both);
    assert_eq!(pair(items.clone(), Some(orders.clone()), None).unwrap(), both);
    assert_eq!(pair(orders.clone(), None, half(&items)).unwrap(), both);
    assert_eq!(pair(items.clone(), None, half(&orders)).unwrap(), both);
    // The same file again, or a file of no export of the open one: as given.
    assert_eq!(pair(orders.clone(), None, half(&orders)).unwrap(), (orders.clone(), None));
    assert_eq!(pair(orders.clone(), None, half(&other)).unwrap(), (orders.clone(), None));

    let (paired, rest) = Document::open(&orders, Some(&items), None, None).unwrap();
    assert!(rest.is_none());
    assert_eq!(paired.platform.map(|p| p.id), Some("taobao_orders"));
    assert_eq!(paired.lines().map(|l| l.len()), Some(1));
    // A pair is no half of another pair, and needs nothing more.
    assert!(paired.half().is_none());
    assert!(!paired.needs_item_report() && !paired.is_lone_item_report());
    let alone = |p: &Path| Document::open(p, None, None, None).unwrap().0;
    assert!(alone(&orders).needs_item_report() && !alone(&orders).is_lone_item_report());
    assert!(alone(&items).is_lone_item_report() && !alone(&items).needs_item_report());
    assert!(!alone(&other).needs_item_report() && !alone(&other).is_lone_item_report());
    let Err(missing) = pair(dir.path().join("nope.csv"), Some(orders.clone()), None) else { panic!("paired with a missing file") };
    assert!(missing.message(Lang::En).contains("nope.csv"), "{}", missing.message(Lang::En));
}
