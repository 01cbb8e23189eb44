//! Renderers: JSON, CSV and terminal tables of tasks. Renderers only format what the model
//! holds; they never read files or re-parse.

pub mod json;
