//! 接口 2030 `api/morder/thirdOrdAdd` (spec/002): request fields and their limits.

use super::synonyms::*;
use super::{Kind::*, TargetDef, field};

pub static MALL2030: TargetDef = TargetDef {
    id: "mall2030",
    label_zh: "接口 2030 第三方商城订单",
    label_en: "API 2030 third-party mall orders",
    line_prefix: "Dtls.",
    key: "Code",
    any_of: &[],
    fields: &[
        field("ShopCode", Id, true, Some(16), ("渠道代码", "Shop code"), &["渠道代码", "店铺代码", "店铺编码", "商城店铺号", "shop code"]),
        field("Code", Id, true, Some(26), ("订单编号", "Order number"), ORDER_NO),
        field("OriginalCode", Id, false, Some(26), ("关联单号", "Original order number"), &["关联单号", "原订单号", "原订单编号", "原单号", "退货关联单号", "original code"]),
        field(
            "OrderTime",
            DateTime,
            true,
            None,
            ("销售日期", "Order time"),
            &["下单时间", "订单创建时间", "创建时间", "订单提交时间", "提交时间", "订单成交时间", "拼单成功时间", "拍下时间", "成交时间", "销售日期", "销售时间", "订单时间", "order time", "created"],
        ),
        field("TotalQty", Int, true, None, ("订单总数量", "Total quantity"), &["宝贝总数量", "商品总数量", "订单总数量", "总数量", "数量合计", "total quantity"]).sums("Dtls.Quantity"),
        field("TotalMoney", Money, true, None, ("订单总金额", "Order total"), &["订单总金额", "总金额", "订单金额", "订单应付金额", "订单总价", "商品总价", "total money", "total"])
            .sums("Dtls.Amount"),
        field("PayTime", DateTime, true, None, ("付款完成时间", "Payment time"), &["订单付款时间", "付款时间", "支付时间", "支付完成时间", "付款确认时间", "付款日期", "pay time", "paid at"]),
        field(
            "PayAmount",
            Money,
            false,
            None,
            ("实际支付金额", "Amount paid"),
            &["买家实际支付金额", "实际支付金额", "实付金额", "买家实付金额", "用户实付金额", "订单实付金额", "实付款", "应付金额", "支付金额", "pay amount", "paid"],
        ),
        field("BuyerCode", Text, true, Some(32), ("买家账号", "Buyer account"), &["买家会员名", "买家账号", "买家昵称", "下单帐号", "下单账号", "用户昵称", "客户网名", "会员名", "买家", "buyer"]),
        field("DiscountMoney", Money, false, None, ("优惠总金额", "Total discount"), &["优惠总金额", "订单优惠金额", "优惠金额", "折扣金额", "订单优惠", "discount"]).sums("Dtls.DiscountMoney"),
        field("RecvConsignee", Text, true, Some(32), ("收货人姓名", "Consignee"), CONSIGNEE),
        field("RecvMobile", Id, true, Some(16), ("收货人手机", "Consignee mobile"), PHONE),
        field("RecvTel", Id, false, Some(16), ("收货人电话", "Consignee phone"), &["联系电话", "收货人电话", "固定电话", "电话", "tel"]),
        field("RecvAddress", Text, false, Some(128), ("收货人地址", "Address"), ADDRESS),
        field("RecvProvince", Text, false, Some(32), ("收货人省份", "Province"), PROVINCE),
        field("RecvCity", Text, false, Some(64), ("收货人城市", "City"), CITY),
        field("RecvCounty", Text, false, Some(64), ("收货人区县", "County"), COUNTY),
        field("DataOrigin", Int, false, None, ("数据来源", "Data origin"), &["数据来源", "来源平台", "data origin"]),
        field(
            "Dtls.BarCode",
            Id,
            true,
            Some(30),
            ("商品条码", "Barcode"),
            &["商品条码", "条码", "条形码", "商家编码", "商家编码-SKU维度", "外部系统编号", "货号", "SKU编码", "规格编码", "商品编码", "商品编号", "barcode"],
        ),
        field("Dtls.PriceOriginal", Money, false, None, ("原始单价", "Original unit price"), &["原始单价", "原价", "商品原价", "吊牌价", "京东价", "标价", "original price"]),
        field("Dtls.PriceSell", Money, false, None, ("实际售价", "Selling price"), &["实际售价", "商品价格", "价格", "单价", "商品单价", "成交价", "售价", "price"]),
        field("Dtls.Quantity", Int, true, None, ("订购数量", "Quantity"), QUANTITY),
        field("Dtls.Amount", Money, true, None, ("订购金额", "Line amount"), &["订购金额", "金额", "商品实际成交金额", "商品金额", "小计", "商品小计", "子订单金额", "买家实付金额", "amount"])
            .price_times(&["Dtls.PriceSell", "Dtls.PriceOriginal"], "Dtls.Quantity"),
        field("Dtls.DiscountMoney", Money, false, None, ("折扣金额", "Line discount"), &["商品优惠", "行优惠", "子订单优惠", "商品折扣", "折扣", "line discount"]),
    ],
};
