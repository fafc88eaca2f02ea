fn main() {
    // CONTRACT §1: bad input ends in one line on stderr and exit 2, never a panic's text or a
    // backtrace. The library catches a reader's panic on a malformed file (a damaged file) and
    // `run` any other (one "internal error" line); the hook is the program's to set, and this
    // one keeps the panic's own text off the merchant's terminal.
    std::panic::set_hook(Box::new(|_| {}));
    let code = orderdock_cli::run(std::env::args_os().collect(), &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    std::process::exit(code);
}
