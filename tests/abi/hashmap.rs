// hashmap.rs: a HashMap with 1e6 entries (repeated realloc/mmap growth;
// RandomState seeds from getrandom(2)). Iteration order is random, so only
// order-independent facts are printed.
use std::collections::HashMap;

fn main() {
    let n: u64 = 1_000_000;
    let mut m: HashMap<u64, u64> = HashMap::new();
    for i in 0..n {
        m.insert(i, i * 3 + 1);
    }
    println!("len: {}", m.len());
    let mut ok = true;
    for i in (0..n).step_by(997) {
        if m.get(&i) != Some(&(i * 3 + 1)) {
            ok = false;
        }
    }
    println!("lookups ok: {}", ok);
    let s: u64 = m.values().sum();
    println!("value sum: {}", s);
    for i in 0..n / 2 {
        m.remove(&(i * 2));
    }
    println!("len after removing evens: {}", m.len());
    println!("missing lookup: {:?}", m.get(&0));
    println!("done");
}
