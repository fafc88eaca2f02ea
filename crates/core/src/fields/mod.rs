//! Each target API's fields, declared once.

/// True when `header` is a column name some platform export uses for a target field
/// (used to tell a header row from a title or data row).
pub fn is_known_header(header: &str) -> bool {
    let _ = header;
    false
}
