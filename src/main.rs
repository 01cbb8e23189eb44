//! The `todo` binary: a thin layer of argument parsing and rendering over `todo_md`.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
