//! DM Hub deals' cross-field rules (its fields: `crate::fields`'s dmhub).

use super::*;

impl Rules<'_> {
    pub(super) fn dmhub(&self, c: &mut Checker) {
        let has_identity = self.b.fields.iter().enumerate().any(|(i, f)| f.path.starts_with("identities.") && self.typed.header[i].is_some());
        // A customerId that is there but unreadable is already reported as such.
        let id_reported = c.issues.iter().any(|i| i.field.as_deref() == Some("customerId"));
        if self.header("customerId").is_none() && !has_identity && !id_reported {
            c.push(Code::CustomerMissing, self.index("customerId"), None, vec![]);
        }

        if let (Some((i, total)), Some((_, paid))) = (self.header("amountTotal"), self.header("amountPaid"))
            && !self.is_derived("amountTotal")
        {
            let discount = self.header("amountDiscount").and_then(|(_, d)| d.amount()).unwrap_or_default();
            if let (Some(total), Some(paid)) = (total.amount(), paid.amount())
                && total != paid + discount
            {
                c.push(Code::TotalMismatch, Some(i), None, vec![total.to_string(), paid.to_string(), discount.to_string()]);
            }
        }

        let mut seen = HashSet::new();
        let duplicates: Vec<(usize, String)> = self
            .line_values("lines.lineId")
            .into_iter()
            .filter_map(|(n, v)| match v {
                Value::Text(id) if !seen.insert(id.clone()) => Some((n, id.clone())),
                _ => None,
            })
            .collect();
        for (n, id) in duplicates {
            c.push(Code::DuplicateLine, self.index("lines.lineId"), Some(c.order.lines[n]), vec![id]);
        }

        let (Some(qi), Some(pi), Some(si)) = (self.index("lines.qty"), self.index("lines.priceUnit"), self.index("lines.priceSubTotal")) else {
            return;
        };
        for (n, l) in self.typed.lines.iter().enumerate() {
            if matches!(self.b.fields[si].source, BoundSource::DerivePriceQty) {
                break;
            }
            if let (Some(q), Some(p), Some(s)) = (l[qi].as_ref().and_then(Value::amount), l[pi].as_ref().and_then(Value::amount), l[si].as_ref().and_then(Value::amount))
                && q.checked_mul(p) != Some(s)
            {
                let product = q.checked_mul(p).map(|x| x.to_string()).unwrap_or_else(|| "∞".into());
                c.push(Code::SubtotalMismatch, Some(si), Some(c.order.lines[n]), vec![q.to_string(), p.to_string(), product, s.to_string()]);
            }
        }
    }
}
