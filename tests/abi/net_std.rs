// net_std.rs — Rust std::net over TCP and UDP on the loopback: a TcpListener
// on 127.0.0.1:0 with a client thread that sends 1 MiB which the server
// echoes back, local and peer addresses, nodelay, peek, shutdown giving end
// of file, a read timeout giving WouldBlock, connect_timeout (a nonblocking
// connect), ConnectionRefused once the listener is gone, and UdpSocket
// send_to/recv_from, connect/send/recv and peek; then IPv6: the same echo on
// [::1], a listener on [::] taking an IPv4 client (whose address it sees as
// ::ffff:127.0.0.1) and UdpSocket on [::1]. "lo" is brought up first
// through libc's ioctl (SIOCSIFFLAGS), as a boot's init would.
#[path = "rust_common/echo.rs"]
mod echo;

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::thread;
use std::time::Duration;

extern "C" {
    fn socket(domain: i32, ty: i32, protocol: i32) -> i32;
    fn ioctl(fd: i32, request: u64, arg: *mut u8) -> i32;
    fn close(fd: i32) -> i32;
}

fn lo_up() {
    const SIOCGIFFLAGS: u64 = 0x8913;
    const SIOCSIFFLAGS: u64 = 0x8914;
    let mut ifr = [0u8; 40]; // struct ifreq: the name, then ifr_flags
    ifr[..2].copy_from_slice(b"lo");
    unsafe {
        let fd = socket(2, 2, 0); // AF_INET, SOCK_DGRAM
        ioctl(fd, SIOCGIFFLAGS, ifr.as_mut_ptr());
        ifr[16] |= 1; // IFF_UP
        let r = ioctl(fd, SIOCSIFFLAGS, ifr.as_mut_ptr());
        println!("lo up: {}", r);
        close(fd);
    }
}

fn echo_1mib(local: &str) {
    let listener = TcpListener::bind(local).unwrap();
    let addr = listener.local_addr().unwrap();
    println!("listener on {}, an ephemeral port: {} {}", local, addr.ip(), (32768..=60999).contains(&addr.port()));
    let client = thread::spawn(move || {
        let s = TcpStream::connect(addr).unwrap();
        s.set_nodelay(true).unwrap();
        let peer_ok = s.peer_addr().unwrap() == addr;
        let writer = s.try_clone().unwrap();
        let nodelay = s.nodelay().unwrap();
        let same = echo::send_and_read_back(s, writer, |w| w.shutdown(Shutdown::Write).unwrap());
        (peer_ok, same, nodelay)
    });
    let (mut conn, peer) = listener.accept().unwrap();
    println!("accepted from {}, the server end's address is the listener's: {}",
             peer.ip(), conn.local_addr().unwrap() == addr);
    let total = echo::echo_until_eof(&mut conn);
    drop(conn);
    let (peer_ok, same, nodelay) = client.join().unwrap();
    println!("server echoed {} bytes; client: peer addr right {}, data back intact {}, nodelay {}",
             total, peer_ok, same, nodelay);
}

fn details() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let mut c = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    let (mut s, _) = listener.accept().unwrap();
    c.write_all(b"peekaboo").unwrap();
    let mut buf = [0u8; 16];
    let n = s.peek(&mut buf[..4]).unwrap();
    println!("peek: {:?}", std::str::from_utf8(&buf[..n]).unwrap());
    let n = s.read(&mut buf).unwrap();
    println!("read: {:?}", std::str::from_utf8(&buf[..n]).unwrap());
    s.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
    println!("read with nothing there: {:?}", s.read(&mut buf).map_err(|e| e.kind()));
    c.shutdown(Shutdown::Write).unwrap();
    println!("read after the peer's shutdown: {:?}", s.read(&mut buf).map(|n| n));
    s.write_all(b"still").unwrap();
    let n = c.read(&mut buf).unwrap();
    println!("the other way still works: {:?}", std::str::from_utf8(&buf[..n]).unwrap());
    drop(s);
    drop(c);
    drop(listener);
    match TcpStream::connect(addr) {
        Err(e) => println!("connect after the listener closed: {:?}", e.kind()),
        Ok(_) => println!("connect after the listener closed: connected?"),
    }
    let bad: SocketAddr = "10.1.2.3:80".parse().unwrap();
    match TcpStream::connect(bad) {
        Err(e) => println!("connect to 10.1.2.3: errno {:?}", e.raw_os_error()),
        Ok(_) => println!("connect to 10.1.2.3: connected?"),
    }
    let l1 = TcpListener::bind("127.0.0.1:0").unwrap();
    match TcpListener::bind(l1.local_addr().unwrap()) {
        Err(e) => println!("a second listener on the port: {:?}", e.kind()),
        Ok(_) => println!("a second listener on the port: bound?"),
    }
}

fn udp() {
    let a = UdpSocket::bind("127.0.0.1:0").unwrap();
    let b = UdpSocket::bind("127.0.0.1:0").unwrap();
    let (aa, ba) = (a.local_addr().unwrap(), b.local_addr().unwrap());
    b.send_to(b"datagram one", aa).unwrap();
    let mut buf = [0u8; 64];
    let (n, from) = a.recv_from(&mut buf).unwrap();
    println!("udp recv_from: {:?} from b: {}", std::str::from_utf8(&buf[..n]).unwrap(), from == ba);
    a.connect(ba).unwrap();
    a.send(b"connected").unwrap();
    let n = b.peek(&mut buf).unwrap();
    println!("udp peek: {}", n);
    let n = b.recv(&mut buf).unwrap();
    println!("udp recv: {:?}", std::str::from_utf8(&buf[..n]).unwrap());
    println!("udp peer_addr is b: {}", a.peer_addr().unwrap() == ba);
    a.set_read_timeout(Some(Duration::from_millis(20))).unwrap();
    println!("udp recv with nothing there: {:?}", a.recv(&mut buf).map_err(|e| e.kind()));
}

fn ipv6() {
    let dual = TcpListener::bind("[::]:0").unwrap();
    let port = dual.local_addr().unwrap().port();
    println!("dual-stack listener: {}", dual.local_addr().unwrap().ip());
    let c = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let (s, peer) = dual.accept().unwrap();
    println!("an IPv4 client seen as {}, the server end as {}, the client's peer {}",
             peer.ip(), s.local_addr().unwrap().ip(), c.peer_addr().unwrap().ip());
    let a = UdpSocket::bind("[::1]:0").unwrap();
    let b = UdpSocket::bind("[::1]:0").unwrap();
    b.send_to(b"six", a.local_addr().unwrap()).unwrap();
    let mut buf = [0u8; 16];
    let (n, from) = a.recv_from(&mut buf).unwrap();
    println!("udp over ::1: {:?} from {} (b: {})", std::str::from_utf8(&buf[..n]).unwrap(), from.ip(),
             from == b.local_addr().unwrap());
}

fn main() {
    lo_up();
    echo_1mib("127.0.0.1:0");
    details();
    udp();
    echo_1mib("[::1]:0");
    ipv6();
    println!("done");
}
