//! The `todo` binary: a thin layer of argument parsing and rendering over `todo_md`.

mod cli;

#[global_allocator]
static ALLOCATOR: cli::alloc::Allocator = cli::alloc::Allocator;

fn main() -> std::process::ExitCode {
    todo_md::trace::phase("main");
    let code = cli::main();
    todo_md::trace::phase("end");
    code
}
