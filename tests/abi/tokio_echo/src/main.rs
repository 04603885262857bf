// tokio_echo — a tokio multi-threaded runtime (2 workers) on the loopback:
// a TCP echo server task accepting 50 concurrent clients, each client
// sending three messages and checking the echoes, results gathered through
// an mpsc channel, timers (sleep, interval, timeout) and a oneshot that
// stops the server. "lo" is brought up first through libc's ioctl.
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};

extern "C" {
    fn socket(domain: i32, ty: i32, protocol: i32) -> i32;
    fn ioctl(fd: i32, request: u64, arg: *mut u8) -> i32;
    fn close(fd: i32) -> i32;
}

fn lo_up() {
    let mut ifr = [0u8; 40];
    ifr[..2].copy_from_slice(b"lo");
    unsafe {
        let fd = socket(2, 2, 0);
        ioctl(fd, 0x8913, ifr.as_mut_ptr()); // SIOCGIFFLAGS
        ifr[16] |= 1; // IFF_UP
        println!("lo up: {}", ioctl(fd, 0x8914, ifr.as_mut_ptr()));
        close(fd);
    }
}

const CLIENTS: usize = 50;

async fn client(id: usize, addr: std::net::SocketAddr) -> Result<usize, String> {
    let mut s = TcpStream::connect(addr).await.map_err(|e| format!("connect: {:?}", e.kind()))?;
    s.set_nodelay(true).map_err(|e| e.to_string())?;
    let mut total = 0;
    for round in 0..3 {
        let msg = format!("client {} round {} {}", id, round, "x".repeat(id * 97 % 2000));
        s.write_all(msg.as_bytes()).await.map_err(|e| e.to_string())?;
        let mut back = vec![0u8; msg.len()];
        s.read_exact(&mut back).await.map_err(|e| e.to_string())?;
        if back != msg.as_bytes() {
            return Err(format!("client {} got a wrong echo", id));
        }
        total += msg.len();
    }
    s.shutdown().await.map_err(|e| e.to_string())?;
    let mut rest = Vec::new();
    s.read_to_end(&mut rest).await.map_err(|e| e.to_string())?;
    Ok(total + rest.len())
}

fn main() {
    lo_up();
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop_tx, mut stop_rx) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            let mut accepted = 0;
            loop {
                tokio::select! {
                    r = listener.accept() => {
                        let (mut conn, _) = r.unwrap();
                        accepted += 1;
                        tokio::spawn(async move {
                            let (mut rd, mut wr) = conn.split();
                            tokio::io::copy(&mut rd, &mut wr).await.unwrap();
                        });
                    }
                    _ = &mut stop_rx => break accepted,
                }
            }
        });
        let (tx, mut rx) = mpsc::channel(8);
        for id in 0..CLIENTS {
            let tx = tx.clone();
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis((id % 5) as u64)).await;
                tx.send((id, client(id, addr).await)).await.unwrap();
            });
        }
        drop(tx);
        let mut ok = 0;
        let mut bytes = 0;
        let mut errors = Vec::new();
        while let Some((id, r)) = rx.recv().await {
            match r {
                Ok(n) => {
                    ok += 1;
                    bytes += n;
                }
                Err(e) => errors.push(format!("{}: {}", id, e)),
            }
        }
        errors.sort();
        println!("clients echoed: {} of {}, {} bytes; errors: {:?}", ok, CLIENTS, bytes, errors);
        let mut ticks = tokio::time::interval(Duration::from_millis(10));
        for _ in 0..3 {
            ticks.tick().await;
        }
        println!("interval ticked 3 times");
        let slow = tokio::time::timeout(Duration::from_millis(20), tokio::time::sleep(Duration::from_secs(10))).await;
        println!("timeout over a long sleep: elapsed {}", slow.is_err());
        stop_tx.send(()).unwrap();
        println!("the server accepted {}", server.await.unwrap());
        match TcpStream::connect(addr).await {
            Err(e) => println!("connect after the server stopped: {:?}", e.kind()),
            Ok(_) => println!("connect after the server stopped: connected?"),
        }
    });
    println!("done");
}
