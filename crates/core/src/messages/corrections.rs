//! Words for a DM Hub correction that cannot be sent ([`crate::payload::PatchError`]).

use super::Lang;
use crate::fields::Target;
use crate::payload::PatchError;

impl PatchError {
    pub fn message(&self, lang: Lang) -> String {
        let label = |path: &str| Target::Dmhub.def().field(path).filter(|d| !d.is_template()).map_or_else(|| path.to_string(), |d| d.label(lang).to_string());
        match (self, lang) {
            (PatchError::UnknownField(f), Lang::Zh) => format!("「{}」不能在这里修改", label(f)),
            (PatchError::UnknownField(f), Lang::En) => format!("\"{}\" cannot be changed here", label(f)),
            (PatchError::BadValue { field, value }, Lang::Zh) => format!("{}「{value}」的格式不对，请填写{}", label(field), kind_hint(field, lang)),
            (PatchError::BadValue { field, value }, Lang::En) => format!("{} \"{value}\" is not valid: enter {}", label(field), kind_hint(field, lang)),
            (PatchError::Required(f), Lang::Zh) => format!("{}不能为空", label(f)),
            (PatchError::Required(f), Lang::En) => format!("{} cannot be empty", label(f)),
            (PatchError::NoSuchLine(id), Lang::Zh) => format!("这笔订单没有订单行 {id}，请重新查询后再改"),
            (PatchError::NoSuchLine(id), Lang::En) => format!("The deal has no line {id}: look it up again, then correct it"),
        }
    }
}

/// The connection chosen for a DM Hub correction is another system's.
pub fn not_dmhub_connection(lang: Lang) -> String {
    lang.pick("这个连接不是 DM Hub 的，请选一个 DM Hub 的连接", "This connection is not a DM Hub one: choose a DM Hub connection").into()
}

/// A refund total that is not an amount.
pub fn refund_total_bad(lang: Lang, total: &str) -> String {
    match lang {
        Lang::Zh => format!("退款金额「{total}」不是有效的金额，请填写如 59.90，或不填（按所选商品合计）"),
        Lang::En => format!("Refund total \"{total}\" is not an amount: enter one such as 59.90, or leave it empty (the chosen items' total)"),
    }
}

/// A refund names a line the deal does not have.
pub fn refund_line_missing(lang: Lang, order_no: &str, line: &str) -> String {
    match lang {
        Lang::Zh => format!("订单 {order_no} 没有订单行 {line}，请重新查询后再选"),
        Lang::En => format!("Deal {order_no} has no line {line}: look it up again, then choose"),
    }
}

/// What a value of the field's kind looks like.
fn kind_hint(path: &str, lang: Lang) -> &'static str {
    use crate::fields::Kind;
    match Target::Dmhub.def().field(path).map(|d| d.kind) {
        Some(Kind::Money) => lang.pick("金额，如 59.90", "an amount such as 59.90"),
        Some(Kind::Int) => lang.pick("整数，如 2", "a whole number such as 2"),
        Some(Kind::Long) => lang.pick("一串数字", "digits only"),
        Some(Kind::DateTime) => lang.pick("日期时间，如 2026-11-01 10:00:00", "a date and time such as 2026-11-01 10:00:00"),
        _ => lang.pick("文字", "text"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_by_their_labels() {
        let bad = PatchError::BadValue { field: "lines.qty".into(), value: "两件".into() };
        assert_eq!(bad.message(Lang::Zh), "订购数量「两件」的格式不对，请填写整数，如 2");
        assert_eq!(bad.message(Lang::En), "Quantity \"两件\" is not valid: enter a whole number such as 2");
        assert_eq!(PatchError::Required("lines.productName".into()).message(Lang::Zh), "商品名称不能为空");
    }

    #[test]
    fn one_language_at_a_time() {
        let cjk = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for (zh, en) in [
            (not_dmhub_connection(Lang::Zh), not_dmhub_connection(Lang::En)),
            (refund_total_bad(Lang::Zh, "x"), refund_total_bad(Lang::En, "x")),
            (refund_line_missing(Lang::Zh, "1", "a"), refund_line_missing(Lang::En, "1", "a")),
            (PatchError::NoSuchLine("a".into()).message(Lang::Zh), PatchError::NoSuchLine("a".into()).message(Lang::En)),
            (PatchError::UnknownField("colour".into()).message(Lang::Zh), PatchError::UnknownField("colour".into()).message(Lang::En)),
        ] {
            assert!(cjk(&zh) && !cjk(&en), "{zh} / {en}");
        }
    }
}
