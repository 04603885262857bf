// time.rs: Instant is monotonic and thread::sleep sleeps at least the
// requested time (clock_gettime(CLOCK_MONOTONIC), nanosleep(2));
// SystemTime is after 2024-01-01 (CLOCK_REALTIME from the RTC).
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

fn main() {
    let t0 = Instant::now();
    std::thread::sleep(Duration::from_millis(20));
    let el = t0.elapsed();
    println!("elapsed >= 20ms: {}", el >= Duration::from_millis(20));
    println!("elapsed < 2s: {}", el < Duration::from_secs(2));
    let a = Instant::now();
    let b = Instant::now();
    println!("instant non-decreasing: {}", b >= a);
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    println!("after 2024-01-01: {}", now.as_secs() >= 1_704_067_200);
    println!("before 2100-01-01: {}", now.as_secs() < 4_102_444_800);
    println!("done");
}
