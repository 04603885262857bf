// threads.rs — Rust std::thread on top of clone and futex: spawned threads
// return values through join, share an Arc<Mutex<_>>, talk over an mpsc
// channel, and each sees its own thread_local! value.
use std::cell::Cell;
use std::sync::{mpsc, Arc, Mutex};
use std::thread;

thread_local!(static LOCAL: Cell<u64> = Cell::new(1));

fn main() {
    let total = Arc::new(Mutex::new(0u64));
    let (tx, rx) = mpsc::channel();
    let mut handles = Vec::new();
    for id in 0..4u64 {
        let total = Arc::clone(&total);
        let tx = tx.clone();
        handles.push(thread::spawn(move || {
            LOCAL.with(|l| l.set(id * 10));
            let mut sum = 0u64;
            for i in 0..100_000u64 {
                sum += i % (id + 2);
            }
            *total.lock().unwrap() += sum;
            tx.send(id).unwrap();
            LOCAL.with(|l| l.get())
        }));
    }
    drop(tx);
    let results: Vec<u64> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let mut received: Vec<u64> = rx.iter().collect();
    received.sort();
    println!("join results: {:?}", results);
    println!("received: {:?}", received);
    println!("total: {}", *total.lock().unwrap());
    println!("main thread local: {}", LOCAL.with(|l| l.get()));
    println!("done");
}
