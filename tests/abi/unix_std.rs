// unix_std.rs — Rust std::os::unix::net over AF_UNIX: a UnixListener on a
// path with a client thread that sends 1 MiB which the server echoes back,
// peer and local addresses, shutdown giving end of file, ConnectionRefused
// after the listener is gone, UnixStream::pair, UnixDatagram bound and
// unbound (send_to, recv_from with the sender's path), set_read_timeout
// giving WouldBlock, and the peer credentials' pid.
#[path = "rust_common/echo.rs"]
mod echo;

use std::io::{Read, Write};
use std::os::unix::net::{UnixDatagram, UnixListener, UnixStream};
use std::thread;
use std::time::Duration;

fn echo_1mib() {
    let path = "/tmp/rust-echo.sock";
    let _ = std::fs::remove_file(path);
    let listener = UnixListener::bind(path).unwrap();
    println!("listener local addr: {:?}", listener.local_addr().unwrap().as_pathname());
    let client = thread::spawn(move || {
        let s = UnixStream::connect(path).unwrap();
        println!("client peer addr: {:?}", s.peer_addr().unwrap().as_pathname());
        let writer = s.try_clone().unwrap();
        echo::send_and_read_back(s, writer, |w| w.shutdown(std::net::Shutdown::Write).unwrap())
    });
    let (mut conn, addr) = listener.accept().unwrap();
    let total = echo::echo_until_eof(&mut conn);
    drop(conn);
    let same = client.join().unwrap();
    println!("server echoed {} bytes, client got them back intact: {}, client addr unnamed: {}", total, same,
             addr.is_unnamed());
    drop(listener);
    match UnixStream::connect(path) {
        Err(e) => println!("connect after the listener closed: {:?}", e.kind()),
        Ok(_) => println!("connect after the listener closed: connected?"),
    }
    std::fs::remove_file(path).unwrap();
    match UnixStream::connect(path) {
        Err(e) => println!("connect to a removed path: {:?}", e.kind()),
        Ok(_) => println!("connect to a removed path: connected?"),
    }
}

fn pair_and_timeout() {
    let (mut a, mut b) = UnixStream::pair().unwrap();
    a.write_all(b"ping").unwrap();
    let mut buf = [0u8; 8];
    let n = b.read(&mut buf).unwrap();
    println!("pair: {:?}", std::str::from_utf8(&buf[..n]).unwrap());
    b.set_read_timeout(Some(Duration::from_millis(20))).unwrap();
    println!("read timeout: {:?}", b.read_timeout().unwrap());
    match b.read(&mut buf) {
        Err(e) => println!("read with nothing sent: {:?}", e.kind()),
        Ok(n) => println!("read with nothing sent: {}", n),
    }
    b.set_nonblocking(true).unwrap();
    match b.read(&mut buf) {
        Err(e) => println!("non-blocking read: {:?}", e.kind()),
        Ok(n) => println!("non-blocking read: {}", n),
    }
    drop(a);
    println!("read after the peer closed: {:?}", b.read(&mut buf).map_err(|e| e.kind()));
    match b.write(b"x") {
        Err(e) => println!("write after the peer closed: {:?}", e.kind()),
        Ok(n) => println!("write after the peer closed: {}", n),
    }
}

fn datagrams() {
    let path = "/tmp/rust-dgram.sock";
    let cpath = "/tmp/rust-dgram-client.sock";
    let _ = std::fs::remove_file(path);
    let _ = std::fs::remove_file(cpath);
    let server = UnixDatagram::bind(path).unwrap();
    let client = UnixDatagram::bind(cpath).unwrap();
    client.send_to(b"first", path).unwrap();
    client.send_to(b"second", path).unwrap();
    let mut buf = [0u8; 3];
    let (n, from) = server.recv_from(&mut buf).unwrap();
    println!("recv_from into 3 bytes: {:?} from {:?}", std::str::from_utf8(&buf[..n]).unwrap(), from.as_pathname());
    let mut big = [0u8; 64];
    let (n, _) = server.recv_from(&mut big).unwrap();
    println!("next datagram: {:?}", std::str::from_utf8(&big[..n]).unwrap());
    let unbound = UnixDatagram::unbound().unwrap();
    unbound.send_to(b"anon", path).unwrap();
    let (n, from) = server.recv_from(&mut big).unwrap();
    println!("from an unbound socket: {:?} unnamed {}", std::str::from_utf8(&big[..n]).unwrap(), from.is_unnamed());
    let (a, b) = UnixDatagram::pair().unwrap();
    a.send(b"one").unwrap();
    a.send(b"two").unwrap();
    println!("pair keeps boundaries: {} {}", b.recv(&mut big).unwrap(), b.recv(&mut big).unwrap());
    std::fs::remove_file(path).unwrap();
    std::fs::remove_file(cpath).unwrap();
}

fn main() {
    echo_1mib();
    pair_and_timeout();
    datagrams();
    println!("done");
}
