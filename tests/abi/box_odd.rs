// box_odd.rs: Box<[u8]> of odd sizes around page and mmap-threshold
// boundaries; each is zeroed (alloc_zeroed / calloc), writable at both ends
// and keeps its contents.
fn main() {
    let sizes: [usize; 10] = [1, 3, 4095, 4096, 4097, 65535, 131073, (1 << 20) + 7, (8 << 20) - 1, (32 << 20) + 1];
    let mut boxes: Vec<Box<[u8]>> = Vec::new();
    for &n in sizes.iter() {
        let mut b = vec![0u8; n].into_boxed_slice();
        let zero = b.iter().all(|&x| x == 0);
        b[0] = 0xa5;
        b[n - 1] = 0x5a;
        println!("size {}: len {} zeroed {}", n, b.len(), zero);
        boxes.push(b);
    }
    let mut ok = true;
    for (b, &n) in boxes.iter().zip(sizes.iter()) {
        if b[n - 1] != 0x5a || (n > 1 && b[0] != 0xa5) {
            ok = false;
        }
    }
    println!("ends intact: {}", ok);
    drop(boxes);
    println!("done");
}
