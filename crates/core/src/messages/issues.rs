//! Words for validation issues ([`crate::validate::Issue`]).

use super::Lang;
use crate::fields::Target;
use crate::validate::{Code, Issue};

impl Issue {
    /// The sentence a merchant reads. `target` gives the field's label.
    pub fn message(&self, target: Target, lang: Lang) -> String {
        let label = self
            .field
            .as_deref()
            .map(|p| match target.def().field(p) {
                Some(d) if !d.is_template() => d.label(lang).to_string(),
                _ => p.to_string(),
            })
            .unwrap_or_default();
        let a = |i: usize| self.args.get(i).map(String::as_str).unwrap_or("");
        let zh = lang == Lang::Zh;
        match self.code {
            Code::Required if a(0) == crate::validate::UNMAPPED && zh => format!("「{label}」没有对应到表格里的哪一列：请回到「对应字段」选择它来自哪一列"),
            Code::Required if a(0) == crate::validate::UNMAPPED => format!("{label} is not matched to any column: go back to Match columns and choose its column"),
            Code::Required if zh => format!("{label}不能为空"),
            Code::Required => format!("{label} is empty"),
            Code::CustomerMissing if zh => "缺少客户：请映射客户id，或一种客户身份（如手机号）".into(),
            Code::CustomerMissing => "No customer: map the customer id or a customer identity (such as a mobile number)".into(),
            Code::TooLong if zh => format!("{label}「{}」有 {} 个字，最多 {} 个字", a(0), a(1), a(2)),
            Code::TooLong => format!("{label} \"{}\" has {} characters; at most {} are allowed", a(0), a(1), a(2)),
            Code::BadNumber if a(0) == crate::validate::OUT_OF_RANGE && zh => format!("{label}算出来的数太大，超出了可处理的范围：请检查商品明细的金额和数量"),
            Code::BadNumber if a(0) == crate::validate::OUT_OF_RANGE => format!("{label} computed from the lines is too large to handle: check the line amounts and quantities"),
            Code::BadNumber if zh => format!("{label}「{}」不是有效的数字", a(0)),
            Code::BadNumber => format!("{label} \"{}\" is not a valid number", a(0)),
            Code::BadDatetime if zh => format!("{label}「{}」不是有效的日期时间", a(0)),
            Code::BadDatetime => format!("{label} \"{}\" is not a valid date and time", a(0)),
            Code::PrecisionLost if zh => format!("{label}「{}」已被 Excel 存成数字，末尾几位已经丢失。请从平台重新导出，或把这一列设为文本后重新填写", a(0)),
            Code::PrecisionLost => {
                format!("{label} \"{}\" was stored by Excel as a number and has lost its last digits. Export the file again from the platform, or format the column as text and re-enter it", a(0))
            }
            Code::NoLines if zh => "订单没有商品明细".into(),
            Code::NoLines => "The order has no line items".into(),
            Code::TotalMismatch if target == Target::Dmhub && zh => format!("订单总金额 {} 不等于实付金额 {} 加折扣金额 {}", a(0), a(1), a(2)),
            Code::TotalMismatch if target == Target::Dmhub => format!("Order total {} is not amount paid {} plus discount {}", a(0), a(1), a(2)),
            Code::TotalMismatch if zh => format!("商品明细金额合计 {}，与订单总金额 {} 不一致", a(0), a(1)),
            Code::TotalMismatch => format!("The line amounts add up to {}, but the order total is {}", a(0), a(1)),
            Code::QtyMismatch if zh => format!("商品明细数量合计 {}，与订单总数量 {} 不一致", a(0), a(1)),
            Code::QtyMismatch => format!("The line quantities add up to {}, but the order's total quantity is {}", a(0), a(1)),
            Code::SaleTimeOutOfRange if zh => format!("{label} {} 不在允许的范围内（{} 至 {}）：只能上传一年以内的订单", a(0), a(1), a(2)),
            Code::SaleTimeOutOfRange => format!("{label} {} is outside the allowed range ({} to {}): only orders from the last year can be uploaded", a(0), a(1), a(2)),
            Code::NegativeDiscount if zh => format!("{label} {} 不能小于 0", a(0)),
            Code::NegativeDiscount => format!("{label} {} must not be below 0", a(0)),
            Code::RefundSign if a(1) == "return" && zh => format!("这是退货单（填了关联单号），金额和数量都必须是负数，但{label}是 {}", a(0)),
            Code::RefundSign if a(1) == "return" => format!("This is a return (it has an original order number), so all amounts and quantities must be negative, but {label} is {}", a(0)),
            Code::RefundSign if zh => format!("同一订单的金额和数量有正有负（{label}是 {}）：销售单应全为正数，退货单应全为负数", a(0)),
            Code::RefundSign => format!("The order mixes positive and negative amounts or quantities ({label} is {}): a sale is all positive, a return all negative", a(0)),
            Code::NegativePrice if zh => format!("{label} {} 不能小于 0（退货单的单价也是正数）", a(0)),
            Code::NegativePrice => format!("{label} {} must not be below 0 (returns carry positive unit prices too)", a(0)),
            Code::ReturnWithoutOriginal if zh => "金额和数量都是负数，看起来是退货单，但没有填写关联单号".into(),
            Code::ReturnWithoutOriginal => "Amounts and quantities are negative, so this looks like a return, but it has no original order number".into(),
            Code::UnknownDataOrigin if zh => format!("数据来源 {} 不是 10（淘宝）、11（京东）、12（拼多多）之一", a(0)),
            Code::UnknownDataOrigin => format!("Data origin {} is not one of 10 (Taobao), 11 (JD), 12 (Pinduoduo)", a(0)),
            Code::InconsistentOrder if zh => format!("同一订单的各行{label}不一致：「{}」和「{}」", a(0), a(1)),
            Code::InconsistentOrder => format!("Rows of the same order disagree on {label}: \"{}\" and \"{}\"", a(0), a(1)),
            Code::OrderNotCompleted if zh => format!("{}是「{}」，这不是一笔已完成的销售。确认要上传吗？也可以在字段映射里选择只导入已完成的订单", a(1), a(0)),
            Code::OrderNotCompleted => format!("{} says \"{}\": this is not a completed sale. Upload it anyway, or choose to import only completed orders on the mapping screen", a(1), a(0)),
            Code::DuplicateLine if zh => format!("订单行ID「{}」在同一订单中出现了不止一次", a(0)),
            Code::DuplicateLine => format!("Line id \"{}\" appears more than once in the order", a(0)),
            Code::SubtotalMismatch if zh => format!("数量 {} × 单价 {} = {}，与该商品总价 {} 不一致", a(0), a(1), a(2), a(3)),
            Code::SubtotalMismatch => format!("Quantity {} × unit price {} = {}, but the line total is {}", a(0), a(1), a(2), a(3)),
        }
    }
}

impl Code {
    /// A short name of the problem type, for a list of counts ("金额不符 ×3").
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Code::Required => ("必填项为空", "Required field empty"),
            Code::CustomerMissing => ("缺少客户", "No customer"),
            Code::TooLong => ("内容过长", "Too long"),
            Code::BadNumber => ("不是数字", "Not a number"),
            Code::BadDatetime => ("日期时间无效", "Invalid date/time"),
            Code::PrecisionLost => ("长数字被 Excel 截断", "Digits lost by Excel"),
            Code::NoLines => ("没有商品明细", "No line items"),
            Code::TotalMismatch => ("总金额不符", "Total mismatch"),
            Code::QtyMismatch => ("总数量不符", "Quantity mismatch"),
            Code::SaleTimeOutOfRange => ("下单时间超出范围", "Order time out of range"),
            Code::NegativeDiscount => ("折扣为负数", "Negative discount"),
            Code::RefundSign => ("正负号不一致", "Mixed signs"),
            Code::NegativePrice => ("单价为负数", "Negative price"),
            Code::ReturnWithoutOriginal => ("退货单缺少关联单号", "Return without original order"),
            Code::UnknownDataOrigin => ("未知数据来源", "Unknown data origin"),
            Code::InconsistentOrder => ("同一订单各行不一致", "Rows of an order disagree"),
            Code::OrderNotCompleted => ("订单未完成（已取消、关闭或退款）", "Order not completed (cancelled, closed or refunded)"),
            Code::DuplicateLine => ("订单行ID重复", "Duplicate line id"),
            Code::SubtotalMismatch => ("小计不符", "Subtotal mismatch"),
        };
        lang.pick(zh, en)
    }
}
