//! The mapping document as a type: exactly the JSON of CONTRACT.md §2. It is what
//! [`Mapping::to_json`] writes and what crosses to the UI, whose TypeScript type is generated
//! from it. It checks only the shape; [`Mapping::from_doc`] checks the meaning (paths, the key
//! field, the time zone) with messages in the merchant's language.

use indexmap::IndexMap;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};

use super::{DEFAULT_TIMEZONE, Filter, Mapping, ONE_SOURCE, Source};
use crate::fields::Target;

/// A mapping document (CONTRACT.md §2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct MappingDoc {
    pub target: Target,
    /// Only in documents made by `suggest`: the platform layout it recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header_row: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<Filter>,
    /// Field path → source, in the document's order.
    pub fields: IndexMap<String, FieldSource>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines_from: Option<LinesFrom>,
    /// Only in documents made by `suggest`: required fields it could not match.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unmatched: Vec<String>,
}

/// `{"column"}`, `{"value"}` or `{"derive"}`; `confidence` only in documents made by
/// `suggest` (how sure the match is, 0..1).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(untagged)]
pub enum FieldSource {
    Column {
        column: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        confidence: Option<f64>,
    },
    Value {
        value: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        confidence: Option<f64>,
    },
    Derive {
        derive: Derive,
        #[serde(skip_serializing_if = "Option::is_none")]
        confidence: Option<f64>,
    },
}

/// Read as one object rather than `untagged`: serde buffers an untagged enum's content, and
/// with serde_json's `arbitrary_precision` a buffered number (`confidence`) reads as no number.
impl<'de> Deserialize<'de> for FieldSource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Keys {
            column: Option<String>,
            value: Option<String>,
            derive: Option<Derive>,
            confidence: Option<f64>,
        }
        let Keys { column, value, derive, confidence } = Keys::deserialize(deserializer)?;
        match (column, value, derive) {
            (Some(column), None, None) => Ok(FieldSource::Column { column, confidence }),
            (None, Some(value), None) => Ok(FieldSource::Value { value, confidence }),
            (None, None, Some(derive)) => Ok(FieldSource::Derive { derive, confidence }),
            _ => Err(D::Error::custom(format!("expected {ONE_SOURCE}"))),
        }
    }
}

/// What a derived field computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Derive {
    /// An order total: the sum of the line field its declaration names.
    Sum,
    /// A line amount: unit price × quantity.
    PriceXQty,
}

/// Two-file exports: the key column of the item file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(deny_unknown_fields)]
pub struct LinesFrom {
    pub key: String,
}

impl Mapping {
    /// The document, with the default time zone written out so that it shows.
    pub fn to_doc(&self) -> MappingDoc {
        let fields = self
            .fields
            .iter()
            .map(|f| {
                // Two decimals are all a merchant reads of a guess.
                let confidence = f.confidence.map(|c| (c * 100.0).round() / 100.0);
                let source = match &f.source {
                    Source::Column(column) => FieldSource::Column { column: column.clone(), confidence },
                    Source::Value(value) => FieldSource::Value { value: value.clone(), confidence },
                    Source::DeriveSum => FieldSource::Derive { derive: Derive::Sum, confidence },
                    Source::DerivePriceQty => FieldSource::Derive { derive: Derive::PriceXQty, confidence },
                };
                (f.path.clone(), source)
            })
            .collect();
        MappingDoc {
            target: self.target,
            platform: self.platform.clone(),
            sheet: self.sheet.clone(),
            header_row: self.header_row,
            timezone: Some(self.timezone.clone().unwrap_or_else(|| DEFAULT_TIMEZONE.into())),
            filter: self.filter.clone(),
            fields,
            lines_from: self.lines_key.clone().map(|key| LinesFrom { key }),
            unmatched: self.unmatched.clone(),
        }
    }
}
