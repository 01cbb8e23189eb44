//! The `todo` binary: a thin layer of argument parsing and rendering over `todo_md`.

mod alloc;
mod cli;

#[global_allocator]
static ALLOCATOR: alloc::Allocator = alloc::Allocator;

fn main() -> std::process::ExitCode {
    todo_md::trace::phase("main");
    let code = cli::main();
    todo_md::trace::phase("end");
    code
}
