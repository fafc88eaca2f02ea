//! Words for quick fixes and orders left out on purpose ([`crate::fixes`], [`crate::session`]).

use super::Lang;
use crate::fields::Target;
use crate::fixes::{Applied, Change, Fix};
use crate::validate::Code;

impl Fix {
    /// What the fix does, as its button says.
    pub fn title(self, target: Target, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Fix::TotalFromLines if target == Target::Dmhub => ("把订单总金额改为实付金额加折扣金额", "Set the order total to amount paid plus discount"),
            Fix::TotalFromLines => ("把订单总金额改为商品明细金额合计", "Set the order total to the sum of its lines"),
            Fix::QtyFromLines => ("把订单总数量改为商品明细数量合计", "Set the total quantity to the sum of its lines"),
            Fix::DiscountToZero => ("把负数折扣当作 0", "Treat the negative discount as 0"),
            Fix::DiscountAsSurcharge => {
                ("把负数折扣当作加价：折扣记为 0，金额加到商品金额和订单总金额上", "Treat the negative discount as a surcharge: discount 0, the amount added to the line amount and the order total")
            }
            Fix::CutToLimit => ("截断到允许的长度", "Cut to the allowed length"),
            Fix::FillFromRow => ("用同一行里的其他列补上", "Fill in from another column of the row"),
            Fix::RecoverOrderNumber => ("从文件里找回完整的订单号", "Recover the full order numbers from the file"),
        };
        lang.pick(zh, en)
    }
}

/// The reason an order is left out, for the 「不上传」 list and the results file.
pub fn exclusion_reason(code: Option<Code>, lang: Lang) -> String {
    match (code, lang) {
        (Some(c), Lang::Zh) => format!("{}，选择不上传", c.label(lang)),
        (Some(c), Lang::En) => format!("{}: left out on purpose", c.label(lang)),
        (None, _) => lang.pick("手动选择不上传", "Left out by hand").into(),
    }
}

/// The state of an order left out, in the results file.
pub fn excluded_state(lang: Lang) -> &'static str {
    lang.pick("不上传", "left out")
}

/// The state of an order held back by an error left on it, in the results file.
pub fn held_back_state(lang: Lang) -> &'static str {
    lang.pick("有错误，未上传", "not sent: has errors")
}

/// Why orders whose total differs by exactly a column's value were not changed.
pub fn total_explained(column: &str, orders: usize, example: &str, can_map: bool, target: Target, lang: Lang) -> String {
    let what = match (target, lang) {
        (Target::Dmhub, Lang::Zh) => "订单总金额与实付金额加折扣金额的差额",
        (Target::Dmhub, Lang::En) => "the difference between the order total and amount paid plus discount",
        (Target::Mall2030, Lang::Zh) => "订单总金额与商品明细金额合计的差额",
        (Target::Mall2030, Lang::En) => "the difference between the order total and the sum of its lines",
    };
    match (lang, can_map) {
        (Lang::Zh, true) => format!("{orders} 个订单（例如 {example}）{what}正好等于「{column}」列：这一列还没有映射，映射它比改总金额更准确，所以这些订单没有改。"),
        (Lang::Zh, false) => format!("{orders} 个订单（例如 {example}）{what}正好等于「{column}」列：总金额里含有这笔钱，所以这些订单没有改，请确认后手动修改或不上传。"),
        (Lang::En, true) => format!(
            "For {orders} orders (e.g. {example}) {what} is exactly the \"{column}\" column, which is not mapped yet: mapping it is more accurate than changing the total, so these orders were left as they are."
        ),
        (Lang::En, false) => format!(
            "For {orders} orders (e.g. {example}) {what} is exactly the \"{column}\" column: the total includes it, so these orders were left as they are; check them and correct them by hand or leave them out."
        ),
    }
}

/// Order numbers Excel mangled that cannot all be recovered.
pub fn reexport_text(orders: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{orders} 个订单号已被 Excel 存成数字，末尾几位已经丢失，文件里也找不到每一个的完整号码。请从平台重新导出这个文件，导出后不要用 Excel 打开再保存。"),
        Lang::En => format!(
            "{orders} order numbers were stored by Excel as numbers and have lost their last digits, and the file does not hold every full number. Export the file again from the platform and do not open and save it in Excel first."
        ),
    }
}

/// How to export again without Excel mangling the numbers.
pub fn reexport_steps(lang: Lang) -> Vec<String> {
    let steps: [(&str, &str); 4] = [
        (
            "在平台后台（如淘宝千牛、抖店、京东商家后台）的订单页面，按原来的条件重新导出订单。",
            "In the platform's seller console (Qianniu, Douyin shop, JD…), export the orders again with the same conditions.",
        ),
        (
            "下载后不要双击用 Excel 或 WPS 打开，也不要另存为：直接把下载的文件拖到 OrderDock。",
            "Do not open the download in Excel or WPS, and do not save it again: drop the downloaded file straight onto OrderDock.",
        ),
        (
            "如果一定要先在 Excel 里看：用「数据 → 从文本/CSV」导入，把订单号那一列设为「文本」，不要保存。",
            "If you must look at it in Excel first: use Data → From Text/CSV, set the order number column to Text, and do not save.",
        ),
        ("重新导入后，之前做的修正会按行号保留；如有不对，可以撤销。", "Once imported again, the corrections you made are kept by row; undo any that no longer fit."),
    ];
    steps.iter().map(|(zh, en)| lang.pick(zh, en).to_string()).collect()
}

/// `orderdock fix --apply ID` with an id that is neither a problem code nor a fix.
pub fn unknown_fix(id: &str, known: &[String], lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("不认识的修复「{id}」，可选：{}", known.join("、")),
        Lang::En => format!("Unknown fix \"{id}\"; choose one of: {}", known.join(", ")),
    }
}

/// `orderdock fix --apply CODE` for a problem no fix repairs.
pub fn no_fix_for(code: Code, lang: Lang) -> String {
    let id = crate::session::code_id(code);
    match lang {
        Lang::Zh => format!("「{id}」（{}）没有自动修复：可以用 --exclude {id} 不上传这些订单", code.label(lang)),
        Lang::En => format!("\"{id}\" ({}) has no automatic fix: leave these orders out with --exclude {id}", code.label(lang)),
    }
}

/// `orderdock --exclude ID` with an id that is not a problem code.
pub fn unknown_code(id: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("不认识的问题代码「{id}」（例如 sale_time_out_of_range）"),
        Lang::En => format!("Unknown problem code \"{id}\" (such as sale_time_out_of_range)"),
    }
}

/// `orderdock fix` with neither `--apply` nor `--exclude`.
pub fn nothing_asked(lang: Lang) -> String {
    lang.pick("请用 --apply 指定要修复的问题，或用 --exclude 指定不上传的问题", "Say what to fix with --apply, or what to leave out with --exclude").into()
}

/// Orders left out for a code, in one line.
pub fn excluded_count(code: Code, orders: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("不上传：{orders} 个订单（{}）", code.label(lang)),
        Lang::En => format!("Left out: {orders} orders ({})", code.label(lang)),
    }
}

/// The end of `orderdock fix`: the file written and what is left.
pub fn fix_written(out: &str, orders: usize, excluded: usize, to_upload: usize, lang: Lang) -> String {
    let invalid = orders.saturating_sub(excluded + to_upload);
    match lang {
        Lang::Zh => format!("已写入 {out}：{orders} 个订单中 {excluded} 个不上传，{to_upload} 个可以上传，{invalid} 个仍有错误"),
        Lang::En => format!("Wrote {out}: of {orders} orders, {excluded} left out, {to_upload} ready to upload, {invalid} still with errors"),
    }
}

impl Change {
    /// One line for a list of changes: `第 5 行 [订单总金额] 订单 A：「30」→「25」`.
    pub fn describe(&self, lang: Lang) -> String {
        let cut = self.cut.as_deref().map(|c| match lang {
            Lang::Zh => format!("（截掉「{c}」）"),
            Lang::En => format!(" (cut \"{c}\")"),
        });
        match lang {
            Lang::Zh => format!("第 {} 行 [{}] 订单 {}：「{}」→「{}」{}", self.row, self.column, self.order, self.before, self.after, cut.unwrap_or_default()),
            Lang::En => format!("row {} [{}] order {}: \"{}\" → \"{}\"{}", self.row, self.column, self.order, self.before, self.after, cut.unwrap_or_default()),
        }
    }
}

impl Applied {
    /// What a fix did, in one line.
    pub fn describe(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => format!("{}：改了 {} 个订单的 {} 个单元格", self.title, self.orders, self.changes.len()),
            Lang::En => format!("{}: changed {} cells of {} orders", self.title, self.changes.len(), self.orders),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_has_no_chinese_and_every_fix_has_a_title() {
        let han = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for f in Fix::ALL {
            for t in [Target::Mall2030, Target::Dmhub] {
                assert!(han(f.title(t, Lang::Zh)) && !han(f.title(t, Lang::En)), "{f:?}");
            }
        }
        let en = [reexport_text(3, Lang::En), exclusion_reason(None, Lang::En), total_explained("x", 2, "A", true, Target::Mall2030, Lang::En)];
        assert!(en.iter().chain(reexport_steps(Lang::En).iter()).all(|s| !han(s)), "{en:?}");
    }
}
