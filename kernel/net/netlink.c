/*
 * netlink.c — AF_NETLINK sockets (netlink(7); Linux net/netlink/af_netlink.c).
 *
 * A netlink socket is a datagram socket whose address is a 32-bit port id
 * (struct sockaddr_nl: family, padding, nl_pid, nl_groups). Port 0 is the
 * kernel: what a socket sends there goes to the protocol's input —
 * NETLINK_ROUTE's rtnetlink_rcv (rtnetlink.c) is the only one built, so
 * any other protocol is EPROTONOSUPPORT, what Linux says for a protocol
 * nobody registered — which answers by queueing datagrams of messages
 * on the sender (netlink_reply). A nonzero port is another socket: the
 * datagram is queued there with the sender's port id, as Linux's
 * netlink_unicast does between sockets (CAP_NET_ADMIN, since NETLINK_ROUTE
 * does not allow unprivileged senders: NL_CFG_F_NONROOT_SEND), and a group
 * bit sends a copy to every socket bound to that group.
 *
 * Port ids: bind with nl_pid 0, a send or a connect on an unbound socket
 * picks one (netlink_autobind): the process's id if free, else a negative
 * number below -4096 counting down from a random start. A bound socket's
 * port never changes (a bind to another one is EINVAL); two sockets never
 * share one (EADDRINUSE).
 *
 * Replies are made whole when the request is sent: a dump's datagrams
 * (see rtnetlink.c) are all queued before sendmsg returns, where Linux
 * makes the first at once and each next one when a read empties the queue.
 * Replies are made whole when the request is sent, but a dump's datagrams
 * (see rtnetlink.c) are queued as Linux makes them: the first at once,
 * each next one when a read takes the one before (netlink_recvmsg calls
 * netlink_dump), so a reader sees them in the same order among other
 * datagrams. A dump runs until its last datagram (NLMSG_DONE) is queued:
 * a dump asked for meanwhile is EBUSY (netlink_dump_start's cb_running).
 * What differs is that Linux makes the next one only once the queue is
 * at most half of SO_RCVBUF, and that a dump larger than a datagram would
 * lose its end here (one device: it never is).
 *
 * Multicast: a socket joins groups 1..32 by bind's nl_groups (which
 * replaces them) and any of NETLINK_ROUTE's 36 by NETLINK_ADD_MEMBERSHIP
 * (NETLINK_DROP_MEMBERSHIP leaves one); sockets may send each other group
 * messages (CAP_NET_ADMIN), and the kernel sends the address notifications
 * of rtnetlink.c (netlink_broadcast_kernel). Only a bound socket receives
 * them (Linux's multicast list also holds unbound members).
 *
 * Not done: link and route notifications, NETLINK_PKTINFO,
 * NETLINK_LIST_MEMBERSHIPS and the other SOL_NETLINK options but
 * NETLINK_CAP_ACK and NETLINK_EXT_ACK (ENOPROTOOPT), credentials on
 * received messages, a sender waiting for room in a full receiver (EAGAIN).
 *
 * Locks: nl_table_lock (the bound sockets, their port ids and groups), then
 * a socket's sk.lock (its receive queue, rmem, dst_*), then wait-queue
 * locks; the readlock mutex (one reader at a time) outside all of them.
 */
#include "netlink.h"

#include <cred.h>
#include <kmalloc.h>
#include <mutex.h>
#include <poll.h>
#include <random.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>

struct netlink_sock {
	struct sock sk;
	u32 portid;		       /* [nl_table_lock] */
	bool bound;		       /* has portid, is in nl_socks [nl_table_lock] */
	u64 groups;		       /* multicast groups 1..64 as bits (nl_groups: 1..32) [nl_table_lock] */
	u32 dst_portid;		       /* connect's peer [sk.lock] */
	u32 dst_group;		       /* connect's group, 1..32, 0: none [sk.lock] */
	bool cap_ack, ext_ack;	       /* NETLINK_CAP_ACK, NETLINK_EXT_ACK [atomic] */
	bool dump_running;	       /* a dump's messages are not all read (cb_running) [sk.lock] */
	struct list_head dump_pending; /* its datagrams still to come, in order [sk.lock] */
	struct list_head node;	       /* in nl_socks while bound [nl_table_lock] */
	struct list_head queue;	       /* struct nl_dgram [sk.lock] */
	size_t rmem;		       /* the queue's memory (Linux's sk_rmem_alloc) [sk.lock] */
	struct mutex readlock;	       /* one reader at a time */
};

static struct spinlock nl_table_lock = SPINLOCK_INIT("netlink_table");
static struct list_head nl_socks = LIST_HEAD_INIT(nl_socks); /* [nl_table_lock] */
static s32 rover = -4096;				     /* the last negative port tried [nl_table_lock] */

static struct netlink_sock *nl_sk(struct sock *sk)
{
	return (struct netlink_sock *)sk;
}

struct nl_dgram *nl_dgram_alloc(size_t cap)
{
	struct nl_dgram *d = kmalloc(sizeof(*d) + cap);
	if (!d)
		return NULL;
	memset(d, 0, sizeof(*d));
	d->cap = cap;
	return d;
}

/* The bound socket of net with port id portid (port ids are per
 * namespace: netlink_lookup's net_eq). [nl_table_lock] */
static struct netlink_sock *lookup(struct net_ns *net, u32 portid)
{
	struct netlink_sock *n;
	list_for_each_entry(n, &nl_socks, node) {
		if (n->portid == portid && n->sk.net == net)
			return n;
	}
	return NULL;
}

/* netlink_insert: binds n to portid, EADDRINUSE if another has it. As
 * Linux's, it writes the port id first and only the bound flag says
 * whether it took: after a failed bind, getsockname shows the port asked
 * for. [nl_table_lock] */
static int insert(struct netlink_sock *n, u32 portid)
{
	n->portid = portid;
	if (lookup(n->sk.net, portid))
		return -EADDRINUSE;
	n->bound = true;
	list_add_tail(&n->node, &nl_socks);
	return 0;
}

/* netlink_autobind: the process's id, else a free negative one below -4096. */
static int autobind(struct netlink_sock *n)
{
	struct sock_cred me;
	sock_cred_current(&me, false);
	unsigned long irq = spin_lock_irqsave(&nl_table_lock);
	int err = 0;
	if (n->bound)
		goto out;
	u32 portid = (u32)me.pid;
	while (lookup(n->sk.net, portid)) {
		if (rover == -4096) { /* a random start in [S32_MIN, -4097] */
			u32 r;
			random_get_bytes(&r, sizeof(r));
			rover = (s32)(0x80000000u + r % (0x80000000u - 4096));
		} else if (rover > -4096) {
			rover = -4097;
		}
		portid = (u32)rover--;
	}
	err = insert(n, portid);
out:
	spin_unlock_irqrestore(&nl_table_lock, irq);
	return err;
}

/* netlink_bind: nl_pid 0 autobinds, another binds that port; a bound
 * socket may only name its own port. The groups replace the old ones. */
static int nl_bind(struct sock *sk, const void *addr, int len)
{
	struct netlink_sock *n = nl_sk(sk);
	struct sockaddr_nl_k a;
	if (len < (int)sizeof(a))
		return -EINVAL;
	memcpy(&a, addr, sizeof(a));
	if (a.family != AF_NETLINK)
		return -EINVAL;
	unsigned long irq = spin_lock_irqsave(&nl_table_lock);
	bool bound = n->bound;
	int err = 0;
	if (bound && a.pid != n->portid)
		err = -EINVAL;
	else if (!bound && a.pid)
		err = insert(n, a.pid);
	spin_unlock_irqrestore(&nl_table_lock, irq);
	if (!err && !bound && !a.pid)
		err = autobind(n);
	if (err)
		return err;
	irq = spin_lock_irqsave(&nl_table_lock);
	n->groups = (n->groups & ~0xffffffffull) | a.groups; /* groups 33 and up stay */
	spin_unlock_irqrestore(&nl_table_lock, irq);
	return 0;
}

/* Group g (1..32) as a bit; 0 for none (netlink_group_mask). */
static u32 group_mask(u32 g)
{
	return g ? 1u << (g - 1) : 0;
}

/* Group g (1..64) as a bit of netlink_sock.groups. */
static u64 group_bit(u32 g)
{
	return 1ull << (g - 1);
}

/* netlink_connect: the default destination; AF_UNSPEC forgets it. */
static int nl_connect(struct sock *sk, const void *addr, int len, int flags)
{
	(void)flags;
	struct netlink_sock *n = nl_sk(sk);
	struct sockaddr_nl_k a = {0};
	if (len < 2)
		return -EINVAL;
	memcpy(&a, addr, MIN((size_t)len, sizeof(a)));
	unsigned long irq;
	if (a.family == AF_UNSPEC) {
		irq = spin_lock_irqsave(&sk->lock);
		n->dst_portid = n->dst_group = 0;
		spin_unlock_irqrestore(&sk->lock, irq);
		return 0;
	}
	if (a.family != AF_NETLINK || len < (int)sizeof(a))
		return -EINVAL;
	if (a.groups && !capable(CAP_NET_ADMIN))
		return -EPERM;
	int err = autobind(n);
	if (err)
		return err;
	irq = spin_lock_irqsave(&sk->lock);
	n->dst_portid = a.pid;
	n->dst_group = a.groups ? (u32)__builtin_ffs((int)a.groups) : 0;
	spin_unlock_irqrestore(&sk->lock, irq);
	return 0;
}

static int nl_getname(struct sock *sk, void *addr, bool peer)
{
	struct netlink_sock *n = nl_sk(sk);
	struct sockaddr_nl_k a = {.family = AF_NETLINK};
	unsigned long irq;
	if (peer) {
		irq = spin_lock_irqsave(&sk->lock);
		a.pid = n->dst_portid;
		a.groups = group_mask(n->dst_group);
		spin_unlock_irqrestore(&sk->lock, irq);
	} else {
		irq = spin_lock_irqsave(&nl_table_lock);
		a.pid = n->portid;
		a.groups = (u32)n->groups; /* nl_groups: the first 32 */
		spin_unlock_irqrestore(&nl_table_lock, irq);
	}
	memcpy(addr, &a, sizeof(a));
	return sizeof(a);
}

/* Frees every datagram on a private list. */
static void free_list(struct list_head *l)
{
	while (!list_empty(l)) {
		struct nl_dgram *d = list_first_entry(l, struct nl_dgram, node);
		list_del(&d->node);
		kfree(d);
	}
}

/* Queues d on n unless its receive buffer is full (then false: d is the
 * caller's still). [n's sk.lock] */
static bool enqueue_locked(struct netlink_sock *n, struct nl_dgram *d)
{
	ASSERT_HELD(&n->sk.lock);
	size_t size = sizeof(*d) + d->cap;
	if (n->sk.dead || n->rmem > (size_t)n->sk.rcvbuf)
		return false;
	list_add_tail(&d->node, &n->queue);
	n->rmem += size;
	return true;
}

/* Queues d on n and wakes its readers: 0, or -EAGAIN (d not taken) when full. */
static int enqueue(struct netlink_sock *n, struct nl_dgram *d)
{
	unsigned long irq = spin_lock_irqsave(&n->sk.lock);
	bool ok = enqueue_locked(n, d);
	spin_unlock_irqrestore(&n->sk.lock, irq);
	if (!ok)
		return -EAGAIN;
	wake_up_all(&n->sk.wq);
	sock_wake_async(&n->sk, POLL_IN);
	return 0;
}

void netlink_reply(struct sock *sk, struct nl_dgram *d)
{
	bool next_part = d->next_part;
	if (enqueue(nl_sk(sk), d) == 0)
		return;
	kfree(d);
	struct list_head drop;
	list_init(&drop);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	if (next_part) { /* nobody will read it: the dump is over */
		nl_sk(sk)->dump_running = false;
		while (!list_empty(&nl_sk(sk)->dump_pending))
			list_move_tail(nl_sk(sk)->dump_pending.next, &drop);
	}
	sk->err = ENOBUFS; /* netlink_overrun */
	spin_unlock_irqrestore(&sk->lock, irq);
	free_list(&drop);
	wake_up_all(&sk->wq);
}

int netlink_dump_begin(struct sock *sk)
{
	struct netlink_sock *n = nl_sk(sk);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	bool busy = n->dump_running;
	n->dump_running = true;
	spin_unlock_irqrestore(&sk->lock, irq);
	return busy ? -EBUSY : 0;
}

void netlink_dump_send(struct sock *sk, struct nl_dgram **d, int n)
{
	struct netlink_sock *nl = nl_sk(sk);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	for (int i = 1; i < n; i++)
		list_add_tail(&d[i]->node, &nl->dump_pending);
	if (n > 1)
		d[0]->next_part = true;
	else
		nl->dump_running = false; /* its last datagram goes now */
	spin_unlock_irqrestore(&sk->lock, irq);
	if (n)
		netlink_reply(sk, d[0]);
}

/* netlink_getsockbyfilp: the sock of an AF_NETLINK socket's file, with a
 * reference; ENOTSOCK for a file that is no socket, EINVAL for another family. */
int netlink_sock_of_file(struct file *f, struct sock **out)
{
	struct sock *sk = sock_of_file(f);
	if (!sk)
		return -ENOTSOCK;
	if (sk->family != AF_NETLINK)
		return -EINVAL;
	sock_hold(sk);
	*out = sk;
	return 0;
}

struct nl_dgram *netlink_msg_alloc(size_t len)
{
	struct nl_dgram *d = nl_dgram_alloc(len);
	if (d)
		d->len = len;
	return d;
}

void *netlink_msg_data(struct nl_dgram *d)
{
	return d->data;
}

void netlink_msg_free(struct nl_dgram *d)
{
	kfree(d);
}

/* netlink_sendskb: d, made by the kernel (port 0), queued on sk even past its
 * receive buffer (mq_notify's room was its netlink_attachskb's to find);
 * dropped only once sk is released. */
void netlink_sendskb(struct sock *sk, struct nl_dgram *d)
{
	struct netlink_sock *n = nl_sk(sk);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	bool alive = !sk->dead;
	if (alive) {
		list_add_tail(&d->node, &n->queue);
		n->rmem += sizeof(*d) + d->cap;
	}
	spin_unlock_irqrestore(&sk->lock, irq);
	if (!alive) {
		kfree(d);
		return;
	}
	wake_up_all(&sk->wq);
	sock_wake_async(sk, POLL_IN);
}

/* A copy of d from the sender's port. */
static struct nl_dgram *dgram_copy(const struct nl_dgram *d)
{
	struct nl_dgram *c = nl_dgram_alloc(d->len);
	if (!c)
		return NULL;
	c->portid = d->portid;
	c->groups = d->groups;
	c->len = d->len;
	memcpy(c->data, d->data, d->len);
	return c;
}

/* netlink_broadcast: a copy to every socket in group g but the one with
 * port id skip (the unicast destination). Full receivers miss it. */
static void broadcast(struct net_ns *net, const struct nl_dgram *d, u32 g, u32 skip)
{
	unsigned long irq = spin_lock_irqsave(&nl_table_lock);
	struct netlink_sock *n;
	list_for_each_entry(n, &nl_socks, node) {
		if (n->sk.net != net || n->portid == skip || !(n->groups & group_bit(g)))
			continue;
		struct nl_dgram *c = dgram_copy(d);
		if (!c)
			break;
		unsigned long sirq = spin_lock_irqsave(&n->sk.lock);
		bool ok = enqueue_locked(n, c);
		spin_unlock_irqrestore(&n->sk.lock, sirq);
		if (ok)
			wake_up_all(&n->sk.wq);
		else
			kfree(c);
	}
	spin_unlock_irqrestore(&nl_table_lock, irq);
}

void netlink_broadcast_kernel(struct net_ns *net, struct nl_dgram *d, u32 group)
{
	d->portid = 0;
	d->groups = group_mask(group);
	broadcast(net, d, group, 0); /* no socket has port 0 */
	kfree(d);
}

/* netlink_unicast to a socket: ECONNREFUSED if nobody has the port. */
static int unicast(struct net_ns *net, struct nl_dgram *d, u32 portid)
{
	unsigned long irq = spin_lock_irqsave(&nl_table_lock);
	struct netlink_sock *n = lookup(net, portid);
	if (n)
		sock_hold(&n->sk);
	spin_unlock_irqrestore(&nl_table_lock, irq);
	if (!n)
		return -ECONNREFUSED;
	int err = enqueue(n, d);
	sock_put(&n->sk);
	return err;
}

/* netlink_sendmsg: the destination (the name, else connect's), autobind,
 * then the groups' copies and the unicast (port 0: the kernel). */
static ssize_t nl_sendmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct netlink_sock *n = nl_sk(sk);
	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	u32 dst_portid, dst_group;
	if (m->namelen) {
		struct sockaddr_nl_k a;
		if (m->namelen < (int)sizeof(a))
			return -EINVAL;
		memcpy(&a, m->name, sizeof(a));
		if (a.family != AF_NETLINK)
			return -EINVAL;
		dst_portid = a.pid;
		dst_group = a.groups ? (u32)__builtin_ffs((int)a.groups) : 0;
		if ((dst_portid || dst_group) && !capable(CAP_NET_ADMIN))
			return -EPERM;
	} else {
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		dst_portid = n->dst_portid;
		dst_group = n->dst_group;
		spin_unlock_irqrestore(&sk->lock, irq);
	}
	int err = autobind(n);
	if (err)
		return err;
	if (len > (size_t)sk->sndbuf - 32)
		return -EMSGSIZE;
	struct nl_dgram *d = nl_dgram_alloc(len);
	if (!d)
		return -ENOBUFS;
	d->len = len;
	d->portid = __atomic_load_n(&n->portid, __ATOMIC_RELAXED);
	d->groups = group_mask(dst_group);
	if (msg_iter_copy_in(d->data, &m->iter, len)) {
		kfree(d);
		return -EFAULT;
	}
	if (dst_group)
		broadcast(sk->net, d, dst_group, dst_portid);
	if (dst_portid == 0) {
		rtnetlink_rcv(sk, d->portid, __atomic_load_n(&n->cap_ack, __ATOMIC_RELAXED), d->data, d->len);
		kfree(d);
		return (ssize_t)len;
	}
	err = unicast(sk->net, d, dst_portid);
	if (err)
		kfree(d);
	return err ? err : (ssize_t)len;
}

/* netlink_recvmsg: one datagram; a pending error (ENOBUFS) comes first,
 * as skb_recv_datagram checks it before the queue. */
static ssize_t nl_recvmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct netlink_sock *n = nl_sk(sk);
	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	bool peek = m->flags & MSG_PEEK;
	u64 deadline = sock_deadline(sk, false);
	struct nl_dgram *d = NULL;
	ssize_t ret = 0;
	mutex_lock(&n->readlock);
	for (;;) {
		if ((ret = sock_take_error(sk)))
			break;
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		d = list_first_entry_or_null(&n->queue, struct nl_dgram, node);
		if (d && !peek) {
			list_del(&d->node);
			n->rmem -= sizeof(*d) + d->cap;
		}
		if (d && d->next_part) { /* netlink_recvmsg's netlink_dump: the next one now (a peek too) */
			d->next_part = false;
			struct nl_dgram *next = list_first_entry_or_null(&n->dump_pending, struct nl_dgram, node);
			if (next) {
				list_move_tail(&next->node, &n->queue); /* past SO_RCVBUF too */
				n->rmem += sizeof(*next) + next->cap;
			}
			if (list_empty(&n->dump_pending))
				n->dump_running = false;
			else if (next)
				next->next_part = true;
		}
		spin_unlock_irqrestore(&sk->lock, irq);
		if (d)
			break;
		if (m->flags & MSG_DONTWAIT) {
			ret = -EAGAIN;
			break;
		}
		if ((ret = sock_wait_datagram(sk, &n->readlock, &n->queue, deadline)))
			break;
	}
	if (d) {
		struct sockaddr_nl_k from = {.family = AF_NETLINK, .pid = d->portid, .groups = d->groups};
		memcpy(m->name, &from, sizeof(from));
		m->namelen = sizeof(from);
		size_t copied = MIN(len, d->len);
		if (d->len > len)
			m->out_flags |= MSG_TRUNC;
		ret = msg_iter_copy_out(&m->iter, d->data, copied) ? -EFAULT
		      : (m->flags & MSG_TRUNC)			   ? (ssize_t)d->len
								   : (ssize_t)copied;
	}
	mutex_unlock(&n->readlock);
	if (d && !peek)
		kfree(d);
	return ret;
}

/* datagram_poll: always writable; readable with a datagram queued. */
static short nl_poll(struct sock *sk, struct file *f, struct poll_table *pt)
{
	(void)f;
	poll_wait(pt, &sk->wq);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	short mask = POLLOUT | POLLWRNORM | POLLWRBAND;
	if (!list_empty(&nl_sk(sk)->queue))
		mask |= POLLIN | POLLRDNORM;
	if (sk->err)
		mask |= POLLERR;
	spin_unlock_irqrestore(&sk->lock, irq);
	return mask;
}

static int nl_shutdown(struct sock *sk, int how)
{
	(void)sk, (void)how;
	return -EOPNOTSUPP; /* sock_no_shutdown */
}

/* The one SOL_NETLINK option of an int value, or NULL (ENOPROTOOPT). */
static bool *nl_option(struct netlink_sock *n, int level, int name)
{
	if (level != SOL_NETLINK)
		return NULL;
	if (name == NETLINK_CAP_ACK)
		return &n->cap_ack;
	if (name == NETLINK_EXT_ACK)
		return &n->ext_ack; /* kept: no error here carries extended-ack attributes */
	return NULL;
}

/* netlink_setsockopt: a value shorter than an int counts as 0.
 * NETLINK_ADD_MEMBERSHIP and NETLINK_DROP_MEMBERSHIP take a group number,
 * 1..NETLINK_ROUTE_GROUPS (else EINVAL); NETLINK_ROUTE lets anyone join
 * (NL_CFG_F_NONROOT_RECV; rtnetlink_bind's CAP_NET_ADMIN check is for the
 * multicast-routing groups, which nothing here sends). */
static int nl_setsockopt(struct sock *sk, int level, int name, const void *val, int len)
{
	s32 v = 0;
	if (len >= (int)sizeof(v))
		memcpy(&v, val, sizeof(v));
	if (level == SOL_NETLINK && (name == NETLINK_ADD_MEMBERSHIP || name == NETLINK_DROP_MEMBERSHIP)) {
		u32 g = (u32)v;
		if (!g || g - 1 >= NETLINK_ROUTE_GROUPS)
			return -EINVAL;
		struct netlink_sock *n = nl_sk(sk);
		unsigned long irq = spin_lock_irqsave(&nl_table_lock);
		if (name == NETLINK_ADD_MEMBERSHIP)
			n->groups |= group_bit(g);
		else
			n->groups &= ~group_bit(g);
		spin_unlock_irqrestore(&nl_table_lock, irq);
		return 0;
	}
	bool *opt = nl_option(nl_sk(sk), level, name);
	if (!opt)
		return -ENOPROTOOPT;
	__atomic_store_n(opt, v != 0, __ATOMIC_RELAXED);
	return 0;
}

static int nl_getsockopt(struct sock *sk, int level, int name, void *val, int *len)
{
	bool *opt = nl_option(nl_sk(sk), level, name);
	if (!opt)
		return -ENOPROTOOPT;
	s32 v = __atomic_load_n(opt, __ATOMIC_RELAXED);
	memcpy(val, &v, sizeof(v));
	*len = sizeof(v);
	return 0;
}

static void nl_release(struct sock *sk)
{
	struct netlink_sock *n = nl_sk(sk);
	unsigned long irq = spin_lock_irqsave(&nl_table_lock);
	if (n->bound)
		list_del(&n->node);
	n->bound = false;
	spin_unlock_irqrestore(&nl_table_lock, irq);
	irq = spin_lock_irqsave(&sk->lock);
	sk->dead = true;
	struct list_head purge;
	list_init(&purge);
	while (!list_empty(&n->queue))
		list_move_tail(n->queue.next, &purge);
	while (!list_empty(&n->dump_pending))
		list_move_tail(n->dump_pending.next, &purge);
	n->rmem = 0;
	spin_unlock_irqrestore(&sk->lock, irq);
	free_list(&purge);
	sock_put(sk);
}

static void nl_destroy(struct sock *sk)
{
	kfree(nl_sk(sk));
}

static const struct proto_ops netlink_ops = {
	.family = AF_NETLINK,
	.release = nl_release,
	.destroy = nl_destroy,
	.bind = nl_bind,
	.connect = nl_connect,
	.getname = nl_getname,
	.poll = nl_poll,
	.shutdown = nl_shutdown,
	.sendmsg = nl_sendmsg,
	.recvmsg = nl_recvmsg,
	.setsockopt = nl_setsockopt,
	.getsockopt = nl_getsockopt,
};

/* netlink_create: SOCK_RAW or SOCK_DGRAM (ESOCKTNOSUPPORT), protocol
 * NETLINK_ROUTE (any other: EPROTONOSUPPORT, as for one not registered). */
static int netlink_create(int type, int protocol, struct sock **out)
{
	if (type != SOCK_RAW && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol != NETLINK_ROUTE)
		return -EPROTONOSUPPORT;
	struct netlink_sock *n = kzalloc(sizeof(*n));
	if (!n)
		return -ENOMEM;
	sock_init(&n->sk, &netlink_ops, type, protocol, net_ns_current());
	list_init(&n->queue);
	list_init(&n->dump_pending);
	list_init(&n->node);
	mutex_init(&n->readlock, "netlink_read");
	*out = &n->sk;
	return 0;
}

const struct net_family netlink_family = {.family = AF_NETLINK, .create = netlink_create};
