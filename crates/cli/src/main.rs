fn main() {
    let code = orderdock_cli::run(std::env::args_os().collect(), &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    std::process::exit(code);
}
