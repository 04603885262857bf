/*
 * af_unix.c — AF_UNIX sockets (unix(7); Linux net/unix/af_unix.c): names,
 * connections, shutdown, release, poll and /proc/net/unix. Sending and
 * receiving are in unix_msg.c; the structures and lock order in af_unix.h.
 *
 * Names. A path name is a socket inode made in the file system by bind
 * (a mknod of S_IFSOCK through the VFS): bind fails with EADDRINUSE while
 * the name exists, even after the socket is closed (the inode stays until
 * it is unlinked, as on Linux). connect walks the path, needs write
 * permission on the inode and finds the socket bound to that inode, or
 * ECONNREFUSED. An abstract name starts with a NUL byte and lives only in
 * the table of sockets (unix_sockets). Autobind gives an abstract name of
 * five hex digits.
 *
 * Connections (SOCK_STREAM, SOCK_SEQPACKET). connect makes the server's end
 * at once (Linux's embryo) and puts it on the listener's queue; the client
 * can send before the server accepts. More than backlog pending
 * connections make connect wait (EAGAIN when non-blocking). SO_PEERCRED is
 * the other side's credentials when it connected or called listen.
 *
 * Release. The file's last close takes the name out of the table, marks
 * the socket dead, shuts the peer down (stream and seqpacket: it reads end
 * of file, ECONNRESET first if data was left unread here) and purges the
 * queue: its descriptors in flight are put, pending connections released.
 */
#include "af_unix.h"

#include <cred.h>
#include <format.h>
#include <fs_context.h>
#include <kmalloc.h>
#include <poll.h>
#include <random.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/sockios.h>

#define MAX_DGRAM_QLEN 10 /* net.unix.max_dgram_qlen */
#define SUN_PATH_OFFSET 2 /* offsetof(struct sockaddr_un, sun_path) */

/* Every AF_UNIX socket and the names they are bound to. */
struct spinlock unix_table_lock = SPINLOCK_INIT("unix_table");
struct list_head unix_sockets = LIST_HEAD_INIT(unix_sockets); /* [unix_table_lock] */
static u32 autobind_next;				      /* the next autobind name to try [unix_table_lock] */
static bool autobind_started;				      /* autobind_next was seeded [unix_table_lock] */

static const struct proto_ops unix_stream_ops, unix_dgram_ops, unix_seqpacket_ops;

/* ---- sockets ------------------------------------------------------------------- */

static struct unix_sock *unix_alloc(const struct proto_ops *ops, int type)
{
	struct unix_sock *u = kzalloc(sizeof(*u));
	if (!u)
		return NULL;
	sock_init(&u->sk, ops, type, 0, net_ns_current());
	u->state = UNIX_UNCONNECTED;
	u->backlog = MAX_DGRAM_QLEN;
	list_init(&u->queue);
	mutex_init(&u->readlock, "unix_read");
	mutex_init(&u->bindlock, "unix_bind");
	unsigned long irq = spin_lock_irqsave(&unix_table_lock);
	list_add_tail(&u->node, &unix_sockets);
	spin_unlock_irqrestore(&unix_table_lock, irq);
	return u;
}

/* unix_create: protocol 0 (or PF_UNIX); SOCK_RAW is taken as SOCK_DGRAM. */
static int unix_create(int type, int protocol, struct sock **out)
{
	if (protocol && protocol != AF_UNIX)
		return -EPROTONOSUPPORT;
	const struct proto_ops *ops;
	switch (type) {
	case SOCK_STREAM: ops = &unix_stream_ops; break;
	case SOCK_RAW: type = SOCK_DGRAM; /* fall through */
	case SOCK_DGRAM: ops = &unix_dgram_ops; break;
	case SOCK_SEQPACKET: ops = &unix_seqpacket_ops; break;
	default: return -ESOCKTNOSUPPORT;
	}
	struct unix_sock *u = unix_alloc(ops, type);
	if (!u)
		return -ENOMEM;
	*out = &u->sk;
	return 0;
}

const struct net_family unix_family = {.family = AF_UNIX, .create = unix_create};

static void addr_put(struct unix_address *a)
{
	if (a && __atomic_sub_fetch(&a->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(a);
}

static struct unix_address *addr_get(struct unix_address *a)
{
	if (a)
		__atomic_fetch_add(&a->refcount, 1, __ATOMIC_RELAXED);
	return a;
}

static void unix_destroy(struct sock *sk)
{
	struct unix_sock *u = unix_sk(sk);
	addr_put(u->addr);
	kfree(u);
}

/* ---- names --------------------------------------------------------------------- */

/* unix_validate_addr: a family and at least one byte of name. */
static int unix_validate(const void *addr, int len)
{
	const struct sockaddr_un_user *sun = addr;
	if (len <= SUN_PATH_OFFSET || len > (int)sizeof(*sun) || sun->sun_family != AF_UNIX)
		return -EINVAL;
	return 0;
}

/* The bound socket with this inode, or with this abstract name and type in
 * net: Linux's abstract names are per type (the type is part of their
 * hash, so a lookup never sees another type's name) and per network
 * namespace (unix_find_abstract's net), path names are found through the
 * file system whatever the namespace. [unix_table_lock] */
static struct unix_sock *table_find(struct net_ns *net, const struct unix_address *name, struct inode *inode, int type)
{
	struct unix_sock *u;
	list_for_each_entry(u, &unix_sockets, node) {
		if (!u->bound)
			continue; /* accepted sockets share their listener's name, they do not own it */
		if (inode && u->inode == inode)
			return u;
		if (!inode && !u->inode && u->sk.type == type && u->sk.net == net && u->addr->len == name->len &&
		    !memcmp(u->addr->bytes, name->bytes, (size_t)name->len))
			return u;
	}
	return NULL;
}

/* Sets u's name if none is set (under the table lock, so two binds of one
 * abstract name cannot both win): 0, -EINVAL (already bound), -EADDRINUSE. */
static int set_addr(struct unix_sock *u, struct unix_address *a, struct inode *inode)
{
	int err = 0;
	unsigned long irq = spin_lock_irqsave(&unix_table_lock);
	if (u->addr)
		err = -EINVAL;
	else if (!inode && table_find(u->sk.net, a, NULL, u->sk.type))
		err = -EADDRINUSE;
	if (!err) {
		unsigned long sk_irq = spin_lock_irqsave(&u->sk.lock);
		u->addr = a;
		u->inode = inode;
		u->bound = true;
		spin_unlock_irqrestore(&u->sk.lock, sk_irq);
	}
	spin_unlock_irqrestore(&unix_table_lock, irq);
	return err;
}

int unix_autobind(struct unix_sock *u)
{
	mutex_lock(&u->bindlock);
	int err = 0;
	if (u->addr)
		goto out;
	err = -ENOMEM;
	struct unix_address *a = kzalloc(sizeof(*a));
	if (!a)
		goto out;
	a->refcount = 1;
	a->len = SUN_PATH_OFFSET + 6; /* "\0" and five hex digits */
	a->bytes[0] = AF_UNIX;
	if (!autobind_started) { /* Linux starts at a random number */
		u32 start;
		random_get_bytes(&start, sizeof(start));
		unsigned long irq = spin_lock_irqsave(&unix_table_lock);
		if (!autobind_started)
			autobind_next = start;
		autobind_started = true;
		spin_unlock_irqrestore(&unix_table_lock, irq);
	}
	for (u32 tries = 0; tries <= 0xfffff; tries++) {
		unsigned long irq = spin_lock_irqsave(&unix_table_lock);
		u32 n = autobind_next++ & 0xfffff;
		spin_unlock_irqrestore(&unix_table_lock, irq);
		snprintf((char *)a->bytes + SUN_PATH_OFFSET + 1, 6, "%05x", n);
		err = set_addr(u, a, NULL);
		if (err != -EADDRINUSE)
			break;
	}
	if (err) {
		kfree(a);
		err = err == -EINVAL ? 0 : -ENOSPC; /* bound meanwhile: fine */
	}
out:
	mutex_unlock(&u->bindlock);
	return err;
}

/* unix_bind_bsd: make the socket inode, then take the name. */
static int bind_path(struct unix_sock *u, struct unix_address *a)
{
	const char *path = (const char *)a->bytes + SUN_PATH_OFFSET;
	struct path parent;
	struct dentry *d;
	mutex_lock(&u->bindlock);
	int err = -EINVAL;
	if (u->addr) {
		struct path existing; /* Linux makes the node first: an existing name wins */
		if (vfs_walk(NULL, path, 0, &existing) == 0) {
			path_put(&existing);
			err = -EADDRINUSE;
		}
		goto out;
	}
	err = vfs_create_prepare(NULL, path, 0, &parent, &d);
	if (err) {
		if (err == -EEXIST)
			err = -EADDRINUSE;
		goto out;
	}
	struct inode *dir = parent.dentry->inode;
	err = dir->iops->mknod(dir, d, S_IFSOCK | (0777 & ~fs_context_umask()), 0);
	struct inode *inode = err ? NULL : inode_get(d->inode);
	vfs_create_finish(&parent, d);
	if (!err) {
		err = set_addr(u, a, inode);
		if (err)
			inode_put(inode);
	}
out:
	mutex_unlock(&u->bindlock);
	return err;
}

static int unix_bind(struct sock *sk, const void *addr, int len)
{
	struct unix_sock *u = unix_sk(sk);
	const struct sockaddr_un_user *sun = addr;
	if (len < SUN_PATH_OFFSET || sun->sun_family != AF_UNIX)
		return -EINVAL;
	if (len == SUN_PATH_OFFSET)
		return unix_autobind(u);
	int err = unix_validate(addr, len);
	if (err)
		return err;
	struct unix_address *a = kzalloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->refcount = 1;
	memcpy(a->bytes, addr, (size_t)len);
	a->len = len;
	if (sun->sun_path[0]) { /* unix_mkname_bsd: the path ends at the first NUL */
		a->bytes[len] = 0;
		a->len = (int)strlen((char *)a->bytes + SUN_PATH_OFFSET) + SUN_PATH_OFFSET + 1;
		err = bind_path(u, a);
	} else {
		mutex_lock(&u->bindlock);
		err = set_addr(u, a, NULL);
		mutex_unlock(&u->bindlock);
	}
	if (err)
		kfree(a);
	return err;
}

int unix_find_other(struct net_ns *net, const void *addr, int len, int type, struct unix_sock **out)
{
	const struct sockaddr_un_user *sun = addr;
	struct inode *inode = NULL;
	struct path p = {0};
	struct unix_address name = {.len = len};
	memcpy(name.bytes, addr, (size_t)len);
	if (sun->sun_path[0]) { /* unix_find_bsd */
		name.bytes[len] = 0;
		int err = vfs_walk(NULL, (const char *)name.bytes + SUN_PATH_OFFSET, LOOKUP_FOLLOW, &p);
		if (err)
			return err;
		inode = p.dentry->inode;
		err = inode_permission(inode, MAY_WRITE);
		if (!err && (inode->mode & S_IFMT) != S_IFSOCK)
			err = -ECONNREFUSED;
		if (err) {
			path_put(&p);
			return err;
		}
	}
	unsigned long irq = spin_lock_irqsave(&unix_table_lock);
	struct unix_sock *u = table_find(net, &name, inode, type);
	if (u)
		sock_hold(&u->sk);
	spin_unlock_irqrestore(&unix_table_lock, irq);
	if (inode)
		path_put(&p);
	if (!u)
		return -ECONNREFUSED;
	if (u->sk.type != type) {
		sock_put(&u->sk);
		return -EPROTOTYPE;
	}
	*out = u;
	return 0;
}

/* unix_getname: the name, or just the family (length 2) for none. */
static int unix_getname(struct sock *sk, void *addr, bool peer)
{
	struct unix_sock *u = unix_sk(sk);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	struct unix_sock *who = peer ? u->peer : u;
	struct unix_address *a = NULL;
	int err = 0;
	if (!who)
		err = -ENOTCONN;
	else
		a = addr_get(who->addr);
	spin_unlock_irqrestore(&sk->lock, irq);
	if (err)
		return err;
	if (!a) {
		memset(addr, 0, SUN_PATH_OFFSET + 1);
		*(u16 *)addr = AF_UNIX;
		return SUN_PATH_OFFSET;
	}
	int len = a->len;
	memcpy(addr, a->bytes, (size_t)len);
	addr_put(a);
	return len;
}

/* ---- connections ----------------------------------------------------------------- */

static int unix_listen(struct sock *sk, int backlog)
{
	struct unix_sock *u = unix_sk(sk);
	if (sk->type != SOCK_STREAM && sk->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	mutex_lock(&u->bindlock);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	int err = -EINVAL;
	if (!u->addr || (u->state != UNIX_UNCONNECTED && u->state != UNIX_LISTEN))
		goto out;
	u->backlog = backlog;
	u->state = UNIX_LISTEN;
	sk->listening = true;
	sock_cred_current(&sk->peercred, true); /* init_peercred */
	sk->has_peercred = true;
	err = 0;
out:
	spin_unlock_irqrestore(&sk->lock, irq);
	mutex_unlock(&u->bindlock);
	if (!err)
		wake_up_all(&sk->wq); /* a larger backlog lets waiting connecters in */
	return err;
}

/* Both ends of a new connection point at each other (references). [both locks] */
static void pair_up(struct unix_sock *a, struct unix_sock *b)
{
	sock_hold(&b->sk);
	a->peer = b;
	a->state = UNIX_CONNECTED;
	sock_hold(&a->sk);
	b->peer = a;
	b->state = UNIX_CONNECTED;
}

/* Waits for room in the listener's queue; -EAGAIN if it may not. */
static int wait_backlog(struct unix_sock *l, int flags, u64 deadline)
{
	if (flags & MSG_DONTWAIT)
		return -EAGAIN;
	int err = wait_event_interruptible_timeout(
		&l->sk.wq, __atomic_load_n(&l->qlen, __ATOMIC_RELAXED) <= l->backlog || l->sk.dead, deadline);
	if (err == -ETIMEDOUT)
		return -EAGAIN;
	return err;
}

/* unix_stream_connect: the server's end is made now and queued on the listener. */
static int stream_connect(struct unix_sock *u, const void *addr, int len, int flags)
{
	int err = unix_validate(addr, len);
	if (err)
		return err;
	if (u->sk.passcred && !u->addr && (err = unix_autobind(u)))
		return err;
	struct unix_sock *l = NULL;
	struct unix_sock *srv = unix_alloc(u->sk.ops, u->sk.type);
	struct unix_msg *msg = kzalloc(sizeof(*msg));
	err = -ENOMEM;
	if (!srv || !msg)
		goto out;
	srv->embryo = true;
	u64 deadline = sock_deadline(&u->sk, true);
	for (;;) {
		err = unix_find_other(u->sk.net, addr, len, u->sk.type, &l);
		if (err)
			goto out;
		unsigned long irq = spin_lock_irqsave(&l->sk.lock);
		err = -ECONNREFUSED;
		if (l->state != UNIX_LISTEN || l->sk.dead)
			goto out_unlock_l;
		if (l->qlen > l->backlog) {
			spin_unlock_irqrestore(&l->sk.lock, irq);
			err = wait_backlog(l, flags, deadline);
			sock_put(&l->sk);
			l = NULL;
			if (err)
				goto out;
			continue;
		}
		unsigned long uirq = spin_lock_irqsave(&u->sk.lock);
		err = u->state == UNIX_CONNECTED ? -EISCONN : u->state == UNIX_LISTEN ? -EINVAL : 0;
		if (!err) {
			sock_cred_current(&srv->sk.peercred, true);
			srv->sk.has_peercred = true;
			u->sk.peercred = l->sk.peercred;
			u->sk.has_peercred = true;
			srv->addr = addr_get(l->addr);
			pair_up(u, srv);
			msg->embryo = srv; /* the queue takes srv's reference */
			list_add_tail(&msg->node, &l->queue);
			l->qlen++;
			srv = NULL;
			msg = NULL;
		}
		spin_unlock_irqrestore(&u->sk.lock, uirq);
	out_unlock_l:
		spin_unlock_irqrestore(&l->sk.lock, irq);
		break;
	}
	if (!err) {
		wake_up_all(&l->sk.wq);
		sock_wake_async(&l->sk, POLL_IN); /* sk_data_ready on the listener */
	}
out:
	if (l)
		sock_put(&l->sk);
	if (srv)
		srv->sk.ops->release(&srv->sk);
	kfree(msg);
	return err;
}

/* unix_dgram_connect: a default destination (AF_UNSPEC: none). */
static int dgram_connect(struct unix_sock *u, const void *addr, int len)
{
	const struct sockaddr_un_user *sun = addr;
	if (len < (int)sizeof(sun->sun_family))
		return -EINVAL;
	struct unix_sock *other = NULL;
	if (sun->sun_family != AF_UNSPEC) {
		int err = unix_validate(addr, len);
		if (err)
			return err;
		if (u->sk.passcred && !u->addr && (err = unix_autobind(u)))
			return err;
		err = unix_find_other(u->sk.net, addr, len, u->sk.type, &other);
		if (err)
			return err;
		unsigned long oirq = spin_lock_irqsave(&other->sk.lock);
		bool may_send = !other->peer || other->peer == u; /* unix_may_send */
		spin_unlock_irqrestore(&other->sk.lock, oirq);
		if (!may_send) {
			sock_put(&other->sk);
			return -EPERM;
		}
	}
	unsigned long irq = spin_lock_irqsave(&u->sk.lock);
	struct unix_sock *old = u->peer;
	u->peer = other; /* the reference moves in */
	u->state = other ? UNIX_CONNECTED : UNIX_UNCONNECTED;
	spin_unlock_irqrestore(&u->sk.lock, irq);
	if (old) {
		wake_up_all(&old->sk.wq);
		sock_put(&old->sk);
	}
	return 0;
}

static int unix_connect(struct sock *sk, const void *addr, int len, int flags)
{
	if (sk->type == SOCK_DGRAM)
		return dgram_connect(unix_sk(sk), addr, len);
	return stream_connect(unix_sk(sk), addr, len, flags);
}

static int unix_socketpair(struct sock *a, struct sock *b)
{
	struct unix_sock *ua = unix_sk(a), *ub = unix_sk(b);
	sock_cred_current(&a->peercred, true);
	b->peercred = a->peercred;
	a->has_peercred = b->has_peercred = true;
	pair_up(ua, ub);
	return 0;
}

static int unix_accept(struct sock *sk, struct sock **newsk, int flags)
{
	struct unix_sock *l = unix_sk(sk);
	if (sk->type != SOCK_STREAM && sk->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	u64 deadline = sock_deadline(sk, false);
	for (;;) {
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		if (l->state != UNIX_LISTEN) {
			spin_unlock_irqrestore(&sk->lock, irq);
			return -EINVAL;
		}
		struct unix_msg *msg =
			list_empty(&l->queue) ? NULL : list_first_entry(&l->queue, struct unix_msg, node);
		if (msg) {
			list_del(&msg->node);
			l->qlen--;
		}
		spin_unlock_irqrestore(&sk->lock, irq);
		if (msg) {
			struct unix_sock *srv = msg->embryo;
			kfree(msg);
			irq = spin_lock_irqsave(&srv->sk.lock);
			srv->embryo = false;
			spin_unlock_irqrestore(&srv->sk.lock, irq);
			wake_up_all(&sk->wq); /* room for a waiting connecter */
			*newsk = &srv->sk;
			return 0;
		}
		if (flags & MSG_DONTWAIT)
			return -EAGAIN;
		int err = wait_event_interruptible_timeout(&sk->wq, !list_empty(&l->queue) || l->state != UNIX_LISTEN,
							   deadline);
		if (err == -ETIMEDOUT)
			return -EAGAIN;
		if (err)
			return err;
	}
}

/* unix_shutdown: this side, and the peer's opposite side for a connection. */
static int unix_shutdown(struct sock *sk, int mode)
{
	struct unix_sock *u = unix_sk(sk);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	sk->shutdown |= (unsigned)mode;
	struct unix_sock *other = u->peer;
	if (other)
		sock_hold(&other->sk);
	spin_unlock_irqrestore(&sk->lock, irq);
	wake_up_all(&sk->wq);
	if (!other)
		return 0;
	if (sk->type == SOCK_STREAM || sk->type == SOCK_SEQPACKET) {
		unsigned peer_mode =
			(mode & RCV_SHUTDOWN ? SEND_SHUTDOWN : 0) | (mode & SEND_SHUTDOWN ? RCV_SHUTDOWN : 0);
		irq = spin_lock_irqsave(&other->sk.lock);
		other->sk.shutdown |= peer_mode;
		spin_unlock_irqrestore(&other->sk.lock, irq);
		wake_up_all(&other->sk.wq);
		if (peer_mode == SHUTDOWN_MASK)
			sock_wake_async(&other->sk, POLL_HUP);
		else if (peer_mode & RCV_SHUTDOWN)
			sock_wake_async(&other->sk, POLL_IN);
	}
	sock_put(&other->sk);
	return 0;
}

/* ---- release ------------------------------------------------------------------- */

/* unix_release_sock: also for embryos of a closed listener and failed connects. */
static void unix_release(struct sock *sk)
{
	struct unix_sock *u = unix_sk(sk);
	unsigned long irq = spin_lock_irqsave(&unix_table_lock);
	list_del(&u->node);
	spin_unlock_irqrestore(&unix_table_lock, irq);

	struct list_head purge;
	list_init(&purge);
	irq = spin_lock_irqsave(&sk->lock);
	bool unread = !list_empty(&u->queue) || u->embryo;
	struct unix_sock *peer = u->peer;
	u->peer = NULL;
	u->state = UNIX_UNCONNECTED;
	sk->shutdown = SHUTDOWN_MASK;
	sk->dead = true;
	while (!list_empty(&u->queue))
		list_move_tail(u->queue.next, &purge);
	u->qlen = 0;
	u->qbytes = 0;
	spin_unlock_irqrestore(&sk->lock, irq);
	wake_up_all(&sk->wq);

	if (peer && (sk->type == SOCK_STREAM || sk->type == SOCK_SEQPACKET)) {
		irq = spin_lock_irqsave(&peer->sk.lock);
		peer->sk.shutdown = SHUTDOWN_MASK;
		if (unread)
			peer->sk.err = ECONNRESET;
		spin_unlock_irqrestore(&peer->sk.lock, irq);
	}
	if (peer) {
		wake_up_all(&peer->sk.wq);
		if (sk->type == SOCK_STREAM || sk->type == SOCK_SEQPACKET)
			sock_wake_async(&peer->sk, POLL_HUP);
		sock_put(&peer->sk);
	}
	unix_purge(&purge);
	if (u->inode)
		inode_put(u->inode);
	u->inode = NULL;
	sock_put(sk); /* the file's (or the queue's) reference */
	unix_gc();    /* unix_release_sock: collect cycles of in-flight sockets */
}

void unix_purge(struct list_head *msgs)
{
	while (!list_empty(msgs)) {
		struct unix_msg *msg = list_first_entry(msgs, struct unix_msg, node);
		list_del(&msg->node);
		if (msg->embryo) {
			msg->embryo->sk.ops->release(&msg->embryo->sk);
			kfree(msg);
		} else {
			unix_msg_free(msg);
		}
	}
}

/* ---- poll and ioctl -------------------------------------------------------------- */

bool unix_writable(struct unix_sock *u)
{
	return u->state != UNIX_LISTEN && __atomic_load_n(&u->wmem, __ATOMIC_RELAXED) * 4 <= (size_t)u->sk.sndbuf;
}

/* unix_poll and unix_dgram_poll. */
static short unix_poll(struct sock *sk, struct file *f, struct poll_table *pt)
{
	struct unix_sock *u = unix_sk(sk);
	poll_wait(pt, &sk->wq);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	short mask = 0;
	if (sk->err)
		mask |= POLLERR;
	if (sk->shutdown == SHUTDOWN_MASK)
		mask |= POLLHUP;
	if (sk->shutdown & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (!list_empty(&u->queue))
		mask |= POLLIN | POLLRDNORM;
	if (sk->type != SOCK_DGRAM && u->state == UNIX_UNCONNECTED)
		mask |= POLLHUP;
	bool writable = unix_writable(u);
	struct unix_sock *other = u->peer;
	if (writable && sk->type != SOCK_STREAM && other) {
		if (other->peer != u && __atomic_load_n(&other->qlen, __ATOMIC_RELAXED) > other->backlog) {
			writable = false; /* the receiver's queue is full: wait on it too */
			poll_wait(pt, &other->sk.wq);
		}
	}
	if (writable)
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	spin_unlock_irqrestore(&sk->lock, irq);
	return mask;
}

/* unix_ioctl: SIOCINQ (FIONREAD) and SIOCOUTQ. */
static long unix_ioctl(struct sock *sk, unsigned cmd, u64 arg)
{
	struct unix_sock *u = unix_sk(sk);
	u32 amount = 0;
	if (cmd == SIOCOUTQ) {
		amount = (u32)__atomic_load_n(&u->wmem, __ATOMIC_RELAXED);
	} else if (cmd == SIOCINQ) {
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		bool listening = u->state == UNIX_LISTEN;
		if (sk->type != SOCK_DGRAM) {
			amount = (u32)u->qbytes; /* unix_inq_len: every byte queued */
		} else if (!list_empty(&u->queue)) {
			amount = (u32)list_first_entry(&u->queue, struct unix_msg, node)->len; /* the next datagram */
		}
		spin_unlock_irqrestore(&sk->lock, irq);
		if (listening)
			return -EINVAL;
	} else {
		return -ENOIOCTLCMD; /* the generic layer tries the device ioctls */
	}
	return put_user_u32(uaddr_from(arg), amount) ? -EFAULT : 0;
}

#define UNIX_OPS(name, send, recv)             \
	static const struct proto_ops name = { \
		.family = AF_UNIX,             \
		.release = unix_release,       \
		.destroy = unix_destroy,       \
		.bind = unix_bind,             \
		.connect = unix_connect,       \
		.socketpair = unix_socketpair, \
		.accept = unix_accept,         \
		.listen = unix_listen,         \
		.getname = unix_getname,       \
		.poll = unix_poll,             \
		.ioctl = unix_ioctl,           \
		.shutdown = unix_shutdown,     \
		.sendmsg = send,               \
		.recvmsg = recv,               \
		.peek_off = true,              \
	}
UNIX_OPS(unix_stream_ops, unix_stream_sendmsg, unix_stream_recvmsg);
UNIX_OPS(unix_seqpacket_ops, unix_dgram_sendmsg, unix_dgram_recvmsg);
UNIX_OPS(unix_dgram_ops, unix_dgram_sendmsg, unix_dgram_recvmsg);

/* ---- /proc/net/unix -------------------------------------------------------------- */

/* unix_seq_show: the kernel address shows as zeros (kptr_restrict); Flags
 * has __SO_ACCEPTCON for a listener; St is SS_CONNECTED or SS_UNCONNECTED,
 * SS_CONNECTING for a connection not accepted yet. */
size_t unix_proc_format(char *buf, size_t cap)
{
	struct proc_net_text text = {buf, cap, 0};
	proc_net_printf(&text, "Num       RefCount Protocol Flags    Type St Inode Path\n");
	struct net_ns *net = net_ns_current(); /* the reader's (/proc/net is per namespace) */
	unsigned long irq = spin_lock_irqsave(&unix_table_lock);
	struct unix_sock *u;
	list_for_each_entry(u, &unix_sockets, node) {
		if (u->sk.net != net)
			continue;
		int st = u->embryo ? 2 : u->state == UNIX_CONNECTED ? 3 : 1;
		proc_net_printf(&text, "0000000000000000: %08X %08X %08X %04X %02X %5lu",
				(unsigned)__atomic_load_n(&u->sk.refcount, __ATOMIC_RELAXED), 0u,
				u->state == UNIX_LISTEN ? 0x10000u : 0u, (unsigned)u->sk.type, (unsigned)st,
				(unsigned long)u->sk.ino);
		if (u->addr) {
			const char *name = (const char *)u->addr->bytes + SUN_PATH_OFFSET;
			int n = u->addr->len - SUN_PATH_OFFSET, i = 0;
			proc_net_printf(&text, " ");
			if (name[0]) {
				n--;
			} else {
				proc_net_printf(&text, "@");
				i++;
			}
			for (; i < n; i++)
				proc_net_printf(&text, "%c", name[i] ? name[i] : '@');
		}
		proc_net_printf(&text, "\n");
	}
	spin_unlock_irqrestore(&unix_table_lock, irq);
	return text.len;
}
