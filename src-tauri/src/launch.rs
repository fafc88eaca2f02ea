//! Files the system hands to the app: a double-click or 「打开方式 → 订单导入助手」 on an
//! associated file (`bundle.fileAssociations`).
//!
//! * Windows and Linux pass the file as a launch argument, to the first instance or — through
//!   `tauri-plugin-single-instance` — to a second launch, which hands its arguments to the window
//!   already open and exits, so two apps never work over the same journal;
//! * macOS sends an "opened" event (`RunEvent::Opened`) to the running app instead.
//!
//! [`files_to_open`] tells which launch arguments are files; [`Handoff`] keeps the files that
//! arrive before the window listens, so the UI takes them with `launch_files` once it is ready,
//! and later ones reach it as the `open-file` event (`{ paths }`), opened exactly as a drop.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, Runtime, State};

/// The launch arguments that are files to open: not the program itself (the first argument),
/// not flags (`--…`, or `-psn_…` from older macOS), not paths that name no existing file. Relative paths are taken
/// from `cwd` (a second launch's own working folder). `file://` URLs (some Linux file
/// managers) are turned into paths. Duplicates are dropped, order kept.
pub fn files_to_open<I, S>(args: I, cwd: &Path) -> Vec<PathBuf>
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    files_to_open_with(args, cwd, |p| p.is_file())
}

/// [`files_to_open`] with the file-system check given, so that Windows paths are checked on
/// any system.
pub fn files_to_open_with<I, S>(args: I, cwd: &Path, is_file: impl Fn(&Path) -> bool) -> Vec<PathBuf>
where
    I: IntoIterator<Item = S>,
    S: Into<OsString>,
{
    let mut out: Vec<PathBuf> = Vec::new();
    for arg in args.into_iter().skip(1) {
        let arg: OsString = arg.into();
        let Some(path) = arg_path(&arg, cwd) else { continue };
        if is_file(&path) && !out.contains(&path) {
            out.push(path);
        }
    }
    out
}

fn arg_path(arg: &OsString, cwd: &Path) -> Option<PathBuf> {
    let text = arg.to_string_lossy();
    let text = text.trim();
    if text.is_empty() || text.starts_with('-') {
        return None;
    }
    if text.starts_with("file://") {
        return tauri::Url::parse(text).ok()?.to_file_path().ok();
    }
    // Windows absolute forms (C:\…, C:/…, \\server\share\…) are absolute on every system, so
    // they are never joined to the working folder.
    let b = text.as_bytes();
    let windows_absolute = (b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'\\' || b[2] == b'/')) || text.starts_with("\\\\");
    let path = PathBuf::from(arg);
    if path.is_absolute() || windows_absolute { Some(path) } else { Some(cwd.join(path)) }
}

/// The files handed to the app, until the window is ready for them.
#[derive(Debug, Default)]
pub struct Handoff(Mutex<HandoffState>);

#[derive(Debug, Default)]
struct HandoffState {
    ready: bool,
    pending: Vec<PathBuf>,
}

impl Handoff {
    /// Files arrived: `Some(paths)` to announce now when the window is listening, otherwise
    /// `None` and they wait for [`Handoff::take`]. A later hand-over replaces one still waiting
    /// (the merchant's last double-click is the file they want).
    pub fn offer(&self, paths: Vec<PathBuf>) -> Option<Vec<PathBuf>> {
        if paths.is_empty() {
            return None;
        }
        let mut s = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if s.ready {
            Some(paths)
        } else {
            s.pending = paths;
            None
        }
    }

    /// The window listens from now on: the files waiting, once.
    pub fn take(&self) -> Vec<PathBuf> {
        let mut s = self.0.lock().unwrap_or_else(|e| e.into_inner());
        s.ready = true;
        std::mem::take(&mut s.pending)
    }
}

/// Payload of `open-file`.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct OpenFiles {
    pub paths: Vec<String>,
}

fn strings(paths: &[PathBuf]) -> Vec<String> {
    paths.iter().map(|p| p.display().to_string()).collect()
}

/// Hand files to the window: announced now, or kept for `launch_files`; the window comes to
/// the front (a second launch's files).
pub fn hand_over<R: Runtime>(app: &AppHandle<R>, paths: Vec<PathBuf>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
    if let Some(paths) = app.state::<Handoff>().offer(paths) {
        let _ = app.emit("open-file", OpenFiles { paths: strings(&paths) });
    }
}

/// The files the app was started with (or handed before the window was ready); later ones
/// come as `open-file` events.
#[tauri::command]
#[specta::specta]
pub fn launch_files(handoff: State<'_, Handoff>) -> Vec<String> {
    strings(&handoff.take())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_program_flags_and_missing_paths_are_not_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("orders.xlsx");
        std::fs::write(&file, b"x").unwrap();
        let got = files_to_open(args(&[file.to_str().unwrap(), "--flag", "-psn_0_12345", ""]), dir.path());
        assert!(got.is_empty(), "the first argument is the program: {got:?}");
        let got = files_to_open(args(&["orderdock-desktop", "--flag", "-psn_0_12345", "missing.csv", file.to_str().unwrap(), file.to_str().unwrap()]), dir.path());
        assert_eq!(got, vec![file]);
    }

    #[test]
    fn chinese_names_and_spaces_relative_to_the_working_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("店铺 数据")).unwrap();
        let file = dir.path().join("店铺 数据").join("淘宝订单 导出(1).csv");
        std::fs::write(&file, "订单编号\n1\n").unwrap();
        let folder = dir.path().join("店铺 数据");
        let got = files_to_open(args(&["app", "淘宝订单 导出(1).csv"]), &folder);
        assert_eq!(got, vec![folder.join("淘宝订单 导出(1).csv")]);
        // A folder is no file to open.
        assert!(files_to_open(args(&["app", dir.path().to_str().unwrap()]), dir.path()).is_empty());
    }

    #[test]
    fn file_urls_become_paths() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("京东 订单.xlsx");
        std::fs::write(&file, b"x").unwrap();
        let url = tauri::Url::from_file_path(&file).unwrap();
        assert!(url.as_str().contains("%20"), "{url}");
        assert_eq!(files_to_open(args(&["app", url.as_str()]), Path::new("/")), vec![file]);
    }

    #[test]
    fn windows_paths_are_never_joined_to_the_working_folder() {
        let existing = [r"C:\Users\店主\Desktop\拼多多 订单.xlsx", r"\\NAS\共享\订单.xls", "D:/导出/订单.tsv"];
        let got = files_to_open_with(
            args(&[r"C:\Program Files\OrderDock\orderdock-desktop.exe", existing[0], r"C:\Users\店主\不存在.csv", existing[1], existing[2]]),
            Path::new(r"C:\Windows\System32"),
            |p| existing.iter().any(|e| Path::new(e) == p),
        );
        assert_eq!(got, existing.iter().map(PathBuf::from).collect::<Vec<_>>());
    }

    #[test]
    fn files_wait_for_the_window_then_go_straight_to_it() {
        let h = Handoff::default();
        assert_eq!(h.offer(vec![PathBuf::from("a.xlsx")]), None);
        assert_eq!(h.offer(vec![]), None);
        // A second launch before the window listens: its file is the one to open.
        assert_eq!(h.offer(vec![PathBuf::from("b.xlsx")]), None);
        assert_eq!(h.take(), vec![PathBuf::from("b.xlsx")]);
        assert!(h.take().is_empty(), "taken once");
        assert_eq!(h.offer(vec![PathBuf::from("c.csv")]), Some(vec![PathBuf::from("c.csv")]));
        assert!(h.take().is_empty(), "announced files are not kept");
    }
}
