//! Words for [`crate::read::ReadError`].
