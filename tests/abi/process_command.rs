// process_command.rs — Rust std::process::Command over fork/exec (or
// posix_spawn), pipes and wait: a child copy of this program writes to its
// stdout and stderr and exits 5; the parent captures both and the status.
use std::process::Command;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() > 1 && args[1] == "child" {
        println!("child out: {}", args[2]);
        eprintln!("child err");
        std::process::exit(5);
    }
    let exe = std::env::current_exe().expect("current_exe");
    let out = Command::new(&exe).arg("child").arg("hello").output().expect("spawn");
    println!("status: {:?}", out.status.code());
    println!("stdout: {:?}", String::from_utf8_lossy(&out.stdout));
    println!("stderr: {:?}", String::from_utf8_lossy(&out.stderr));
    let status = Command::new(&exe).arg("child").arg("again").stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).status().expect("status");
    println!("second status: {:?}", status.code());
    println!("done");
}
