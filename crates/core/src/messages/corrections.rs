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
}
