// exit_code.rs: std::process::exit(3) ends the process with status 3
// (exit_group(2)); stdout is line-buffered so "done" is already written.
fn main() {
    println!("done");
    std::process::exit(3);
}
