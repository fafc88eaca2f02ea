//! A shop's export with the same problems on many orders, for the quick fixes
//! (`orderdock fix`, the app's 检查订单 screen): which orders have which problem, and the
//! value each fix must give them.

use crate::grid::{Grid, V};

pub const COLUMNS: [&str; 12] = ["订单编号", "下单时间", "付款时间", "订单总金额", "优惠金额", "收货人", "手机", "联系电话", "商品条码", "数量", "金额", "运费"];

/// The mapping for [`batch`] (2030; 运费 and 联系电话 unmapped, as a merchant leaves them).
pub const MAPPING: &str = r#"{"target": "mall2030", "fields": {
    "ShopCode": {"value": "HQS0001"}, "Code": {"column": "订单编号"}, "OrderTime": {"column": "下单时间"},
    "PayTime": {"column": "付款时间"}, "TotalMoney": {"column": "订单总金额"}, "TotalQty": {"derive": "sum"},
    "DiscountMoney": {"column": "优惠金额"}, "BuyerCode": {"value": "buyer"}, "RecvConsignee": {"column": "收货人"},
    "RecvMobile": {"column": "手机"}, "Dtls.BarCode": {"column": "商品条码"}, "Dtls.Quantity": {"column": "数量"},
    "Dtls.Amount": {"column": "金额"}}}"#;

/// What an order of [`batch`] is planted with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Planted {
    /// The order total is 1.00 more than its lines: fixed to the line sum.
    TotalOff,
    /// The total includes 8.00 postage from the unmapped 运费 column: explained, not changed.
    Postage,
    /// 优惠金额 -3: fixed to 0.
    NegativeDiscount,
    /// 付款时间 empty: filled from 下单时间.
    NoPayTime,
    /// 收货人 of 40 characters: cut to 32.
    LongName,
    /// 手机 empty, 联系电话 holds a mobile number: filled from it.
    NoMobile,
    /// Ordered two years before the tests' NOW: left out.
    TooOld,
    Valid,
}

/// One order of [`batch`].
#[derive(Debug, Clone)]
pub struct Order {
    pub no: String,
    pub planted: Planted,
    /// Amounts of its lines (one row each).
    pub lines: Vec<&'static str>,
    /// The total the file shows.
    pub total: String,
    /// The line sum, as the fix writes it (2 places).
    pub sum: String,
}

/// How many orders of each kind [`batch`] has.
pub const PLAN: [(Planted, usize); 8] = [
    (Planted::TotalOff, 60),
    (Planted::Postage, 5),
    (Planted::NegativeDiscount, 6),
    (Planted::NoPayTime, 4),
    (Planted::LongName, 3),
    (Planted::NoMobile, 3),
    (Planted::TooOld, 4),
    (Planted::Valid, 10),
];

/// The orders of [`batch`], in file order.
pub fn orders() -> Vec<Order> {
    let mut out = Vec::new();
    for (planted, count) in PLAN {
        for _ in 0..count {
            let i = out.len();
            // Odd orders have two lines (two rows repeating the order's cells).
            let lines = if i % 2 == 1 { vec!["19.90", "5.10"] } else { vec!["12.50"] };
            let sum: f64 = lines.iter().map(|l| l.parse::<f64>().unwrap_or_default()).sum();
            let sum = format!("{sum:.2}");
            let total = match planted {
                Planted::TotalOff => format!("{:.2}", sum.parse::<f64>().unwrap_or_default() + 1.0),
                Planted::Postage => format!("{:.2}", sum.parse::<f64>().unwrap_or_default() + 8.0),
                _ => sum.clone(),
            };
            out.push(Order { no: format!("7{:018}", 309_100_000_000_000_000u64 + i as u64 * 7919), planted, lines, total, sum });
        }
    }
    out
}

/// The sheet: header, then one row per line.
pub fn batch() -> Grid {
    let mut rows = vec![COLUMNS.iter().map(|c| V::text(c)).collect::<Vec<_>>()];
    for (i, o) in orders().iter().enumerate() {
        let day = 1 + i % 28;
        let ordered = if o.planted == Planted::TooOld { format!("2024-10-{day:02} 09:30:00") } else { format!("2026-10-{day:02} 09:30:00") };
        let paid = if o.planted == Planted::NoPayTime { String::new() } else { ordered.replace("09:30", "09:31") };
        let name = if o.planted == Planted::LongName { "欧阳".repeat(20) } else { "张三".into() };
        let (mobile, phone) = if o.planted == Planted::NoMobile { ("", "+86 139-0000-1111") } else { ("13800000000", "") };
        let discount = if o.planted == Planted::NegativeDiscount { "-3" } else { "" };
        let postage = if o.planted == Planted::Postage { "8" } else { "" };
        for (l, amount) in o.lines.iter().enumerate() {
            rows.push(vec![
                V::Id(o.no.clone()),
                V::time(&ordered),
                V::time(&paid),
                V::num(&o.total),
                V::num(discount),
                V::text(&name),
                phone_cell(mobile),
                phone_cell(phone),
                V::Id(format!("69{i:05}{l}")),
                V::num("1"),
                V::num(amount),
                V::num(postage),
            ]);
        }
    }
    Grid::new(rows)
}

fn phone_cell(text: &str) -> V {
    if text.is_empty() { V::Empty } else { V::Phone(text.into()) }
}
