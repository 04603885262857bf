/*
 * dgram.c — the receive side every IP datagram socket shares (UDP in
 * udp.c, ping and raw ICMP sockets in icmp.c): Linux's sk_receive_queue
 * with __skb_recv_datagram, datagram_poll and the SIOCINQ of udp_ioctl.
 *
 * A received datagram is copied into a struct inet_dgram and queued on
 * its socket unless that would take the queue past SO_RCVBUF (then it is
 * dropped, as sock_queue_rcv_skb drops it). Readers take one datagram at
 * a time under the queue's readlock, so a datagram being copied to user
 * memory stays put for MSG_PEEK. A peek may start SO_PEEK_OFF bytes into
 * the queue (dgram_next_at, __skb_try_recv_from_queue).
 *
 * Locks: the readlock mutex, then the socket's sk.lock (the list and the
 * byte count), then wait-queue locks.
 */
#include "inet.h"

#include <kmalloc.h>
#include <poll.h>
#include <string.h>
#include <task.h>
#include <uaccess.h>
#include <uapi/errno.h>

void dgram_queue_init(struct dgram_queue *q, const char *name)
{
	list_init(&q->list);
	q->bytes = 0;
	mutex_init(&q->readlock, name);
}

struct inet_dgram *inet_dgram_alloc(const struct pkt *p, const void *data, size_t len, struct inet_addr src,
				    struct inet_addr dst)
{
	struct inet_dgram *d = kmalloc(sizeof(*d) + len);
	if (!d)
		return NULL;
	memset(d, 0, sizeof(*d));
	d->saddr = src;
	d->daddr = dst;
	d->hop_limit = p->hop_limit;
	d->tos = p->rx_tos;
	d->len = len;
	memcpy(d->data, data, len);
	return d;
}

bool dgram_enqueue(struct sock *sk, struct dgram_queue *q, struct inet_dgram *d)
{
	d->tstamp_ns = sock_rx_stamp(sk);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	bool room = !sk->dead && q->bytes + d->len <= (size_t)sk->rcvbuf;
	if (room) {
		d->drops = __atomic_load_n(&sk->drops, __ATOMIC_RELAXED); /* sock_skb_set_dropcount */
		list_add_tail(&d->node, &q->list);
		q->bytes += d->len;
		q->added++;
	} else {
		__atomic_add_fetch(&sk->drops, 1, __ATOMIC_RELAXED);
	}
	spin_unlock_irqrestore(&sk->lock, irq);
	if (!room) {
		kfree(d);
		return false;
	}
	wake_up_all(&sk->wq);
	sock_wake_async(sk, POLL_IN); /* sk_data_ready */
	return true;
}

/* The datagram off bytes into q (-1: the head), passing over those the
 * offset covers (an empty one only once peeked); *left gets the offset
 * into it. Marks an empty one peeked. [sk.lock] */
static struct inet_dgram *dgram_find(struct dgram_queue *q, int off, bool peek, int *left)
{
	struct inet_dgram *d;
	*left = off < 0 ? 0 : off;
	list_for_each_entry(d, &q->list, node) {
		if (off >= 0 && (size_t)*left >= d->len && (*left || d->peeked)) {
			*left -= (int)d->len;
			continue;
		}
		if (peek && !d->len)
			d->peeked = true; /* skb_set_peeked */
		return d;
	}
	return NULL;
}

int dgram_next_at(struct sock *sk, struct dgram_queue *q, int flags, int *off, struct inet_dgram **out)
{
	u64 deadline = sock_deadline(sk, false);
	bool peek = flags & MSG_PEEK;
	int from = peek ? *off : -1;
	for (;;) {
		/* a pending error comes before any queued datagram (__skb_recv_udp,
		 * __skb_try_recv_datagram), and is cleared by being reported */
		int err = sock_take_error(sk);
		if (err)
			return err;
		int left;
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		struct inet_dgram *d = dgram_find(q, from, peek, &left);
		if (d && !peek) {
			list_del(&d->node);
			q->bytes -= d->len;
		}
		u64 added = q->added;
		spin_unlock_irqrestore(&sk->lock, irq);
		if (d) {
			*off = left;
			*out = d;
			return 0;
		}
		if (flags & MSG_DONTWAIT)
			return -EAGAIN;
		if (from < 0) {
			err = sock_wait_datagram(sk, &q->readlock, &q->list, deadline);
		} else { /* __skb_wait_for_more_packets: a datagram not there before */
			mutex_unlock(&q->readlock);
			err = wait_event_interruptible_timeout(&sk->wq,
							       __atomic_load_n(&q->added, __ATOMIC_RELAXED) != added ||
								       __atomic_load_n(&sk->err, __ATOMIC_RELAXED),
							       deadline);
			mutex_lock(&q->readlock);
			err = err == -ETIMEDOUT ? -EAGAIN : err == -ERESTARTSYS && deadline != ~0UL ? -EINTR : err;
		}
		if (err)
			return err;
	}
}

int dgram_next(struct sock *sk, struct dgram_queue *q, int flags, struct inet_dgram **out)
{
	int off = -1;
	return dgram_next_at(sk, q, flags, &off, out);
}

ssize_t dgram_copy_out_at(struct sock *sk, struct sock_msg *m, const struct inet_dgram *d, size_t off, size_t len)
{
	sock_recv_timestamp(sk, m, d->tstamp_ns);
	if (sk->rxq_ovfl && d->drops) /* sock_recv_drops: only a count above zero */
		m->drops = d->drops;
	size_t n = len;
	if (n > d->len - off)
		n = d->len - off;
	else if (n < d->len)
		m->out_flags |= MSG_TRUNC;
	if (msg_iter_copy_out(&m->iter, d->data + off, n))
		return -EFAULT;
	return (m->flags & MSG_TRUNC) ? (ssize_t)d->len : (ssize_t)n;
}

ssize_t dgram_copy_out(struct sock *sk, struct sock_msg *m, const struct inet_dgram *d, size_t len)
{
	return dgram_copy_out_at(sk, m, d, 0, len);
}

short dgram_poll(struct sock *sk, struct dgram_queue *q, struct poll_table *pt)
{
	poll_wait(pt, &sk->wq);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	short mask = POLLOUT | POLLWRNORM | POLLWRBAND; /* sends never wait: the queue is the receiver's */
	if (!list_empty(&q->list))
		mask |= POLLIN | POLLRDNORM;
	if (sk->err || !list_empty(&sk->error_queue)) /* datagram_poll */
		mask |= POLLERR | (__atomic_load_n(&sk->select_err_queue, __ATOMIC_RELAXED) ? POLLPRI : 0);
	if (sk->shutdown & RCV_SHUTDOWN)
		mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (sk->shutdown == SHUTDOWN_MASK)
		mask |= POLLHUP;
	spin_unlock_irqrestore(&sk->lock, irq);
	return mask;
}

long dgram_ioctl(struct sock *sk, struct dgram_queue *q, unsigned cmd, u64 arg)
{
	if (cmd != SIOCINQ && cmd != SIOCOUTQ)
		return -ENOIOCTLCMD; /* the device ioctls: the generic layer */
	u32 amount = 0;
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	struct inet_dgram *d = list_first_entry_or_null(&q->list, struct inet_dgram, node);
	if (cmd == SIOCINQ && d)
		amount = (u32)d->len; /* the next datagram's size */
	spin_unlock_irqrestore(&sk->lock, irq);
	return put_user_u32(uaddr_from(arg), amount) ? -EFAULT : 0;
}

int dgram_shutdown(struct sock *sk, int mode, bool connected)
{
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	sk->shutdown |= (unsigned)mode;
	spin_unlock_irqrestore(&sk->lock, irq);
	wake_up_all(&sk->wq);
	return connected ? 0 : -ENOTCONN;
}

void dgram_release(struct sock *sk, struct dgram_queue *q)
{
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	sk->dead = true;
	spin_unlock_irqrestore(&sk->lock, irq);
	while (!list_empty(&q->list)) {
		struct inet_dgram *d = list_first_entry(&q->list, struct inet_dgram, node);
		list_del(&d->node);
		kfree(d);
	}
}

/* ip_cmsg_recv's IP_PKTINFO: struct in_pktinfo {ifindex, spec_dst, addr};
 * the only device is lo (ifindex 1) and a local delivery's spec_dst is the
 * destination, a broadcast's the preferred source of the route back to the
 * sender, which on lo is 127.0.0.1 (fib_compute_spec_dst). */
static void put_pktinfo(struct net_ns *net, struct sock_msg *m, const struct inet_dgram *d)
{
	struct inet_addr spec = netdev_is_broadcast(net, d->daddr) ? inet_addr_v4(INADDR_LOOPBACK) : d->daddr;
	struct in_pktinfo_user info = {
		.ipi_ifindex = 1, .ipi_spec_dst = inet_addr_word(spec, 3), .ipi_addr = inet_addr_word(d->daddr, 3)};
	sock_msg_put_cmsg(m, SOL_IP, IP_PKTINFO, &info, sizeof(info));
}

void dgram_put_ip4_cmsgs(struct sock *sk, const struct inet_opts *o, struct sock_msg *m, const struct inet_dgram *d)
{
	int ttl = d->hop_limit;
	if (__atomic_load_n(&o->pktinfo, __ATOMIC_RELAXED))
		put_pktinfo(sk->net, m, d);
	if (__atomic_load_n(&o->recvttl, __ATOMIC_RELAXED))
		sock_msg_put_cmsg(m, SOL_IP, IP_TTL, &ttl, sizeof(ttl));
	if (__atomic_load_n(&o->recvtos, __ATOMIC_RELAXED))
		sock_msg_put_cmsg(m, SOL_IP, IP_TOS, &d->tos, 1);
	if (__atomic_load_n(&o->recvorigdst, __ATOMIC_RELAXED)) { /* ip_cmsg_recv_dstaddr */
		struct sockaddr_in_user sin = {
			.sin_family = AF_INET, .sin_port = net16(d->dport), .sin_addr = inet_addr_word(d->daddr, 3)};
		sock_msg_put_cmsg(m, SOL_IP, IP_RECVORIGDSTADDR, &sin, sizeof(sin));
	}
}
