//! The `pulse` binary: parse the command line and hand over to [`bot::cli`].

fn main() -> std::process::ExitCode {
    bot::cli::main()
}
