use std::path::PathBuf;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let p = todo_md::project::Project::load(std::path::Path::new("."), &[PathBuf::from(&args[1])]).unwrap();
    let v: Vec<_> = p.tasks().map(todo_md::output::json::TaskJson::new).collect();
    println!("{}", serde_json::to_string_pretty(&v).unwrap());
}
