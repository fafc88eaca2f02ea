//! `orderdock-desktop`: OrderDock 订单导入助手, the Tauri shell over the pipeline.
//!
//! Every command is a thin adapter — take the managed [`state::AppState`], call
//! `orderdock-core` / `orderdock-remote` / `orderdock-sandbox`, turn the error into the one
//! [`error::Error`] (`{ message }` in the merchant's language). One module per screen, as
//! listed in `docs/app-commands.md`:
//!
//! * [`import`] — open a file (and its item file), pick the sheet, recent files;
//! * [`mapping`] — the targets' fields, suggested or saved mappings, column samples;
//! * [`preview`] — validate, pages of rows with their issues, cell edits, exports;
//! * [`profiles`] — connection profiles and the practice server;
//! * [`upload`] — upload jobs with progress events, pause/resume/cancel, results;
//! * [`corrections`] — DM Hub deal corrections, order history, 2030 returns;
//! * [`settings`] — the language, and the small JSON files the app keeps.
//!
//! Work that takes long (reading a 500,000-row file, validating it, uploading) runs off
//! the main thread; a file dropped on the window is announced as a `file-dropped` event.

pub mod corrections;
pub mod error;
pub mod import;
pub mod mapping;
pub mod preview;
pub mod profiles;
pub mod settings;
pub mod state;
pub mod upload;

use serde::Serialize;
use tauri::{DragDropEvent, Emitter, Runtime, WindowEvent};

/// Payload of `file-dropped`: the first file, and all of them (an order file and an item
/// file may be dropped together).
#[derive(Debug, Clone, Serialize)]
struct Dropped {
    path: String,
    paths: Vec<String>,
}

/// Start the app.
pub fn run() {
    commands(tauri::Builder::default())
        .plugin(tauri_plugin_dialog::init())
        .on_window_event(|window, event| {
            if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event
                && let Some(first) = paths.first()
            {
                let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                let _ = window.emit("file-dropped", Dropped { path: first.display().to_string(), paths });
            }
        })
        .run(tauri::generate_context!())
        .expect("error while running OrderDock");
}

/// The state and every command, on any runtime (tests use Tauri's mock runtime).
pub fn commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    let state = state::AppState::default();
    state.set_lang(settings::saved_lang());
    builder.manage(state).invoke_handler(tauri::generate_handler![
        import::open_file,
        import::choose_sheet,
        import::recent_files,
        mapping::targets,
        mapping::suggest_mapping,
        mapping::column_samples,
        mapping::filter_left_out,
        mapping::save_template,
        preview::validate,
        preview::grid_page,
        preview::edit_cell,
        preview::undo_edit,
        preview::export_problems,
        preview::export_corrected,
        profiles::list_profiles,
        profiles::save_profile,
        profiles::remove_profile,
        profiles::test_profile,
        profiles::practice,
        upload::start_upload,
        upload::pause_upload,
        upload::resume_upload,
        upload::cancel_upload,
        upload::job_results,
        upload::retry_failed,
        upload::export_results,
        upload::unfinished_jobs,
        upload::continue_job,
        corrections::deal_get,
        corrections::deal_update,
        corrections::deal_cancel,
        corrections::deal_refund,
        corrections::deal_delete_refund,
        corrections::deal_delete,
        corrections::order_history,
        corrections::build_return,
        corrections::upload_return,
        settings::get_settings,
        settings::set_settings,
    ])
}
