//! The `pulse` command, built in this package as `pulse-process` so that the integration
//! tests can start it as a process of its own (`env!("CARGO_BIN_EXE_pulse-process")`: Cargo
//! hands a test only its own package's binaries). The same wiring as `bot/src/main.rs`, line
//! for line: it calls [`bot::cli::main`] and nothing else.

fn main() -> std::process::ExitCode {
    bot::cli::main()
}
