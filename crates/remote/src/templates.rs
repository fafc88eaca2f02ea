//! Mapping templates: a mapping the merchant confirmed, offered again the next time a file
//! with the same target and the same headers (in the same order) is opened.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use orderdock_core::fields::Target;
use orderdock_core::mapping::{Filter, Mapping};
use orderdock_core::suggest::{self, Layout};
use orderdock_core::table::Table;
use serde_json::Value;

/// The templates file (`templates.json` in the data folder unless given).
pub struct Templates {
    path: PathBuf,
}

/// The mapping offered for a file: a saved template or the suggestion.
pub struct Proposal {
    pub mapping: Mapping,
    pub from_template: bool,
    /// The suggestion's filter keeping only completed orders, where the file has a status
    /// column: offered as a choice even when the template has none.
    pub completed: Option<Filter>,
}

/// Templates are keyed by target and the exact header names, in order.
fn signature(target: Target, table: &Table) -> String {
    format!("{}\u{1f}{}", target.id(), table.columns.join("\u{1f}"))
}

impl Templates {
    pub fn open_default() -> Templates {
        Templates { path: crate::profiles::data_dir().join("templates.json") }
    }

    pub fn at(path: &Path) -> Templates {
        Templates { path: path.to_path_buf() }
    }

    /// A readable file, or none: a damaged templates file only means no template is offered.
    fn all(&self) -> HashMap<String, Value> {
        std::fs::read_to_string(&self.path).ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
    }

    /// The template saved for this target and these headers, if it still reads as a mapping.
    pub fn find(&self, target: Target, table: &Table) -> Option<Mapping> {
        self.all().get(&signature(target, table)).and_then(|m| Mapping::from_json(&m.to_string()).ok())
    }

    /// The template for `main`'s headers when the merchant chose no layout and it fits the
    /// file as opened, else the suggestion for `layout`.
    pub fn propose(&self, target: Target, main: &Table, lines: Option<&Table>, layout: Layout) -> Proposal {
        let suggested = suggest::suggest_with(target, main, lines, layout);
        let completed = suggested.filter.clone();
        // A template saved with (or without) an item file does not fit the file opened the other way.
        let saved = matches!(layout, Layout::Auto).then(|| self.find(target, main)).flatten().filter(|m| m.bind(main, lines).is_ok());
        let from_template = saved.is_some();
        Proposal { mapping: saved.unwrap_or(suggested), from_template, completed }
    }

    /// Save `mapping` for files with `table`'s headers. Confidence scores and unmatched
    /// fields describe a suggestion, not a mapping the merchant confirmed: they are dropped.
    pub fn save(&self, table: &Table, mapping: &Mapping) -> std::io::Result<()> {
        let mut clean = mapping.clone();
        clean.unmatched.clear();
        clean.fields.iter_mut().for_each(|f| f.confidence = None);
        let mut all = self.all();
        all.insert(signature(mapping.target, table), clean.to_json());
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&self.path, serde_json::to_string_pretty(&all)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(columns: &[&str]) -> Table {
        Table { header_row: 1, columns: columns.iter().map(|c| c.to_string()).collect(), ..Table::default() }
    }

    #[test]
    fn a_template_comes_back_for_the_same_headers_only() {
        let dir = tempfile::tempdir().unwrap();
        let t = Templates::at(&dir.path().join("templates.json"));
        let orders = table(&["订单号", "金额"]);
        let mut m = orderdock_core::suggest::suggest(Target::Mall2030, &orders);
        assert!(m.fields.iter().any(|f| f.confidence.is_some()));
        assert!(t.find(Target::Mall2030, &orders).is_none());
        m.fields.push(orderdock_core::mapping::FieldMapping { path: "ShopCode".into(), source: orderdock_core::mapping::Source::Value("S1".into()), confidence: None });
        t.save(&orders, &m).unwrap();
        let back = t.find(Target::Mall2030, &orders).unwrap();
        assert!(back.fields.iter().all(|f| f.confidence.is_none()) && back.unmatched.is_empty());
        assert_eq!(back.fields.len(), m.fields.len());
        assert!(t.find(Target::Dmhub, &orders).is_none(), "another target");
        assert!(t.find(Target::Mall2030, &table(&["金额", "订单号"])).is_none(), "other headers");
    }

    #[test]
    fn a_template_is_proposed_only_where_it_fits_and_no_layout_was_chosen() {
        let dir = tempfile::tempdir().unwrap();
        let t = Templates::at(&dir.path().join("templates.json"));
        let orders = table(&["订单号", "金额"]);
        let saved = Mapping::from_json(r#"{"target": "mall2030", "fields": {"Code": {"column": "订单号"}, "ShopCode": {"value": "S1"}}}"#).unwrap();
        let suggested = t.propose(Target::Mall2030, &orders, None, Layout::Auto);
        assert!(!suggested.from_template);
        t.save(&orders, &saved).unwrap();

        let p = t.propose(Target::Mall2030, &orders, None, Layout::Auto);
        assert!(p.from_template);
        assert_eq!(p.mapping.fields, saved.fields);
        let generic = t.propose(Target::Mall2030, &orders, None, Layout::Generic);
        assert!(!generic.from_template, "a layout the merchant chose is followed");
        assert_eq!(generic.mapping, suggested.mapping);

        // Saved for a two-file export: the order report opened alone is not bound by it.
        let two_files = Mapping { lines_key: Some("订单号".into()), ..saved };
        t.save(&orders, &two_files).unwrap();
        let alone = t.propose(Target::Mall2030, &orders, None, Layout::Auto);
        assert!(!alone.from_template);
        assert_eq!(alone.mapping, suggested.mapping);
    }
}
