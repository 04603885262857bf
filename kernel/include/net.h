/*
 * net.h — the socket layer (Linux net/socket.c, include/net/sock.h,
 * include/linux/net.h, in a smaller shape).
 *
 * A socket is a file: socket(2) makes a struct sock for the family's
 * create function and an open file whose ops are socket_file_ops (read,
 * write, poll, ioctl, fstat S_IFSOCK; the file's anonymous inode gives
 * /proc/<pid>/fd its "socket:[ino]"). Every system call finds the sock
 * behind a descriptor (sock_from_fd, ENOTSOCK otherwise) and calls the
 * family's struct proto_ops: the generic layer checks arguments and copies
 * addresses and message headers between user and kernel memory; a family
 * only sees kernel addresses and a msg_iter over the user's buffers.
 *
 * struct sock is the part every family shares (Linux's struct sock fields
 * the generic SOL_SOCKET options touch); a family embeds it first in its
 * own structure (AF_UNIX: struct unix_sock) and frees the whole through
 * ops->destroy when the last reference goes. The file holds one reference
 * and calls ops->release on its last close; a peer, an in-flight message
 * or a listener's queue may hold others.
 *
 * A new family (AF_INET with a TCP/IP stack) registers a net_family with
 * its create function in net_families[] (socket.c) and brings its own
 * proto_ops; nothing in the generic layer knows what a family does.
 *
 * Locks: sock->lock protects the fields marked [lock]; a family may hang
 * its own state on it. Options are single words written under it and read
 * without it (a stale value only means the old setting).
 */
#pragma once

#include <fs.h>
#include <spinlock.h>
#include <types.h>
#include <uapi/errqueue.h>
#include <uapi/misc.h>
#include <uapi/socket.h>
#include <wait.h>

struct sock;
struct poll_table;
struct mutex;
struct vma;
struct cred;
struct net_ns;

#define RCV_SHUTDOWN 1
#define SEND_SHUTDOWN 2
#define SHUTDOWN_MASK 3

/* Linux's sysctl_{w,r}mem_default (212992 on a 64-bit kernel) and SOCK_MIN_*BUF. */
#define SOCK_BUF_DEFAULT 212992
#define SOCK_BUF_MAX 212992 /* net.core.{w,r}mem_max */
#define SOCK_MIN_SNDBUF 4608
#define SOCK_MIN_RCVBUF 2304

/* A walk over the buffers of one transfer: a user iovec array (sendmsg,
 * recvmsg, readv of a socket) or one iobuf (read, write). */
struct msg_iter {
	struct iobuf one;	      /* nr_segs == 0: the one buffer */
	const struct iovec_user *iov; /* else nr_segs segments */
	int nr_segs;
	int seg;	/* the segment being used */
	size_t seg_off; /* bytes used in it (or in one) */
	size_t left;	/* bytes left in the whole walk */
};

void msg_iter_one(struct msg_iter *it, struct iobuf buf, size_t len);
void msg_iter_iov(struct msg_iter *it, const struct iovec_user *iov, int nr_segs, size_t total);
/* Copy n bytes (at most it->left) out to / in from the walk; -EFAULT on a bad address. */
int __must_check msg_iter_copy_out(struct msg_iter *it, const void *src, size_t n);
int __must_check msg_iter_copy_in(void *dst, struct msg_iter *it, size_t n);

/* Credentials as they travel with a message or a connection (struct ucred). */
struct sock_cred {
	s32 pid; /* thread-group id */
	u32 uid, gid;
};
/* The caller's: effective ids for SO_PEERCRED (Linux cred_to_ucred),
 * real ones for SCM_CREDENTIALS (scm_send's current_uid()). */
void sock_cred_current(struct sock_cred *c, bool effective);

/* Ancillary data: what sendmsg's control buffer carried, or what recvmsg
 * gives back (Linux's struct scm_cookie). */
struct scm_data {
	struct file **fds; /* SCM_RIGHTS: file references, kmalloc'd */
	int nr_fds;
	bool has_cred; /* SCM_CREDENTIALS sent explicitly */
	struct sock_cred cred;
};
void scm_release(struct scm_data *scm); /* drops the files */

/* One sendmsg or recvmsg in kernel form. */
#define SOCK_MSG_PROTO_CMSGS 6 /* IPv4 to AF_INET6: in6_pktinfo, pktinfo, TTL, TOS, origdstaddr */
#define SOCK_CMSG_MAX 44       /* the largest: IPV6_RECVERR's extended error and sockaddr_in6 */

struct sock_msg {
	struct msg_iter iter;
	u8 name[SOCKADDR_MAX]; /* send: the destination; recv: the source */
	int namelen;	       /* send: 0 without; recv: the source's length (0: none) */
	int flags;	       /* MSG_* given */
	int out_flags;	       /* recv: MSG_TRUNC, MSG_CTRUNC, MSG_EOR, MSG_OOB for msg_flags */
	struct scm_data scm;   /* send: parsed control data; recv: to deliver */
	bool want_cred;	       /* recv: deliver SCM_CREDENTIALS (SO_PASSCRED) */
	struct sock_cred cred; /* recv: the sender's, when want_cred */
	/* recv: the protocol's control messages (IP_PKTINFO, IP_TTL,
	 * IPV6_HOPLIMIT, TCP_CM_INQ...), in the order the family adds them
	 * (sock_msg_put_cmsg), put after the SOL_SOCKET timestamp and drop
	 * count and before credentials and descriptors, as on Linux */
	struct sock_cmsg {
		int level, type;
		size_t len;
		u8 data[SOCK_CMSG_MAX];
	} proto_cmsgs[SOCK_MSG_PROTO_CMSGS];
	int nr_proto_cmsgs;
	/* recv: the SO_TIMESTAMP* control message (sock_recv_timestamp): its
	 * type (0: none) and the arrival time, CLOCK_REALTIME */
	int tstamp_type;
	u64 tstamp_ns;
	u32 drops;	   /* recv: SO_RXQ_OVFL's count to deliver, 0: none */
	uaddr_t control;   /* recv: the user's control buffer */
	size_t controllen; /* recv: its size; then the bytes written */
};

/* The device of net named name: its index, 0 for none (dev_get_by_name);
 * the name of the device of index ifindex, NULL for none (netdev_get_name). */
int netdev_ifindex_by_name(struct net_ns *net, const char *name);
const char *netdev_name_by_index(struct net_ns *net, int ifindex);
/* Adds a protocol control message (len at most 20 bytes) to m. */
void sock_msg_put_cmsg(struct sock_msg *m, int level, int type, const void *data, size_t len);
/* __sock_recv_timestamp: with SO_TIMESTAMP* on, m carries the arrival
 * time ns (0: now, for data stamped at no arrival: AF_UNIX, as Linux's
 * skb->tstamp 0). Before the other control messages in scm_recv. */
void sock_recv_timestamp(struct sock *sk, struct sock_msg *m, u64 ns);
/* The arrival stamp to keep with received data: now if sk wants one, else 0. */
u64 sock_rx_stamp(struct sock *sk);

struct proto_ops {
	int family;
	/* The file's last close: disconnect, purge, drop the file's reference. */
	void (*release)(struct sock *sk);
	/* The last reference: free everything. */
	void (*destroy)(struct sock *sk);
	int (*bind)(struct sock *sk, const void *addr, int len);
	int (*connect)(struct sock *sk, const void *addr, int len, int flags);
	int (*socketpair)(struct sock *a, struct sock *b);
	/* *newsk: the accepted connection with one reference, not yet a file. */
	int (*accept)(struct sock *sk, struct sock **newsk, int flags);
	int (*listen)(struct sock *sk, int backlog);
	/* The local (peer false) or remote address into addr: its length or -errno. */
	int (*getname)(struct sock *sk, void *addr, bool peer);
	short (*poll)(struct sock *sk, struct file *f, struct poll_table *pt);
	/* -ENOIOCTLCMD: not the family's; the generic layer tries netdev_ioctl, then ENOTTY. */
	long (*ioctl)(struct sock *sk, unsigned cmd, u64 arg);
	int (*shutdown)(struct sock *sk, int how); /* RCV_SHUTDOWN | SEND_SHUTDOWN */
	/* Bytes sent / received, or -errno. flags: MSG_* plus MSG_DONTWAIT for O_NONBLOCK. */
	ssize_t (*sendmsg)(struct sock *sk, struct sock_msg *m, size_t len);
	ssize_t (*recvmsg)(struct sock *sk, struct sock_msg *m, size_t len);
	/* SO_PASSCRED changed (AF_UNIX autobinds) — NULL: nothing to do. */
	int (*setsockopt)(struct sock *sk, int level, int name, const void *val, int len);
	/* val holds the caller's first bytes and *len its buffer's length on
	 * entry (an option may take an input); on success, the value and its
	 * length (the generic layer cuts it to the caller's). */
	int (*getsockopt)(struct sock *sk, int level, int name, void *val, int *len);
	/* SO_KEEPALIVE is being set to on (Linux's sk_prot->keepalive) — NULL: only stored. */
	void (*keepalive)(struct sock *sk, bool on);
	/* mmap(2) of the socket's file (file_ops.mmap) — NULL: ENODEV (sock_no_mmap). */
	int (*mmap)(struct sock *sk, struct file *f, struct vma *v);
	/* SO_RCVLOWAT of val (0..INT_MAX) — NULL: stored as val or 1 (Linux's
	 * proto_ops.set_rcvlowat: TCP caps it and grows its buffer). */
	int (*set_rcvlowat)(struct sock *sk, int val);
	/* SO_PEEK_OFF is the family's (Linux's proto_ops.set_peek_off: UDP and
	 * AF_UNIX), else EOPNOTSUPP. */
	bool peek_off;
};

struct sock {
	int refcount; /* atomic: the file, peers, in-flight messages, queues */
	/* family: AF_INET6 sockets turn AF_INET once, by IPV6_ADDRFORM under
	 * the protocol's lock (ipv6.c); a reader without it sees one or the
	 * other, each a whole socket's view [atomic store] */
	int family, type, protocol;
	struct net_ns *net; /* its network namespace, the creator's (a reference; sock_net) */
	const struct proto_ops *ops;
	struct file *file; /* its file (no reference), NULL once released [lock] */
	u64 ino;	   /* the sockfs inode number (the file's inode) */
	struct spinlock lock;
	struct wait_queue wq; /* readers, writers, accepters, pollers of this socket */
	unsigned shutdown;    /* RCV_SHUTDOWN | SEND_SHUTDOWN [lock] */
	int err;	      /* pending error for SO_ERROR / the next call (positive errno) [lock] */
	bool listening;	      /* SO_ACCEPTCONN [lock] */
	bool dead;	      /* released [lock] */
	int sndbuf, rcvbuf;   /* SO_SNDBUF, SO_RCVBUF (already doubled) */
	bool sndbuf_locked;   /* the user set SO_SNDBUF (SOCK_SNDBUF_LOCK): TCP keeps it */
	bool rcvbuf_locked;   /* the user set SO_RCVBUF (SOCK_RCVBUF_LOCK): SO_RCVLOWAT leaves it */
	/* SO_RCVLOWAT, 1..INT_MAX: TCP and AF_UNIX stream reads wait for this
	 * many bytes (less than that only at EOF, an error or a signal), and
	 * TCP's poll reports POLLIN from it (sock_rcvlowat) [atomic] */
	int rcvlowat;
	u64 rcvtimeo_ns; /* SO_RCVTIMEO; 0: none */
	u64 sndtimeo_ns; /* SO_SNDTIMEO; 0: none */
	bool reuseaddr, reuseport, keepalive, passcred, broadcast;
	bool oobinline;	    /* SO_OOBINLINE: TCP's urgent byte stays in the stream */
	bool dontroute;	    /* SO_DONTROUTE (SOCK_LOCALROUTE): only directly reachable hosts, which lo's are */
	u32 priority;	    /* SO_PRIORITY (IP_TOS sets it too): a queueing class no device here reads */
	u32 mark;	    /* SO_MARK: the firewall mark, for policy routing this kernel has none of */
	int busy_poll_usec; /* SO_BUSY_POLL: no device here is polled; kept and reported */
	bool debug;	    /* SO_DEBUG (SOCK_DBG): nothing here traces by it; kept and reported */
	bool passsec;	    /* SO_PASSSEC: with no security module there is no SCM_SECURITY to pass */
	u64 cookie;	    /* SO_COOKIE: unique, given on the first request (sock_gen_cookie) [atomic] */
	/* SO_TIMESTAMP* (sock_set_timestamp's SOCK_RCVTSTAMP, SOCK_RCVTSTAMPNS,
	 * SOCK_TSTAMP_NEW): received data carries its arrival time [atomic] */
	bool rcvtstamp, rcvtstampns, tstamp_new;
	int bound_dev_if; /* SO_BINDTODEVICE, SO_BINDTOIFINDEX: 0 none, else lo's index [atomic] */
	/* SO_INCOMING_CPU: the CPU that last delivered to it (connected UDP,
	 * TCP), -1 before any [atomic] */
	int incoming_cpu;
	bool rxq_ovfl;		   /* SO_RXQ_OVFL: a datagram read says how many were dropped before it */
	bool select_err_queue;	   /* SO_SELECT_ERR_QUEUE: datagram_poll adds POLLPRI to POLLERR [atomic] */
	u32 drops;		   /* datagrams dropped on a full queue (sk_drops) [atomic] */
	bool linger;		   /* SO_LINGER l_onoff */
	int linger_secs;	   /* SO_LINGER l_linger */
	u32 uid;		   /* the creator's fsuid (Linux's sock_i_uid): /proc/net/{tcp,udp} */
	bool has_peercred;	   /* peercred is set (connected or paired) [lock] */
	struct sock_cred peercred; /* SO_PEERCRED [lock] */
	struct fasync_list fasync; /* O_ASYNC files (sock_fasync): sock_wake_async signals them */
	bool async_nospace;	   /* SOCKWQ_ASYNC_NOSPACE: a send found no room since the last POLL_OUT [atomic] */
	/* the error queue (sk_error_queue): struct sock_err, oldest first, and
	 * the bytes of data they hold, charged with the receive queue's against
	 * SO_RCVBUF [lock] */
	struct list_head error_queue;
	size_t error_bytes;
	/* SO_PEEK_OFF (sk_peek_off): -1 off, else where the next MSG_PEEK
	 * starts; readers move it under their read mutex [atomic] */
	int peek_off;
	/* SO_ZEROCOPY (SOCK_ZEROCOPY; TCP and UDP only) and the number the next
	 * MSG_ZEROCOPY send gets (sk_zckey) [lock] */
	bool zerocopy;
	u32 zckey;
};

/* sk_peek_offset: where a read of flags starts in the queue, -1 for none. */
static inline int sock_peek_offset(struct sock *sk, int flags)
{
	return (flags & MSG_PEEK) ? __atomic_load_n(&sk->peek_off, __ATOMIC_RELAXED) : -1;
}
/* sk_peek_offset_fwd / _bwd: while SO_PEEK_OFF is on, a peek of n bytes
 * moves it forward by n, a read of n back (not below 0). Under the
 * caller's read mutex. */
void sock_peek_offset_move(struct sock *sk, bool peek, s64 n);

/*
 * One entry of a socket's error queue (Linux's struct sock_exterr_skb and
 * its skb), made by the protocol that received the error (udp_err) and
 * given back by recvmsg(MSG_ERRQUEUE) (sock_recv_err): data (the quoted
 * datagram's payload), a name (the original destination) and one control
 * message of cmsg_level / cmsg_type holding ee and then the offender's
 * address (offender_len bytes), all already in the receiving socket's
 * family's form.
 */
struct sock_err {
	struct list_head node;
	int cmsg_level, cmsg_type;
	struct sock_extended_err_user ee;
	u8 name[28];
	int namelen;
	u8 offender[28];
	int offender_len;
	u64 tstamp_ns; /* the arrival time for SO_TIMESTAMP*, 0: none */
	size_t len;
	u8 data[];
};
/* sock_queue_err_skb: queues e on sk's error queue unless the bytes queued
 * there and rmem (the receive queue's) would reach SO_RCVBUF or sk is
 * released (then e is freed and false returned); wakes pollers and sends
 * POLL_ERR (sk_error_report). Takes sk.lock. */
bool sock_queue_err(struct sock *sk, struct sock_err *e, size_t rmem);
/* ip_recv_error / ipv6_recv_error: the oldest entry of sk's error queue
 * into m (at most len bytes of data, MSG_TRUNC past it, MSG_ERRQUEUE in
 * msg_flags) and freed; EAGAIN when the queue is empty. As
 * sock_dequeue_err_skb, the pending error becomes the next ICMP entry's
 * errno, or 0 when an ICMP entry leaves none behind. */
ssize_t sock_recv_err(struct sock *sk, struct sock_msg *m, size_t len);
/* Frees every entry of sk's error queue (skb_queue_purge). */
void sock_purge_err(struct sock *sk);

/* sock_rcvlowat: the bytes a stream read waits for before it returns, all
 * of len with MSG_WAITALL, else SO_RCVLOWAT's (at most len). */
static inline size_t sock_rcvlowat(struct sock *sk, bool waitall, size_t len)
{
	return waitall ? len : MIN((size_t)__atomic_load_n(&sk->rcvlowat, __ATOMIC_RELAXED), len);
}

/* A family the kernel has (net_families in socket.c). */
struct net_family {
	int family;
	/* A new sock of type (SOCK_* without flags) and protocol, one reference. */
	int (*create)(int type, int protocol, struct sock **out);
};
extern const struct net_family unix_family;    /* af_unix.c */
extern const struct net_family inet_family;    /* udp.c: AF_INET (TCP and UDP) */
extern const struct net_family inet6_family;   /* udp.c: AF_INET6 (TCP and UDP) */
extern const struct net_family netlink_family; /* netlink.c: AF_NETLINK (NETLINK_ROUTE) */
extern const struct net_family packet_family;  /* af_packet.c: AF_PACKET */

/*
 * Network namespaces (net/net_ns.c; the structure is in net/inet.h). A
 * task's is its cred's (cred->net_ns; NULL: init_net), as UTS and IPC
 * namespaces are here. get and put take NULL (init_net, never freed).
 */
struct net_ns *net_ns_get(struct net_ns *ns);
void net_ns_put(struct net_ns *ns);
/* A new namespace, lo down, or -ENOMEM. */
int __must_check net_ns_new(struct net_ns **out);
/* The namespace of a cred and of the caller (no reference taken). */
struct net_ns *net_ns_of(const struct cred *c);
struct net_ns *net_ns_current(void);
u32 net_ns_inum(const struct net_ns *ns);
/* net.ipv4.conf.{all,default,lo}.NAME of the caller's namespace (which:
 * NET_CONF_* times IPV4_CONF_MAX plus IPV4_CONF_*), as /proc/sys shows
 * and stores them (proc_dointvec). */
enum { NET_CONF_ALL, NET_CONF_DEFAULT, NET_CONF_LO, NET_CONF_DEVS };
enum { IPV4_CONF_TAG, IPV4_CONF_MAX };
size_t net_conf_format(int which, char *buf, size_t cap);
int net_conf_store(int which, const char *text, size_t len);

/* A new sock in namespace net (a reference is taken: sock_put drops it). */
void sock_init(struct sock *sk, const struct proto_ops *ops, int type, int protocol, struct net_ns *net);
void sock_hold(struct sock *sk);
/* sk_wake_async (Linux net/socket.c sock_wake_async, SOCK_WAKE_WAITD): the
 * O_ASYNC owners of sk get SIGIO for reason (POLL_IN: data or a connection
 * came; POLL_HUP: the peer is gone). Call with no spinlock held. */
void sock_wake_async(struct sock *sk, int reason);
/* SOCKWQ_ASYNC_NOSPACE: a send found sk's buffer full (sock_alloc_send_pskb). */
void sock_set_async_nospace(struct sock *sk);
/* sk_wake_async(SOCK_WAKE_SPACE, POLL_OUT), from a write_space callback once
 * there is room: POLL_OUT to the O_ASYNC owners of sk if a send found none
 * since the last one. Call with no spinlock held. */
void sock_wake_async_space(struct sock *sk);
/* sk_send_sigurg: urgent data is coming; SIGURG to the owner of sk's file
 * (F_SETOWN). Call with no spinlock held. */
void sock_send_sigurg(struct sock *sk);
void sock_put(struct sock *sk);
/* Drops a reference the caller knows is not the last (it holds another,
 * or someone it relies on does): safe where destroy could not run, such
 * as under a lock or in interrupt context (Linux's __sock_put). */
void sock_put_not_last(struct sock *sk);
/* The sock of fd with a reference to its file (*f), or -EBADF / -ENOTSOCK. */
int __must_check sock_from_fd(int fd, struct file **f, struct sock **sk);
/* The sock behind an open file, or NULL if it is not a socket. */
struct sock *sock_of_file(struct file *f);
/* A file for sk (takes over its reference) installed as a new fd (SOCK_* flags). */
int __must_check sock_install(struct sock *sk, int flags);
/* Takes and clears sk->err (sock_error): 0 or -errno. */
int sock_take_error(struct sock *sk);
/* The timeout deadline (monotonic ns, ~0UL: none) of a receive or a send. */
u64 sock_deadline(const struct sock *sk, bool send);
/* A datagram reader's wait (UDP, netlink) for its queue to fill or an
 * error, with readlock (held) dropped meanwhile: 0, -EAGAIN at the
 * deadline, -ERESTARTSYS for a signal or -EINTR with a timeout set. */
int sock_wait_datagram(struct sock *sk, struct mutex *readlock, const struct list_head *queue, u64 deadline);
/* A send on a broken connection: EPIPE, raising SIGPIPE unless MSG_NOSIGNAL. */
ssize_t sock_epipe(int flags);

/* The device ioctls any socket answers (net/netdev.c: SIOCGIFCONF, SIOCGIFNAME,
 * SIOCGIFFLAGS, SIOCSIFFLAGS, SIOCGIFINDEX, SIOCGIFMTU, SIOCGIFTXQLEN, SIOCGIFADDR), -ENOIOCTLCMD for others. */
long netdev_ioctl(struct net_ns *net, unsigned cmd, u64 arg);

/*
 * A /proc/net file being formatted (socket.c): text goes to buf while it
 * fits (snprintf's rules: buf may be NULL with cap 0); len counts every
 * byte asked for, so a first call with no buffer sizes the second.
 */
struct proc_net_text {
	char *buf;
	size_t cap, len;
};
/* Appends text formatted as printf does. */
void proc_net_printf(struct proc_net_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends one line: the text, spaces up to width columns (Linux's seq_pad;
 * 0: none), then a newline. */
void proc_net_line(struct proc_net_text *t, unsigned width, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* /proc/sys/net/ipv4/ip_local_port_range (ipv4.c): the range ephemeral
 * ports come from, and a write to it (-EINVAL as Linux checks it, else the
 * bytes taken, 0 for all). */
void inet_port_range(u16 *low, u16 *high);
int inet_port_range_store(const char *text, size_t len);
/* /proc/sys/net/ipv4/ping_group_range (icmp.c): the groups that may open
 * ping sockets, and a write to it (the same conventions). */
void ping_group_range_get(u32 *low, u32 *high);
/* net.ipv4.tcp_fin_timeout, seconds (net/tcp_timer.c; one for the system,
 * where Linux keeps one per network namespace) */
int tcp_fin_timeout_get(void);
void tcp_fin_timeout_set(int secs);
/* net.ipv4.tcp_congestion_control (TCP_CONG_SYSCTL_DEFAULT: the default
 * of new sockets, writable) and tcp_{available,allowed}_congestion_control
 * (TCP_CONG_SYSCTL_LIST) as text (net/tcp_options.c); a write of an
 * unknown name is -ENOENT. */
#define TCP_CONG_SYSCTL_DEFAULT 0
#define TCP_CONG_SYSCTL_LIST 1
size_t tcp_cong_format(int which, char *buf, size_t cap);
int tcp_cong_store(int which, const char *text, size_t len);
int ping_group_range_store(const char *text, size_t len);

/* netlink.c, for mq_notify's SIGEV_THREAD (Linux netlink_getsockbyfilp,
 * alloc_skb, netlink_sendskb and netlink_detachskb): the AF_NETLINK socket
 * behind f with a reference (-ENOTSOCK, -EINVAL for another family;
 * sock_put it); a datagram of len bytes from the kernel (NULL: no memory)
 * and its bytes; queueing it on a socket (consumes it; no spinlock held),
 * or freeing it unsent. */
struct nl_dgram;
int __must_check netlink_sock_of_file(struct file *f, struct sock **out);
struct nl_dgram *netlink_msg_alloc(size_t len);
void *netlink_msg_data(struct nl_dgram *d);
void netlink_sendskb(struct sock *sk, struct nl_dgram *d);
void netlink_msg_free(struct nl_dgram *d);
/* /proc/net/unix (af_unix.c): formats the table into buf (at most cap
 * bytes, snprintf's rules) and returns the length it needs. */
size_t unix_proc_format(char *buf, size_t cap);
/* /proc/net/tcp and tcp6 (tcp_table.c), /proc/net/udp and udp6 (udp.c), the same way. */
size_t tcp_proc_format(char *buf, size_t cap);
size_t tcp6_proc_format(char *buf, size_t cap);
size_t udp_proc_format(char *buf, size_t cap);
size_t udp6_proc_format(char *buf, size_t cap);
/* /proc/net/raw, raw6, icmp and icmp6 (icmp.c: raw and ping sockets), the same way. */
size_t raw_proc_format(char *buf, size_t cap);
size_t raw6_proc_format(char *buf, size_t cap);
size_t icmp_proc_format(char *buf, size_t cap);
size_t icmp6_proc_format(char *buf, size_t cap);
/* /proc/net/if_inet6 (netdev.c), the same way. */
size_t if_inet6_proc_format(char *buf, size_t cap);
size_t dev_proc_format(char *buf, size_t cap); /* /proc/net/dev */
/* /proc/net/snmp and snmp6 (snmp.c), the same way. */
size_t snmp_proc_format(char *buf, size_t cap);
size_t snmp6_proc_format(char *buf, size_t cap);
