//! `orderdock-desktop`: OrderDock 订单导入助手, the Tauri shell over the pipeline.
//!
//! Every command is a thin adapter — take the managed [`state::AppState`], call
//! `orderdock-core` / `orderdock-remote` / `orderdock-sandbox`, turn the error into the one
//! [`error::Error`] (`{ code, message }`, in the merchant's language). One module per screen, as
//! listed in `docs/app-commands.md`:
//!
//! * [`import`] — open a file (and its item file), pick the sheet, recent files;
//! * [`mapping`] — the targets' fields, suggested or saved mappings, column samples;
//! * [`preview`] — validate, pages of rows with their issues, cell edits, exports;
//! * [`fixes`] — quick fixes per problem and orders left out of the upload on purpose;
//! * [`profiles`] — connection profiles and the practice server;
//! * [`upload`] — upload jobs with progress events, pause/resume/cancel, results;
//! * [`corrections`] — DM Hub deal corrections, order history, 2030 returns;
//! * [`settings`] — the language, and the small JSON files the app keeps;
//! * [`launch`] — files handed over by the system (double-click, 「打开方式」, a second launch);
//! * [`diagnostics`] — 「导出诊断信息」, a zip for support with secrets and phone numbers masked;
//! * [`updates`] — the update check, off until the merchant agrees, never during an upload.
//!
//! Work that takes long (reading a 500,000-row file, validating it, uploading) runs off
//! the main thread; a file dropped on the window is announced as a `file-dropped` event.
//!
//! Desktop conventions: one instance (a second launch hands its files over and exits), the
//! window's size and position remembered (`tauri-plugin-window-state`), and on macOS the
//! standard app menu (Tauri's default menu; Windows and Linux windows have none).

pub mod corrections;
pub mod diagnostics;
pub mod error;
pub mod fixes;
pub mod import;
pub mod launch;
pub mod mapping;
pub mod preview;
pub mod profiles;
pub mod settings;
pub mod state;
pub mod updates;
pub mod upload;

use serde::Serialize;
use tauri::{DragDropEvent, Emitter, Manager, Runtime, WindowEvent};

/// Payload of `file-dropped`: the first file, and all of them (an order file and an item
/// file may be dropped together).
#[derive(Debug, Clone, Serialize, specta::Type)]
struct Dropped {
    path: String,
    paths: Vec<String>,
}

/// Start the app.
pub fn run() {
    // Single instance first: a second launch must not get as far as opening the journal.
    let app = commands(tauri::Builder::default())
        .plugin(tauri_plugin_single_instance::init(|app, argv, cwd| {
            launch::hand_over(app, launch::files_to_open(argv, std::path::Path::new(&cwd)));
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .enable_macos_default_menu(true)
        .setup(|app| {
            // Here, not earlier: a second launch has handed its files over and exited by now.
            diagnostics::start_logging();
            updates::register(app.handle())?;
            let cwd = std::env::current_dir().unwrap_or_default();
            app.state::<launch::Handoff>().offer(launch::files_to_open(std::env::args_os(), &cwd));
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event
                && let Some(first) = paths.first()
            {
                let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                let _ = window.emit("file-dropped", Dropped { path: first.display().to_string(), paths });
            }
        })
        .build(tauri::generate_context!())
        .expect("error while starting OrderDock");
    app.run(|_app, _event| {
        // macOS hands files to the running app (or the one it starts) as an event.
        #[cfg(target_os = "macos")]
        if let tauri::RunEvent::Opened { urls } = _event {
            let paths = urls.iter().filter_map(|u| u.to_file_path().ok()).filter(|p| p.is_file()).collect();
            launch::hand_over(_app, paths);
        }
    });
}

/// The state and every command, on any runtime (tests use Tauri's mock runtime).
pub fn commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    let state = state::AppState::default();
    state.set_lang(settings::saved_lang());
    builder.manage(state).manage(launch::Handoff::default()).manage(updates::Pending::default()).invoke_handler(bindings::<R>().invoke_handler())
}

/// Every command, and the types the UI gets besides their arguments and answers (the error,
/// event payloads): the one list both the invoke handler and the UI's bindings
/// (`ui/src/generated/bindings.ts`) are made from. The generic commands are named on `Wry`
/// for their types only; the handler runs on `R`.
pub fn bindings<R: Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new()
        .commands(tauri_specta::collect_commands![
            import::open_file::<tauri::Wry>,
            import::choose_sheet::<tauri::Wry>,
            import::recent_files,
            mapping::targets,
            mapping::suggest_mapping,
            mapping::column_samples,
            mapping::filter_left_out,
            mapping::save_template,
            preview::validate::<tauri::Wry>,
            preview::grid_page,
            preview::edit_cell,
            preview::undo_edit,
            preview::export_problems,
            preview::export_corrected,
            fixes::fix_offers,
            fixes::apply_fix,
            fixes::exclude_orders,
            fixes::include_orders,
            fixes::excluded_orders,
            profiles::list_profiles,
            profiles::save_profile,
            profiles::remove_profile,
            profiles::test_profile,
            profiles::practice,
            upload::start_upload::<tauri::Wry>,
            upload::pause_upload,
            upload::resume_upload,
            upload::cancel_upload,
            upload::job_results,
            upload::retry_failed::<tauri::Wry>,
            upload::export_results,
            upload::unfinished_jobs,
            upload::continue_job::<tauri::Wry>,
            corrections::deal_get,
            corrections::deal_update,
            corrections::deal_cancel,
            corrections::deal_refund,
            corrections::deal_delete_refund,
            corrections::deal_delete,
            corrections::order_history,
            corrections::build_return,
            corrections::upload_return::<tauri::Wry>,
            settings::get_settings,
            settings::set_settings,
            launch::launch_files,
            diagnostics::export_diagnostics,
            updates::update_state::<tauri::Wry>,
            updates::set_update_consent::<tauri::Wry>,
            updates::check_update::<tauri::Wry>,
            updates::install_update::<tauri::Wry>,
        ])
        // Commands throw their error (`{ code, message }`), as the UI's `try`/`catch` expects.
        .error_handling(tauri_specta::ErrorHandlingMode::Throw)
        // The `usize`/`u64`s crossing are counts and indices of rows, far below 2^53.
        .dangerously_cast_bigints_to_number()
        // One TypeScript type per Rust type (an optional answer field reads as `T | null` too).
        .disable_serde_phases()
        .typ::<error::Error>()
        .typ::<import::FileProgress>()
        .typ::<import::FileLoaded>()
        .typ::<upload::ProgressEvent>()
        .typ::<upload::Finished>()
        .typ::<launch::OpenFiles>()
        .typ::<Dropped>()
}
