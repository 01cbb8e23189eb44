//! `todo lint`: schema and consistency rules over the project's task files.
//!
//! Each rule lives in `rules/<name>.rs` with its documentation and a `check` function that
//! reads the shared [`Context`](rules::Context) (the parsed project, the schema of each file,
//! the ID index) and pushes [`Diagnostic`]s. Rules never re-parse and never read files; fixes
//! are edits to a file's original text, applied by `fix`. The `.todo.yml` levels are checked
//! here ([`check_levels`]), since only lint knows its rules.

pub mod audit;
pub mod diagnostic;
pub mod history;
pub mod registry;
pub mod rules;

pub use diagnostic::{Applicability, Diagnostic, Fix, Location, Severity};
pub use registry::{RULES, RuleInfo};

/// The result of a lint run.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Diagnostics, sorted by file, then position, then rule code.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of task files checked.
    pub files: usize,
    /// Number of tasks checked.
    pub tasks: usize,
}

impl Report {
    /// Number of diagnostics of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

use crate::config::ConfigError;
use crate::edit::{self, Edit};
use crate::project::Project;

type Check = fn(&rules::Context, &mut Vec<Diagnostic>);

const CHECKS: &[Check] = &[
    rules::missing_field::check,
    rules::invalid_value::check,
    rules::invalid_id::check,
    rules::duplicate_id::check,
    rules::duplicate_field::check,
    rules::unknown_field::check,
    rules::unknown_dependency::check,
    rules::dependency_cycle::check,
    rules::blocked_without_blocker::check,
    rules::blocker_without_blocked_status::check,
    rules::done_with_open_criteria::check,
    rules::section_priority_mismatch::check,
    rules::encoding_damage::check,
    rules::empty_title::check,
    rules::malformed_checklist::check,
    rules::invalid_front_matter::check,
    rules::invalid_date::check,
    rules::stale_blocker::check,
    rules::front_matter_style::check,
    rules::unread_task_line::check,
];

/// Lints every file of the project: all rules, then `.todo.yml` levels, then inline
/// `<!-- todo-lint: disable=… -->` suppressions.
pub fn run(project: &Project) -> Report {
    let cx = rules::Context::new(project);
    // Rules are independent: on a large project each thread takes the next rule not yet
    // taken (their costs differ widely), and the findings are joined in rule order, as one
    // thread would give them.
    let bytes = project.files.iter().map(|f| f.file.doc.text().len()).sum();
    let threads = crate::par::parts_for(bytes).min(CHECKS.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers: Vec<std::ops::Range<usize>> = (0..threads).map(|k| k..k + 1).collect();
    let mut found: Vec<(usize, Vec<Diagnostic>)> = crate::par::map(&workers, |_| {
        let mut mine = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(check) = CHECKS.get(i) else {
                break mine;
            };
            let mut out = Vec::new();
            check(&cx, &mut out);
            mine.push((i, out));
        }
    })
    .into_iter()
    .flatten()
    .collect();
    found.sort_by_key(|(i, _)| *i);
    let all: Vec<Diagnostic> = found.into_iter().flat_map(|(_, d)| d).collect();
    let mut diagnostics = configure(project, all);
    diagnostics.sort_by(|a, b| {
        (a.primary.file_index, a.primary.span.start, a.code).cmp(&(
            b.primary.file_index,
            b.primary.span.start,
            b.code,
        ))
    });
    Report {
        diagnostics,
        files: project.files.len(),
        tasks: project.files.iter().map(|f| f.file.tasks.len()).sum(),
    }
}

/// Applies the `.todo.yml` levels (`off` drops a rule, a level changes its severity) and the
/// inline `<!-- todo-lint: disable=… -->` suppressions to diagnostics of any rule.
pub fn configure(project: &Project, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let levels = &project.config.lint;
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            let level = levels
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(d.rule) || k.eq_ignore_ascii_case(d.code));
            match level.map(|(_, v)| v.as_str()) {
                Some(v) if v.eq_ignore_ascii_case("off") => return None,
                Some(v) => d.severity = Severity::parse(v).unwrap_or(d.severity),
                None => {}
            }
            (!suppressed(project, &d)).then_some(d)
        })
        .collect()
}

/// Checks the `.todo.yml` levels, which the config keeps as written: each must name a rule
/// (by name or code) and a level (`error`, `warning`, `info` or `off`).
pub fn check_levels(project: &Project) -> Result<(), ConfigError> {
    let invalid = |message: String| ConfigError::Invalid {
        path: project
            .config_path
            .clone()
            .unwrap_or_else(|| crate::config::CONFIG_NAMES[0].into()),
        message,
    };
    for (rule, level) in &project.config.lint {
        if registry::find(rule).is_none() {
            return Err(invalid(format!(
                "lint: no rule named `{rule}` (see `todo rules`)"
            )));
        }
        if !level.eq_ignore_ascii_case("off") && Severity::parse(level).is_none() {
            return Err(invalid(format!(
                "lint: `{rule}: {level}`: a level is error, warning, info or off"
            )));
        }
    }
    Ok(())
}

/// True when a directive turns this diagnostic off: file-wide, or on the line above its task.
fn suppressed(project: &Project, d: &Diagnostic) -> bool {
    let file = &project.files[d.primary.file_index].file;
    let names = |rules: &[String]| {
        rules.iter().any(|r| {
            r.eq_ignore_ascii_case("all")
                || r.eq_ignore_ascii_case(d.rule)
                || r.eq_ignore_ascii_case(d.code)
        })
    };
    let at = d.primary.span.start;
    let task = file
        .tasks
        .iter()
        .find(|t| t.span.start <= at && at < t.span.end.max(t.span.start + 1));
    file.directives.iter().any(|dir| {
        names(&dir.rules)
            && (dir.file_wide || task.is_some_and(|t| dir.next_line == Some(t.span.start)))
    })
}

/// What `--fix` did.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    /// Files whose text changed: (file index, original text, new text).
    pub changed: Vec<(usize, String, String)>,
    /// Number of fixes applied.
    pub applied: usize,
    /// The diagnostics left after fixing.
    pub report: Report,
}

/// Applies fixes until none applies (at most 10 rounds), re-parsing after each round. The
/// project holds the fixed texts afterwards; nothing is written to disk here.
pub fn fix(project: &mut Project, unsafe_fixes: bool) -> FixOutcome {
    let originals: Vec<String> = project
        .files
        .iter()
        .map(|f| f.file.doc.text().to_string())
        .collect();
    let mut applied = 0;
    for _ in 0..10 {
        let report = run(project);
        let mut per_file: Vec<Vec<Edit>> = vec![Vec::new(); project.files.len()];
        let mut count = 0;
        for d in &report.diagnostics {
            let Some(fix) = &d.fix else { continue };
            let ok = match fix.applicability {
                Applicability::Safe => true,
                Applicability::Unsafe => unsafe_fixes,
                Applicability::DisplayOnly => false,
            };
            let edits = &mut per_file[d.primary.file_index];
            // An edit another fix already makes is the same change (a re-indented parent
            // shared by its children's fixes), not a conflict.
            let new: Vec<&Edit> = fix.edits.iter().filter(|e| !edits.contains(e)).collect();
            let overlaps = new.iter().any(|e| {
                edits.iter().any(|o| {
                    e.span.start < o.span.end.max(o.span.start + 1)
                        && o.span.start < e.span.end.max(e.span.start + 1)
                })
            });
            if ok && !overlaps {
                edits.extend(new.into_iter().cloned());
                count += 1;
            }
        }
        if count == 0 {
            break;
        }
        for (fi, edits) in per_file.into_iter().enumerate() {
            if edits.is_empty() {
                continue;
            }
            match edit::apply(project.files[fi].file.doc.text(), &edits) {
                Ok(text) => project.replace_text(fi, text),
                Err(_) => continue,
            }
        }
        applied += count;
    }
    let changed = originals
        .into_iter()
        .enumerate()
        .filter(|(fi, orig)| project.files[*fi].file.doc.text() != orig)
        .map(|(fi, orig)| (fi, orig, project.files[fi].file.doc.text().to_string()))
        .collect();
    FixOutcome {
        changed,
        applied,
        report: run(project),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn levels_name_a_rule_and_a_level() {
        let with = |rule: &str, level: &str| Project {
            root: ".".into(),
            config_path: None,
            config: Config {
                lint: [(rule.to_string(), level.to_string())].into(),
                ..Config::default()
            },
            files: Vec::new(),
        };
        assert!(check_levels(&with("TD010", "off")).is_ok());
        assert!(check_levels(&with("missing-field", "Info")).is_ok());
        let e = check_levels(&with("no-such-rule", "off")).unwrap_err();
        assert!(
            e.to_string().contains("no rule named `no-such-rule`"),
            "{e}"
        );
        let e = check_levels(&with("TD010", "loud")).unwrap_err();
        assert!(e.to_string().contains("a level is error, warning"), "{e}");
    }
}
