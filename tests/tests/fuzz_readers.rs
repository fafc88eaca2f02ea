//! Fuzz-style, bounded: mutated copies of a fixture in every format OrderDock reads (bytes
//! flipped, the file cut short, and for zip packages the XML or binary parts themselves
//! changed and zipped again) are opened and every sheet read. Each must end in a table or a
//! `ReadError` with a one-line message, never a panic reaching the caller. 24 cases per
//! format keep it to seconds; `PROPTEST_CASES` raises it for a longer run.

use std::io::{Read, Write};
use std::path::Path;

use orderdock_core::messages::Lang;
use orderdock_core::read;
use orderdock_e2e::formats::{Format, write};
use orderdock_e2e::model::orders;
use orderdock_e2e::platforms::taobao;
use proptest::prelude::*;

/// One fixture per format: a Taobao export with merged order cells (honoured where the
/// format's writer can).
fn fixtures() -> Vec<(Format, Vec<u8>)> {
    let dir = tempfile::tempdir().unwrap();
    let layout = taobao(&orders(3, |i| format!("30{:016}", i)), true);
    Format::ALL.iter().map(|&f| (f, std::fs::read(write(&layout.grid, f, dir.path(), "fz")).unwrap())).collect()
}

/// The package with `mutate` applied to the inflated bytes of entry `pick` (modulo the
/// count), every entry stored again.
fn mutate_inside(bytes: &[u8], pick: usize, mutate: impl Fn(&mut Vec<u8>)) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let pick = pick % zip.len().max(1);
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).ok()?;
        let name = entry.name().ok()?.to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).ok()?;
        if i == pick {
            mutate(&mut data);
        }
        out.start_file(name, zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)).ok()?;
        out.write_all(&data).ok()?;
    }
    Some(out.finish().ok()?.into_inner())
}

fn one_line(e: &read::ReadError) {
    for lang in [Lang::Zh, Lang::En] {
        let m = e.message(lang);
        assert!(!m.trim().is_empty() && !m.contains('\n'), "{e:?}: {m:?}");
    }
}

/// Open, then read every sheet: an error must read as one line, a panic fails the test.
fn read_everything(dir: &Path, ext: &str, bytes: &[u8]) {
    let path = dir.join(format!("fuzz.{ext}"));
    std::fs::write(&path, bytes).unwrap();
    match read::open(&path) {
        Err(e) => one_line(&e),
        Ok(mut wb) => {
            if let Err(e) = wb.sheet_infos() {
                one_line(&e);
            }
            for sheet in wb.sheet_names() {
                for header in [None, Some(1)] {
                    if let Err(e) = wb.table(Some(&sheet), header) {
                        one_line(&e);
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn mutated_files_of_every_format_open_or_are_refused(
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
        cut in 0usize..600,
        pick in any::<usize>(),
        inside in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        for (format, bytes) in fixtures() {
            let flip = |data: &mut Vec<u8>| {
                for (at, byte) in &flips {
                    if !data.is_empty() {
                        let at = at % data.len();
                        data[at] = *byte;
                    }
                }
                let keep = data.len().saturating_sub(cut % (data.len() / 2 + 1));
                data.truncate(keep);
            };
            let zipped = matches!(format, Format::Xlsx | Format::Xlsm | Format::Xlsb | Format::Ods);
            let mutated = match (zipped && inside).then(|| mutate_inside(&bytes, pick, flip)).flatten() {
                Some(m) => m,
                None => {
                    let mut b = bytes.clone();
                    flip(&mut b);
                    b
                }
            };
            read_everything(dir.path(), format.ext(), &mutated);
        }
    }
}
