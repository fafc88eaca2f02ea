//! The rules applied to a request body instead of a sheet: what the sandbox server checks.
//!
//! A body (one DM Hub deal, or one order of a 2030 `Args` array) is laid out as a small
//! table — one row per line, columns named by field path — and run through the same
//! binding, assembly and validation as a merchant's file, so server and client can never
//! disagree about a rule.

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::assemble::{Tables, group};
use crate::fields::Target;
use crate::mapping::{FieldMapping, Mapping, Source};
use crate::table::{Cell, Table};
use crate::validate::{Code, Issue, Severity, check_order};

/// Every issue of one order body, as the target's rules see it at `now`.
pub fn check_body(target: Target, body: &Value, now: DateTime<Utc>) -> Vec<Issue> {
    let (header, lines) = flatten(target, body);
    let line_paths: Vec<String> = {
        let mut paths: Vec<String> = Vec::new();
        for l in &lines {
            for (p, _) in l {
                if !paths.contains(p) {
                    paths.push(p.clone());
                }
            }
        }
        paths
    };
    let mut columns: Vec<String> = header.iter().map(|(p, _)| p.clone()).collect();
    columns.extend(line_paths.iter().cloned());
    // A required field the body leaves out is an empty column, so it is reported.
    for f in target.def().fields.iter().filter(|f| f.required) {
        if !columns.iter().any(|c| c == f.path) {
            columns.push(f.path.to_string());
        }
    }
    let rows = lines.len().max(1);
    let mut cells = Vec::with_capacity(rows * columns.len());
    for r in 0..rows {
        for c in &columns {
            let v = header.iter().find(|(p, _)| p == c).or_else(|| lines.get(r).and_then(|l| l.iter().find(|(p, _)| p == c))).map(|(_, v)| *v);
            cells.push(v.map_or(Cell::Empty, cell));
        }
    }
    let table = Table { sheet: "body".into(), header_row: 1, columns: columns.clone(), cells, row_numbers: (2..2 + rows as u32).collect() };
    let mapping = Mapping {
        target,
        sheet: None,
        header_row: None,
        timezone: None,
        filter: None,
        lines_key: None,
        fields: columns.iter().map(|c| FieldMapping { path: c.clone(), source: Source::Column(c.clone()), confidence: None }).collect(),
        unmatched: Vec::new(),
        platform: None,
    };
    // Fail closed: a body this check cannot even lay out is refused, never waved through.
    let binding = match mapping.bind(&table, None) {
        Ok(b) => b,
        Err(e) => {
            let field = match e {
                crate::mapping::MappingError::UnknownField { path, .. } => path,
                _ => target.def().key.to_string(),
            };
            return vec![Issue { severity: Severity::Error, code: Code::Required, order: String::new(), row: 2, column: None, field: Some(field), lines_file: false, args: vec![] }];
        }
    };
    let t = Tables { main: &table, lines: None };
    group(&binding, t).iter().flat_map(|o| check_order(&binding, t, o, now).1).collect()
}

/// The body's values by field path: header fields, and per line its line fields. Keys the
/// target does not declare are custom fields on DM Hub and ignored on 2030.
/// Values by field path.
type Fields<'a> = Vec<(String, &'a Value)>;

fn flatten(target: Target, body: &Value) -> (Fields<'_>, Vec<Fields<'_>>) {
    let def = target.def();
    let dmhub = target == Target::Dmhub;
    let lines_key = if dmhub { "lines" } else { "Dtls" };
    let path_of = |prefix: &str, key: &str| -> Option<String> {
        let declared = format!("{prefix}{key}");
        match def.field(&declared) {
            Some(d) if !d.is_template() => Some(declared),
            _ if dmhub && key == "counponCode" => None,
            _ if dmhub => Some(format!("{prefix}custom.{key}")),
            _ => None,
        }
    };
    let mut header = Vec::new();
    let mut lines = Vec::new();
    let Some(obj) = body.as_object() else {
        return (header, lines);
    };
    for (k, v) in obj {
        if k == lines_key {
            for line in v.as_array().into_iter().flatten() {
                let fields = line.as_object().into_iter().flatten().filter_map(|(lk, lv)| Some((path_of(def.line_prefix, lk)?, lv))).collect();
                lines.push(fields);
            }
        } else if dmhub && k == "customerIdentities" {
            for id in v.as_array().into_iter().flatten() {
                // Only a well-formed identity type identifies a customer.
                if let (Some(t), Some(val)) = (id.get("identityType").and_then(Value::as_str), id.get("identityValue"))
                    && def.field(&format!("identities.{t}")).is_some()
                {
                    header.push((format!("identities.{t}"), val));
                }
            }
        } else if let Some(p) = path_of("", k) {
            header.push((p, v));
        }
    }
    (header, lines)
}

/// A JSON value as the cell a sheet would hold.
fn cell(v: &Value) -> Cell {
    match v {
        Value::Null => Cell::Empty,
        Value::String(s) => Cell::Text(s.into()),
        other => Cell::Text(other.to_string().into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2019-07-01T00:00:00Z").unwrap().with_timezone(&Utc)
    }

    fn codes(target: Target, body: &str) -> Vec<(Code, Option<String>)> {
        check_body(target, &serde_json::from_str(body).unwrap(), now()).into_iter().map(|i| (i.code, i.field)).collect()
    }

    #[test]
    fn the_spec_example_of_2030_passes_but_for_its_data_origin() {
        let body = r#"{"ShopCode": "HQS0001", "Code": "0000128092", "BuyerCode": "EZ00001201", "OrderTime": "2019-06-22 10:30:01",
          "TotalQty": 1, "TotalMoney": 450.00, "PayTime": "2019-06-22 10:35:01", "PayAmount": 450.00, "DataOrigin": 1,
          "DiscountMoney": 0.00, "RecvConsignee": "测试", "RecvMobile": "13122136787",
          "Dtls": [{"BarCode": "15026609123", "PriceOriginal": 450.00, "PriceSell": 450.00, "Quantity": 1, "Amount": 450.00, "DiscountMoney": 0.00}]}"#;
        assert_eq!(codes(Target::Mall2030, body), vec![(Code::UnknownDataOrigin, Some("DataOrigin".into()))]);
        let wrong = body.replace(r#""Amount": 450.00"#, r#""Amount": 440.00"#);
        assert_eq!(codes(Target::Mall2030, &wrong)[0], (Code::TotalMismatch, Some("TotalMoney".into())));
        let no_lines = body.replace(r#""Dtls": [{"#, r#""X": [{"#);
        assert!(codes(Target::Mall2030, &no_lines).contains(&(Code::NoLines, None)));
    }

    #[test]
    fn the_spec_example_of_a_deal_passes() {
        let body = r#"{"customerId": 8888, "orderNo": "11122233344455", "amountTotal": 69.0, "amountPaid": 59.0, "amountDiscount": 10,
          "counponCode": "222333444", "dateOrder": "2019-06-20T12:56:47Z", "attr1": "x",
          "lines": [{"lineId": "149766666", "productName": "啤酒6瓶装", "qty": 1, "priceUnit": 69.0, "priceSubTotal": 69.0}],
          "customerIdentities": [{"identityType": "wechat", "identityValue": "o123456"}]}"#;
        assert_eq!(codes(Target::Dmhub, body), vec![]);
        // An identity whose type is not one (empty, or with a dot) identifies nobody.
        let odd = r#"{"orderNo": "1", "amountPaid": 1, "dateOrder": "2019-06-20T12:56:47Z", "lines": [{"lineId": "1", "productName": "p", "qty": 1}],
          "customerIdentities": [{"identityType": "a.b", "identityValue": "x"}, {"identityType": "", "identityValue": "y"}]}"#;
        assert_eq!(codes(Target::Dmhub, odd), vec![(Code::CustomerMissing, None)]);
        assert_eq!(codes(Target::Dmhub, r#"{"orderNo": "1"}"#).iter().map(|c| c.0).collect::<Vec<_>>(), vec![Code::Required, Code::Required, Code::NoLines, Code::CustomerMissing]);
    }
}
