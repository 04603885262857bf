// vec_big.rs: a 256 MiB Vec<u8> (one large anonymous mmap(2) through the
// allocator) can be filled and summed; every page is backed on demand.
fn main() {
    const N: usize = 256 << 20;
    let mut v: Vec<u8> = Vec::with_capacity(N);
    for i in 0..N {
        v.push((i % 251) as u8);
    }
    let sum: u64 = v.iter().map(|&b| b as u64).sum();
    let mut expect: u64 = 0;
    let full = (N / 251) as u64;
    expect += full * (250 * 251 / 2);
    for r in 0..(N % 251) {
        expect += r as u64;
    }
    println!("len: {}", v.len());
    println!("sum: {}", sum);
    println!("sum matches: {}", if sum == expect { "yes" } else { "no" });
    drop(v);
    println!("done");
}
