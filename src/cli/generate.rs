//! `todo completions` and `todo man`: generated from the same clap definitions as `--help`.

use std::process::ExitCode;

use super::{UsageError, command, emit};
use anyhow::Result;

pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut cmd = command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "todo", &mut buf);
    emit(&String::from_utf8_lossy(&buf))?;
    Ok(ExitCode::SUCCESS)
}

/// `todo man [COMMAND…]`: the top-level page, or the page of one (sub)command, named like
/// git's (`todo-move`, `todo-hook-install`), with the same text as its `--help`.
pub fn man(path: &[String]) -> Result<ExitCode> {
    let mut cmd = command();
    cmd.build();
    let mut name = String::from("todo");
    for part in path {
        let Some(sub) = cmd.find_subcommand(part).cloned() else {
            return Err(UsageError(format!(
                "no command `{}` (run `todo --help` for the list)",
                path.join(" ")
            ))
            .into());
        };
        name = format!("{name}-{}", sub.get_name());
        cmd = sub;
    }
    let bin = name.replace('-', " ");
    // The page's name must live as long as the command (`Str` is `&'static str` in clap's
    // default features); one name per run.
    let cmd = cmd
        .name(&*Box::leak(name.into_boxed_str()))
        .bin_name(bin)
        .version(env!("CARGO_PKG_VERSION"));
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut buf)?;
    emit(&String::from_utf8_lossy(&buf))?;
    Ok(ExitCode::SUCCESS)
}
