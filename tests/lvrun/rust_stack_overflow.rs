// rust_stack_overflow.rs — unbounded recursion in Rust: std's SIGSEGV
// handler, running on its alternate signal stack, reports the overflow on
// stderr and aborts (status 134 = SIGABRT), as on Linux. test_lvrun.py.
#[allow(unconditional_recursion)]
fn depth(n: u64, pad: &mut [u8; 256]) -> u64 {
    let mut mine = [0u8; 256];
    mine[0] = pad[0].wrapping_add(1);
    unsafe { std::ptr::write_volatile(&mut mine[255], mine[0]) };
    depth(n + 1, &mut mine) + mine[255] as u64
}

fn main() {
    println!("recursing");
    let mut start = [0u8; 256];
    println!("{}", depth(0, &mut start));
}
