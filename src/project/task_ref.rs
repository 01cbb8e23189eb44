//! A task seen with the file it lives in: what readers of a project get.

use std::borrow::Cow;

use super::LoadedFile;
use crate::model::Task;
use crate::model::priority::{self, SectionWords};

/// A task together with the file it lives in.
#[derive(Debug, Clone, Copy)]
pub struct TaskRef<'a> {
    /// The file's index in [`Project::files`](super::Project::files).
    pub file_index: usize,
    /// The file.
    pub file: &'a LoadedFile,
    /// The task.
    pub task: &'a Task,
    /// The config's extra words for priorities in section headings.
    pub section_words: &'a SectionWords,
}

impl<'a> TaskRef<'a> {
    /// The text of the task's document, which its list items are read from.
    pub fn src(&self) -> &'a str {
        self.file.file.doc.text()
    }

    /// The owner ([`Task::owner`]).
    pub fn owner(&self) -> Option<&'a str> {
        self.task.owner(self.src())
    }

    /// The blocker text ([`Task::blocker`]).
    pub fn blocker(&self) -> Option<String> {
        self.task.blocker(self.src())
    }

    /// The section path.
    pub fn section(&self) -> &'a [String] {
        self.file.file.section(self.task)
    }

    /// 1-based line.
    pub fn line(&self) -> usize {
        self.file.file.line(self.task)
    }

    /// The task's priority: its own priority field, else the one the nearest section heading
    /// above it names (`## High priority`, `## P1`); `None` when neither gives one.
    pub fn priority(&self) -> Option<Priority<'a>> {
        if let Some(own) = self.task.priority() {
            return Some(Priority {
                text: Cow::Borrowed(own),
                from_section: false,
            });
        }
        self.section()
            .iter()
            .rev()
            .find_map(|h| priority::from_section(h, self.section_words))
            .map(|p| Priority {
                text: Cow::Owned(p),
                from_section: true,
            })
    }

    /// The priority's text (see [`TaskRef::priority`]).
    pub fn priority_text(&self) -> Option<Cow<'a, str>> {
        self.priority().map(|p| p.text)
    }
}

/// A task's priority as [`TaskRef::priority`] finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priority<'a> {
    /// As written in the task, or as the section names it (`high`, `medium`, `low`, `P1`).
    pub text: Cow<'a, str>,
    /// True when it comes from the section heading, not the task.
    pub from_section: bool,
}
