// string_grow.rs: a String grown by push_str to 64 MiB (repeated realloc,
// which for large blocks is mremap(2) or mmap+copy+munmap in libc).
fn main() {
    let mut s = String::new();
    let chunk = "0123456789abcdef";
    let target = 64 << 20;
    let mut reallocs = 0;
    let mut cap = s.capacity();
    while s.len() < target {
        s.push_str(chunk);
        if s.capacity() != cap {
            cap = s.capacity();
            reallocs += 1;
        }
    }
    println!("len: {}", s.len());
    println!("grew more than 10 times: {}", reallocs > 10);
    let ok = s.as_bytes().chunks(16).all(|c| c == chunk.as_bytes());
    println!("content ok: {}", ok);
    println!("done");
}
