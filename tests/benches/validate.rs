//! `validate` of a large Taobao-like xlsx against calamine alone reading every cell of the
//! same file (CONTRACT.md §5): time (best of 3) and peak memory of each, measured in a child
//! process apiece (this binary re-run with ORDERDOCK_BENCH_RUN) so the peaks do not mix.
//!
//! `cargo bench -p orderdock-e2e`; ORDERDOCK_BENCH_QUICK=1 skips the 500,000-line file.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use calamine::{open_workbook_auto, Data, Reader};
use chrono::NaiveDateTime;
use orderdock_e2e::formats::{write, Format};
use orderdock_e2e::model::orders;
use orderdock_e2e::platforms::{taobao, TAOBAO_MAPPING};

const NOW: &str = "2026-11-23T12:00:00+08:00";


fn main() {
    if let Ok(what) = std::env::var("ORDERDOCK_BENCH_RUN") {
        child(&what, Path::new(&std::env::var("ORDERDOCK_BENCH_FILE").unwrap()));
        return;
    }
    let quick = std::env::var_os("ORDERDOCK_BENCH_QUICK").is_some();
    let dir = tempfile::tempdir().unwrap();
    println!("{:>8} {:>6} | {:>12} {:>8} | {:>12} {:>8} | {:>6} | targets", "lines", "orders", "calamine s", "peak MB", "validate s", "peak MB", "ratio");
    for lines in [100_000usize, 500_000].into_iter().filter(|&n| n == 100_000 || !quick) {
        let started = Instant::now();
        let (path, n_orders) = generate(dir.path(), lines);
        eprintln!("generated {} ({:.1} MB) in {:.1} s", path.display(), std::fs::metadata(&path).unwrap().len() as f64 / 1e6, started.elapsed().as_secs_f64());
        std::fs::write(dir.path().join("map.json"), TAOBAO_MAPPING).unwrap();
        let (cal_t, cal_kb) = measure("calamine", &path);
        let (val_t, val_kb) = measure("pipeline", &path);
        let ratio = val_t.as_secs_f64() / cal_t.as_secs_f64();
        // CONTRACT.md §5: 100,000 lines < 2 s (≈ 1 s) and ≤ 200 MB; 500,000 lines ≤ 6 s.
        let mut targets = vec![(ratio <= 1.3, "≤1.3× calamine")];
        if lines == 100_000 {
            targets.extend([(val_t.as_secs_f64() < 2.0, "< 2 s"), (val_kb <= 200 * 1024, "≤ 200 MB")]);
        } else {
            targets.push((val_t.as_secs_f64() <= 6.0, "≤ 6 s"));
        }
        let verdict = targets.iter().map(|(ok, what)| format!("{} {what}", if *ok { "ok" } else { "MISS" })).collect::<Vec<_>>().join(", ");
        println!(
            "{lines:>8} {n_orders:>6} | {:>12.3} {:>8.1} | {:>12.3} {:>8.1} | {ratio:>6.2} | {verdict}",
            cal_t.as_secs_f64(),
            cal_kb as f64 / 1024.0,
            val_t.as_secs_f64(),
            val_kb as f64 / 1024.0
        );
    }
}

/// A Taobao single-file export with `lines` item rows (2.5 per order), order times spread
/// over the ten months before "now" so every order is inside the 2030 window.
fn generate(dir: &Path, lines: usize) -> (std::path::PathBuf, usize) {
    let n = lines * 2 / 5;
    let mut o = orders(n, |i| format!("3{:018}", 587_412_390_000_000_000 + i as u64 * 13));
    let start = NaiveDateTime::parse_from_str("2026-01-20 08:00:00", "%Y-%m-%d %H:%M:%S").unwrap();
    let step = 300 * 86_400 / n as i64;
    for (i, x) in o.iter_mut().enumerate() {
        let t = start + chrono::Duration::seconds(step * i as i64);
        x.time = t.format("%Y-%m-%d %H:%M:%S").to_string();
        x.pay_time = (t + chrono::Duration::seconds(90)).format("%Y-%m-%d %H:%M:%S").to_string();
    }
    let layout = taobao(&o, false);
    assert_eq!(layout.grid.rows.len() - 1, lines);
    (write(&layout.grid, Format::Xlsx, dir, &format!("taobao-{lines}")), n)
}

/// Run one measurement in a fresh process: (best of 3, peak resident memory in KiB).
fn measure(what: &str, file: &Path) -> (Duration, u64) {
    let out = Command::new(std::env::current_exe().unwrap())
        .env("ORDERDOCK_BENCH_RUN", what)
        .env("ORDERDOCK_BENCH_FILE", file)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace().map(|s| s.parse::<u64>().unwrap_or_else(|_| panic!("{what}: {text} {}", String::from_utf8_lossy(&out.stderr))));
    (Duration::from_micros(parts.next().unwrap()), parts.next().unwrap())
}

/// In the child: run `what` three times, print the best time (µs) and VmHWM (KiB).
fn child(what: &str, file: &Path) {
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        match what {
            "calamine" => calamine_every_cell(file),
            _ => pipeline(file),
        }
        best = best.min(t.elapsed());
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let hwm = status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok()).unwrap_or(0);
    println!("{} {hwm}", best.as_micros());
}

fn calamine_every_cell(file: &Path) {
    let mut book = open_workbook_auto(file).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let mut touched = 0usize;
    for cell in range.used_cells() {
        touched += match cell.2 {
            Data::String(s) => s.len(),
            Data::Float(f) => f.to_bits() as usize & 1,
            Data::DateTime(d) => d.as_f64() as usize & 1,
            _ => 1,
        };
    }
    std::hint::black_box(touched);
}

fn pipeline(file: &Path) {
    let map = file.with_file_name("map.json");
    let args = ["orderdock".into(), "validate".into(), file.as_os_str().to_owned(), "--mapping".into(), map.into_os_string(), "--now".into(), NOW.into(), "--json".into()];
    let code = orderdock_cli::run(args.to_vec(), &mut std::io::sink(), &mut std::io::sink());
    assert_eq!(code, 0, "the benchmark file must validate cleanly");
}
