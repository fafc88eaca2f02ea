//! Every public test file of six other spreadsheet libraries (calamine, python-calamine, xlrd,
//! SheetJS, XlsxWriter, rust_xlsxwriter, plus csv-spectrum) opens, or is refused with one line
//! in each language: never a panic, never more than 30 s or 1 GB for a file.
//!
//! The files are not in this repository (see `../shared/peer/README.md`): they are read from
//! `ORDERDOCK_PEER_FILES`, by default `../shared/peer/files` beside the repository. When that
//! folder is absent the test says so and passes. `ORDERDOCK_PEER_REPORT=FILE` writes the
//! outcome of every file there (tab-separated: source, file, outcome, detail).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use orderdock_core::messages::Lang;
use orderdock_core::read::{self, ReadError};

/// Counts the bytes held: by the whole process, and by each thread (a file is read on one).
struct Counting;

static HELD: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
thread_local! {
    static THREAD_HELD: Cell<isize> = const { Cell::new(0) };
    static THREAD_PEAK: Cell<isize> = const { Cell::new(0) };
    /// A panic happened on this thread (caught by the reader or not) while reading a file.
    static PANICKED: Cell<bool> = const { Cell::new(false) };
}

fn held(delta: isize) {
    if delta > 0 {
        let now = HELD.fetch_add(delta as usize, Ordering::Relaxed) + delta as usize;
        PEAK.fetch_max(now, Ordering::Relaxed);
    } else {
        HELD.fetch_sub(delta.unsigned_abs(), Ordering::Relaxed);
    }
    let _ = THREAD_HELD.try_with(|h| {
        let now = h.get() + delta;
        h.set(now);
        let _ = THREAD_PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            held(layout.size() as isize);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            held(layout.size() as isize);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        held(-(layout.size() as isize));
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            held(new_size as isize - layout.size() as isize);
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const FILE_TIME: Duration = Duration::from_secs(30);
const FILE_MEMORY: isize = 1 << 30;
/// The whole run, on two cores in a debug build: a few times what it takes.
const RUN_TIME: Duration = Duration::from_secs(600);
const WORKERS: usize = 2;

fn folder() -> PathBuf {
    match std::env::var_os("ORDERDOCK_PEER_FILES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/peer/files"),
    }
}

/// Every file under `dir`, with the folder it sits in directly under `dir` (its source).
fn files(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.is_file() {
                let source = path.strip_prefix(dir).ok().and_then(|p| p.components().next()).map(|c| c.as_os_str().to_string_lossy().into_owned()).unwrap_or_default();
                out.push((source, path));
            }
        }
    }
    out.sort();
    out
}

/// A [`ReadError`]'s kind, for the summary.
fn kind(e: &ReadError) -> String {
    match e {
        ReadError::NotSpreadsheet { what } => format!("not_spreadsheet({what})"),
        other => other.code().into(),
    }
}

/// The message is one line in each language.
fn one_line(e: &ReadError) -> Result<(), String> {
    for lang in [Lang::Zh, Lang::En] {
        let m = e.message(lang);
        if m.trim().is_empty() || m.contains('\n') {
            return Err(format!("message is not one line: {m:?}"));
        }
    }
    Ok(())
}

struct Outcome {
    /// `opened`, `refused:<kind>`, or `bad:<why>` (a failure of this test).
    outcome: String,
    detail: String,
    panicked: bool,
    peak: isize,
    took: Duration,
}

/// Open the file, then read every sheet into a table.
fn read_file(path: &Path) -> Outcome {
    THREAD_HELD.set(0);
    THREAD_PEAK.set(0);
    PANICKED.set(false);
    let start = Instant::now();
    let result = std::panic::catch_unwind(|| -> Result<String, (String, String)> {
        let refused = |e: ReadError| match one_line(&e) {
            Ok(()) => (format!("refused:{}", kind(&e)), e.to_string()),
            Err(why) => ("bad:message".into(), why),
        };
        let mut wb = read::open(path).map_err(refused)?;
        let default = wb.default_sheet().map_err(refused)?;
        let mut sheets = Vec::new();
        for name in wb.sheet_names() {
            match wb.table(Some(&name), None) {
                Ok(t) => sheets.push(format!("{name}: {} rows", t.len())),
                Err(e) => {
                    one_line(&e).map_err(|why| ("bad:message".to_string(), why))?;
                    sheets.push(format!("{name}: {}", kind(&e)));
                }
            }
        }
        Ok(format!("{} ({default}) {}", wb.format().as_str(), sheets.join("; ")))
    });
    let took = start.elapsed();
    let (outcome, detail) = match result {
        Ok(Ok(detail)) => ("opened".to_string(), detail),
        Ok(Err((outcome, detail))) => (outcome, detail),
        Err(_) => ("bad:panic".to_string(), "the panic reached the caller".to_string()),
    };
    Outcome { outcome, detail, panicked: PANICKED.get(), peak: THREAD_PEAK.get(), took }
}

#[test]
fn every_peer_file_opens_or_is_refused_in_one_line() {
    let dir = folder();
    if !dir.is_dir() {
        println!("SKIPPED: no peer files at {} (set ORDERDOCK_PEER_FILES to their folder)", dir.display());
        return;
    }
    let files = files(&dir);
    assert!(!files.is_empty(), "no files under {}", dir.display());
    // Panics inside the readers are caught by them; noted here, never printed.
    std::panic::set_hook(Box::new(|_| {
        let _ = PANICKED.try_with(|p| p.set(true));
    }));

    let files = Arc::new(files);
    let next = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel::<(usize, usize, Option<Outcome>)>();
    let spawn = |worker: usize| {
        let (files, next, tx) = (files.clone(), next.clone(), tx.clone());
        std::thread::spawn(move || {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= files.len() || tx.send((worker, i, None)).is_err() {
                    return;
                }
                let outcome = read_file(&files[i].1);
                if tx.send((worker, i, Some(outcome))).is_err() {
                    return;
                }
            }
        });
    };
    let mut running: BTreeMap<usize, (usize, Instant)> = BTreeMap::new();
    let mut workers = 0;
    for _ in 0..WORKERS {
        spawn(workers);
        workers += 1;
    }
    let mut outcomes: Vec<Option<Outcome>> = (0..files.len()).map(|_| None).collect();
    let started = Instant::now();
    let mut done = 0;
    while done < files.len() {
        assert!(started.elapsed() < RUN_TIME, "the peer files took over {RUN_TIME:?}");
        // Wait until the next answer or until the file read longest reaches its 30 s.
        let wait = running.values().map(|(_, since)| (*since + FILE_TIME).saturating_duration_since(Instant::now())).min().unwrap_or(FILE_TIME);
        match rx.recv_timeout(wait) {
            Ok((worker, i, None)) => {
                running.insert(worker, (i, Instant::now()));
            }
            Ok((worker, i, Some(outcome))) => {
                running.remove(&worker);
                outcomes[i] = Some(outcome);
                done += 1;
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // A worker stuck on a file: the file times out and another worker takes its place.
                let stuck: Vec<usize> = running.iter().filter(|(_, (_, since))| since.elapsed() >= FILE_TIME).map(|(w, _)| *w).collect();
                for w in stuck {
                    let (i, since) = running.remove(&w).unwrap();
                    outcomes[i] = Some(Outcome { outcome: "bad:timeout".into(), detail: String::new(), panicked: false, peak: 0, took: since.elapsed() });
                    done += 1;
                    spawn(workers);
                    workers += 1;
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the workers stopped"),
        }
    }

    let mut summary: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut report = String::new();
    let mut bad = Vec::new();
    let mut panicked = Vec::new();
    for ((source, path), o) in files.iter().zip(outcomes) {
        let mut o = o.unwrap();
        let name = path.strip_prefix(&dir).unwrap_or(path).display().to_string();
        if o.took > FILE_TIME && !o.outcome.starts_with("bad:") {
            o.outcome = "bad:slow".into();
        }
        if o.peak > FILE_MEMORY {
            o.outcome = "bad:memory".into();
        }
        if o.panicked {
            panicked.push(name.clone());
        }
        report.push_str(&format!(
            "{source}\t{name}\t{}\t{}\t{:.2}s\t{}MB{}\n",
            o.outcome,
            o.detail.replace(['\t', '\n'], " "),
            o.took.as_secs_f64(),
            o.peak >> 20,
            if o.panicked { "\tpanicked inside" } else { "" }
        ));
        if o.outcome.starts_with("bad:") {
            bad.push(format!("{name}: {} {}", o.outcome, o.detail));
        }
        *summary.entry((source.clone(), o.outcome)).or_default() += 1;
    }
    println!("{} peer files from {} in {:.1}s, peak {} MB held by the process:", files.len(), dir.display(), started.elapsed().as_secs_f64(), PEAK.load(Ordering::Relaxed) >> 20);
    for ((source, outcome), n) in &summary {
        println!("  {source:<16} {outcome:<32} {n}");
    }
    if !panicked.is_empty() {
        println!("panics caught inside the readers: {}", panicked.join(", "));
    }
    if let Some(path) = std::env::var_os("ORDERDOCK_PEER_REPORT") {
        std::fs::write(&path, report).unwrap();
    }
    assert!(PEAK.load(Ordering::Relaxed) < FILE_MEMORY as usize * WORKERS, "the process held over 2 GB");
    assert!(bad.is_empty(), "{} files failed:\n{}", bad.len(), bad.join("\n"));
}
