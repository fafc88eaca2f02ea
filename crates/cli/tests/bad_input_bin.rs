//! The `orderdock` binary itself on a file that makes a reader panic: exit 2 and one line on
//! stderr, without the panic's text or a backtrace (CONTRACT §1), in both languages.

use std::io::Write;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_orderdock");

/// An xlsb whose shared strings start with a record too short for its fields: calamine 0.38
/// indexes past its end and panics.
fn panicking_xlsb() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in [("xl/workbook.bin", &[0x99u8, 0x01, 0x00][..]), ("xl/sharedStrings.bin", &[0x9F, 0x01, 0x00])] {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_reader_panic_is_one_line_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orders.xlsb");
    std::fs::write(&path, panicking_xlsb()).unwrap();
    for lang in ["zh", "en"] {
        let out = Command::new(BIN).args(["inspect", path.to_str().unwrap(), "--json", "--lang", lang]).env("RUST_BACKTRACE", "1").output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
        assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"), "{stderr:?}");
        let damaged = if lang == "zh" { "已损坏" } else { "damaged" };
        assert!(stderr.contains(damaged), "{stderr:?}");
    }
}
