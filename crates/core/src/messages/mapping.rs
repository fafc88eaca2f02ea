//! Words for [`crate::mapping::MappingError`].

use super::Lang;
use crate::mapping::{MappingError, ONE_SOURCE};

impl MappingError {
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let place = |at: &str| {
            if at.is_empty() { if zh { "映射文件".to_string() } else { "the mapping".to_string() } } else { at.to_string() }
        };
        match self {
            MappingError::Json(e) if zh => format!("映射文件不是有效的 JSON：{e}"),
            MappingError::Json(e) => format!("The mapping file is not valid JSON: {e}"),
            MappingError::UnknownKey { at, key } if zh => format!("映射文件中 {} 有不认识的项「{key}」", place(at)),
            MappingError::UnknownKey { at, key } => format!("Unknown key \"{key}\" in {}", place(at)),
            MappingError::MissingKey { at, key } if zh => format!("映射文件中 {} 缺少「{key}」", place(at)),
            MappingError::MissingKey { at, key } => format!("{} is missing \"{key}\"", place(at)),
            MappingError::BadValue { at, expected } if zh => format!("映射文件中 {at} 的写法不对：应为 {}", expected_zh(expected)),
            MappingError::BadValue { at, expected } => format!("{at} in the mapping should be {expected}"),
            MappingError::UnknownTarget(t) if zh => format!("不认识的目标「{t}」：只能是 dmhub 或 mall2030"),
            MappingError::UnknownTarget(t) => format!("Unknown target \"{t}\": use dmhub or mall2030"),
            MappingError::TargetMismatch { mapping, requested } if zh => format!("映射文件是为 {} 写的，不是 {}", mapping.id(), requested.id()),
            MappingError::TargetMismatch { mapping, requested } => format!("The mapping is for {}, not {}", mapping.id(), requested.id()),
            MappingError::UnknownField { path, target } if zh => format!("映射文件中的字段「{path}」在 {} 中不存在", target.id()),
            MappingError::UnknownField { path, target } => format!("Field \"{path}\" in the mapping does not exist in {}", target.id()),
            MappingError::DeriveNotAllowed { path } if zh => format!("字段「{path}」不能这样计算：derive: sum 只用于订单合计，derive: price_x_qty 只用于商品行金额"),
            MappingError::DeriveNotAllowed { path } => format!("Field \"{path}\" cannot be derived this way: derive: sum is for order totals, derive: price_x_qty for line amounts"),
            MappingError::UnknownTimezone(tz) if zh => format!("不认识的时区「{tz}」，例如应写 Asia/Shanghai"),
            MappingError::UnknownTimezone(tz) => format!("Unknown time zone \"{tz}\" (for example Asia/Shanghai)"),
            MappingError::MissingColumn { at, column, in_lines_file } if zh => {
                format!("映射文件中 {at} 指定的列「{column}」在{}中找不到", if *in_lines_file { "商品明细文件" } else { "文件" })
            }
            MappingError::MissingColumn { at, column, in_lines_file } => {
                format!("Column \"{column}\" named by {at} is not in the {}", if *in_lines_file { "item file" } else { "file" })
            }
            MappingError::KeyNotMapped { path } if zh => format!("映射文件必须指定订单号字段「{path}」来自哪一列"),
            MappingError::KeyNotMapped { path } => format!("The mapping must say which column holds the order number (\"{path}\")"),
            MappingError::LinesFileMissing if zh => "映射文件使用了 lines_from，请用 --lines 同时给出商品明细文件".into(),
            MappingError::LinesFileMissing => "The mapping uses lines_from: give the item file with --lines".into(),
            MappingError::LinesFromMissing if zh => "给出了商品明细文件，但映射文件没有 lines_from（说明用哪一列关联订单）".into(),
            MappingError::LinesFromMissing => "An item file was given but the mapping has no lines_from (which column joins it to the orders)".into(),
            MappingError::NameMissing { path } if zh => format!("字段「{path}」还没有名称：请把 * 换成名称，例如 {}", name_example(path)),
            MappingError::NameMissing { path } => format!("Field \"{path}\" has no name yet: replace * with a name, e.g. {}", name_example(path)),
            MappingError::NameTaken { path, name } if zh => format!("字段「{path}」的名称「{name}」是 DM Hub 自带的字段，请换一个名称"),
            MappingError::NameTaken { path, name } => format!("The name \"{name}\" of field \"{path}\" is one of DM Hub's own fields: choose another"),
        }
    }
}

/// A name the template could take, for the message.
fn name_example(path: &str) -> String {
    let prefix = path.trim_end_matches('*');
    let name = match prefix {
        "identities." => "wechat",
        "lines.custom." => "lAttr1",
        _ => "attr1",
    };
    format!("{prefix}{name}")
}

fn expected_zh(expected: &str) -> &str {
    match expected {
        "object" => "一个对象 {…}",
        "text" => "文字",
        "number" => "正整数",
        "list" => "一个列表 […]",
        ONE_SOURCE => "column、value、derive 三者之一",
        "\"sum\" or \"price_x_qty\"" => "\"sum\"（按明细合计）或 \"price_x_qty\"（单价 × 数量）",
        other => other,
    }
}
