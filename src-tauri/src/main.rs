// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // The panic hook is the program's: the reader library catches its readers' panics (a damaged
    // file) without setting one. The app shows the merchant its own messages; a panic's text
    // goes to the log (and, in a debug build, to the developer's console as Rust prints it).
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!(%info, "panic");
        if cfg!(debug_assertions) {
            default(info);
        }
    }));
    orderdock_desktop::run();
}
