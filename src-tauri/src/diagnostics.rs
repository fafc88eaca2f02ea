//! 「导出诊断信息」 and the logs it sends: the app logs to `logs/orderdock-YYYY-MM-DD.log` in
//! the data folder (the last [`diagnostics::LOGS_KEPT`] days kept), and the command writes
//! the zip of `orderdock_remote::diagnostics` — secrets and phone numbers masked there.

use std::path::Path;
use std::sync::Mutex;

use orderdock_remote::diagnostics;
use orderdock_remote::profiles::data_dir;
use tauri::State;
use tracing::instrument;

use crate::error::{Error, Result};
use crate::state::AppState;
use orderdock_core::messages::AppText;

/// Log to today's file in the data folder (and drop the old ones). A log that cannot be
/// opened is no reason not to start.
pub fn start_logging() {
    let data = data_dir();
    let dir = diagnostics::logs_dir(&data);
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let name = format!("orderdock-{}.log", chrono::Local::now().format("%Y-%m-%d"));
    let Ok(file) = std::fs::OpenOptions::new().create(true).append(true).open(dir.join(name)) else { return };
    diagnostics::prune_logs(&data);
    let _ = tracing_subscriber::fmt().with_writer(Mutex::new(file)).with_ansi(false).with_max_level(tracing::Level::INFO).try_init();
    tracing::info!(version = env!("CARGO_PKG_VERSION"), os = std::env::consts::OS, arch = std::env::consts::ARCH, "OrderDock started");
}

/// Write the diagnostics zip to `path` (chosen in a save dialog); answers the files put in.
#[tauri::command]
#[specta::specta]
#[instrument(skip(state), err(Debug))]
pub fn export_diagnostics(state: State<'_, AppState>, path: String) -> Result<Vec<String>> {
    let about = format!(
        "OrderDock {}\nsystem: {} {}\nwritten: {}\ndata folder: {}\n",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        std::env::consts::ARCH,
        chrono::Local::now().to_rfc3339(),
        data_dir().display()
    );
    diagnostics::write_zip(&data_dir(), Path::new(&path), &about).map(|w| w.files).map_err(|e| {
        tracing::warn!(error = %e, "diagnostics not written");
        Error::app(state.lang(), AppText::DiagnosticsNotSaved)
    })
}
