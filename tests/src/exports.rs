//! The platforms' real export layouts, built from the order [`model`](crate::model) with the
//! header rows public sources give (names, order, trailing spaces, units), each with the
//! platform's quirks and a few planted problems ([`Seed`]).
//!
//! Sources, per layout (details and sample rows in `docs/platform-exports.md`):
//! * Taobao order report: the 54-column `ExportOrderList*.csv` header read by name in public
//!   picking-list and report scripts (e.g. c2003070110/TBTool `PrintUtil.java` for the 2016
//!   variant); six names end in a space. Item report `ExportOrderDetailList*.csv`: its 10
//!   columns in the same scripts and cook0422/myPython `taobaoApriori.py`.
//! * 千牛 子订单 export: the 27 columns of a current xlsx export, as mirrored column for column
//!   by a public MySQL import (and a 23-column variant with shipping columns).
//! * JD POP: the classic 30 columns with the trailing comma, from public Java/Python importers
//!   (one with a real 2015 data row).
//! * Pinduoduo classic: the 2019 订单明细 layout, positions 1–49 (`商品总价（元）` full-width);
//!   current: the default 23 columns + 4 instalment columns, agreed by two independent parsers.
//! * 抖店: the column set a public merger type-checks exhaustively, in the order of a public
//!   fixture and an import template; ids with a tab inside the quotes, UTF-8 with BOM.
//! * 有赞 商品维度: the 36 columns of a tool that writes files in Youzan's format, also read by name
//!   by public report scripts.
//! * 快手小店: 12 names from a public multi-platform merger (receiver columns inferred).
//! * 微信小店 / 视频号, 旺店通: no public source gives the header row; the names are inferred
//!   from the platforms' API fields and ERP screens and marked as such in the doc.

use chrono::{Duration, NaiveDateTime};

use crate::formats::Format;
use crate::grid::{Grid, IdStyle, Layout, V};
use crate::model::{Line, Order, orders};

/// One platform export as a fixture.
pub struct Export {
    /// The platform id `suggest` must recognise.
    pub platform: &'static str,
    pub main: Layout,
    pub format: Format,
    /// The item report of a two-file export.
    pub items: Option<Layout>,
    pub orders: Vec<Order>,
    /// The column of the order time, the quantity, the receiver's mobile (if any).
    pub time_col: &'static str,
    pub qty_col: &'static str,
    pub mobile_col: Option<&'static str>,
    /// Excel has turned long numbers into `6.94755E+18` text (a re-saved file).
    pub resaved: bool,
}

/// A planted problem, by order index.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Seed {
    /// The order was cancelled: a completed-orders filter leaves it out.
    Cancelled(usize),
    /// The receiver's mobile is empty.
    NoMobile(usize),
    /// The first line's quantity is `两件`.
    BadQty(usize),
    /// The order time is `2026-13-45 10:00:00`.
    BadTime(usize),
    /// The order is two years old (outside 接口 2030's one-year window).
    OldSale(usize),
}

/// The problems planted in every layout (where the layout has the column).
pub const SEEDS: [Seed; 5] = [Seed::Cancelled(1), Seed::NoMobile(2), Seed::BadQty(3), Seed::BadTime(4), Seed::OldSale(5)];

/// Every layout, by platform id.
pub fn all() -> Vec<Export> {
    vec![taobao_two_files(), qianniu(), jd(), pdd_classic(), pdd_current(), douyin(false), douyin(true), youzan(), kuaishou(), weixin(), wangdiantong()]
}

/// Taobao/Tmall old order report (54 columns).
pub const TAOBAO_ORDERS: &[&str] = &[
    "订单编号",
    "买家会员名",
    "买家支付宝账号",
    "买家应付货款",
    "买家应付邮费",
    "买家支付积分",
    "总金额",
    "返点积分",
    "买家实际支付金额",
    "买家实际支付积分",
    "订单状态",
    "买家留言",
    "收货人姓名",
    "收货地址 ",
    "运送方式",
    "联系电话 ",
    "联系手机",
    "订单创建时间",
    "订单付款时间 ",
    "宝贝标题 ",
    "宝贝种类 ",
    "物流单号 ",
    "物流公司",
    "订单备注",
    "宝贝总数量",
    "店铺Id",
    "店铺名称",
    "订单关闭原因",
    "卖家服务费",
    "买家服务费",
    "发票抬头",
    "是否手机订单",
    "分阶段订单信息",
    "特权订金订单id",
    "是否上传合同照片",
    "是否上传小票",
    "是否代付",
    "定金排名",
    "修改后的sku",
    "修改后的收货地址",
    "异常信息",
    "天猫卡券抵扣",
    "集分宝抵扣",
    "是否是O2O交易",
    "新零售交易类型",
    "新零售导购门店名称",
    "新零售导购门店id",
    "新零售发货门店名称",
    "新零售发货门店id",
    "退款金额",
    "预约门店",
    "确认收货时间",
    "打款商家金额",
    "含应开票给个人的个人红包",
];
/// Taobao/Tmall old item report (10 columns).
pub const TAOBAO_ITEMS: &[&str] = &["订单编号", "标题", "价格", "购买数量", "外部系统编号", "商品属性", "套餐信息", "备注", "订单状态", "商家编码"];
/// 千牛 子订单 export, current 27 columns.
pub const QIANNIU: &[&str] = &[
    "子订单编号",
    "主订单编号",
    "商品标题",
    "商品价格",
    "购买数量",
    "外部系统编号",
    "商品属性",
    "套餐信息",
    "联系方式备注",
    "订单状态",
    "商家编码",
    "支付单号",
    "买家应付货款",
    "买家实付金额",
    "退款状态",
    "退款金额",
    "订单创建时间",
    "订单付款时间",
    "淘鲜达渠道",
    "商品ID",
    "分阶段信息",
    "备注标签",
    "商家备注",
    "主订单买家留言",
    "是否主动赔付",
    "主动赔付金额",
    "主动赔付出账时间",
];
/// JD POP classic 30 columns; the header line ends with a comma (an empty 31st column).
pub const JD: &[&str] = &[
    "订单号",
    "商品ID",
    "商品名称",
    "订购数量",
    "支付方式",
    "下单时间",
    "京东价",
    "订单金额",
    "结算金额",
    "余额支付",
    "应付金额",
    "订单状态",
    "订单类型",
    "下单帐号",
    "客户姓名",
    "客户地址",
    "联系电话",
    "订单备注",
    "发票类型",
    "发票抬头",
    "发票内容",
    "商家备注",
    "商家备注等级（等级1-5为由高到低）",
    "运费金额",
    "付款确认时间",
    "增值税发票",
    "货号",
    "订单完成时间",
    "订单来源",
    "订单渠道",
    "",
];
/// Pinduoduo classic (2019), positions 1–49.
pub const PDD_CLASSIC: &[&str] = &[
    "商品",
    "订单号",
    "订单状态",
    "商品总价（元）",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "邮费(元)",
    "上门安装费(元)",
    "送货入户费(元)",
    "送货入户并安装费(元)",
    "用户实付金额(元)",
    "商品数量(件)",
    "身份证姓名",
    "身份证号码",
    "收货人",
    "手机",
    "是否异常",
    "省",
    "市",
    "区",
    "街道",
    "支付时间",
    "拼单成功时间",
    "订单确认时间",
    "承诺发货时间",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "用户购买手机号",
    "样式ID",
    "商家编码-SKU维度",
    "商家编码-商品维度",
    "快递单号",
    "快递公司",
    "海淘清关订单号",
    "支付ID",
    "支付方式",
    "是否抽奖或0元试用",
    "是否顺丰加价",
    "商家备注",
    "售后状态",
    "买家留言",
    "关联货品编码",
    "货品名称",
    "货品类型",
    "子货品",
    "仓库名称",
    "仓库所在地址",
];
/// Pinduoduo current: 23 default columns + 4 instalment columns, no receiver.
pub const PDD_CURRENT: &[&str] = &[
    "商品",
    "订单号",
    "订单状态",
    "商品总价(元)",
    "邮费(元)",
    "店铺优惠折扣(元)",
    "平台优惠折扣(元)",
    "多多支付立减金额(元)",
    "用户实付金额(元)",
    "商家实收金额(元)",
    "商品数量(件)",
    "发货时间",
    "确认收货时间",
    "商品id",
    "商品规格",
    "样式ID",
    "商家编码-规格维度",
    "商家编码-商品维度",
    "商家备注",
    "售后状态",
    "快递单号",
    "快递公司",
    "订单成交时间",
    "是否分期",
    "分期期数",
    "手续费承担方",
    "分期方式",
];
/// 抖店, the core columns in export order.
pub const DOUYIN: &[&str] = &[
    "主订单编号",
    "子订单编号",
    "选购商品",
    "商品规格",
    "商品数量",
    "商品ID",
    "商家编码",
    "商品单价",
    "订单应付金额",
    "运费",
    "优惠总金额",
    "平台优惠",
    "商家优惠",
    "达人优惠",
    "支付方式",
    "收件人",
    "收件人手机号",
    "省",
    "市",
    "区",
    "街道",
    "详细地址",
    "买家留言",
    "订单提交时间",
    "支付完成时间",
    "发货时间",
    "订单完成时间",
    "订单状态",
    "售后状态",
    "取消原因",
    "快递信息",
    "流量来源",
    "流量类型",
    "流量体裁",
    "流量渠道",
    "广告渠道",
    "订单类型",
    "达人ID",
    "达人昵称",
    "旗帜颜色",
    "商家备注",
    "平台实际承担优惠金额",
    "商家实际承担优惠金额",
    "达人实际承担优惠金额",
];
/// 有赞 商品维度, 36 columns.
pub const YOUZAN: &[&str] = &[
    "订单号",
    "外部订单号",
    "订单商品状态",
    "交易成功时间",
    "商品名称",
    "商品类型",
    "商品目录",
    "商品规格",
    "规格编码",
    "商品编码",
    "商品单价",
    "商品优惠方式",
    "商品优惠后价格",
    "商品数量",
    "商品金额小计",
    "店铺优惠（分摊）",
    "商品实际成交金额",
    "商品抵用积分数",
    "商品留言",
    "收货人/提货人",
    "收货人手机号/提货人手机号",
    "收货人省份",
    "收货人城市",
    "收货人地区",
    "详细收货地址/提货地址",
    "买家备注",
    "商品发货状态",
    "商品发货方式",
    "商品发货物流公司",
    "商品发货物流单号",
    "发货员工",
    "商品发货时间",
    "商品退款状态",
    "商品已退款金额",
    "商家订单备注",
    "周期购信息",
];
/// 快手小店: 12 sourced names, then receiver and code columns (inferred).
pub const KUAISHOU: &[&str] = &[
    "订单号",
    "订单创建时间",
    "订单支付时间",
    "订单状态",
    "实付款",
    "成交数量",
    "买家留言",
    "退货退款",
    "商品名称",
    "商品规格",
    "商品单价",
    "商品ID",
    "收货人",
    "收货人电话",
    "收货地址",
    "快递单号",
    "快递公司",
    "商家编码",
    "SKU编码",
];
/// 微信小店 / 视频号 (inferred).
pub const WEIXIN: &[&str] = &[
    "订单号",
    "下单时间",
    "支付时间",
    "订单状态",
    "商品名称",
    "商品编码",
    "SKU编码",
    "规格",
    "商品数量",
    "商品单价",
    "订单实付金额",
    "运费",
    "收货人",
    "收货人手机号",
    "省",
    "市",
    "区",
    "详细地址",
    "买家留言",
    "商家备注",
    "售后状态",
    "快递公司",
    "快递单号",
];
/// 旺店通 订单明细 (mostly inferred).
pub const WANGDIANTONG: &[&str] = &[
    "订单编号",
    "原始单号",
    "店铺",
    "订单状态",
    "订单类型",
    "下单时间",
    "付款时间",
    "发货时间",
    "客户网名",
    "收件人",
    "手机",
    "省市县",
    "地址",
    "物流公司",
    "物流单号",
    "商家编码",
    "货品名称",
    "规格名称",
    "数量",
    "单价",
    "货品总额",
    "优惠",
    "运费",
    "应收金额",
    "已付金额",
    "客服备注",
    "买家留言",
];

/// A platform's status words: (completed, cancelled, "no after-sales").
struct Words {
    done: &'static str,
    cancelled: &'static str,
    no_refund: &'static str,
}

const TAOBAO_WORDS: Words = Words { done: "交易成功", cancelled: "交易关闭", no_refund: "没有申请退款" };

/// `n` orders with the seeds planted; `single` keeps one line per order.
fn seeded(n: usize, id: impl Fn(usize) -> String, single: bool, words: &Words) -> Vec<Order> {
    let mut list = orders(n, id);
    if single {
        list = list.into_iter().map(Order::single_line).collect();
    }
    for o in &mut list {
        o.status = words.done.into();
    }
    for seed in SEEDS {
        match seed {
            Seed::Cancelled(i) => list[i].status = words.cancelled.into(),
            Seed::NoMobile(i) => list[i].mobile.clear(),
            Seed::BadQty(i) => list[i].lines[0].qty = "两件".into(),
            Seed::BadTime(i) => list[i].time = "2026-13-45 10:00:00".into(),
            Seed::OldSale(i) => {
                let t = NaiveDateTime::parse_from_str(&list[i].time, "%Y-%m-%d %H:%M:%S").unwrap() - Duration::days(730);
                list[i].time = t.format("%Y-%m-%d %H:%M:%S").to_string();
            }
        }
    }
    list
}

/// A product id from a barcode (`6900…` → `10…`).
fn product_id(l: &Line) -> String {
    format!("10{}", &l.barcode[2..])
}

/// The value most platforms put in a column of this name; empty for a column this
/// generator does not fill (a column no field needs).
fn common(column: &str, o: &Order, l: &Line, words: &Words) -> V {
    let phone = |p: &str| if p.is_empty() { V::Empty } else { V::Phone(p.to_string()) };
    match column.trim() {
        "订单编号" | "订单号" | "主订单编号" => V::Id(o.no.clone()),
        "子订单编号" => V::Id(l.sub_no.clone()),
        "买家会员名" | "下单帐号" | "买家昵称" | "客户网名" => V::text(&o.buyer),
        "买家支付宝账号" => V::text(&format!("{}@example.com", o.buyer)),
        "订单状态" | "订单商品状态" => V::text(&o.status),
        "订单创建时间" | "下单时间" | "订单提交时间" | "订单成交时间" => V::time(&o.time),
        "订单付款时间" | "付款确认时间" | "支付时间" | "支付完成时间" | "订单支付时间" | "买家付款时间" | "付款时间" | "拼单成功时间" => {
            V::time(&o.pay_time)
        }
        "收货人姓名" | "收货人" | "收件人" | "客户姓名" | "收货人/提货人" => V::text(&o.consignee),
        "联系手机" | "手机" | "收件人手机号" | "收货人手机号" | "收货人手机号/提货人手机号" | "收货人电话" => phone(&o.mobile),
        "联系电话" => phone(&o.tel),
        "收货地址" | "客户地址" | "详细地址" | "详细收货地址/提货地址" | "地址" => V::text(&o.address),
        "省" | "收货人省份" => V::text(&o.province),
        "市" | "收货人城市" => V::text(&o.city),
        "区" | "收货人地区" => V::text(&o.district),
        "街道" => V::text(&o.street),
        "省市县" => V::text(&format!("{} {} {}", o.province, o.city, o.district)),
        "商品标题" | "标题" | "商品名称" | "商品" | "选购商品" | "宝贝标题" | "货品名称" => V::text(&l.title),
        "商家编码" | "外部系统编号" | "货号" | "商家编码-SKU维度" | "商家编码-规格维度" | "规格编码" | "SKU编码" => V::Id(l.barcode.clone()),
        "商品ID" | "商品id" | "商品编码" => V::Id(product_id(l)),
        "价格" | "商品价格" | "京东价" | "商品单价" | "商品优惠后价格" | "单价" => V::num(&l.price),
        "购买数量" | "订购数量" | "商品数量" | "商品数量(件)" | "成交数量" | "数量" => V::num(&l.qty),
        "宝贝总数量" => V::num(&o.total_qty()),
        "宝贝种类" => V::num(&o.lines.len().to_string()),
        "买家实付金额" | "商品实际成交金额" | "商品金额小计" | "订单应付金额" | "商品总价(元)" | "商品总价（元）" => V::num(&l.amount),
        "总金额" | "买家实际支付金额" | "订单金额" | "结算金额" | "应付金额" | "用户实付金额(元)" | "商家实收金额(元)" | "订单实付金额" | "应收金额" | "已付金额" | "货品总额" | "买家应付货款" => {
            V::num(&o.total)
        }
        "买家应付邮费" | "邮费(元)" | "运费" | "运费金额" | "优惠总金额" | "店铺优惠折扣(元)" | "平台优惠折扣(元)" | "多多支付立减金额(元)" | "店铺优惠（分摊）" | "优惠" | "余额支付" => {
            V::num("0.00")
        }
        "退款状态" | "售后状态" | "退货退款" | "商品退款状态" => V::text(words.no_refund),
        "退款金额" | "商品已退款金额" => V::num("0.00"),
        "买家留言" | "主订单买家留言" => V::text(if o.lines.len() > 2 { "请尽快发货，谢谢" } else { "" }),
        "店铺名称" | "店铺" => V::text("某某旗舰店"),
        "运送方式" => V::text("快递"),
        "物流公司" | "快递公司" => V::text("中通快递"),
        "支付方式" => V::text("在线支付"),
        "订单类型" => V::text("普通订单"),
        "商品属性" | "商品规格" | "规格" | "规格名称" => V::text("颜色分类:白色"),
        "订单关闭原因" => V::text("订单未关闭"),
        _ => V::Empty,
    }
}

/// One row per line (`per_line`) or per order, cells from `cell`.
fn lay(columns: &[&str], orders: &[Order], per_line: bool, cell: impl Fn(&str, &Order, &Line) -> V) -> Layout {
    let mut rows = vec![columns.iter().map(|c| V::Text(c.to_string())).collect::<Vec<_>>()];
    let mut at = Vec::new();
    for o in orders {
        let lines = if per_line { &o.lines[..] } else { &o.lines[..1] };
        let mut mine = Vec::new();
        for l in lines {
            mine.push(rows.len() as u32 + 1);
            rows.push(columns.iter().map(|c| if c.is_empty() { V::Empty } else { cell(c, o, l) }).collect());
        }
        at.push(mine);
    }
    Layout { grid: Grid::new(rows), rows: at }
}

/// A 19-digit Taobao-style order number.
fn taobao_id(i: usize) -> String {
    format!("{}", 2_873_460_912_345_678_901u64 + i as u64 * 1_000_003)
}

/// Taobao old two-file export: the order report (GBK CSV, `="…"` ids, `'` phones) and its
/// item report.
pub fn taobao_two_files() -> Export {
    let orders = seeded(8, taobao_id, false, &TAOBAO_WORDS);
    let cell = |c: &str, o: &Order, l: &Line| common(c, o, l, &TAOBAO_WORDS);
    let mut main = lay(TAOBAO_ORDERS, &orders, false, cell);
    main.grid.sheet = "ExportOrderList".into();
    // The item report has one row per line; every order's lines are listed in the order report's row.
    let items = lay(TAOBAO_ITEMS, &orders, true, |c, o, l| match c {
        "价格" => V::num(&l.price),
        "备注" => V::Empty,
        other => common(other, o, l, &TAOBAO_WORDS),
    });
    Export {
        platform: "taobao_orders", main, format: Format::CsvGb, items: Some(items), orders, time_col: "订单创建时间", qty_col: "购买数量", mobile_col: Some("联系手机"), resaved: false
    }
}

pub fn qianniu() -> Export {
    let orders = seeded(8, taobao_id, false, &TAOBAO_WORDS);
    let main = lay(QIANNIU, &orders, true, |c, o, l| match c {
        "买家应付货款" => V::num(&l.amount),
        "退款金额" => V::text("无退款申请"),
        "支付单号" => V::Id(format!("2026{}", &o.no[..12])),
        other => common(other, o, l, &TAOBAO_WORDS),
    });
    Export { platform: "qianniu_items", main, format: Format::Xlsx, items: None, orders, time_col: "订单创建时间", qty_col: "购买数量", mobile_col: None, resaved: false }
}

pub fn jd() -> Export {
    let words = Words { done: "完成", cancelled: "(删除)等待出库", no_refund: "" };
    let orders = seeded(8, |i| format!("{}", 288_451_237_765u64 + i as u64 * 97), false, &words);
    // 联系电话 is the receiver's mobile on JD.
    let main = lay(JD, &orders, true, |c, o, l| match c {
        "联系电话" => {
            if o.mobile.is_empty() {
                V::Empty
            } else {
                V::Text(o.mobile.clone())
            }
        }
        "下单帐号" => V::text(&format!("jd_{}", &o.buyer[3..])),
        other => common(other, o, l, &words),
    });
    Export { platform: "jd_pop", main, format: Format::CsvGb, items: None, orders, time_col: "下单时间", qty_col: "订购数量", mobile_col: Some("联系电话"), resaved: false }
}

const PDD_WORDS: Words = Words { done: "已收货", cancelled: "已取消，退款成功", no_refund: "无售后或售后取消" };

/// Pinduoduo-style order numbers (`260517-607198974342268`).
fn pdd_id(i: usize) -> String {
    format!("261101-{:015}", 607_198_974_342_268 + i as u64 * 31)
}

pub fn pdd_classic() -> Export {
    let orders = seeded(8, pdd_id, true, &PDD_WORDS);
    // The classic layout has no 订单成交时间: 拼单成功时间 is when the order was made.
    let mut main = lay(PDD_CLASSIC, &orders, false, |c, o, l| match c {
        "用户购买手机号" => V::Empty,
        "拼单成功时间" => V::time(&o.time),
        other => common(other, o, l, &PDD_WORDS),
    });
    main.grid.ids = IdStyle::Tab;
    Export { platform: "pdd_classic", main, format: Format::CsvBom, items: None, orders, time_col: "拼单成功时间", qty_col: "商品数量(件)", mobile_col: Some("手机"), resaved: false }
}

pub fn pdd_current() -> Export {
    let orders = seeded(8, pdd_id, true, &PDD_WORDS);
    let main = lay(PDD_CURRENT, &orders, false, |c, o, l| common(c, o, l, &PDD_WORDS));
    Export { platform: "pdd_current", main, format: Format::Xlsx, items: None, orders, time_col: "订单成交时间", qty_col: "商品数量(件)", mobile_col: None, resaved: false }
}

/// 抖店 as exported (UTF-8 with BOM, `"\t6900…"` ids) or, `resaved`, after Excel opened and
/// saved it: GBK, `6.90001E+18` ids and `6.92E+12` barcodes, `2026/5/1 9:00` times, `59.9` money.
pub fn douyin(resaved: bool) -> Export {
    let words = Words { done: "已完成", cancelled: "已关闭", no_refund: "-" };
    let orders = seeded(8, |i| format!("69{:017}", 12_345_678_901_234 + i as u64 * 7_919), false, &words);
    let mut main = lay(DOUYIN, &orders, true, |c, o, l| common(c, o, l, &words));
    main.grid.ids = IdStyle::Tab;
    if resaved {
        main.grid = excel_resave(main.grid);
    }
    let format = if resaved { Format::CsvGb } else { Format::CsvBom };
    let platform = "douyin_items";
    Export { platform, main, format, items: None, orders, time_col: "订单提交时间", qty_col: "商品数量", mobile_col: Some("收件人手机号"), resaved }
}

/// What Excel's "save as CSV" does to a sheet: numbers of 12 digits or more become
/// `6.90001E+18`, times lose their seconds and leading zeros, money its trailing zeros,
/// and identifiers lose their protection.
fn excel_resave(mut grid: Grid) -> Grid {
    for cell in grid.rows.iter_mut().skip(1).flatten() {
        *cell = match std::mem::replace(cell, V::Empty) {
            V::Id(s) | V::Phone(s) if s.len() >= 12 && s.bytes().all(|b| b.is_ascii_digit()) => V::Text(e_notation(&s)),
            V::Id(s) | V::Phone(s) => V::Text(s),
            V::Time(t) => V::Text(t.format("%Y/%-m/%-d %-H:%M").to_string()),
            V::Num(s) if s.contains('.') => V::Num(s.trim_end_matches('0').trim_end_matches('.').to_string()),
            other => other,
        };
    }
    grid.ids = IdStyle::Plain;
    grid
}

/// Excel's General format for a long integer: six significant digits.
pub fn e_notation(digits: &str) -> String {
    let n: f64 = digits.parse().unwrap();
    let s = format!("{n:.5E}");
    let (mant, exp) = s.split_once('E').unwrap();
    let mant = mant.trim_end_matches('0').trim_end_matches('.');
    format!("{mant}E+{:02}", exp.parse::<i32>().unwrap())
}

pub fn youzan() -> Export {
    let words = Words { done: "交易成功", cancelled: "交易关闭", no_refund: "" };
    let orders = seeded(8, |i| format!("E2026050109{:014}", 12_300_001 + i), false, &words);
    // The item-level export has no creation time: 交易成功时间 carries the order's time.
    let main = lay(YOUZAN, &orders, true, |c, o, l| match c {
        "交易成功时间" => V::time(&o.time),
        "商品类型" => V::text("实物商品"),
        other => common(other, o, l, &words),
    });
    Export {
        platform: "youzan_items", main, format: Format::Csv, items: None, orders, time_col: "交易成功时间", qty_col: "商品数量", mobile_col: Some("收货人手机号/提货人手机号"), resaved: false
    }
}

pub fn kuaishou() -> Export {
    let words = Words { done: "已完成", cancelled: "已关闭", no_refund: "-" };
    let orders = seeded(8, |i| format!("{}", 2_412_345_678_901_234u64 + i as u64 * 4_409), true, &words);
    let yuan = |s: &str| if s.parse::<f64>().is_ok() { V::Text(format!("¥{s}")) } else { V::text(s) };
    let main = lay(KUAISHOU, &orders, false, |c, o, l| match c {
        "实付款" => yuan(&o.total),
        "商品单价" => yuan(&l.price),
        other => common(other, o, l, &words),
    });
    Export { platform: "kuaishou", main, format: Format::Xlsx, items: None, orders, time_col: "订单创建时间", qty_col: "成交数量", mobile_col: Some("收货人电话"), resaved: false }
}

pub fn weixin() -> Export {
    let words = Words { done: "已完成", cancelled: "已取消", no_refund: "无售后" };
    let orders = seeded(8, |i| format!("37{:017}", 12_345_678_901_234 + i as u64 * 6_007), false, &words);
    let main = lay(WEIXIN, &orders, true, |c, o, l| common(c, o, l, &words));
    Export { platform: "weixin_shop", main, format: Format::Xlsx, items: None, orders, time_col: "下单时间", qty_col: "商品数量", mobile_col: Some("收货人手机号"), resaved: false }
}

pub fn wangdiantong() -> Export {
    let words = Words { done: "已完成", cancelled: "已取消", no_refund: "" };
    let orders = seeded(8, |i| format!("JY2026050{:05}", 10_001 + i), false, &words);
    let main = lay(WANGDIANTONG, &orders, true, |c, o, l| match c {
        "原始单号" => V::Id(format!("35732100{}", &o.no[9..])),
        other => common(other, o, l, &words),
    });
    Export { platform: "wangdiantong", main, format: Format::Xlsx, items: None, orders, time_col: "下单时间", qty_col: "数量", mobile_col: Some("手机"), resaved: false }
}
