//! The targets' fields as the app shows them (the `targets` command), in one language.
//!
//! The same view is written to `ui/src/generated/targets.json` for the UI's mock backend and
//! tests (`tests/generated.rs` fails when that file is stale), so no copy of a field, a
//! label or a rule is kept by hand on the TypeScript side.

use serde::Serialize;

use super::{Kind, Target};
use crate::messages::Lang;

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TargetView {
    pub id: &'static str,
    pub label: &'static str,
    /// The field that identifies an order (the preview keeps its column in sight).
    pub key: &'static str,
    pub fields: Vec<FieldView>,
    /// Groups of fields of which at least one must be mapped (DM Hub: the customer).
    #[serde(rename = "anyOf")]
    pub any_of: Vec<AnyOfView>,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AnyOfView {
    /// Paths of the group's fields; a template (`identities.*`) stands for its instances.
    pub paths: &'static [&'static str],
    pub label: &'static str,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct FieldView {
    pub path: &'static str,
    pub label: &'static str,
    pub required: bool,
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_len: Option<usize>,
    pub is_line: bool,
    /// An order total that `{"derive": "sum"}` may compute.
    pub derivable: bool,
    /// A line amount that `{"derive": "price_x_qty"}` may compute.
    pub price_x_qty: bool,
    /// A template (`custom.*`): what the name that replaces `*` is, with an example.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name_hint: Option<&'static str>,
}

impl Kind {
    /// The kind's name in the view.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Id => "id",
            Kind::Long => "long",
            Kind::Int => "int",
            Kind::Money => "money",
            Kind::DateTime => "datetime",
        }
    }
}

/// Every target with its fields, labels in `lang`.
pub fn catalog(lang: Lang) -> Vec<TargetView> {
    Target::ALL
        .iter()
        .map(|t| {
            let def = t.def();
            TargetView {
                id: def.id,
                label: lang.pick(def.label_zh, def.label_en),
                key: def.key,
                fields: def
                    .fields
                    .iter()
                    .map(|f| FieldView {
                        path: f.path,
                        label: f.label(lang),
                        required: f.required,
                        kind: f.kind.name(),
                        max_len: f.max_len,
                        is_line: def.is_line(f.path),
                        derivable: f.sum_of.is_some(),
                        price_x_qty: f.price_x_qty.is_some(),
                        name_hint: f.name_hint(lang),
                    })
                    .collect(),
                any_of: def.any_of.iter().map(|g| AnyOfView { paths: g.paths, label: g.label(lang) }).collect(),
            }
        })
        .collect()
}
