// hello.rs — the `make run` demo program in Rust std.
fn main() {
    let v: Vec<u64> = (1..=10).collect();
    println!("Hello from Rust std! sum(1..=10) = {}, args = {:?}", v.iter().sum::<u64>(), std::env::args().collect::<Vec<_>>());
}
