//! The words of the platforms' status columns: which say a sale is complete, which say it
//! is not (cancelled, closed, refunded). [`crate::suggest`] keeps only completed orders with
//! a `filter`; without one, [`crate::validate`] warns about orders that are not (`order_not_completed`).
//!
//! Sources: the status values of each export in `docs/platform-exports.md` (Taobao 交易成功 /
//! 交易关闭, JD 完成 / 已取消 / (删除)…, Pinduoduo 已收货 / 已签收 / …退款成功, 抖店 已完成 /
//! 已关闭, 有赞 交易成功 / 交易关闭).

use crate::fields::normalize_header;

/// Headers of an order's status column, as the platforms name it.
pub const ORDER_STATUS_HEADERS: &[&str] = &["订单状态", "交易状态", "订单商品状态", "订单状态名称"];

/// Headers of an after-sales (refund) status column: a refund there ends the sale even when
/// the order's status still says it was delivered.
pub const AFTER_SALES_HEADERS: &[&str] = &["售后状态", "退款状态", "退货状态", "退货退款", "订单退款状态", "商品退款状态"];

/// An order status that means the sale is done: the goods were received and paid for.
const COMPLETED: &[&str] = &["交易成功", "交易完成", "已完成", "完成", "订单完成", "已收货", "已签收", "买家已签收", "确认收货", "已确认收货"];

/// Parts of a status text that say the sale did not happen or was undone.
const NOT_COMPLETED: &[&str] = &["取消", "关闭", "失败", "作废", "删除", "退款成功", "已退款", "退货成功", "已退货", "全额退款", "退款完成"];

/// After-sales words that undo a sale (a refund that was refused or withdrawn does not).
const REFUNDED: &[&str] = &["退款成功", "已退款", "退货成功", "已退货", "退款完成", "退货退款成功", "全额退款"];

/// Which kind of status column a header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusColumn {
    Order,
    AfterSales,
}

impl StatusColumn {
    /// The kind of status column `header` is, if it is one.
    pub fn of(header: &str) -> Option<StatusColumn> {
        let h = normalize_header(header);
        let is = |names: &[&str]| names.iter().any(|n| normalize_header(n) == h);
        if is(ORDER_STATUS_HEADERS) {
            Some(StatusColumn::Order)
        } else if is(AFTER_SALES_HEADERS) {
            Some(StatusColumn::AfterSales)
        } else {
            None
        }
    }

    /// True when `value` in a column of this kind says the order is not a completed sale.
    pub fn says_not_completed(self, value: &str) -> bool {
        let v = value.trim();
        if v.is_empty() || v.is_ascii() {
            // Every word below is Chinese: `-`, blanks and English codes say nothing.
            return false;
        }
        match self {
            StatusColumn::Order => NOT_COMPLETED.iter().any(|w| v.contains(w)),
            StatusColumn::AfterSales => REFUNDED.iter().any(|w| v.contains(w)),
        }
    }
}

/// True when an order status says the sale is complete.
pub fn is_completed(value: &str) -> bool {
    let v = value.trim();
    COMPLETED.contains(&v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_classified() {
        assert_eq!(StatusColumn::of("订单状态 "), Some(StatusColumn::Order));
        assert_eq!(StatusColumn::of("售后状态"), Some(StatusColumn::AfterSales));
        assert_eq!(StatusColumn::of("订单编号"), None);
        for done in ["交易成功", "已完成", "已收货", " 交易成功 "] {
            assert!(is_completed(done), "{done}");
            assert!(!StatusColumn::Order.says_not_completed(done), "{done}");
        }
        for not in ["交易关闭", "已取消", "已关闭", "退款成功", "已发货，退款成功", "(删除)等待出库"] {
            assert!(StatusColumn::Order.says_not_completed(not), "{not}");
            assert!(!is_completed(not), "{not}");
        }
        // Waiting for delivery is neither: no warning, but not kept by the filter either.
        assert!(!StatusColumn::Order.says_not_completed("卖家已发货，等待买家确认"));
        assert!(!is_completed("卖家已发货，等待买家确认"));
        assert!(StatusColumn::AfterSales.says_not_completed("退款成功"));
        assert!(!StatusColumn::AfterSales.says_not_completed("退款关闭"));
        assert!(!StatusColumn::AfterSales.says_not_completed("没有申请退款"));
    }
}
