//! 接口 2030 thirdOrdAdd's cross-field rules (its fields: `crate::fields`'s mall2030).

use super::*;

impl Rules<'_> {
    pub(super) fn mall2030(&self, c: &mut Checker, now: DateTime<Utc>) {
        self.sum_matches(c, Code::TotalMismatch, "TotalMoney", "Dtls.Amount");
        self.sum_matches(c, Code::QtyMismatch, "TotalQty", "Dtls.Quantity");

        if let Some((i, Value::Time(t))) = self.header("OrderTime") {
            let now = now.with_timezone(&self.b.tz);
            let earliest = now.checked_sub_months(Months::new(12)).unwrap_or(now);
            let latest = now + chrono::Duration::minutes(10);
            if *t < earliest || *t > latest {
                c.push(Code::SaleTimeOutOfRange, Some(i), None, vec![value::format_local(t), value::format_local(&earliest), value::format_local(&latest)]);
            }
        }

        let line_row = |n: usize| c.order.lines[n];
        let mut found = Vec::new();
        if let Some((i, v)) = self.header("DiscountMoney")
            && v.amount().is_some_and(|d| d.is_sign_negative() && !d.is_zero())
        {
            found.push((Code::NegativeDiscount, i, None, v));
        }
        for path in ["Dtls.DiscountMoney", "Dtls.PriceOriginal", "Dtls.PriceSell"] {
            let code = if path == "Dtls.DiscountMoney" { Code::NegativeDiscount } else { Code::NegativePrice };
            for (n, v) in self.line_values(path) {
                if v.amount().is_some_and(|d| d < Decimal::ZERO) {
                    found.push((code, self.index(path).unwrap_or(0), Some(line_row(n)), v));
                }
            }
        }
        for (code, i, row, v) in found {
            c.push(code, Some(i), row, vec![money_text(v)]);
        }

        // The five sign fields of a return: all negative; of a sale: none negative.
        let mut signs: Vec<(usize, Option<usize>, Decimal)> = Vec::new();
        for path in ["TotalMoney", "PayAmount", "TotalQty"] {
            if let Some((i, v)) = self.header(path)
                && let Some(a) = v.amount()
            {
                signs.push((i, None, a));
            }
        }
        for path in ["Dtls.Amount", "Dtls.Quantity"] {
            for (n, v) in self.line_values(path) {
                if let Some(a) = v.amount() {
                    signs.push((self.index(path).unwrap_or(0), Some(line_row(n)), a));
                }
            }
        }
        let is_return = self.header("OriginalCode").is_some();
        let negative = signs.iter().any(|s| s.2 < Decimal::ZERO);
        let positive = signs.iter().any(|s| s.2 > Decimal::ZERO);
        let culprit = if is_return {
            signs.iter().find(|s| s.2 >= Decimal::ZERO)
        } else if negative && positive {
            let first_sign = signs.iter().find(|s| !s.2.is_zero()).map(|s| s.2.is_sign_negative());
            signs.iter().find(|s| !s.2.is_zero() && Some(s.2.is_sign_negative()) != first_sign)
        } else {
            None
        };
        if let Some(&(i, row, a)) = culprit {
            let kind = if is_return { "return" } else { "mixed" };
            c.push(Code::RefundSign, Some(i), row, vec![a.to_string(), kind.to_string()]);
        }
        if !is_return && negative && !positive {
            c.push(Code::ReturnWithoutOriginal, self.index("OriginalCode"), None, vec![]);
        }

        if let Some((i, Value::Int(origin))) = self.header("DataOrigin")
            && !matches!(origin, 10..=12)
        {
            c.push(Code::UnknownDataOrigin, Some(i), None, vec![origin.to_string()]);
        }
    }
}
