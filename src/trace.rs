//! Where a command's time goes, for developers: `TODO_PHASES=1 todo …` writes to standard
//! error, at each phase of loading, parsing and output, how long the process has run.

/// With `TODO_PHASES` set, writes to standard error how long the process has run when it
/// reaches `name` (a phase of loading, parsing or output): a developer's aid for finding
/// where a command's time goes, one line per phase. Costs nothing noticeable when unset.
pub fn phase(name: &str) {
    static ON: std::sync::OnceLock<Option<std::time::Instant>> = std::sync::OnceLock::new();
    if let Some(t0) =
        ON.get_or_init(|| std::env::var_os("TODO_PHASES").map(|_| std::time::Instant::now()))
    {
        eprintln!("{:8.2} ms {name}", t0.elapsed().as_secs_f64() * 1000.0);
    }
}
