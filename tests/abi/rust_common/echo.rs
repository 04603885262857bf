// echo.rs — the echo exchange net_std.rs and unix_std.rs both run over a
// stream socket (included with #[path]; not a test of its own): a 1 MiB
// pattern, a server loop that echoes until end of file, and a client that
// writes the pattern from a second thread, shuts its writing side down and
// reads everything back.
use std::io::{Read, Write};
use std::thread;

/// 1 MiB of a pattern that does not repeat on any power-of-two period.
pub fn pattern_1mib() -> Vec<u8> {
    (0..1 << 20).map(|i| (i * 7 % 251) as u8).collect()
}

/// The server's side: echoes what it reads until end of file; the bytes echoed.
pub fn echo_until_eof<S: Read + Write>(conn: &mut S) -> usize {
    let mut buf = vec![0u8; 65536];
    let mut total = 0usize;
    loop {
        let n = conn.read(&mut buf).unwrap();
        if n == 0 {
            return total;
        }
        conn.write_all(&buf[..n]).unwrap();
        total += n;
    }
}

/// The client's side: `writer` (a clone of `reader`'s socket) sends the
/// pattern from another thread and is then shut down for writing by
/// `shut_write`; true if everything came back intact.
pub fn send_and_read_back<R: Read, W: Write + Send + 'static>(mut reader: R, mut writer: W,
                                                              shut_write: fn(&W)) -> bool {
    let data = pattern_1mib();
    let sent = data.clone();
    let w = thread::spawn(move || {
        writer.write_all(&sent).unwrap();
        shut_write(&writer);
    });
    let mut back = Vec::new();
    reader.read_to_end(&mut back).unwrap();
    w.join().unwrap();
    back == data
}
