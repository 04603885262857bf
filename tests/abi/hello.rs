// hello.rs: Rust std start-up and println! to stdout (std runtime init:
// poll/fcntl on fds 0-2, SIGPIPE -> SIG_IGN, sigaltstack, then write(2)).
fn main() {
    println!("hello, world");
    println!("done");
}
