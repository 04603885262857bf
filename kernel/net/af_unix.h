/*
 * af_unix.h — AF_UNIX's private structures, shared by af_unix.c (names,
 * connections, release, /proc/net/unix) and unix_msg.c (sending and
 * receiving). The model is Linux net/unix/af_unix.c; docs/net.md has the
 * design.
 *
 * A unix_sock embeds the generic struct sock first. Its queue holds what
 * arrives for it: unix_msg records with data (and the descriptors and
 * credentials that came with them), or, on a listening socket, one record
 * per connection not yet accepted (msg->embryo, Linux's skb->sk).
 *
 * Locks, outermost first:
 *   0. unix_gc_lock            in-flight counts and the collector (unix_gc.c)
 *   1. u->bindlock (mutex)     bind and autobind of that socket
 *   2. u->readlock (mutex)     one reader at a time consumes the queue, so
 *                              the message at the head stays put while its
 *                              bytes are copied to user memory (Linux iolock)
 *   3. unix_table_lock         the list of all sockets and their names
 *   4. a listener's sk.lock, then a connecting socket's sk.lock (connect),
 *      otherwise one sk.lock at a time
 *   5. wait-queue locks
 * Nothing sleeps under 3-5; user memory is touched only under 1-2.
 */
#pragma once

#include <list.h>
#include <mutex.h>
#include <net.h>

/* A socket's name: the bytes of a struct sockaddr_un and their length
 * (Linux struct unix_address). Never changed once set; shared by a
 * listener and the sockets it accepts (refcount). */
struct unix_address {
	int refcount; /* atomic */
	int len;      /* sizeof(sun_family) + name (+ NUL for a path) */
	u8 bytes[sizeof(struct sockaddr_un_user) + 1];
};

enum unix_state {
	UNIX_UNCONNECTED, /* TCP_CLOSE */
	UNIX_LISTEN,	  /* TCP_LISTEN */
	UNIX_CONNECTED,	  /* TCP_ESTABLISHED */
};

struct unix_sock {
	struct sock sk;
	enum unix_state state;	   /* [sk.lock] */
	struct unix_sock *peer;	   /* holds a reference [sk.lock] */
	struct unix_address *addr; /* set once [unix_table_lock and sk.lock] */
	struct inode *inode;	   /* a bound path's socket inode (reference) [bindlock] */
	struct list_head queue;	   /* struct unix_msg [sk.lock] */
	int qlen;		   /* messages (connections) queued [sk.lock] */
	size_t qbytes;		   /* unread bytes queued [sk.lock] */
	int backlog;		   /* listen(2)'s, or max_dgram_qlen [sk.lock] */
	size_t wmem;		   /* bytes of its messages still queued somewhere [atomic] */
	bool embryo;		   /* a connection not accepted yet (no file) [sk.lock] */
	bool bound;		   /* addr is its own name, found by connect [unix_table_lock] */
	struct mutex readlock;
	struct mutex bindlock;
	struct list_head node; /* in unix_sockets [unix_table_lock] */
	/* the collector's (unix_gc.c) [unix_gc_lock] */
	int inflight; /* in-flight messages holding this socket's file */
	int gc_refs;  /* inflight less the references from candidates' queues */
	bool gc_candidate, gc_reachable;
	struct list_head gc_node; /* on the collector's candidate list */
};

struct unix_msg {
	struct list_head node;	  /* in the receiver's queue */
	struct unix_sock *sender; /* holds a reference: its address, its wmem charge */
	struct unix_sock *embryo; /* a pending connection (listener queues), reference */
	size_t len;		  /* bytes of data */
	size_t off;		  /* bytes already read (SOCK_STREAM) */
	struct sock_cred cred;	  /* who sent it (SCM_CREDENTIALS) */
	struct file **fds;	  /* SCM_RIGHTS in flight, references */
	int nr_fds;
	u8 data[];
};

static inline struct unix_sock *unix_sk(struct sock *sk)
{
	return (struct unix_sock *)sk;
}

/* unix_msg.c */
ssize_t unix_stream_sendmsg(struct sock *sk, struct sock_msg *m, size_t len);
ssize_t unix_dgram_sendmsg(struct sock *sk, struct sock_msg *m, size_t len);
ssize_t unix_stream_recvmsg(struct sock *sk, struct sock_msg *m, size_t len);
ssize_t unix_dgram_recvmsg(struct sock *sk, struct sock_msg *m, size_t len);
/* unix_writable: not listening, and at most a quarter of the send buffer in
 * flight (poll's POLLOUT, and when room again sends POLL_OUT). */
bool unix_writable(struct unix_sock *u);
/* Frees a consumed or purged message: its files, the sender's charge. */
void unix_msg_free(struct unix_msg *msg);

/* unix_gc.c */
/* fds (n) now ride in a message / no longer do: the in-flight counts. */
void unix_inflight(struct file **fds, int n);
void unix_notinflight(struct file **fds, int n);
/* Moves a queued message's descriptors to *fds (the reader's), uncounting them. */
void unix_take_msg_fds(struct unix_msg *msg, struct file ***fds, int *nr);
/* Frees the sockets kept alive only by their own descriptors in flight. */
void unix_gc(void);

/* af_unix.c */
extern struct spinlock unix_table_lock;
extern struct list_head unix_sockets; /* every AF_UNIX socket [unix_table_lock] */
/* Frees a list of messages taken off a queue (embryos are released). */
void unix_purge(struct list_head *msgs);
/* The socket bound to the name in addr (len bytes, validated; an abstract
 * name is looked up in net), with a reference, checked against type
 * (EPROTOTYPE) — or ECONNREFUSED, ENOENT, EACCES. */
int __must_check unix_find_other(struct net_ns *net, const void *addr, int len, int type, struct unix_sock **out);
/* Gives u an abstract name of its own (Linux unix_autobind) if it has none. */
int __must_check unix_autobind(struct unix_sock *u);
