//! The mapping document (CONTRACT.md §2) and its binding to a table's columns.
//!
//! [`Mapping::from_json`] checks the document's shape itself (rather than through serde's
//! English-only errors) so that every mistake gets a message in the merchant's language
//! naming the key at fault; a [`MappingDoc`] from the UI goes through the same checks.
//! [`Mapping::bind`] then resolves each field path against the target's declarations and
//! each column name against the file's headers.

use std::collections::{HashMap, HashSet};

use chrono_tz::Tz;
use serde_json::{Map, Value};

use crate::fields::{FieldDef, Target};
use crate::status::StatusColumn;
use crate::table::{Cell, Table};

mod doc;
pub use doc::{Derive, FieldSource, LinesFrom, MappingDoc};

/// Where a field's value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Column(String),
    /// A constant, kept as the text it would have in a cell.
    Value(String),
    /// `{"derive": "sum"}`: the sum of the line field the declaration names.
    DeriveSum,
    /// `{"derive": "price_x_qty"}`: a line amount as unit price × quantity.
    DerivePriceQty,
}

impl Source {
    /// True for a value computed from other fields rather than read from a cell.
    pub fn is_derived(&self) -> bool {
        matches!(self, Source::DeriveSum | Source::DerivePriceQty)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldMapping {
    pub path: String,
    pub source: Source,
    /// Only in documents made by `suggest`: how sure the match is (0..1).
    pub confidence: Option<f64>,
}

/// `{"column", "in"}`: keep the rows whose column value is in the list.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Filter {
    pub column: String,
    #[serde(rename = "in")]
    pub keep: Vec<String>,
}

/// A mapping document.
#[derive(Debug, Clone, PartialEq)]
pub struct Mapping {
    pub target: Target,
    pub sheet: Option<String>,
    pub header_row: Option<u32>,
    pub timezone: Option<String>,
    pub filter: Option<Filter>,
    /// Two-file exports: the key column of the item file, joined to the order-number column.
    pub lines_key: Option<String>,
    pub fields: Vec<FieldMapping>,
    /// Only in documents made by `suggest`: required fields it could not match.
    pub unmatched: Vec<String>,
    /// Only in documents made by `suggest`: the platform layout it recognised
    /// ([`crate::platforms::Platform::id`]).
    pub platform: Option<String>,
}

/// Why a mapping cannot be used. `at` names the place in the document, e.g. `fields.Code`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MappingError {
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("{at}: unknown key {key}")]
    UnknownKey { at: String, key: String },
    #[error("{at}: missing {key}")]
    MissingKey { at: String, key: String },
    #[error("{at}: expected {expected}")]
    BadValue { at: String, expected: &'static str },
    #[error("unknown target {0}")]
    UnknownTarget(String),
    #[error("mapping is for {mapping:?}, not {requested:?}")]
    TargetMismatch { mapping: Target, requested: Target },
    #[error("fields.{path}: no such field in {target:?}")]
    UnknownField { path: String, target: Target },
    #[error("fields.{path}: cannot be derived")]
    DeriveNotAllowed { path: String },
    #[error("unknown time zone {0}")]
    UnknownTimezone(String),
    #[error("{at}: no column {column}")]
    MissingColumn { at: String, column: String, in_lines_file: bool },
    #[error("fields.{path} must be mapped")]
    KeyNotMapped { path: &'static str },
    #[error("lines_from needs a second file (--lines)")]
    LinesFileMissing,
    #[error("a second file was given but the mapping has no lines_from")]
    LinesFromMissing,
    /// `custom.*` itself: a custom field or identity needs its name (`custom.attr1`).
    #[error("fields.{path}: the field needs a name in place of *")]
    NameMissing { path: String },
    /// `custom.orderNo`: the name is one of the API's own fields, which it would overwrite.
    #[error("fields.{path}: {name} is a field of the API itself")]
    NameTaken { path: String, name: String },
}

const TOP_KEYS: &[&str] = &["target", "platform", "sheet", "header_row", "timezone", "filter", "fields", "lines_from", "unmatched"];
/// What a field's source must hold (the `expected` of its [`MappingError::BadValue`]).
pub(crate) const ONE_SOURCE: &str = "one of column, value, derive";
const SOURCE_KEYS: &[&str] = &["column", "value", "derive", "confidence"];

impl Mapping {
    pub fn from_json(text: &str) -> Result<Mapping, MappingError> {
        let doc: Value = serde_json::from_str(text).map_err(|e| MappingError::Json(e.to_string()))?;
        Mapping::from_value(&doc)
    }

    /// A document whose shape serde has checked: its meaning is checked as a file's is.
    pub fn from_doc(doc: &MappingDoc) -> Result<Mapping, MappingError> {
        Mapping::from_value(&serde_json::to_value(doc).map_err(|e| MappingError::Json(e.to_string()))?)
    }

    fn from_value(doc: &Value) -> Result<Mapping, MappingError> {
        let top = object(doc, "")?;
        check_keys(top, "", TOP_KEYS)?;
        let target_text = required_str(top, "", "target")?;
        let target = Target::parse(target_text).ok_or_else(|| MappingError::UnknownTarget(target_text.to_string()))?;
        let def = target.def();

        let header_row = match top.get("header_row") {
            None | Some(Value::Null) => None,
            Some(v) => Some(v.as_u64().filter(|n| (1..=u32::MAX as u64).contains(n)).ok_or(MappingError::BadValue { at: "header_row".into(), expected: "number" })? as u32),
        };
        let filter = match top.get("filter") {
            None | Some(Value::Null) => None,
            Some(f) => {
                let f = object(f, "filter")?;
                check_keys(f, "filter", &["column", "in"])?;
                let column = required_str(f, "filter", "column")?.to_string();
                let keep = f
                    .get("in")
                    .and_then(Value::as_array)
                    .ok_or(MappingError::BadValue { at: "filter.in".into(), expected: "list" })?
                    .iter()
                    .map(constant_text)
                    .collect::<Option<Vec<_>>>()
                    .ok_or(MappingError::BadValue { at: "filter.in".into(), expected: "list" })?;
                Some(Filter { column, keep })
            }
        };
        let lines_key = match top.get("lines_from") {
            None | Some(Value::Null) => None,
            Some(l) => {
                let l = object(l, "lines_from")?;
                check_keys(l, "lines_from", &["key"])?;
                Some(required_str(l, "lines_from", "key")?.to_string())
            }
        };

        let fields_doc = object(top.get("fields").ok_or(MappingError::MissingKey { at: String::new(), key: "fields".into() })?, "fields")?;
        let mut fields = Vec::with_capacity(fields_doc.len());
        for (path, spec) in fields_doc {
            let at = format!("fields.{path}");
            let decl = def.field(path).ok_or_else(|| MappingError::UnknownField { path: path.clone(), target })?;
            check_name(def, decl, path)?;
            let spec = object(spec, &at)?;
            check_keys(spec, &at, SOURCE_KEYS)?;
            let given: Vec<&str> = ["column", "value", "derive"].into_iter().filter(|k| spec.contains_key(*k)).collect();
            let source = match given.as_slice() {
                ["column"] => Source::Column(required_str(spec, &at, "column")?.to_string()),
                ["value"] => Source::Value(spec.get("value").and_then(constant_text).ok_or(MappingError::BadValue { at: format!("{at}.value"), expected: "text" })?),
                ["derive"] => match spec.get("derive").cloned().map(serde_json::from_value) {
                    Some(Ok(Derive::Sum)) if decl.sum_of.is_some() => Source::DeriveSum,
                    Some(Ok(Derive::PriceXQty)) if decl.price_x_qty.is_some() => Source::DerivePriceQty,
                    Some(Ok(_)) => return Err(MappingError::DeriveNotAllowed { path: path.clone() }),
                    _ => {
                        return Err(MappingError::BadValue { at: format!("{at}.derive"), expected: "\"sum\" or \"price_x_qty\"" });
                    }
                },
                _ => return Err(MappingError::BadValue { at, expected: ONE_SOURCE }),
            };
            let confidence = spec.get("confidence").and_then(Value::as_f64);
            fields.push(FieldMapping { path: path.clone(), source, confidence });
        }
        if !fields.iter().any(|f| f.path == def.key) {
            return Err(MappingError::KeyNotMapped { path: def.key });
        }
        let timezone = optional_str(top, "timezone")?;
        if let Some(tz) = &timezone {
            tz.parse::<Tz>().map_err(|_| MappingError::UnknownTimezone(tz.clone()))?;
        }
        let unmatched = match top.get("unmatched") {
            Some(Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
            _ => Vec::new(),
        };
        let platform = optional_str(top, "platform")?;
        Ok(Mapping { target, sheet: optional_str(top, "sheet")?, header_row, timezone, filter, lines_key, fields, unmatched, platform })
    }

    /// The document as JSON, in the shape [`Mapping::from_json`] reads.
    pub fn to_json(&self) -> Value {
        // Only string-keyed maps, text, numbers: nothing serde_json cannot write.
        serde_json::to_value(self.to_doc()).expect("a mapping document is JSON")
    }

    /// Resolve paths and columns against the main table (and the item table of a two-file export).
    pub fn bind(&self, main: &Table, lines: Option<&Table>) -> Result<Binding, MappingError> {
        let def = self.target.def();
        match (&self.lines_key, lines) {
            (Some(_), None) => return Err(MappingError::LinesFileMissing),
            (None, Some(_)) => return Err(MappingError::LinesFromMissing),
            _ => {}
        }
        let tz: Tz = self.timezone.as_deref().unwrap_or(DEFAULT_TIMEZONE).parse().map_err(|_| MappingError::UnknownTimezone(self.timezone.clone().unwrap_or_default()))?;
        let column = |at: &str, name: &str, in_lines: bool| -> Result<usize, MappingError> {
            let table = if in_lines { lines.unwrap_or(main) } else { main };
            table.column_index(name).ok_or_else(|| MappingError::MissingColumn { at: at.to_string(), column: name.to_string(), in_lines_file: in_lines && lines.is_some() })
        };
        let mut fields = Vec::with_capacity(self.fields.len());
        for f in &self.fields {
            let decl = def.field(&f.path).ok_or_else(|| MappingError::UnknownField { path: f.path.clone(), target: self.target })?;
            let is_line = def.is_line(&f.path);
            let in_lines_file = is_line && lines.is_some();
            let source = match &f.source {
                Source::Column(c) => BoundSource::Column(column(&format!("fields.{}", f.path), c, in_lines_file)?),
                Source::Value(v) => BoundSource::Value(Cell::Text(v.into())),
                Source::DeriveSum => BoundSource::DeriveSum,
                Source::DerivePriceQty => BoundSource::DerivePriceQty,
            };
            fields.push(BoundField { path: f.path.clone(), decl, is_line, in_lines_file, source });
        }
        let key = fields.iter().position(|f| f.path == def.key).ok_or(MappingError::KeyNotMapped { path: def.key })?;
        let filter = match &self.filter {
            Some(f) => Some((column("filter.column", &f.column, false)?, f.keep.iter().cloned().collect())),
            None => None,
        };
        let lines_key = match &self.lines_key {
            Some(k) => Some(column("lines_from.key", k, true)?),
            None => None,
        };
        let positions = fields.iter().enumerate().map(|(i, f)| (f.path.clone(), i)).collect::<HashMap<_, _>>();
        let unmapped_required = def.fields.iter().filter(|d| d.required && !positions.contains_key(d.path)).map(|d| d.path).collect();
        // A filter already keeps only completed orders; without one, status columns are watched.
        let status_columns = if filter.is_some() { Vec::new() } else { main.columns.iter().enumerate().filter_map(|(i, h)| Some((i, StatusColumn::of(h)?))).collect() };
        Ok(Binding { target: self.target, tz, fields, key, filter, lines_key, positions, unmapped_required, status_columns })
    }
}

pub const DEFAULT_TIMEZONE: &str = "Asia/Shanghai";

/// A mapping resolved against the file(s): every field knows its declaration and column index.
#[derive(Debug, Clone)]
pub struct Binding {
    pub target: Target,
    pub tz: Tz,
    pub fields: Vec<BoundField>,
    /// Index in `fields` of the order-number field.
    pub key: usize,
    /// Column index in the main table and the values to keep.
    pub filter: Option<(usize, HashSet<String>)>,
    /// Column index of the join key in the item table.
    pub lines_key: Option<usize>,
    /// Index in `fields` of each mapped path.
    pub positions: HashMap<String, usize>,
    /// Required fields the mapping leaves out: empty on every order.
    pub unmapped_required: Vec<&'static str>,
    /// Order and after-sales status columns of the main table, when there is no filter
    /// (`order_not_completed`).
    pub status_columns: Vec<(usize, StatusColumn)>,
}

impl Binding {
    /// True when the filter (if any) keeps the row with these cells.
    pub fn keeps(&self, cells: &[Cell]) -> bool {
        self.filter.as_ref().is_none_or(|(col, keep)| keep.contains(cells[*col].display().trim()))
    }

    /// Index in `fields` of a mapped path.
    pub fn index(&self, path: &str) -> Option<usize> {
        self.positions.get(path).copied()
    }
}

#[derive(Debug, Clone)]
pub struct BoundField {
    pub path: String,
    pub decl: &'static FieldDef,
    pub is_line: bool,
    /// True when this line field's column is in the item file of a two-file export.
    pub in_lines_file: bool,
    pub source: BoundSource,
}

#[derive(Debug, Clone)]
pub enum BoundSource {
    Column(usize),
    Value(Cell),
    DeriveSum,
    DerivePriceQty,
}

impl BoundSource {
    pub fn is_derived(&self) -> bool {
        matches!(self, BoundSource::DeriveSum | BoundSource::DerivePriceQty)
    }
}

impl BoundField {
    /// The name this field has in the request body (`Dtls.BarCode` → `BarCode`,
    /// `identities.wechat` → `wechat`).
    pub fn name(&self) -> &str {
        self.path.rsplit('.').next().unwrap_or(&self.path)
    }
}

/// A template instance names something the API does not already have: `custom.*` itself
/// would send the key `*`, and `custom.amountPaid` would overwrite the deal's own field.
fn check_name(def: &crate::fields::TargetDef, decl: &FieldDef, path: &str) -> Result<(), MappingError> {
    if !decl.is_template() {
        return Ok(());
    }
    let name = path.rsplit('.').next().unwrap_or(path);
    if path == decl.path {
        return Err(MappingError::NameMissing { path: path.to_string() });
    }
    let level = if def.is_line(path) { def.line_prefix } else { "" };
    if def.field(&format!("{level}{name}")).is_some_and(|d| !d.is_template()) || name == "lines" || name == "customerIdentities" {
        return Err(MappingError::NameTaken { path: path.to_string(), name: name.to_string() });
    }
    Ok(())
}

fn object<'a>(v: &'a Value, at: &str) -> Result<&'a Map<String, Value>, MappingError> {
    v.as_object().ok_or(MappingError::BadValue { at: at.to_string(), expected: "object" })
}

fn check_keys(obj: &Map<String, Value>, at: &str, known: &[&str]) -> Result<(), MappingError> {
    match obj.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(MappingError::UnknownKey { at: at.to_string(), key: k.clone() }),
        None => Ok(()),
    }
}

fn required_str<'a>(obj: &'a Map<String, Value>, at: &str, key: &str) -> Result<&'a str, MappingError> {
    let joined = if at.is_empty() { key.to_string() } else { format!("{at}.{key}") };
    match obj.get(key) {
        None => Err(MappingError::MissingKey { at: at.to_string(), key: key.to_string() }),
        Some(v) => v.as_str().ok_or(MappingError::BadValue { at: joined, expected: "text" }),
    }
}

fn optional_str(obj: &Map<String, Value>, key: &str) -> Result<Option<String>, MappingError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(MappingError::BadValue { at: key.to_string(), expected: "text" }),
    }
}

/// A constant as cell text: strings as they are, numbers as written.
fn constant_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(columns: &[&str]) -> Table {
        Table { sheet: "s".into(), header_row: 1, columns: columns.iter().map(|c| c.to_string()).collect(), cells: vec![], row_numbers: vec![] }
    }

    const DOC: &str = r#"{"target": "mall2030", "sheet": "订单明细", "header_row": 1, "timezone": "Asia/Shanghai",
        "filter": {"column": "订单状态", "in": ["交易成功"]},
        "fields": {"ShopCode": {"value": "HQS0001"}, "Code": {"column": "订单编号"}, "TotalQty": {"derive": "sum"},
                   "Dtls.Amount": {"column": "金额", "confidence": 0.9}, "DataOrigin": {"value": 10}}}"#;

    #[test]
    fn reads_and_writes_the_contract_example() {
        let m = Mapping::from_json(DOC).unwrap();
        assert_eq!(m.target, Target::Mall2030);
        assert_eq!(m.fields[0].source, Source::Value("HQS0001".into()));
        assert_eq!(m.fields[2].source, Source::DeriveSum);
        assert_eq!(m.fields[4].source, Source::Value("10".into()));
        assert_eq!(Mapping::from_json(&m.to_json().to_string()).unwrap(), m);
        let b = m.bind(&table(&["订单编号", "金额", "订单状态"]), None).unwrap();
        assert_eq!(b.key, 1);
        assert!(b.fields[3].is_line);
        assert_eq!(b.fields[3].name(), "Amount");
    }

    /// Every kind of source (with and without confidence), a filter, an item file and a
    /// suggestion's metadata: every key of the document.
    const FULL: &str = r#"{"target": "mall2030", "platform": "taobao_orders", "sheet": "订单明细", "header_row": 2,
        "timezone": "Asia/Shanghai", "filter": {"column": "订单状态", "in": ["交易成功", "已发货"]},
        "fields": {"Code": {"column": "订单编号", "confidence": 0.95}, "ShopCode": {"value": "HQS0001"},
                   "TotalQty": {"derive": "sum"}, "TotalMoney": {"column": "订单总金额", "confidence": 0.6},
                   "Dtls.BarCode": {"column": "商品条码"}, "Dtls.Amount": {"derive": "price_x_qty"}},
        "lines_from": {"key": "订单编号"}, "unmatched": ["OrderTime"]}"#;

    #[test]
    fn a_document_round_trips_through_its_type() {
        let m = Mapping::from_json(FULL).unwrap();
        let doc = m.to_doc();
        assert_eq!(Mapping::from_doc(&doc).unwrap(), m);
        let json = m.to_json();
        assert_eq!(json, serde_json::from_str::<Value>(FULL).unwrap());
        assert_eq!(serde_json::from_value::<MappingDoc>(json.clone()).unwrap(), doc);
        // The checker knows the same keys as the type.
        assert_eq!(json.as_object().unwrap().keys().collect::<Vec<_>>(), TOP_KEYS);
    }

    #[test]
    fn a_document_is_checked_as_a_file_is() {
        let doc = Mapping::from_json(FULL).unwrap().to_doc();
        let with = |path: &str, source: FieldSource| {
            let mut d = doc.clone();
            d.fields.insert(path.into(), source);
            Mapping::from_doc(&d).unwrap_err()
        };
        let unknown = with("Nope", FieldSource::Column { column: "x".into(), confidence: None });
        assert_eq!(unknown, MappingError::UnknownField { path: "Nope".into(), target: Target::Mall2030 });
        assert!(unknown.message(crate::messages::Lang::Zh).contains("「Nope」"));
        assert_eq!(with("Code", FieldSource::Derive { derive: Derive::Sum, confidence: None }), MappingError::DeriveNotAllowed { path: "Code".into() });
        let mut keyless = doc.clone();
        keyless.fields.shift_remove("Code");
        assert_eq!(Mapping::from_doc(&keyless).unwrap_err(), MappingError::KeyNotMapped { path: "Code" });
        let m = Mapping::from_doc(&doc).unwrap();
        let err = m.bind(&table(&["订单编号", "订单总金额", "订单状态"]), Some(&table(&["订单编号"]))).unwrap_err();
        assert_eq!(err, MappingError::MissingColumn { at: "fields.Dtls.BarCode".into(), column: "商品条码".into(), in_lines_file: true });
    }

    #[test]
    fn a_source_holds_one_of_column_value_derive() {
        let read = |s: &str| serde_json::from_str::<FieldSource>(s);
        assert_eq!(read(r#"{"column": "a", "confidence": 0.5}"#).unwrap(), FieldSource::Column { column: "a".into(), confidence: Some(0.5) });
        assert_eq!(read(r#"{"derive": "price_x_qty"}"#).unwrap(), FieldSource::Derive { derive: Derive::PriceXQty, confidence: None });
        assert!(read(r#"{"column": "a", "value": "b"}"#).is_err());
        assert!(read(r#"{"confidence": 1}"#).is_err());
        assert!(read(r#"{"column": "a", "colour": "b"}"#).is_err());
    }

    #[test]
    fn price_x_qty_and_names_with_white_space() {
        let doc = r#"{"target": "mall2030", "timezone": "Asia/Shanghai", "fields": {"Code": {"column": "订单编号 "}, "Dtls.Amount": {"derive": "price_x_qty"}}}"#;
        let m = Mapping::from_json(doc).unwrap();
        assert_eq!(m.fields[1].source, Source::DerivePriceQty);
        assert_eq!(Mapping::from_json(&m.to_json().to_string()).unwrap(), m);
        let b = m.bind(&table(&["订单编号"]), None).unwrap();
        assert!(matches!(b.fields[0].source, BoundSource::Column(0)));
        assert!(b.fields[1].source.is_derived());
    }

    #[test]
    fn mistakes_name_their_place() {
        let err = |s: &str| Mapping::from_json(s).unwrap_err();
        assert!(matches!(err("{"), MappingError::Json(_)));
        assert_eq!(err(r#"{"target": "x", "fields": {}}"#), MappingError::UnknownTarget("x".into()));
        assert_eq!(err(r#"{"target": "dmhub", "fields": {"orderNo": {"column": "a"}}, "extra": 1}"#), MappingError::UnknownKey { at: "".into(), key: "extra".into() });
        assert_eq!(err(r#"{"target": "dmhub", "fields": {"orderNo": {"column": "a"}, "nope": {"column": "b"}}}"#), MappingError::UnknownField { path: "nope".into(), target: Target::Dmhub });
        assert_eq!(err(r#"{"target": "dmhub", "fields": {"orderNo": {"derive": "sum"}}}"#), MappingError::DeriveNotAllowed { path: "orderNo".into() });
        assert_eq!(err(r#"{"target": "dmhub", "fields": {"orderNo": {"column": "a"}, "amountPaid": {"derive": "price_x_qty"}}}"#), MappingError::DeriveNotAllowed { path: "amountPaid".into() });
        assert!(matches!(err(r#"{"target": "dmhub", "fields": {"orderNo": {"column": "a"}, "lines.priceSubTotal": {"derive": "avg"}}}"#), MappingError::BadValue { .. }));
        assert_eq!(
            err(r#"{"target": "dmhub", "fields": {"orderNo": {"column": "a", "value": "b"}}}"#),
            MappingError::BadValue { at: "fields.orderNo".into(), expected: "one of column, value, derive" }
        );
        assert_eq!(err(r#"{"target": "dmhub", "fields": {"store": {"column": "a"}}}"#), MappingError::KeyNotMapped { path: "orderNo" });
        assert_eq!(err(r#"{"target": "dmhub", "timezone": "Mars/Base", "fields": {"orderNo": {"column": "a"}}}"#), MappingError::UnknownTimezone("Mars/Base".into()));
        let m = Mapping::from_json(DOC).unwrap();
        assert_eq!(m.bind(&table(&["订单编号", "订单状态"]), None).unwrap_err(), MappingError::MissingColumn { at: "fields.Dtls.Amount".into(), column: "金额".into(), in_lines_file: false });
    }

    #[test]
    fn custom_fields_and_identities_carry_a_name() {
        let doc = |path: &str| format!(r#"{{"target": "dmhub", "fields": {{"orderNo": {{"column": "a"}}, "{path}": {{"column": "b"}}}}}}"#);
        for ok in ["custom.attr1", "lines.custom.lAttr1", "identities.wechat", "lines.custom.attr1"] {
            assert!(Mapping::from_json(&doc(ok)).is_ok(), "{ok}");
        }
        for template in ["custom.*", "lines.custom.*", "identities.*"] {
            assert_eq!(Mapping::from_json(&doc(template)).unwrap_err(), MappingError::NameMissing { path: template.into() });
        }
        assert_eq!(Mapping::from_json(&doc("custom.amountPaid")).unwrap_err(), MappingError::NameTaken { path: "custom.amountPaid".into(), name: "amountPaid".into() });
        assert_eq!(Mapping::from_json(&doc("lines.custom.qty")).unwrap_err(), MappingError::NameTaken { path: "lines.custom.qty".into(), name: "qty".into() });
        assert!(matches!(Mapping::from_json(&doc("custom.lines")).unwrap_err(), MappingError::NameTaken { .. }));
    }
}
