/*
 * tcp.h — the TCP implementation's private structures and the functions
 * its files share (tcp.c: the socket calls; tcp_input.c: segments arriving
 * and listeners; tcp_state.c: the state machine of a connection;
 * tcp_output.c: building and sending segments; tcp_table.c: the table of
 * sockets, ports, TIME_WAIT records and /proc/net/tcp; tcp_options.c:
 * setsockopt and getsockopt at level IPPROTO_TCP; tcp_timer.c: SYN
 * retransmission, the TCP_CORK ceiling, delayed ACKs and keepalive probes, in process context by the worker thread). Read tcp.c's opening
 * comment first: it says what is done and what a lossless loopback allows.
 *
 * Locks: tcp_table_lock protects tcp_socks (every socket with a port:
 * bound, listening, connecting, connected, embryonic), the TIME_WAIT list,
 * the next ephemeral port and every socket's addresses and ports. A
 * socket's sk.lock protects its state, sequence numbers, queues and
 * listener lists. Order: a listener's sk.lock, then a child's sk.lock, then
 * tcp_table_lock, then the device and backlog locks (segments are queued
 * under sk.lock so they keep their order; net_rx_run runs after it is
 * dropped). The readlock and writelock mutexes (one reader, one writer at
 * a time, so a queue's head stays put while it is copied to or from user
 * memory) come before all spinlocks and are never held while waiting.
 */
#pragma once

#include "inet.h"

#include <mutex.h>
#include <time.h>
#include <workqueue.h>

/* Linux's TCP states (include/net/tcp_states.h): /proc/net/tcp shows them. */
enum {
	TCP_ESTABLISHED = 1,
	TCP_SYN_SENT,
	TCP_SYN_RECV,
	TCP_FIN_WAIT1,
	TCP_FIN_WAIT2,
	TCP_TIME_WAIT,
	TCP_CLOSE,
	TCP_CLOSE_WAIT,
	TCP_LAST_ACK,
	TCP_LISTEN,
	TCP_CLOSING,
};

/* The socket's connection state (Linux's socket_state), which connect answers by. */
enum { SS_UNCONNECTED = 1, SS_CONNECTING, SS_CONNECTED };

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PSH 0x08
#define TH_ACK 0x10
#define TH_URG 0x20

#define TCP_MSS_DEFAULT 536  /* TCP_MAXSEG before a connection (RFC 1122) */
#define TCP_MAX_WINDOW 65535 /* the header's window field */
#define TCP_WSCALE 7	     /* our window scale (RFC 7323): Linux's on a loopback (tcp_select_initial_window) */
#define TCP_TIMEWAIT_NS (60ull * 1000000000) /* TCP_TIMEWAIT_LEN */
#define TCP_SNDBUF_DEFAULT 16384	     /* net.ipv4.tcp_wmem[1] */
#define TCP_RCVBUF_DEFAULT 131072	     /* net.ipv4.tcp_rmem[1] */
#define TCP_WMEM_MAX 4194304		     /* net.ipv4.tcp_wmem[2] */
#define TCP_RMEM_MAX 6291456		     /* net.ipv4.tcp_rmem[2] */
#define TCP_SYN_RETRIES 6		     /* net.ipv4.tcp_syn_retries: TCP_SYNCNT's default */
#define TCP_BLOCK 4096			     /* a block small writes and segments are gathered in (truesize) */
#define TCP_COALESCE_MAX 1024		     /* writes and received segments up to this size are gathered */
/* Payload bytes of one segment at most: a segment (struct pkt, IP and TCP
 * headers, kmalloc's header) then fits a 64 KiB page block. */
#define TCP_SEG_MAX (65536 - 128 - TCP_SEG_HDR_ROOM)
#define TCP_TS_LEN 12 /* NOP, NOP and the timestamps option (RFC 7323 3.2): TCPOLEN_TSTAMP_ALIGNED */
/* The room before a send-queue segment's payload: IP and TCP headers and the timestamps option. */
#define TCP_SEG_HDR_ROOM (NET_HDR_ROOM + TCP_HDR_LEN + TCP_TS_LEN)

struct tcphdr {
	u16 source, dest;
	u32 seq, ack_seq;
	u8 doff; /* data offset in words, in the high nibble */
	u8 flags;
	u16 window;
	u16 check;
	u16 urg_ptr;
};
_Static_assert(sizeof(struct tcphdr) == TCP_HDR_LEN, "TCP header");

/*
 * Both queues hold segments (struct pkt), so a byte is copied once on each
 * side: from the writer into the segment it is sent in, and from the
 * segment the receiver got into the reader's buffer. A send-queue segment
 * has room for the headers before its payload (tcp_seg_payload); a
 * receive-queue segment's data and len are the payload not yet read.
 */
static inline u8 *tcp_seg_payload(struct pkt *p)
{
	return p->data + TCP_SEG_HDR_ROOM;
}

static inline size_t tcp_seg_len(const struct pkt *p)
{
	return p->len - TCP_SEG_HDR_ROOM;
}

struct tcp_sock {
	struct sock sk;
	/* [tcp_table_lock] */
	struct inet_addr laddr, faddr; /* v4-mapped on an IPv4 connection */
	u16 lport, fport;	       /* lport 0: never had a port (its name's port) */
	bool in_table;		       /* on tcp_socks, holding a reference and the port lport (inet_num) */
	bool port_locked;	       /* bind was given the port: a closed socket keeps it (SOCK_BINDPORT_LOCK) */
	bool addr_locked;	       /* bind was given an address: a disconnect keeps it (SOCK_BINDADDR_LOCK) */
	/* connect's autobind chose the port (Linux's bind bucket with
	 * fastreuse -1): another connect may share it with another four-tuple */
	bool connect_bound;
	struct list_head node;
	/* [sk.lock] */
	int state;	/* TCP_* */
	int sock_state; /* SS_* */
	bool orphan;	/* the file is closed: the protocol finishes alone */
	u32 iss, snd_una, snd_nxt, snd_wnd;
	u32 rcv_nxt, rcv_wnd_sent; /* the window last advertised, in bytes */
	u16 mss;		   /* the peer's, from its SYN, within TCP_MAXSEG (Linux's mss_clamp) */
	u16 mss_cache;		   /* what a segment carries at most (tcp_sync_mss): TCP_MAXSEG */
	u32 max_window;		   /* the largest window the peer advertised */
	bool ts_ok;		   /* both SYNs carried timestamps (RFC 7323): every segment does */
	/* the round-trip estimate (RFC 6298, tcp_rtt_estimator): one segment is
	 * timed at a time, the one ending at rtt_seq, sent at rtt_start_ns */
	bool rtt_timing;
	u32 rtt_seq;
	u64 rtt_start_ns;
	u32 srtt_us, rttvar_us;	   /* SRTT and RTTVAR in microseconds; 0: no sample yet */
	u32 ts_recent, ts_offset;  /* the peer's last timestamp; our clock's random offset */
	u64 ts_recent_stamp;	   /* when ts_recent was taken, in seconds since boot (rx_opt.ts_recent_stamp) */
	u32 rcv_ssthresh;	   /* the window advertised at most now (tcp_grow_window opens it) */
	u32 window_clamp;	   /* the most rcv_ssthresh may grow to */
	u8 snd_wscale, rcv_wscale; /* RFC 7323 shifts, 0 unless both SYNs carried the option */
	bool nospace;		   /* a writer or poller found no room (SOCK_NOSPACE): an ACK wakes it */
	struct list_head sendq;	   /* struct pkt, not yet sent */
	size_t sendq_bytes;
	bool fin_queued, fin_sent;
	struct list_head rcvq; /* struct pkt, in order */
	size_t rcvq_bytes;     /* payload not yet read (FIONREAD) */
	size_t rcvq_truesize;  /* the memory rcvq takes, which SO_RCVBUF limits (sk_rmem_alloc) */
	u32 rcv_wnd_edge;      /* rcv_nxt + the window last advertised, which never moves left */
	bool rcv_wnd_edge_set; /* a window was advertised after the SYN */
	/* urgent data (MSG_OOB): sent up to snd_up while urg_mode; received:
	 * the urgent byte's sequence number and Linux's urg_data (TCP_URG_*
	 * flags, the byte in the low 8 bits once it came) */
	bool urg_mode;
	u32 snd_up, urg_seq;
	u16 urg_data;
	bool fin_received; /* Linux's SOCK_DONE */
	/* a listener's */
	int backlog;
	int nr_embryos;		   /* children in SYN_RECV */
	struct list_head accept_q; /* established children, each with one reference */
	int accept_len;
	/* a child's: its listener (a reference) until accepted or dead */
	struct tcp_sock *parent;
	struct list_head child_node; /* on parent->accept_q [parent's sk.lock] */
	/* options */
	struct inet_opts inet; /* level IPPROTO_IP [sk.lock] */
	bool nodelay, cork;
	/* Nagle (tcp_nagle_check with Minshall's rule): the end of the last
	 * segment sent that was smaller than the MSS (tcp_minshall_update) */
	u32 snd_sml;
	/* delayed ACKs (Linux's icsk_ack; tcp_output.c): */
	bool ack_sched;	 /* data or a FIN came that no segment acknowledged yet (ICSK_ACK_SCHED) */
	u8 ack_pushed;	 /* TCP_ACK_PUSHED, TCP_ACK_PUSHED2: small or pushed segments came */
	u8 ack_quick;	 /* quick ACKs left (quick-ACK mode while not ping-pong) */
	u8 pingpong;	 /* replies sent within ato of data arriving; interactive from TCP_PINGPONG_THRESH */
	u64 ato_ns;	 /* the delayed ACK's timeout estimate; 0 until the first data */
	u64 lrcvtime_ns; /* when data last came */
	u32 rcv_mss;	 /* the peer's segment size as seen (tcp_measure_rcv_mss) */
	u32 last_seg_size;
	u32 rcv_wup; /* rcv_nxt when a window was last sent */
	u64 dack_ns; /* the delayed ACK's deadline; 0: none */
	int user_mss, keepidle, keepintvl, keepcnt, user_timeout, syncnt;
	/* TCP_LINGER2, seconds: 0 net.ipv4.tcp_fin_timeout, -1 no FIN_WAIT2
	 * once closed (a reset instead), at most TCP_FIN_TIMEOUT_MAX_SECS */
	int linger2;
	u8 cong;	       /* TCP_CONGESTION: an index into tcp_cong_names (tcp_options.c) */
	u32 notsent_lowat;     /* TCP_NOTSENT_LOWAT: unsent bytes past which no POLLOUT; 0: no limit */
	bool window_clamp_set; /* TCP_WINDOW_CLAMP set: window_clamp is the user's */
	/* TCP_DEFER_ACCEPT, as SYN-ACK retransmissions (rskq_defer_accept): a
	 * child inherits it; its handshake ACK without data is held back
	 * (defer_acked) until data comes or that many retransmissions' time
	 * has passed (tcp_timer.c), as Linux's tcp_check_req drops it */
	u8 defer_accept;
	bool defer_acked;
	bool recvmsg_inq; /* TCP_INQ: recvmsg adds TCP_CM_INQ */
	/* the retransmission timer (tcp_timer.c) [sk.lock]; armed or its work
	 * pending or running, it holds a reference */
	struct ktimer timer;
	struct work timer_work;
	u64 timer_ns;	   /* when it fires; 0: stopped */
	u64 armed_ns;	   /* the deadline the ktimer is armed for; 0: not armed (or fired) */
	u64 syn_start_ns;  /* when connect sent the first SYN */
	u64 keep_ns;	   /* the keepalive timer's deadline; 0: none (tcp_keepalive_timer) */
	u64 fin2_ns;	   /* an orphan's end in FIN_WAIT2 (tcp_fin_time); 0: none */
	u64 rcv_tstamp_ns; /* when an acceptable segment last came (Linux's rcv_tstamp, lrcvtime) */
	int probes_out;	   /* keepalive probes unanswered (icsk_probes_out) */
	int syn_retries;   /* SYNs sent again */
	struct mutex readlock, writelock;
};

/* A connection in TIME_WAIT after its socket closed (Linux's inet_timewait_sock). */
struct tcp_tw {
	struct list_head node;
	struct net_ns *net; /* the socket's namespace (a reference) */
	int family;	    /* the socket's: /proc/net/tcp or tcp6 */
	struct inet_addr laddr, faddr;
	u16 lport, fport;
	bool reuse, reuseport;
	bool connect_bound;  /* the socket's connect_bound */
	bool ts_ok;	     /* the connection carried timestamps */
	u64 ts_recent_stamp; /* the socket's (tw_ts_recent_stamp) */
	u64 expires;	     /* monotonic ns */
};

/* ---- receiving segments --------------------------------------------------------------- */

struct segment {
	struct net_ns *net; /* the receiving device's namespace */
	struct inet_addr src, dst;
	u16 sport, dport;
	u32 seq, ack;
	u8 flags;
	u16 window, mss;
	s8 wscale; /* the window-scale option of a SYN, -1 when absent */
	bool ts;   /* it carried the timestamps option: */
	u32 tsval, tsecr;
	u16 urg; /* the urgent pointer, with TH_URG */
	const u8 *data;
	size_t len; /* payload bytes */
};

extern struct spinlock tcp_table_lock;
extern struct list_head tcp_socks; /* [tcp_table_lock] */
extern struct list_head tcp_tws;   /* [tcp_table_lock] */
extern const struct proto_ops tcp_ops;

static inline struct tcp_sock *tcp_sk(struct sock *sk)
{
	return (struct tcp_sock *)sk;
}

/* Sequence-space comparison (RFC 793 arithmetic modulo 2^32). */
static inline bool seq_before(u32 a, u32 b)
{
	return (s32)(a - b) < 0;
}

/* What is left of the window last advertised past rcv_nxt (Linux's
 * tcp_receive_window): the bytes promised, 0 before any. [sk.lock] */
static inline u32 tcp_rcv_wnd_left(const struct tcp_sock *t)
{
	return t->rcv_wnd_edge_set && seq_before(t->rcv_nxt, t->rcv_wnd_edge) ? t->rcv_wnd_edge - t->rcv_nxt : 0;
}

/* Payload bytes the receive buffer takes at most: what a segment arriving
 * may fill, so never less than the window advertised (see tcp_rcv_window).
 * [sk.lock] */
static inline size_t tcp_rcv_space(const struct tcp_sock *t)
{
	size_t cap = (size_t)t->sk.rcvbuf;
	size_t space = t->rcvq_bytes < cap ? cap - t->rcvq_bytes : 0;
	return MAX(space, (size_t)tcp_rcv_wnd_left(t));
}

#define TCP_URG_VALID 0x0100
#define TCP_URG_NOTYET 0x0200
#define TCP_URG_READ 0x0400

/* The sequence number of the next byte a reader gets (Linux's copied_seq). [sk.lock] */
static inline u32 tcp_copied_seq(const struct tcp_sock *t)
{
	return t->rcv_nxt - (u32)t->rcvq_bytes - (t->fin_received ? 1 : 0);
}

/* tcp_table.c */
void tcp_reap_tws(void);
/* Does the socket take the local address a, as inet_locals_overlap sees them? */
static inline bool tcp_local_overlaps(struct tcp_sock *t, struct inet_addr a, bool a_v6only)
{
	return inet_locals_overlap(t->laddr, __atomic_load_n(&t->inet.v6only, __ATOMIC_RELAXED), a, a_v6only);
}
bool tcp_bind_conflict(struct tcp_sock *me, struct inet_addr addr, u16 port);
/* inet_bind_conflict's SO_REUSEPORT exemption: both have it and one owner
 * (or the other is in TIME_WAIT). [tcp_table_lock] */
static inline bool tcp_reuseport_ok(const struct tcp_sock *me, const struct tcp_sock *o)
{
	return me->sk.reuseport && o->sk.reuseport &&
	       (__atomic_load_n(&o->state, __ATOMIC_RELAXED) == TCP_TIME_WAIT || o->sk.uid == me->sk.uid);
}
u16 tcp_pick_port(struct tcp_sock *me, struct inet_addr addr);
/* __inet_hash_connect: an ephemeral port for a connect from addr to (dst,
 * dport), or 0. A port only other connects took is shared when the
 * four-tuple differs; a TIME_WAIT record of the same four-tuple is taken
 * over (and dropped) when tcp_twsk_unique allows. [tcp_table_lock] */
u16 tcp_pick_connect_port(struct tcp_sock *me, struct inet_addr addr, struct inet_addr dst, u16 dport);
void tcp_table_add(struct tcp_sock *t, struct inet_addr addr, u16 port);
bool tcp_table_del_locked(struct tcp_sock *t);
void tcp_table_del(struct tcp_sock *t);
struct tcp_sock *tcp_lookup(struct net_ns *net, struct inet_addr src, u16 sport, struct inet_addr dst, u16 dport);

/* tcp_output.c */
u16 tcp_rcv_window(struct tcp_sock *t);
void tcp_send_ctl(struct tcp_sock *t, u32 seq, u8 flags);
/* Records the peer's advertised window (scaled unless syn); a larger one
 * than ever may let segments grow (tcp_sync_mss). [sk.lock] */
void tcp_set_snd_wnd(struct tcp_sock *t, u16 window, bool syn);
/* The MSS we announce in a SYN: the device's MTU less the headers, within TCP_MAXSEG. [sk.lock] */
u16 tcp_advmss(struct tcp_sock *t);
/* Takes the peer's SYN options: its MSS (within TCP_MAXSEG) and timestamps. [sk.lock] */
void tcp_syn_options_rcvd(struct tcp_sock *t, const struct segment *s);
/* A segment of n in-sequence bytes with truesize arrived: the window may open (tcp_grow_window). [sk.lock] */
void tcp_grow_window(struct tcp_sock *t, size_t truesize, size_t n);
void tcp_send_ack(struct tcp_sock *t);
/* tcp_timer.c: the round-trip estimate. A segment ending at end is sent
 * now: timed unless one is (tcp_rtt_start); an ACK of ack ends the timing
 * with a sample if it covers that segment (tcp_rtt_ack); the retransmission
 * timeout the estimate gives, in microseconds (tcp_rto_us). [sk.lock] */
void tcp_rtt_start(struct tcp_sock *t, u32 end);
void tcp_rtt_ack(struct tcp_sock *t, u32 ack);
u32 tcp_rto_us(const struct tcp_sock *t);
void tcp_push(struct tcp_sock *t);
/* tcp_push for a send with MSG_MORE (more): held as under TCP_CORK. [sk.lock] */
void tcp_push_more(struct tcp_sock *t, bool more);
/* tcp_push ignoring TCP_CORK (uncorking, TCP_NODELAY, the cork ceiling). [sk.lock] */
void tcp_push_all(struct tcp_sock *t);
void tcp_send_reset_for(struct net_ns *net, struct inet_addr src, u16 sport, struct inet_addr dst, u16 dport, u32 seq,
			u32 ack, u8 flags, size_t seglen);

/* tcp.c: the send queue has room for half of what it holds (sk_stream_is_writeable). [sk.lock] */
bool tcp_stream_writeable(struct tcp_sock *t);

/* tcp_state.c */
void tcp_purge(struct list_head *q);
/* Empties the receive queue. [sk.lock] */
void tcp_rcvq_purge(struct tcp_sock *t);
/* The last packet of the non-empty queue q if it has room for n more bytes,
 * else a new block of TCP_BLOCK bytes (struct included) queued at q's tail,
 * holding hdr bytes (*fresh set); NULL without memory. [sk.lock] */
struct pkt *tcp_tail_with_room(struct list_head *q, size_t n, size_t hdr, bool *fresh);
/* A reader takes n bytes of c, the receive queue's head; past the urgent
 * byte, urgent data is over. [sk.lock] */
void tcp_rcvq_consume(struct tcp_sock *t, struct pkt *c, size_t n);
bool tcp_done(struct tcp_sock *t);
bool tcp_reset(struct tcp_sock *t);
void tcp_forget_connection(struct tcp_sock *t);
bool tcp_enter_time_wait(struct tcp_sock *t);
/* Consumes p (its data queued for the reader, or freed). */
void tcp_conn_rcv(struct tcp_sock *t, const struct segment *s, struct pkt *p);
/* The connection is established: the send buffer grows as Linux's does (tcp_sndbuf_expand). [sk.lock] */
void tcp_sndbuf_expand(struct tcp_sock *t);

/* Delayed ACKs (tcp_output.c: Linux's tcp_event_data_recv, __tcp_ack_snd_check,
 * tcp_send_delayed_ack, tcp_cleanup_rbuf, tcp_delack_timer_handler). [sk.lock] */
/* n in-sequence payload bytes of s were queued: an ACK is due (now or later). */
void tcp_event_data_recv(struct tcp_sock *t, const struct segment *s, size_t n);
/* tcp_fin in ESTABLISHED: the FIN's ACK is due, and the connection turns interactive. */
void tcp_fin_ack_due(struct tcp_sock *t);
/* An ACK is due: sent now (quick-ACK mode, more than one full segment
 * unacknowledged), else the delayed-ACK timer is armed. */
void tcp_ack_snd_check(struct tcp_sock *t);
/* A reader took bytes: an ACK due may go now (tcp_cleanup_rbuf). Returns whether one went. */
bool tcp_ack_on_read(struct tcp_sock *t);
/* The delayed-ACK timer's deadline came. */
void tcp_delack_fire(struct tcp_sock *t);
/* TCP_QUICKACK (__tcp_sock_set_quickack): 0 makes the connection
 * interactive; else it stops being so and an ACK due goes now (then, for an
 * even value, it is interactive again). */
void tcp_set_quickack(struct tcp_sock *t, int v);
/* Is the connection interactive (inet_csk_in_pingpong_mode)? TCP_QUICKACK reads its negation. */
bool tcp_in_pingpong(const struct tcp_sock *t);

/* tcp_timer.c [sk.lock] */
void tcp_timer_init(struct tcp_sock *t); /* a new socket's (no lock) */
/* The delayed ACK's deadline (t->dack_ns) changed: the timer follows. */
void tcp_timer_dack(struct tcp_sock *t);
/* connect sent its SYN: retransmit it until answered or timed out. */
void tcp_timer_syn(struct tcp_sock *t);
/* tcp_push held corked data: send it within the cork ceiling. */
void tcp_timer_cork(struct tcp_sock *t);
/* A child held back by TCP_DEFER_ACCEPT completes tcp_defer_secs from now. */
void tcp_timer_defer(struct tcp_sock *t);
void tcp_timer_stop(struct tcp_sock *t);
/* Keepalive (inet_csk_reset_keepalive_timer): the first probe is due
 * TCP_KEEPIDLE after `from` (a connection established now, SO_KEEPALIVE set
 * now, or TCP_KEEPIDLE changed: the last segment received), if
 * SO_KEEPALIVE is on and the state probes (not CLOSE, LISTEN, SYN_SENT). */
void tcp_keepalive_arm(struct tcp_sock *t, u64 from);
/* SO_KEEPALIVE (proto_ops.keepalive; takes sk.lock). */
void tcp_keepalive_set(struct sock *sk, bool on);
/* A closed socket (an orphan) is in FIN_WAIT2: without the peer's FIN it
 * goes, silently, tcp_fin_time after now. */
void tcp_orphan_fin_wait2(struct tcp_sock *t);
#define TCP_FIN_TIMEOUT_MAX_SECS 120 /* TCP_LINGER2's ceiling (Linux's TCP_FIN_TIMEOUT_MAX) */

/* tcp_options.c: the congestion control algorithms a socket can name
 * (TCP_CONGESTION): the index of net.ipv4.tcp_congestion_control's. */
int tcp_cong_default(void);
/* Seconds of SYN-ACK retransmissions for n of them (retrans_to_secs). */
int tcp_defer_secs(u8 n);
/* A SYN_RECV child's handshake completes: ESTABLISHED, and whether it goes
 * to its listener's accept queue (tcp_child_to_listener after sk.lock).
 * [sk.lock] */
bool tcp_syn_recv_established(struct tcp_sock *t);

/* tcp.c: a zeroed socket's empty queues, locks and operations. */
void tcp_sock_init(struct tcp_sock *t, struct net_ns *net);

/* tcp_input.c */
void tcp_child_to_listener(struct tcp_sock *c, bool established);

/* tcp_options.c */
int tcp_setsockopt(struct sock *sk, int level, int name, const void *val, int len);
int tcp_getsockopt(struct sock *sk, int level, int name, void *val, int *len);
