//! The platforms' export layouts (header names from notes/platform-exports.md).

use crate::grid::{Grid, IdStyle, Layout, Merge, V};
use crate::model::{Line, Order};

/// Taobao/Tmall newer single file: one row per 子订单编号, order fields repeated.
pub const TAOBAO: &[&str] = &[
    "主订单编号",
    "子订单编号",
    "买家会员名",
    "订单状态",
    "订单创建时间",
    "订单付款时间",
    "总金额",
    "商品标题",
    "商家编码",
    "商品价格",
    "购买数量",
    "买家实付金额",
    "商品属性",
    "收货人姓名",
    "联系电话",
    "联系手机",
    "收货地址",
    "买家留言",
    "店铺名称",
    "退款状态",
];
/// Taobao old order report (one row per order).
pub const TAOBAO_ORDERS: &[&str] = &[
    "订单编号",
    "买家会员名",
    "买家支付宝账号",
    "买家应付货款",
    "买家应付邮费",
    "总金额",
    "买家实际支付金额",
    "订单状态",
    "买家留言",
    "收货人姓名",
    "收货地址",
    "运送方式",
    "联系电话",
    "联系手机",
    "订单创建时间",
    "订单付款时间",
    "宝贝标题",
    "宝贝种类",
    "物流单号",
    "物流公司",
    "订单备注",
    "宝贝总数量",
    "店铺Id",
    "店铺名称",
];
/// Taobao old item report, joined to the order report on 订单编号.
pub const TAOBAO_ITEMS: &[&str] = &["订单编号", "标题", "价格", "购买数量", "外部系统编号", "商品属性", "套餐信息", "备注", "订单状态", "商家编码"];
/// JD POP: one row per SKU, order totals repeated on every row. 商品金额 is the line amount.
pub const JD: &[&str] = &[
    "订单号",
    "商品ID",
    "商品名称",
    "订购数量",
    "下单时间",
    "京东价",
    "商品金额",
    "订单金额",
    "结算金额",
    "应付金额",
    "订单状态",
    "下单帐号",
    "客户姓名",
    "客户地址",
    "联系电话",
    "付款确认时间",
    "货号",
    "订单完成时间",
];
/// Pinduoduo: one row per order.
pub const PDD: &[&str] = &[
    "订单号",
    "订单状态",
    "商品",
    "商品总价(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "收货人",
    "手机",
    "省",
    "市",
    "区",
    "街道",
    "订单成交时间",
    "支付时间",
    "确认收货时间",
    "商家编码-SKU维度",
    "售后状态",
];
/// Douyin (抖店): one row per 子订单编号. 商品金额 is the line amount.
pub const DOUYIN: &[&str] = &[
    "主订单编号",
    "子订单编号",
    "选购商品",
    "商品数量",
    "商家编码",
    "商品单价",
    "商品金额",
    "订单应付金额",
    "优惠总金额",
    "收件人",
    "收件人手机号",
    "省",
    "市",
    "区",
    "街道",
    "详细地址",
    "订单提交时间",
    "支付完成时间",
    "订单状态",
    "售后状态",
];

/// Taobao order-level columns, merged over an order's rows by [`taobao`] when `merged`.
const TAOBAO_ORDER_COLUMNS: &[&str] = &["主订单编号", "买家会员名", "订单状态", "订单创建时间", "订单付款时间", "总金额", "收货人姓名", "联系电话", "联系手机", "收货地址"];

fn cell(column: &str, o: &Order, l: &Line) -> V {
    match column {
        "主订单编号" | "订单编号" | "订单号" => V::Id(o.no.clone()),
        "子订单编号" => V::Id(l.sub_no.clone()),
        "买家会员名" | "下单帐号" => V::text(&o.buyer),
        "买家支付宝账号" => V::text(&format!("{}@example.com", o.buyer)),
        "订单状态" => V::text(&o.status),
        "订单创建时间" | "下单时间" | "订单成交时间" | "订单提交时间" => V::time(&o.time),
        "订单付款时间" | "付款确认时间" | "支付时间" | "支付完成时间" => V::time(&o.pay_time),
        "确认收货时间" | "订单完成时间" => V::text(""),
        "总金额" | "订单金额" | "订单应付金额" | "买家应付货款" | "买家实际支付金额" | "结算金额" | "应付金额" | "用户实付金额(元)" | "商家实收金额(元)" => {
            V::num(&o.total)
        }
        "买家应付邮费" => V::num("0.00"),
        "优惠总金额" => V::num(&o.discount),
        "商品标题" | "标题" | "商品名称" | "商品" | "选购商品" | "宝贝标题" => V::text(&l.title),
        "商家编码" | "外部系统编号" | "货号" | "商家编码-SKU维度" => V::Id(l.barcode.clone()),
        "商品ID" => V::Id(format!("10{}", &l.barcode[2..])),
        "商品价格" | "价格" | "京东价" | "商品单价" => V::num(&l.price),
        "购买数量" | "订购数量" | "商品数量" | "商品数量(件)" => V::num(&l.qty),
        "宝贝总数量" => V::num(&o.total_qty()),
        "宝贝种类" => V::num(&o.lines.len().to_string()),
        // Pinduoduo's goods total is its one line's amount.
        "买家实付金额" | "商品金额" | "商品总价(元)" => V::num(&l.amount),
        "收货人姓名" | "客户姓名" | "收货人" | "收件人" => V::text(&o.consignee),
        "联系电话" if o.tel.is_empty() => V::Empty,
        "联系电话" => V::Phone(o.tel.clone()),
        "联系手机" | "手机" | "收件人手机号" if o.mobile.is_empty() => V::Empty,
        "联系手机" | "手机" | "收件人手机号" => V::Phone(o.mobile.clone()),
        "收货地址" | "客户地址" | "详细地址" => V::text(&o.address),
        "省" => V::text(&o.province),
        "市" => V::text(&o.city),
        "区" => V::text(&o.district),
        "街道" => V::text(&o.street),
        "运送方式" => V::text("快递"),
        "物流公司" => V::text("中通快递"),
        "物流单号" => V::Id(format!("7{}", &o.mobile.get(1..).unwrap_or("0"))),
        "店铺Id" => V::Id("57301234".into()),
        "店铺名称" => V::text(&o.shop),
        "退款状态" | "售后状态" => V::text("没有申请退款"),
        "商品属性" => V::text(if l.qty == "1" { "颜色分类:白色;尺码:L" } else { "颜色分类:星空蓝;容量:500ml" }),
        "买家留言" => V::text(if o.lines.len() > 2 { "请尽快发货，谢谢" } else { "" }),
        _ => V::Empty,
    }
}

/// One row per line (`per_line`) or per order, with the sheet rows of every line.
fn lay(columns: &[&str], orders: &[Order], per_line: bool) -> Layout {
    let mut rows = vec![columns.iter().map(|c| V::Text(c.to_string())).collect::<Vec<_>>()];
    let mut at = Vec::new();
    for o in orders {
        let lines = if per_line { &o.lines[..] } else { &o.lines[..1] };
        let mut mine = Vec::new();
        for l in lines {
            mine.push(rows.len() as u32 + 1);
            rows.push(columns.iter().map(|c| cell(c, o, l)).collect());
        }
        at.push(mine);
    }
    Layout { grid: Grid::new(rows), rows: at }
}

/// Taobao single file; `merged` merges the order columns over each order's rows.
pub fn taobao(orders: &[Order], merged: bool) -> Layout {
    let mut layout = lay(TAOBAO, orders, true);
    if merged {
        for rows in layout.rows.iter().filter(|r| r.len() > 1) {
            for name in TAOBAO_ORDER_COLUMNS {
                let col = TAOBAO.iter().position(|c| c == name).unwrap() as u16;
                layout.grid.merges.push(Merge { first_row: rows[0] - 1, last_row: rows[rows.len() - 1] - 1, col });
            }
        }
    }
    layout
}

/// Taobao old two-file export: (order report, item report).
pub fn taobao_two_files(orders: &[Order]) -> (Layout, Layout) {
    let mut main = lay(TAOBAO_ORDERS, orders, false);
    main.grid.sheet = "订单报表".into();
    let mut items = lay(TAOBAO_ITEMS, orders, true);
    items.grid.sheet = "宝贝报表".into();
    (main, items)
}

pub fn jd(orders: &[Order]) -> Layout {
    lay(JD, orders, true)
}

/// Pinduoduo has one row per order: every order must have exactly one line.
pub fn pdd(orders: &[Order]) -> Layout {
    assert!(orders.iter().all(|o| o.lines.len() == 1), "Pinduoduo exports one line per order");
    lay(PDD, orders, false)
}

pub fn douyin(orders: &[Order]) -> Layout {
    let mut layout = lay(DOUYIN, orders, true);
    layout.grid.ids = IdStyle::Tab;
    layout
}

/// Douyin-style 19-digit order numbers.
pub fn douyin_id(i: usize) -> String {
    format!("69{:017}", 12_345_678_901_234 + i as u64 * 7_919)
}

/// Pinduoduo-style order numbers (`260517-607198974342268`).
pub fn pdd_id(i: usize) -> String {
    format!("261101-{:015}", 607_198_974_342_268 + i as u64 * 31)
}

/// A mall2030 mapping of the Taobao single-file layout (`taobao`), as a merchant would write it.
pub const TAOBAO_MAPPING: &str = r#"{"target": "mall2030", "fields": {
  "ShopCode": {"value": "TB0001"}, "Code": {"column": "主订单编号"}, "OrderTime": {"column": "订单创建时间"},
  "PayTime": {"column": "订单付款时间"}, "TotalMoney": {"column": "总金额"}, "TotalQty": {"derive": "sum"},
  "BuyerCode": {"column": "买家会员名"}, "RecvConsignee": {"column": "收货人姓名"}, "RecvMobile": {"column": "联系手机"},
  "RecvTel": {"column": "联系电话"}, "RecvAddress": {"column": "收货地址"}, "DataOrigin": {"value": 10},
  "Dtls.BarCode": {"column": "商家编码"}, "Dtls.PriceSell": {"column": "商品价格"}, "Dtls.Quantity": {"column": "购买数量"},
  "Dtls.Amount": {"column": "买家实付金额"}}}"#;
