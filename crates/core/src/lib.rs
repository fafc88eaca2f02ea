//! `orderdock-core`: the synchronous heart of OrderDock.
//!
//! A file goes through one pipeline, and each step lives in its own module:
//!
//! ```text
//! read ──▶ Table ──mapping──▶ assemble ──▶ Orders ──validate──▶ Issues
//!                                            └──payload──▶ request bodies (batched)
//! ```
//!
//! * [`read`] opens any supported workbook or CSV (one call, like calamine's
//!   `open_workbook_auto`) and yields a [`table::Table`] of cleaned cells with the header row found.
//! * [`fields`] declares each target API's fields once (name, type, length, required,
//!   labels, synonyms); everything else reads that declaration.
//! * [`mapping`] loads the mapping document (CONTRACT.md §2) and binds it to a table;
//!   [`suggest`] proposes one from the header names.
//! * [`value`] parses cell text into exact money, integers and date-times.
//! * [`assemble`] groups rows into orders with typed values; [`validate`] applies the
//!   target's rules; [`payload`] turns valid orders into the exact request bodies.
//! * [`session`] is the preview of one file: pages of rows with their issues, and cell
//!   edits that re-validate only the order they touch.
//! * [`fixes`] offers quick fixes per problem code (a preview, then one undoable group of
//!   corrections) and says what cannot be repaired.
//! * [`messages`] is the one catalog of human-readable text, in Chinese and English.
//!
//! No network, no async, no UI here: those live in other crates and call this one.

pub mod assemble;
pub mod body;
pub mod fields;
pub mod fixes;
pub mod mapping;
pub mod messages;
pub mod payload;
pub mod platforms;
pub mod profile;
pub mod read;
pub mod session;
pub mod status;
pub mod suggest;
pub mod table;
pub mod validate;
pub mod value;
