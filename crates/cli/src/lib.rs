//! The `orderdock` command line: parses arguments, calls `orderdock-core`, prints.
//!
//! [`run`] is the whole program with its streams passed in, so tests can run it in-process.

use std::ffi::OsString;
use std::io::Write;

/// Run `orderdock` with `args` (the first being the program name). Returns the exit status
/// of CONTRACT.md §1: 0 success, 1 the data has errors, 2 usage error or unreadable input.
pub fn run(args: Vec<OsString>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let _ = (args, out);
    let _ = writeln!(err, "not yet");
    2
}
