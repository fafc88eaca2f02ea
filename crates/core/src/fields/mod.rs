//! Each target API's fields, declared once: name, type, length, required, labels, synonyms.
//!
//! The validator, the payload builder, `suggest`, the mapping screen and the sandbox all
//! read these tables; nothing else spells out a field. Paths are the API's own names, line
//! fields prefixed `Dtls.` (mall2030) or `lines.` (dmhub). A path ending in `*` is a
//! template: `identities.wechat` is an instance of `identities.*`.

mod dmhub;
mod mall2030;
pub mod view;

/// Header names shared by fields of both targets.
mod synonyms {
    pub const ORDER_NO: &[&str] = &["订单编号", "订单号", "主订单编号", "订单ID", "订单id", "交易编号", "父订单编号", "单号", "order no", "order number", "order id", "orderNo"];
    pub const PHONE: &[&str] = &["联系手机", "收货人手机", "收货人手机号", "收件人手机号", "收件人手机", "手机", "手机号", "手机号码", "收货人联系方式", "收货人电话", "联系电话", "mobile", "phone"];
    pub const CONSIGNEE: &[&str] = &["收货人姓名", "收货人", "收件人", "收件人姓名", "客户姓名", "consignee"];
    pub const ADDRESS: &[&str] = &["收货地址", "收货人地址", "详细地址", "客户地址", "收件地址", "地址", "address"];
    pub const PROVINCE: &[&str] = &["省", "省份", "收货省份", "收货人省份", "收件人省", "所在省", "province"];
    pub const CITY: &[&str] = &["市", "城市", "收货城市", "收货人城市", "收件人市", "所在市", "city"];
    pub const COUNTY: &[&str] = &["区", "区县", "县区", "收货区县", "收货人地区", "收件人区", "所在区", "county", "district"];
    pub const QUANTITY: &[&str] = &["订购数量", "购买数量", "数量", "商品数量", "宝贝数量", "成交数量", "件数", "quantity", "qty"];
}

use std::collections::HashSet;
use std::sync::LazyLock;

/// The two order APIs OrderDock uploads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Target {
    /// DM Hub 客户交易 (deals): one deal per request.
    Dmhub,
    /// EZR 接口 2030 thirdOrdAdd: up to 100 orders of one shop per request.
    Mall2030,
}

impl Target {
    pub const ALL: [Target; 2] = [Target::Dmhub, Target::Mall2030];

    pub fn parse(s: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.id() == s)
    }

    pub fn id(self) -> &'static str {
        self.def().id
    }

    pub fn def(self) -> &'static TargetDef {
        match self {
            Target::Dmhub => &dmhub::DMHUB,
            Target::Mall2030 => &mall2030::MALL2030,
        }
    }
}

/// How a field's cell text is read and sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text, sent as a JSON string.
    Text,
    /// An identifier (order number, barcode, phone): text, never a number; checked for
    /// digits Excel has already lost.
    Id,
    /// An identifier the API types as Long (DM Hub `customerId`): parsed exactly from the
    /// cell's text and sent as a JSON integer.
    Long,
    /// A whole number (quantities, codes like DataOrigin).
    Int,
    /// Money: exact decimal, sent with two decimals.
    Money,
    /// A date and time in the mapping's time zone.
    DateTime,
}

/// One field of a target API.
#[derive(Debug)]
pub struct FieldDef {
    pub path: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// Maximum length in characters, where the spec gives one.
    pub max_len: Option<usize>,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    /// Header names that mean this field, best first: the platforms' export headers and
    /// common Chinese and English names.
    pub synonyms: &'static [&'static str],
    /// For an order total that `{"derive": "sum"}` may compute: the line field summed.
    pub sum_of: Option<&'static str>,
    /// For a line amount that `{"derive": "price_x_qty"}` may compute: the unit-price
    /// fields (the first one the line has wins) and the quantity field.
    pub price_x_qty: Option<(&'static [&'static str], &'static str)>,
    /// Templates only: what the instance's name is, with an example (zh, en).
    pub name_hint: Option<(&'static str, &'static str)>,
}

/// A target API: its fields and the few facts the pipeline needs about their shape.
#[derive(Debug)]
pub struct TargetDef {
    pub id: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    /// Prefix of line-item field paths (`Dtls.` / `lines.`).
    pub line_prefix: &'static str,
    /// The field that identifies an order; rows sharing it form one order.
    pub key: &'static str,
    pub fields: &'static [FieldDef],
    /// Groups of optional fields of which an order needs at least one (DM Hub: a customer
    /// id or a customer identity, `customer_missing` otherwise).
    pub any_of: &'static [AnyOf],
}

/// Fields of which at least one must be mapped; a template path stands for any instance.
#[derive(Debug)]
pub struct AnyOf {
    pub paths: &'static [&'static str],
    /// What the group is, as the mapping screen names it.
    pub label_zh: &'static str,
    pub label_en: &'static str,
}

impl AnyOf {
    /// True when `path` (a mapping path) is one of the group's fields or an instance of one.
    pub fn covers(&self, def: &TargetDef, path: &str) -> bool {
        def.field(path).is_some_and(|d| self.paths.contains(&d.path))
    }

    pub fn label(&self, lang: crate::messages::Lang) -> &'static str {
        lang.pick(self.label_zh, self.label_en)
    }
}

impl TargetDef {
    /// The declaration behind a mapping path: an exact field or a template instance.
    pub fn field(&self, path: &str) -> Option<&'static FieldDef> {
        self.fields
            .iter()
            .find(|f| f.path == path)
            .or_else(|| self.fields.iter().find(|f| f.path.strip_suffix('*').is_some_and(|prefix| path.len() > prefix.len() && path.starts_with(prefix) && !path[prefix.len()..].contains('.'))))
    }

    pub fn is_line(&self, path: &str) -> bool {
        path.starts_with(self.line_prefix)
    }
}

impl FieldDef {
    pub fn is_template(&self) -> bool {
        self.path.ends_with('*')
    }

    /// For a template (`custom.*`): what its instance's name is, in the merchant's words
    /// (the mapping screen asks for it).
    pub fn name_hint(&self, lang: crate::messages::Lang) -> Option<&'static str> {
        self.name_hint.map(|(zh, en)| lang.pick(zh, en))
    }

    pub fn label(&self, lang: crate::messages::Lang) -> &'static str {
        lang.pick(self.label_zh, self.label_en)
    }
}

/// A header name as the platforms vary it: trimmed, full-width ASCII folded to half-width
/// (`商品总价（元）` and `商品总价(元)` are the same column in two export versions).
pub fn fold_width(s: &str) -> String {
    s.trim()
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// True when two header names are the same column (see [`fold_width`]).
pub fn same_header(a: &str, b: &str) -> bool {
    a.trim() == b.trim() || fold_width(a) == fold_width(b)
}

/// A header name reduced for comparison: lower case, half-width, without spaces,
/// punctuation or a unit in brackets (`商品总价(元)` → `商品总价`).
pub fn normalize_header(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0u32;
    for c in s.chars() {
        let c = match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        };
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

static KNOWN_HEADERS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    Target::ALL.iter().flat_map(|t| t.def().fields.iter()).flat_map(|f| f.synonyms.iter().copied().chain([f.path, f.label_zh])).map(normalize_header).filter(|s| !s.is_empty()).collect()
});

/// True when `header` is a column name some platform export uses for a target field
/// (used to tell a header row from a title or data row).
pub fn is_known_header(header: &str) -> bool {
    KNOWN_HEADERS.contains(&normalize_header(header))
}

/// Shorthand for the declaration tables.
const fn field(path: &'static str, kind: Kind, required: bool, max_len: Option<usize>, labels: (&'static str, &'static str), synonyms: &'static [&'static str]) -> FieldDef {
    FieldDef { path, kind, required, max_len, label_zh: labels.0, label_en: labels.1, synonyms, sum_of: None, price_x_qty: None, name_hint: None }
}

impl FieldDef {
    /// Declares that `{"derive": "sum"}` computes this order total from `line_field`.
    const fn sums(mut self, line_field: &'static str) -> FieldDef {
        self.sum_of = Some(line_field);
        self
    }

    /// Declares that `{"derive": "price_x_qty"}` computes this line amount as the first
    /// unit price present among `prices` times `qty`.
    const fn price_times(mut self, prices: &'static [&'static str], qty: &'static str) -> FieldDef {
        self.price_x_qty = Some((prices, qty));
        self
    }

    /// A template's instance name, as the merchant is asked for it.
    const fn named(mut self, zh: &'static str, en: &'static str) -> FieldDef {
        self.name_hint = Some((zh, en));
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_declares_its_key_and_sum_sources() {
        for t in Target::ALL {
            let def = t.def();
            assert!(def.field(def.key).is_some_and(|f| f.required), "{}", def.id);
            for f in def.fields {
                if let Some(src) = f.sum_of {
                    let line = def.field(src).unwrap_or_else(|| panic!("{} sums unknown {}", f.path, src));
                    assert!(def.is_line(line.path) && !def.is_line(f.path));
                    assert_eq!(line.kind, f.kind, "{} sums {}", f.path, src);
                }
                if let Some((prices, qty)) = f.price_x_qty {
                    assert!(def.is_line(f.path) && f.kind == Kind::Money, "{}", f.path);
                    assert!(prices.iter().all(|p| def.field(p).is_some_and(|d| d.kind == Kind::Money && def.is_line(d.path))), "{}", f.path);
                    assert!(def.field(qty).is_some_and(|d| d.kind == Kind::Int && def.is_line(d.path)), "{}", f.path);
                }
                assert!(!f.label_zh.is_empty() && !f.label_en.is_empty());
            }
            let mut paths: Vec<_> = def.fields.iter().map(|f| f.path).collect();
            paths.sort();
            paths.dedup();
            assert_eq!(paths.len(), def.fields.len(), "{}: a field declared twice", def.id);
        }
    }

    #[test]
    fn contract_required_fields_match_the_declarations() {
        let required = |t: Target| -> Vec<&str> { t.def().fields.iter().filter(|f| f.required).map(|f| f.path).collect() };
        assert_eq!(
            required(Target::Mall2030),
            ["ShopCode", "Code", "OrderTime", "TotalQty", "TotalMoney", "PayTime", "BuyerCode", "RecvConsignee", "RecvMobile", "Dtls.BarCode", "Dtls.Quantity", "Dtls.Amount"]
        );
        assert_eq!(required(Target::Dmhub), ["orderNo", "amountPaid", "dateOrder", "lines.lineId", "lines.productName", "lines.qty"]);
    }

    #[test]
    fn a_deal_needs_one_field_of_its_customer_group_as_the_rules_say() {
        let def = Target::Dmhub.def();
        let group = &def.any_of[0];
        assert!(["customerId", "identities.mobile", "identities.wechat"].iter().all(|p| group.covers(def, p)));
        assert!(!group.covers(def, "contactTel") && Target::Mall2030.def().any_of.is_empty());
        let now = chrono::Utc::now();
        let date = crate::value::format_utc(&now.with_timezone(&chrono_tz::UTC));
        let deal = |customer: &str| format!(r#"{{"orderNo": "1", "amountPaid": 1, "dateOrder": "{date}", "lines": [{{"lineId": "1", "productName": "p", "qty": 1}}]{customer}}}"#);
        let missing = |body: String| crate::body::check_body(Target::Dmhub, &serde_json::from_str(&body).unwrap(), now).iter().any(|i| i.code == crate::validate::Code::CustomerMissing);
        assert!(missing(deal("")), "none of the group: customer_missing");
        assert!(!missing(deal(r#", "customerId": 8888"#)));
        assert!(!missing(deal(r#", "customerIdentities": [{"identityType": "wechat", "identityValue": "o1"}]"#)));
        for f in def.fields.iter().filter(|f| f.is_template()) {
            assert!(f.name_hint(crate::messages::Lang::Zh).is_some(), "{} says what its name is", f.path);
        }
    }

    #[test]
    fn templates_resolve() {
        let d = Target::Dmhub.def();
        assert_eq!(d.field("identities.wechat").map(|f| f.path), Some("identities.*"));
        assert_eq!(d.field("lines.custom.color").map(|f| f.path), Some("lines.custom.*"));
        assert_eq!(d.field("custom.attr1").map(|f| f.path), Some("custom.*"));
        assert!(d.field("identities.").is_none());
        assert!(d.field("nope").is_none());
    }

    #[test]
    fn headers_normalize() {
        assert_eq!(normalize_header(" 商品总价(元) "), "商品总价");
        assert_eq!(normalize_header("商家编码-SKU维度"), "商家编码sku维度");
        assert_eq!(normalize_header("Order No."), "orderno");
        assert!(same_header("商品总价（元）", "商品总价(元) "));
        assert!(!same_header("商品总价(元)", "商品总价"));
        assert!(is_known_header("订单编号 "));
        assert!(is_known_header("收件人手机号"));
        assert!(!is_known_header("2019-06-22"));
    }
}
