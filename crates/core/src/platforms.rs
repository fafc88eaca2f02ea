//! The platforms' export layouts OrderDock recognises, each with a mapping written for it.
//!
//! A layout is recognised by its signature headers (all present). Its template says, per
//! target, which column feeds each field: which columns are per order and which per line,
//! which totals repeat on every line (never summed, never a line amount) and which amounts
//! are per line (summed into the order total). [`crate::suggest`] applies the template of
//! the layout it recognises and falls back to reading headers and values for any other.
//!
//! The header rows and the meaning of each column come from public sources, named per
//! layout in `docs/platform-exports.md`; the fixture generator in `tests/src/exports.rs`
//! builds each layout from the same header rows.

use crate::fields::{Target, same_header};

/// Where a template takes a field from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Src {
    /// The first of these columns that the file has and fills.
    Col(&'static [&'static str]),
    /// `{"derive": "sum"}` of the line field.
    Sum,
    /// `{"derive": "price_x_qty"}`.
    PriceQty,
}

use Src::*;

/// A field of a template.
pub type Rule = (&'static str, Src);

/// One platform export layout.
#[derive(Debug)]
pub struct Platform {
    /// Stable id, printed as `"platform"` by `suggest --json`.
    pub id: &'static str,
    /// What the merchant reads: 「识别为：抖店订单（按商品）」.
    pub label_zh: &'static str,
    pub label_en: &'static str,
    /// Headers that together identify the layout; every one must be present.
    pub signature: &'static [&'static str],
    /// 接口 2030 DataOrigin (10 淘宝, 11 京东, 12 拼多多: the only codes the spec defines).
    pub data_origin: Option<&'static str>,
    /// The order-status column (`filter` keeps its completed values).
    pub status: Option<&'static str>,
    /// For the item report of a two-file export: the column that joins it to the orders.
    pub item_key: Option<&'static str>,
    /// The item report this order report needs for its lines (a two-file export).
    pub items: Option<&'static str>,
    pub mall2030: &'static [Rule],
    pub dmhub: &'static [Rule],
}

impl Platform {
    pub fn label(&self, lang: crate::messages::Lang) -> &'static str {
        lang.pick(self.label_zh, self.label_en)
    }

    pub fn rules(&self, target: Target) -> &'static [Rule] {
        match target {
            Target::Mall2030 => self.mall2030,
            Target::Dmhub => self.dmhub,
        }
    }

    pub fn by_id(id: &str) -> Option<&'static Platform> {
        ALL.iter().find(|p| p.id == id)
    }

    /// The layout `columns` (a header row) has: the one whose signature is complete, the
    /// most specific (longest signature) first.
    pub fn recognise(columns: &[String]) -> Option<&'static Platform> {
        let has = |name: &str| columns.iter().any(|c| same_header(c, name));
        ALL.iter().filter(|p| p.signature.iter().all(|s| has(s))).max_by_key(|p| p.signature.len())
    }

    /// The layout a header row is most like, with at least two of its signature headers:
    /// enough to tell the platform (for DataOrigin), not to trust a template.
    pub fn resembled(columns: &[String]) -> Option<&'static Platform> {
        let count = |p: &Platform| p.signature.iter().filter(|s| columns.iter().any(|c| same_header(c, s))).count();
        ALL.iter().map(|p| (count(p), p)).filter(|(n, _)| *n >= 2).max_by_key(|(n, p)| (*n, std::cmp::Reverse(p.signature.len()))).map(|(_, p)| p)
    }
}

/// Every layout, in the order the app lists them.
pub static ALL: &[Platform] = &[TAOBAO_ORDERS, TAOBAO_ITEMS, QIANNIU_ITEMS, JD_POP, PDD_CLASSIC, PDD_CURRENT, DOUYIN_ITEMS, YOUZAN, KUAISHOU, WEIXIN_SHOP, WANGDIANTONG];

// Columns several templates share.
const MOBILE_TB: Src = Col(&["联系手机", "收货人手机号", "联系电话"]);

/// Taobao/Tmall old order report (ExportOrderList): one row per order; lines come from
/// the item report, so every line field of this template names an item-report column.
/// Six headers end in a space in the real file (收货地址, 联系电话, 订单付款时间, …).
pub const TAOBAO_ORDERS: Platform = Platform {
    id: "taobao_orders",
    label_zh: "淘宝/天猫订单报表（需同时导入宝贝报表）",
    label_en: "Taobao/Tmall order report (with its item report)",
    signature: &["订单编号", "买家会员名", "买家应付货款", "宝贝总数量"],
    data_origin: Some("10"),
    status: Some("订单状态"),
    item_key: None,
    items: Some("taobao_items"),
    mall2030: &[
        ("Code", Col(&["订单编号"])),
        ("OrderTime", Col(&["订单创建时间"])),
        ("PayTime", Col(&["订单付款时间"])),
        ("TotalQty", Col(&["宝贝总数量"])),
        ("TotalMoney", Sum),
        ("PayAmount", Col(&["买家实际支付金额"])),
        ("BuyerCode", Col(&["买家会员名"])),
        ("RecvConsignee", Col(&["收货人姓名"])),
        ("RecvMobile", MOBILE_TB),
        ("RecvTel", Col(&["联系电话"])),
        ("RecvAddress", Col(&["收货地址"])),
        ("Dtls.BarCode", Col(&["商家编码", "外部系统编号"])),
        ("Dtls.PriceSell", Col(&["价格"])),
        ("Dtls.Quantity", Col(&["购买数量"])),
        ("Dtls.Amount", PriceQty),
    ],
    dmhub: &[
        ("orderNo", Col(&["订单编号"])),
        ("dateOrder", Col(&["订单创建时间"])),
        ("amountPaid", Col(&["买家实际支付金额"])),
        ("identities.mobile", MOBILE_TB),
        ("paymentNo", Col(&["支付单号"])),
        ("contactName", Col(&["收货人姓名"])),
        ("contactTel", MOBILE_TB),
        ("shippingAddress", Col(&["收货地址"])),
        ("shippingMethod", Col(&["物流公司", "运送方式"])),
        ("store", Col(&["店铺名称"])),
        ("buyerMessage", Col(&["买家留言"])),
        ("remark", Col(&["订单备注"])),
        ("lines.lineId", Col(&["商家编码", "外部系统编号"])),
        ("lines.productName", Col(&["标题"])),
        ("lines.skuId", Col(&["商家编码", "外部系统编号"])),
        ("lines.qty", Col(&["购买数量"])),
        ("lines.priceUnit", Col(&["价格"])),
        ("lines.priceSubTotal", PriceQty),
    ],
};

/// Taobao/Tmall old item report (ExportOrderDetailList), joined on 订单编号. On its own it
/// is not an order file; the app offers to join it to its order report.
pub const TAOBAO_ITEMS: Platform = Platform {
    id: "taobao_items",
    label_zh: "淘宝/天猫宝贝报表（商品明细）",
    label_en: "Taobao/Tmall item report",
    signature: &["订单编号", "标题", "价格", "购买数量", "套餐信息"],
    data_origin: Some("10"),
    status: None,
    item_key: Some("订单编号"),
    items: None,
    mall2030: &[],
    dmhub: &[],
};

/// 千牛 / 卖家中心 子订单 export: one row per 子订单 with 主订单编号 repeated. 买家实付金额
/// and 买家应付货款 are the line's own; 退款金额 is a refund, never a sale amount. The
/// merchant picks the exported fields, so buyer and receiver columns may be missing.
pub const QIANNIU_ITEMS: Platform = Platform {
    id: "qianniu_items",
    label_zh: "淘宝/天猫订单（千牛，按子订单）",
    label_en: "Taobao/Tmall orders (Qianniu, per sub-order)",
    signature: &["主订单编号", "子订单编号", "购买数量"],
    data_origin: Some("10"),
    status: Some("订单状态"),
    item_key: None,
    items: None,
    mall2030: &[
        ("Code", Col(&["主订单编号"])),
        ("OrderTime", Col(&["订单创建时间"])),
        ("PayTime", Col(&["订单付款时间"])),
        ("TotalQty", Sum),
        ("TotalMoney", Sum),
        ("BuyerCode", Col(&["买家会员名", "买家昵称"])),
        ("RecvConsignee", Col(&["收货人姓名"])),
        ("RecvMobile", MOBILE_TB),
        ("RecvTel", Col(&["联系电话"])),
        ("RecvAddress", Col(&["收货地址"])),
        ("Dtls.BarCode", Col(&["商家编码", "外部系统编号", "商品ID", "商品id"])),
        ("Dtls.PriceSell", Col(&["商品价格", "价格"])),
        ("Dtls.Quantity", Col(&["购买数量"])),
        ("Dtls.Amount", Col(&["买家实付金额", "买家实际支付金额"])),
    ],
    dmhub: &[
        ("orderNo", Col(&["主订单编号"])),
        ("dateOrder", Col(&["订单创建时间"])),
        ("amountPaid", Sum),
        ("identities.mobile", MOBILE_TB),
        ("paymentNo", Col(&["支付单号"])),
        ("contactName", Col(&["收货人姓名"])),
        ("contactTel", MOBILE_TB),
        ("shippingAddress", Col(&["收货地址"])),
        ("buyerMessage", Col(&["主订单买家留言", "买家留言"])),
        ("remark", Col(&["商家备注"])),
        ("lines.lineId", Col(&["子订单编号"])),
        ("lines.productId", Col(&["商品ID", "商品id"])),
        ("lines.productName", Col(&["商品标题", "标题"])),
        ("lines.skuId", Col(&["商家编码", "外部系统编号"])),
        ("lines.qty", Col(&["购买数量"])),
        ("lines.priceUnit", Col(&["商品价格", "价格"])),
        ("lines.priceSubTotal", Col(&["买家应付货款"])),
        ("lines.priceSubPaid", Col(&["买家实付金额", "买家实际支付金额"])),
    ],
};

/// JD POP (京东商家后台): one row per SKU; 订单金额 / 结算金额 / 应付金额 are the order's
/// totals repeated on every SKU row, so the line amount is 京东价 × 订购数量. GBK CSV whose
/// header line ends with a comma.
pub const JD_POP: Platform = Platform {
    id: "jd_pop",
    label_zh: "京东订单（按商品）",
    label_en: "JD orders (per SKU)",
    signature: &["订单号", "商品ID", "订购数量", "京东价", "下单帐号"],
    data_origin: Some("11"),
    status: Some("订单状态"),
    item_key: None,
    items: None,
    mall2030: &[
        ("Code", Col(&["订单号"])),
        ("OrderTime", Col(&["下单时间"])),
        ("PayTime", Col(&["付款确认时间", "下单时间"])),
        ("TotalQty", Sum),
        ("TotalMoney", Sum),
        ("PayAmount", Col(&["应付金额"])),
        ("BuyerCode", Col(&["下单帐号"])),
        ("RecvConsignee", Col(&["客户姓名"])),
        ("RecvMobile", Col(&["联系电话"])),
        ("RecvAddress", Col(&["客户地址"])),
        ("Dtls.BarCode", Col(&["货号", "商家SKUID", "商品编号", "商品ID"])),
        ("Dtls.PriceSell", Col(&["京东价"])),
        ("Dtls.Quantity", Col(&["订购数量"])),
        ("Dtls.Amount", PriceQty),
    ],
    dmhub: &[
        ("orderNo", Col(&["订单号"])),
        ("dateOrder", Col(&["下单时间"])),
        ("amountPaid", Col(&["应付金额"])),
        ("identities.mobile", Col(&["联系电话"])),
        ("paymentTerm", Col(&["支付方式"])),
        ("type", Col(&["订单类型"])),
        ("salesChannel", Col(&["订单渠道"])),
        ("contactName", Col(&["客户姓名"])),
        ("contactTel", Col(&["联系电话"])),
        ("shippingAddress", Col(&["客户地址"])),
        ("remark", Col(&["订单备注"])),
        ("lines.lineId", Col(&["商品ID"])),
        ("lines.productId", Col(&["商品ID"])),
        ("lines.productName", Col(&["商品名称"])),
        ("lines.skuId", Col(&["货号", "商家SKUID"])),
        ("lines.qty", Col(&["订购数量"])),
        ("lines.priceUnit", Col(&["京东价"])),
        ("lines.priceSubTotal", PriceQty),
    ],
};

const PDD_ORDER_TIME: Src = Col(&["订单成交时间", "拼单成功时间", "支付时间"]);
const PDD_PAY_TIME: Src = Col(&["支付时间", "拼单成功时间", "订单成交时间"]);
const PDD_BARCODE: Src = Col(&["商家编码-SKU维度", "商家编码-规格维度", "商家编码-商品维度", "样式ID", "商品id"]);

const PDD_MALL2030: &[Rule] = &[
    ("Code", Col(&["订单号"])),
    ("OrderTime", PDD_ORDER_TIME),
    ("PayTime", PDD_PAY_TIME),
    ("TotalQty", Sum),
    ("TotalMoney", Sum),
    ("PayAmount", Col(&["用户实付金额(元)"])),
    ("DiscountMoney", Col(&["店铺优惠折扣(元)"])),
    // Pinduoduo exports no buyer account: the buyer's (else the receiver's) mobile stands for it.
    ("BuyerCode", Col(&["用户购买手机号", "手机"])),
    ("RecvConsignee", Col(&["收货人"])),
    ("RecvMobile", Col(&["手机"])),
    ("RecvProvince", Col(&["省"])),
    ("RecvCity", Col(&["市"])),
    ("RecvCounty", Col(&["区"])),
    ("RecvAddress", Col(&["详细地址", "街道", "街道/镇"])),
    ("Dtls.BarCode", PDD_BARCODE),
    ("Dtls.Quantity", Col(&["商品数量(件)"])),
    // One SKU per order: the goods total is the line's amount.
    ("Dtls.Amount", Col(&["商品总价(元)"])),
];

const PDD_DMHUB: &[Rule] = &[
    ("orderNo", Col(&["订单号"])),
    ("dateOrder", PDD_ORDER_TIME),
    ("amountPaid", Col(&["用户实付金额(元)"])),
    ("identities.mobile", Col(&["用户购买手机号", "手机"])),
    ("paymentTerm", Col(&["支付方式"])),
    ("contactName", Col(&["收货人"])),
    ("contactTel", Col(&["手机"])),
    ("shippingProvince", Col(&["省"])),
    ("shippingCity", Col(&["市"])),
    ("shippingCounty", Col(&["区"])),
    ("shippingStreet", Col(&["街道", "街道/镇"])),
    ("shippingAddress", Col(&["详细地址"])),
    ("shippingMethod", Col(&["快递公司"])),
    ("buyerMessage", Col(&["买家留言"])),
    ("remark", Col(&["商家备注"])),
    ("lines.lineId", Col(&["商品id", "样式ID"])),
    ("lines.productId", Col(&["商品id"])),
    ("lines.productName", Col(&["商品"])),
    ("lines.skuId", PDD_BARCODE),
    ("lines.qty", Col(&["商品数量(件)"])),
    ("lines.priceSubTotal", Col(&["商品总价(元)"])),
];

/// Pinduoduo classic export: one row per order (one SKU), money headers with `(元)`
/// (`商品总价（元）` with full-width brackets in the 2019 layout), receiver columns present.
pub const PDD_CLASSIC: Platform = Platform {
    id: "pdd_classic",
    label_zh: "拼多多订单（经典版导出）",
    label_en: "Pinduoduo orders (classic export)",
    signature: &["订单号", "商品数量(件)", "用户实付金额(元)", "收货人", "手机"],
    data_origin: Some("12"),
    status: Some("订单状态"),
    item_key: None,
    items: None,
    mall2030: PDD_MALL2030,
    dmhub: PDD_DMHUB,
};

/// Pinduoduo current export: the receiver columns are gone (the platform hides them), so
/// 接口 2030's receiver fields and DM Hub's customer cannot come from this file.
pub const PDD_CURRENT: Platform = Platform {
    id: "pdd_current",
    label_zh: "拼多多订单（新版导出，无收货人信息）",
    label_en: "Pinduoduo orders (current export, no receiver)",
    signature: &["订单号", "商品数量(件)", "用户实付金额(元)", "商品总价(元)"],
    data_origin: Some("12"),
    status: Some("订单状态"),
    item_key: None,
    items: None,
    mall2030: PDD_MALL2030,
    dmhub: PDD_DMHUB,
};

/// 抖店: one row per 子订单; 订单应付金额 and 优惠总金额 are the 子订单's own (merchants'
/// scripts sum them per 主订单). The same layout after an Excel re-save (GBK, `2026/9/26 8:17`
/// times, `6.94755E+18` ids) is read the same way; the ids then show as `precision_lost`.
pub const DOUYIN_ITEMS: Platform = Platform {
    id: "douyin_items",
    label_zh: "抖店订单（按商品）",
    label_en: "Douyin shop orders (per item)",
    signature: &["主订单编号", "子订单编号", "选购商品"],
    data_origin: None,
    status: Some("订单状态"),
    item_key: None,
    items: None,
    mall2030: &[
        ("Code", Col(&["主订单编号"])),
        ("OrderTime", Col(&["订单提交时间"])),
        ("PayTime", Col(&["支付完成时间", "订单提交时间"])),
        ("TotalQty", Sum),
        ("TotalMoney", Sum),
        ("DiscountMoney", Sum),
        // 抖店 exports no buyer account: the receiver's mobile stands for the buyer.
        ("BuyerCode", Col(&["收件人手机号"])),
        ("RecvConsignee", Col(&["收件人"])),
        ("RecvMobile", Col(&["收件人手机号"])),
        ("RecvProvince", Col(&["省"])),
        ("RecvCity", Col(&["市"])),
        ("RecvCounty", Col(&["区"])),
        ("RecvAddress", Col(&["详细地址"])),
        ("Dtls.BarCode", Col(&["商家编码", "商品ID"])),
        ("Dtls.PriceSell", Col(&["商品单价", "商品金额"])),
        ("Dtls.Quantity", Col(&["商品数量"])),
        ("Dtls.Amount", Col(&["订单应付金额"])),
        ("Dtls.DiscountMoney", Col(&["优惠总金额"])),
    ],
    dmhub: &[
        ("orderNo", Col(&["主订单编号"])),
        ("dateOrder", Col(&["订单提交时间"])),
        ("amountPaid", Sum),
        ("identities.mobile", Col(&["收件人手机号"])),
        ("paymentTerm", Col(&["支付方式"])),
        ("type", Col(&["订单类型"])),
        ("contactName", Col(&["收件人"])),
        ("contactTel", Col(&["收件人手机号"])),
        ("shippingProvince", Col(&["省"])),
        ("shippingCity", Col(&["市"])),
        ("shippingCounty", Col(&["区"])),
        ("shippingStreet", Col(&["街道"])),
        ("shippingAddress", Col(&["详细地址"])),
        ("buyerMessage", Col(&["买家留言"])),
        ("remark", Col(&["商家备注"])),
        ("lines.lineId", Col(&["子订单编号"])),
        ("lines.productId", Col(&["商品ID"])),
        ("lines.productName", Col(&["选购商品"])),
        ("lines.skuId", Col(&["商家编码"])),
        ("lines.qty", Col(&["商品数量"])),
        ("lines.priceUnit", Col(&["商品单价", "商品金额"])),
        ("lines.priceSubPaid", Col(&["订单应付金额"])),
    ],
};

/// 有赞 item-level (商品维度) export: one row per item; headers with `/` (收货人/提货人)
/// because delivery and self-pickup share a column; 商品实际成交金额 is the line's net amount.
/// It has no creation time: the payment (else the completion) time stands in.
pub const YOUZAN: Platform = Platform {
    id: "youzan_items",
    label_zh: "有赞订单（商品维度）",
    label_en: "Youzan orders (per item)",
    signature: &["订单号", "收货人/提货人", "商品实际成交金额"],
    data_origin: None,
    status: Some("订单商品状态"),
    item_key: None,
    items: None,
    mall2030: &[
        ("Code", Col(&["订单号"])),
        ("OrderTime", Col(&["订单创建时间", "买家付款时间", "交易成功时间"])),
        ("PayTime", Col(&["买家付款时间", "交易成功时间"])),
        ("TotalQty", Sum),
        ("TotalMoney", Sum),
        ("DiscountMoney", Sum),
        ("BuyerCode", Col(&["买家昵称", "买家手机号", "收货人手机号/提货人手机号"])),
        ("RecvConsignee", Col(&["收货人/提货人"])),
        ("RecvMobile", Col(&["收货人手机号/提货人手机号"])),
        ("RecvProvince", Col(&["收货人省份"])),
        ("RecvCity", Col(&["收货人城市"])),
        ("RecvCounty", Col(&["收货人地区"])),
        ("RecvAddress", Col(&["详细收货地址/提货地址"])),
        ("Dtls.BarCode", Col(&["规格编码", "商品编码"])),
        ("Dtls.PriceOriginal", Col(&["商品单价"])),
        ("Dtls.PriceSell", Col(&["商品优惠后价格", "商品单价"])),
        ("Dtls.Quantity", Col(&["商品数量"])),
        ("Dtls.Amount", Col(&["商品实际成交金额"])),
        ("Dtls.DiscountMoney", Col(&["店铺优惠(分摊)"])),
    ],
    dmhub: &[
        ("orderNo", Col(&["订单号"])),
        ("dateOrder", Col(&["订单创建时间", "买家付款时间", "交易成功时间"])),
        ("amountPaid", Sum),
        ("identities.mobile", Col(&["买家手机号", "收货人手机号/提货人手机号"])),
        ("contactName", Col(&["收货人/提货人"])),
        ("contactTel", Col(&["收货人手机号/提货人手机号"])),
        ("shippingProvince", Col(&["收货人省份"])),
        ("shippingCity", Col(&["收货人城市"])),
        ("shippingCounty", Col(&["收货人地区"])),
        ("shippingAddress", Col(&["详细收货地址/提货地址"])),
        ("buyerMessage", Col(&["买家备注"])),
        ("remark", Col(&["商家订单备注"])),
        ("lines.lineId", Col(&["规格编码", "商品编码"])),
        ("lines.productId", Col(&["商品ID", "商品编码"])),
        ("lines.productName", Col(&["商品名称"])),
        ("lines.skuId", Col(&["规格编码"])),
        ("lines.qty", Col(&["商品数量"])),
        ("lines.priceUnit", Col(&["商品优惠后价格", "商品单价"])),
        ("lines.priceSubTotal", Col(&["商品金额小计"])),
        ("lines.priceSubPaid", Col(&["商品实际成交金额"])),
    ],
};

/// 快手小店: one row per order (one SKU), money with a currency sign (`¥59.90`), the
/// receiver phone is 收货人电话, after-sales in 退货退款.
pub const KUAISHOU: Platform = Platform {
    id: "kuaishou",
    label_zh: "快手小店订单",
    label_en: "Kuaishou shop orders",
    signature: &["订单号", "成交数量", "实付款"],
    data_origin: None,
    status: Some("订单状态"),
    item_key: None,
    items: None,
    mall2030: &[
        ("Code", Col(&["订单号"])),
        ("OrderTime", Col(&["订单创建时间"])),
        ("PayTime", Col(&["订单支付时间"])),
        ("TotalQty", Sum),
        ("TotalMoney", Sum),
        ("PayAmount", Col(&["实付款"])),
        ("BuyerCode", Col(&["买家昵称", "买家ID", "收货人电话"])),
        ("RecvConsignee", Col(&["收货人"])),
        ("RecvMobile", Col(&["收货人电话", "收货人手机号"])),
        ("RecvAddress", Col(&["收货地址"])),
        ("Dtls.BarCode", Col(&["商家编码", "SKU编码", "商品ID"])),
        ("Dtls.PriceSell", Col(&["商品单价"])),
        ("Dtls.Quantity", Col(&["成交数量"])),
        ("Dtls.Amount", PriceQty),
    ],
    dmhub: &[
        ("orderNo", Col(&["订单号"])),
        ("dateOrder", Col(&["订单创建时间"])),
        ("amountPaid", Col(&["实付款"])),
        ("identities.mobile", Col(&["收货人电话", "收货人手机号"])),
        ("contactName", Col(&["收货人"])),
        ("contactTel", Col(&["收货人电话", "收货人手机号"])),
        ("shippingAddress", Col(&["收货地址"])),
        ("buyerMessage", Col(&["买家留言"])),
        ("lines.lineId", Col(&["SKU编码", "商品ID"])),
        ("lines.productId", Col(&["商品ID"])),
        ("lines.productName", Col(&["商品名称"])),
        ("lines.skuId", Col(&["SKU编码", "商家编码"])),
        ("lines.qty", Col(&["成交数量"])),
        ("lines.priceUnit", Col(&["商品单价"])),
        ("lines.priceSubTotal", PriceQty),
    ],
};

/// 微信小店 / 视频号小店: one row per product with the order's columns repeated and no line
/// amount (unit price × quantity). No public source gives this header row: the names are
/// inferred (docs/platform-exports.md §9), so this template is the least certain.
pub const WEIXIN_SHOP: Platform = Platform {
    id: "weixin_shop",
    label_zh: "微信小店/视频号订单（按商品）",
    label_en: "WeChat shop / Channels orders (per product)",
    signature: &["订单号", "SKU编码", "商品单价", "订单实付金额"],
    data_origin: None,
    status: Some("订单状态"),
    item_key: None,
    items: None,
    mall2030: &[
        ("Code", Col(&["订单号"])),
        ("OrderTime", Col(&["下单时间"])),
        ("PayTime", Col(&["支付时间"])),
        ("TotalQty", Sum),
        ("TotalMoney", Sum),
        ("PayAmount", Col(&["订单实付金额"])),
        ("BuyerCode", Col(&["收货人手机号"])),
        ("RecvConsignee", Col(&["收货人"])),
        ("RecvMobile", Col(&["收货人手机号"])),
        ("RecvProvince", Col(&["省"])),
        ("RecvCity", Col(&["市"])),
        ("RecvCounty", Col(&["区"])),
        ("RecvAddress", Col(&["详细地址"])),
        ("Dtls.BarCode", Col(&["SKU编码", "商品编码"])),
        ("Dtls.PriceSell", Col(&["商品单价"])),
        ("Dtls.Quantity", Col(&["商品数量"])),
        ("Dtls.Amount", PriceQty),
    ],
    dmhub: &[
        ("orderNo", Col(&["订单号"])),
        ("dateOrder", Col(&["下单时间"])),
        ("amountPaid", Col(&["订单实付金额"])),
        ("identities.mobile", Col(&["收货人手机号"])),
        ("contactName", Col(&["收货人"])),
        ("contactTel", Col(&["收货人手机号"])),
        ("shippingProvince", Col(&["省"])),
        ("shippingCity", Col(&["市"])),
        ("shippingCounty", Col(&["区"])),
        ("shippingAddress", Col(&["详细地址"])),
        ("buyerMessage", Col(&["买家留言"])),
        ("remark", Col(&["商家备注"])),
        ("lines.lineId", Col(&["SKU编码", "商品编码"])),
        ("lines.productId", Col(&["商品编码"])),
        ("lines.productName", Col(&["商品名称"])),
        ("lines.skuId", Col(&["SKU编码"])),
        ("lines.qty", Col(&["商品数量"])),
        ("lines.priceUnit", Col(&["商品单价"])),
        ("lines.priceSubTotal", PriceQty),
    ],
};

/// 旺店通 ERP 订单明细: one row per goods line; 订单编号 is the ERP's own order (which may
/// merge several platform orders, listed in 原始单号), 店铺 holds the shop's *name* — never
/// a ShopCode. Most names are inferred (docs/platform-exports.md §10).
pub const WANGDIANTONG: Platform = Platform {
    id: "wangdiantong",
    label_zh: "旺店通 ERP 订单明细",
    label_en: "Wangdiantong ERP order lines",
    signature: &["订单编号", "原始单号", "店铺", "货品名称"],
    data_origin: None,
    status: Some("订单状态"),
    item_key: None,
    items: None,
    mall2030: &[
        ("Code", Col(&["订单编号"])),
        ("OrderTime", Col(&["下单时间", "交易时间"])),
        ("PayTime", Col(&["付款时间", "下单时间"])),
        ("TotalQty", Sum),
        ("TotalMoney", Sum),
        ("PayAmount", Col(&["已付金额"])),
        ("BuyerCode", Col(&["客户网名", "买家昵称"])),
        ("RecvConsignee", Col(&["收件人", "收货人"])),
        ("RecvMobile", Col(&["手机", "收件人手机"])),
        ("RecvAddress", Col(&["地址", "收货地址"])),
        ("Dtls.BarCode", Col(&["商家编码", "货品编号"])),
        ("Dtls.PriceSell", Col(&["单价"])),
        ("Dtls.Quantity", Col(&["数量"])),
        ("Dtls.Amount", PriceQty),
    ],
    dmhub: &[
        ("orderNo", Col(&["订单编号"])),
        ("dateOrder", Col(&["下单时间", "交易时间"])),
        ("amountPaid", Col(&["已付金额", "应收金额"])),
        ("identities.mobile", Col(&["手机", "收件人手机"])),
        ("store", Col(&["店铺"])),
        ("contactName", Col(&["收件人", "收货人"])),
        ("contactTel", Col(&["手机", "收件人手机"])),
        ("shippingAddress", Col(&["地址", "收货地址"])),
        ("shippingMethod", Col(&["物流公司"])),
        ("buyerMessage", Col(&["买家留言"])),
        ("remark", Col(&["客服备注"])),
        ("lines.lineId", Col(&["商家编码", "货品编号"])),
        ("lines.productName", Col(&["货品名称"])),
        ("lines.skuId", Col(&["商家编码"])),
        ("lines.qty", Col(&["数量"])),
        ("lines.priceUnit", Col(&["单价"])),
        ("lines.priceSubTotal", PriceQty),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_name_declared_fields_and_ids_are_unique() {
        let mut ids: Vec<_> = ALL.iter().map(|p| p.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), ALL.len());
        for p in ALL {
            for t in Target::ALL {
                let def = t.def();
                for (path, src) in p.rules(t) {
                    let decl = def.field(path).unwrap_or_else(|| panic!("{}: {path} is not a {} field", p.id, def.id));
                    match src {
                        Sum => assert!(decl.sum_of.is_some(), "{}: {path} cannot be summed", p.id),
                        PriceQty => assert!(decl.price_x_qty.is_some(), "{}: {path} is not price × quantity", p.id),
                        Col(alts) => assert!(!alts.is_empty()),
                    }
                }
                if !p.rules(t).is_empty() {
                    assert!(p.rules(t).iter().any(|(path, _)| *path == def.key), "{}: no order number", p.id);
                }
            }
            if let Some(items) = p.items {
                assert!(Platform::by_id(items).is_some_and(|i| i.item_key.is_some()), "{}", p.id);
            }
        }
    }

    #[test]
    fn a_layout_is_recognised_by_its_signature() {
        let cols = |names: &[&str]| names.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(Platform::recognise(&cols(&["主订单编号", "子订单编号", "选购商品", "订单应付金额", "订单状态"])).map(|p| p.id), Some("douyin_items"));
        assert_eq!(Platform::recognise(&cols(&["子订单编号", "主订单编号", "商品标题", "购买数量", "买家实付金额"])).map(|p| p.id), Some("qianniu_items"));
        // Both Pinduoduo layouts match a classic file; the longer signature wins.
        assert_eq!(Platform::recognise(&cols(&["商品", "订单号", "商品总价（元）", "用户实付金额(元)", "商品数量(件)", "收货人", "手机"])).map(|p| p.id), Some("pdd_classic"));
        assert_eq!(Platform::recognise(&cols(&["商品", "订单号", "商品总价(元)", "用户实付金额(元)", "商品数量(件)"])).map(|p| p.id), Some("pdd_current"));
        assert_eq!(Platform::recognise(&cols(&["订单编号 ", "买家会员名", "买家应付货款", "宝贝总数量"])).map(|p| p.id), Some("taobao_orders"));
        assert!(Platform::recognise(&cols(&["订单号", "金额"])).is_none());
    }
}
