/*
 * unix_msg.c — sending and receiving on AF_UNIX sockets (Linux
 * net/unix/af_unix.c: unix_stream_sendmsg, unix_dgram_sendmsg,
 * unix_stream_read_generic, unix_dgram_recvmsg).
 *
 * A send copies the user's bytes into unix_msg records (at most
 * STREAM_CHUNK each for a stream) and queues them on the receiver. The
 * bytes count against the sender's SO_SNDBUF until they are read
 * (u->wmem, Linux's sk_wmem_alloc): a sender waits while wmem >= sndbuf,
 * and a reader that frees a record wakes its sender once wmem is down to a
 * quarter of sndbuf (unix_writable, as Linux's unix_write_space). A
 * datagram sent to a socket that is not connected back to the sender also
 * waits while the receiver has more than max_dgram_qlen (10) datagrams
 * queued.
 *
 * A stream read takes bytes across records, but never past a record that
 * carried descriptors (they end the read, as on Linux) nor, with
 * SO_PASSCRED, across records from different senders. A datagram or
 * seqpacket read takes one record; the rest of it is discarded (MSG_TRUNC).
 * MSG_PEEK reads without consuming; descriptors peeked at are duplicated.
 * With SO_PEEK_OFF a peek starts that many bytes into the queue and moves
 * the offset on; reads move it back (unix_stream_read_generic,
 * unix_dgram_recvmsg).
 *
 * Descriptors in flight are file references held by their record; a
 * record dropped unread (its receiver closed) puts them. See docs/net.md
 * for the cycle this does not collect.
 */
#include "af_unix.h"

#include <kmalloc.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>

#define STREAM_CHUNK (64 * 1024)

void unix_msg_free(struct unix_msg *msg)
{
	unix_notinflight(msg->fds, msg->nr_fds);
	for (int i = 0; i < msg->nr_fds; i++)
		file_put(msg->fds[i]);
	kfree(msg->fds);
	struct unix_sock *s = msg->sender;
	if (s) {
		__atomic_sub_fetch(&s->wmem, msg->len, __ATOMIC_RELAXED);
		/* unix_write_space: a waiting sender is woken once its bytes in
		 * flight are down to a quarter of its send buffer (what poll calls
		 * writable), not at every record read, so it refills the buffer
		 * in one go instead of a switch per record */
		if (unix_writable(s)) {
			wake_up_all(&s->sk.wq);
			sock_wake_async_space(&s->sk);
		}
		sock_put(&s->sk);
	}
	kfree(msg);
}

/* A record of len bytes from the walk, with the sender's credentials and
 * (if take_scm) the message's descriptors. */
static int msg_make(struct unix_sock *u, struct sock_msg *m, size_t len, bool take_scm, struct unix_msg **out)
{
	/* the record zeroed, not its data: the copy fills all len bytes */
	struct unix_msg *msg = kmalloc(sizeof(*msg) + len);
	if (!msg)
		return -ENOMEM;
	memset(msg, 0, sizeof(*msg));
	if (msg_iter_copy_in(msg->data, &m->iter, len)) {
		kfree(msg);
		return -EFAULT;
	}
	msg->len = len;
	sock_cred_current(&msg->cred, false);
	if (m->scm.has_cred)
		msg->cred = m->scm.cred;
	if (take_scm) {
		msg->fds = m->scm.fds;
		msg->nr_fds = m->scm.nr_fds;
		m->scm.fds = NULL;
		m->scm.nr_fds = 0;
		unix_inflight(msg->fds, msg->nr_fds);
	}
	*out = msg;
	return 0;
}

/* Queues msg on to and charges its bytes to u [to's lock]. */
static void msg_queue(struct unix_sock *u, struct unix_sock *to, struct unix_msg *msg)
{
	sock_hold(&u->sk);
	msg->sender = u;
	__atomic_add_fetch(&u->wmem, msg->len, __ATOMIC_RELAXED);
	list_add_tail(&msg->node, &to->queue);
	to->qlen++;
	to->qbytes += msg->len;
}

/* sock_alloc_send_pskb's wait: until u's bytes in flight are below its
 * send buffer (or the connection is gone). */
static int wait_sndbuf(struct unix_sock *u, int flags, u64 deadline)
{
	if (__atomic_load_n(&u->wmem, __ATOMIC_RELAXED) < (size_t)u->sk.sndbuf)
		return 0;
	sock_set_async_nospace(&u->sk); /* room again sends POLL_OUT (unix_write_space) */
	if (flags & MSG_DONTWAIT)
		return -EAGAIN;
	int err = wait_event_interruptible_timeout(
		&u->sk.wq,
		__atomic_load_n(&u->wmem, __ATOMIC_RELAXED) < (size_t)u->sk.sndbuf ||
			(__atomic_load_n(&u->sk.shutdown, __ATOMIC_RELAXED) & SEND_SHUTDOWN),
		deadline);
	if (err == -ETIMEDOUT)
		return -EAGAIN;
	if (err == -ERESTARTSYS && deadline != ~0UL)
		return -EINTR; /* sock_intr_errno: a timed wait is not restarted */
	return err;
}

static struct unix_sock *peer_get(struct unix_sock *u)
{
	unsigned long irq = spin_lock_irqsave(&u->sk.lock);
	struct unix_sock *other = u->peer;
	if (other)
		sock_hold(&other->sk);
	spin_unlock_irqrestore(&u->sk.lock, irq);
	return other;
}

ssize_t unix_stream_sendmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct unix_sock *u = unix_sk(sk);
	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (m->namelen)
		return u->state == UNIX_CONNECTED ? -EISCONN : -EOPNOTSUPP;
	struct unix_sock *other = peer_get(u);
	if (!other)
		return -ENOTCONN;
	u64 deadline = sock_deadline(sk, true);
	size_t sent = 0;
	ssize_t err = 0;
	if (__atomic_load_n(&sk->shutdown, __ATOMIC_RELAXED) & SEND_SHUTDOWN)
		goto pipe;
	while (sent < len) {
		size_t size = MIN(len - sent, MIN((size_t)sk->sndbuf / 2, STREAM_CHUNK));
		err = wait_sndbuf(u, m->flags, deadline);
		if (err)
			break;
		if (__atomic_load_n(&sk->shutdown, __ATOMIC_RELAXED) & SEND_SHUTDOWN)
			goto pipe;
		struct unix_msg *msg;
		err = msg_make(u, m, size, sent == 0, &msg);
		if (err)
			break;
		unsigned long irq = spin_lock_irqsave(&other->sk.lock);
		bool broken = other->sk.dead || (other->sk.shutdown & RCV_SHUTDOWN);
		if (!broken)
			msg_queue(u, other, msg);
		spin_unlock_irqrestore(&other->sk.lock, irq);
		if (broken) {
			unix_msg_free(msg);
			goto pipe;
		}
		wake_up_all(&other->sk.wq);
		sock_wake_async(&other->sk, POLL_IN); /* sk_data_ready */
		sent += size;
	}
	sock_put(&other->sk);
	return sent ? (ssize_t)sent : err;
pipe:
	sock_put(&other->sk);
	return sent ? (ssize_t)sent : sock_epipe(m->flags);
}

/* The destination of a datagram: the address given, else the peer. */
static int dgram_target(struct unix_sock *u, struct sock_msg *m, struct unix_sock **other)
{
	if (m->namelen) {
		const struct sockaddr_un_user *sun = (const void *)m->name;
		if (m->namelen <= 2 || m->namelen > (int)sizeof(*sun) || sun->sun_family != AF_UNIX)
			return -EINVAL; /* unix_validate_addr */
		return unix_find_other(u->sk.net, m->name, m->namelen, u->sk.type, other);
	}
	*other = peer_get(u);
	return *other ? 0 : -ENOTCONN;
}

/* Puts msg on other's queue, or says why not: a dead peer (ECONNREFUSED,
 * and u forgets it), a receiver connected elsewhere (EPERM), one that
 * shut reading (EPIPE), a full queue (-EAGAIN: wait and retry). */
static int dgram_deliver(struct unix_sock *u, struct unix_sock *other, struct unix_msg *msg)
{
	unsigned long irq = spin_lock_irqsave(&other->sk.lock);
	int err = 0;
	if (other->peer && other->peer != u)
		err = -EPERM; /* unix_may_send */
	else if (other->sk.dead)
		err = -ECONNREFUSED;
	else if (other->sk.shutdown & RCV_SHUTDOWN)
		err = -EPIPE;
	else if (other != u && other->peer != u && other->qlen > other->backlog)
		err = -EAGAIN; /* unix_recvq_full */
	else
		msg_queue(u, other, msg);
	spin_unlock_irqrestore(&other->sk.lock, irq);
	if (err == -ECONNREFUSED) {
		irq = spin_lock_irqsave(&u->sk.lock);
		bool was_peer = u->peer == other;
		if (was_peer) {
			u->peer = NULL;
			u->state = UNIX_UNCONNECTED;
		}
		spin_unlock_irqrestore(&u->sk.lock, irq);
		if (was_peer)
			sock_put(&other->sk);
	}
	return err;
}

ssize_t unix_dgram_sendmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct unix_sock *u = unix_sk(sk);
	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (sk->type == SOCK_SEQPACKET) { /* unix_seqpacket_sendmsg */
		if (u->state != UNIX_CONNECTED)
			return -ENOTCONN;
		m->namelen = 0;
	}
	struct unix_sock *other = NULL;
	if (m->namelen) {
		const struct sockaddr_un_user *sun = (const void *)m->name;
		if (m->namelen <= 2 || m->namelen > (int)sizeof(*sun) || sun->sun_family != AF_UNIX)
			return -EINVAL;
	} else if (!u->peer) {
		return -ENOTCONN;
	}
	int err;
	if (sk->passcred && !u->addr && (err = unix_autobind(u)))
		return err;
	if (len > (size_t)sk->sndbuf - 32)
		return -EMSGSIZE;
	u64 deadline = sock_deadline(sk, true);
	if ((err = wait_sndbuf(u, m->flags, deadline)))
		return err;
	struct unix_msg *msg;
	if ((err = msg_make(u, m, len, true, &msg)))
		return err;
	for (;;) {
		err = -EPIPE;
		if (__atomic_load_n(&sk->shutdown, __ATOMIC_RELAXED) & SEND_SHUTDOWN)
			break;
		if ((err = dgram_target(u, m, &other)))
			break;
		err = dgram_deliver(u, other, msg);
		if (err != -EAGAIN || (m->flags & MSG_DONTWAIT))
			break;
		err = wait_event_interruptible_timeout(
			&other->sk.wq,
			__atomic_load_n(&other->qlen, __ATOMIC_RELAXED) <= other->backlog || other->sk.dead, deadline);
		sock_put(&other->sk);
		other = NULL;
		if (err == -ETIMEDOUT)
			err = -EAGAIN;
		if (err)
			break;
	}
	if (!err) {
		wake_up_all(&other->sk.wq);
		sock_wake_async(&other->sk, POLL_IN); /* sk_data_ready */
	} else {
		unix_msg_free(msg);
	}
	if (other)
		sock_put(&other->sk);
	return err ? err : (ssize_t)len;
}

/* ---- receiving ---------------------------------------------------------------- */

/* The descriptors of msg go to the reader: moved, or copied for a peek. */
static int take_fds(struct unix_msg *msg, struct sock_msg *m, bool peek)
{
	if (!msg->nr_fds)
		return 0;
	if (!peek) {
		unix_take_msg_fds(msg, &m->scm.fds, &m->scm.nr_fds);
		return 0;
	}
	m->scm.fds = kmalloc(sizeof(struct file *) * (size_t)msg->nr_fds);
	if (!m->scm.fds)
		return -ENOMEM;
	for (int i = 0; i < msg->nr_fds; i++) {
		file_get(msg->fds[i]);
		m->scm.fds[i] = msg->fds[i];
	}
	m->scm.nr_fds = msg->nr_fds;
	return 0;
}

/* Waits for more than seen bytes (or records) queued, shutdown or an error. */
static int wait_data(struct unix_sock *u, size_t seen, u64 deadline)
{
	int err = wait_event_interruptible_timeout(
		&u->sk.wq,
		__atomic_load_n(&u->qbytes, __ATOMIC_RELAXED) > seen ||
			(__atomic_load_n(&u->qlen, __ATOMIC_RELAXED) && !seen) ||
			(__atomic_load_n(&u->sk.shutdown, __ATOMIC_RELAXED) & RCV_SHUTDOWN) ||
			__atomic_load_n(&u->sk.err, __ATOMIC_RELAXED),
		deadline);
	if (err == -ETIMEDOUT)
		return -EAGAIN;
	if (err == -ERESTARTSYS && deadline != ~0UL)
		return -EINTR;
	return err;
}

static bool cred_equal(const struct sock_cred *a, const struct sock_cred *b)
{
	return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

/* The sender's name for recvfrom (none: namelen 0). */
static void copy_source(struct unix_msg *msg, struct sock_msg *m)
{
	struct unix_sock *s = msg->sender;
	unsigned long irq = spin_lock_irqsave(&s->sk.lock);
	struct unix_address *a = s->addr;
	m->namelen = a ? a->len : 0;
	if (a)
		memcpy(m->name, a->bytes, (size_t)a->len);
	spin_unlock_irqrestore(&s->sk.lock, irq);
}

/* The record holding the byte `skip` bytes into the queue, and its offset there. [lock] */
static struct unix_msg *stream_find(struct unix_sock *u, size_t skip, size_t *at)
{
	struct unix_msg *msg;
	list_for_each_entry(msg, &u->queue, node) {
		size_t avail = msg->len - msg->off;
		if (skip < avail) {
			*at = msg->off + skip;
			return msg;
		}
		skip -= avail;
	}
	return NULL;
}

ssize_t unix_stream_recvmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct unix_sock *u = unix_sk(sk);
	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (u->state != UNIX_CONNECTED)
		return -EINVAL;
	bool peek = m->flags & MSG_PEEK;
	size_t target = sock_rcvlowat(sk, m->flags & MSG_WAITALL, len), copied = 0;
	u64 deadline = sock_deadline(sk, false);
	ssize_t err = 0;
	mutex_lock(&u->readlock);
	/* unix_stream_read_generic: a peek starts SO_PEEK_OFF bytes in */
	size_t skip = (size_t)MAX(sock_peek_offset(sk, m->flags), 0);
	while (copied < len) {
		size_t at;
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		struct unix_msg *msg = stream_find(u, peek ? skip + copied : 0, &at);
		spin_unlock_irqrestore(&sk->lock, irq);
		if (!msg) {
			if (copied >= target)
				break;
			if ((err = sock_take_error(sk)))
				break;
			if (__atomic_load_n(&sk->shutdown, __ATOMIC_RELAXED) & RCV_SHUTDOWN)
				break;
			if (m->flags & MSG_DONTWAIT) {
				err = -EAGAIN;
				break;
			}
			mutex_unlock(&u->readlock);
			err = wait_data(u, peek ? skip + copied : 0, deadline);
			mutex_lock(&u->readlock);
			if (err)
				break;
			continue;
		}
		if (!copied && msg->sender)
			copy_source(msg, m); /* recvfrom on a stream gives the sender's name too */
		if (m->want_cred) {	     /* never glue records from different writers */
			if (copied && !cred_equal(&m->cred, &msg->cred))
				break;
			m->cred = msg->cred;
		}
		size_t n = MIN(msg->len - at, len - copied);
		if (msg_iter_copy_out(&m->iter, msg->data + at, n)) {
			err = -EFAULT;
			break;
		}
		copied += n;
		bool has_fds = msg->nr_fds != 0;
		if ((err = take_fds(msg, m, peek)))
			break;
		if (!peek) {
			irq = spin_lock_irqsave(&sk->lock);
			msg->off += n;
			u->qbytes -= n;
			bool done = msg->off == msg->len;
			if (done) {
				list_del(&msg->node);
				u->qlen--;
			}
			spin_unlock_irqrestore(&sk->lock, irq);
			if (!done)
				break;
			unix_msg_free(msg);
		}
		if (has_fds)
			break;
	}
	sock_peek_offset_move(sk, peek, (s64)copied); /* sk_peek_offset_fwd / _bwd by each chunk */
	mutex_unlock(&u->readlock);
	if (copied)
		return (ssize_t)copied;
	return err;
}

/* The record off bytes into the queue (-1: the head), passing over the
 * records the offset covers, as __skb_try_recv_from_queue; *skip gets the
 * offset into it. [lock] */
static struct unix_msg *dgram_find(struct unix_sock *u, int off, size_t *skip)
{
	struct unix_msg *msg;
	size_t left = off < 0 ? 0 : (size_t)off;
	list_for_each_entry(msg, &u->queue, node) {
		if (off >= 0 && left && left >= msg->len) {
			left -= msg->len;
			continue;
		}
		*skip = left;
		return msg;
	}
	return NULL;
}

ssize_t unix_dgram_recvmsg(struct sock *sk, struct sock_msg *m, size_t len)
{
	struct unix_sock *u = unix_sk(sk);
	if (m->flags & MSG_OOB)
		return -EOPNOTSUPP;
	if (sk->type == SOCK_SEQPACKET && u->state != UNIX_CONNECTED)
		return -ENOTCONN; /* unix_seqpacket_recvmsg */
	bool peek = m->flags & MSG_PEEK;
	u64 deadline = sock_deadline(sk, false);
	struct unix_msg *msg = NULL;
	ssize_t err = 0;
	size_t skip = 0, seen = 0;
	mutex_lock(&u->readlock);
	int from = sock_peek_offset(sk, m->flags); /* SO_PEEK_OFF: -1 without MSG_PEEK */
	for (;;) {
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		msg = dgram_find(u, from, &skip);
		if (msg && !peek) {
			list_del(&msg->node);
			u->qlen--;
			u->qbytes -= msg->len;
		}
		seen = from > 0 ? u->qbytes : 0;
		spin_unlock_irqrestore(&sk->lock, irq);
		if (msg)
			break;
		if ((err = sock_take_error(sk)))
			break;
		if (__atomic_load_n(&sk->shutdown, __ATOMIC_RELAXED) & RCV_SHUTDOWN)
			break; /* 0: end of file */
		if (m->flags & MSG_DONTWAIT) {
			err = -EAGAIN;
			break;
		}
		mutex_unlock(&u->readlock);
		err = wait_data(u, seen, deadline);
		mutex_lock(&u->readlock);
		if (err)
			break;
	}
	if (msg) {
		copy_source(msg, m);
		sock_recv_timestamp(sk, m, 0); /* unix_dgram_recvmsg: no stream socket gets one */
		m->cred = msg->cred;
		size_t n = MIN(len, msg->len - skip);
		if (n < msg->len - skip)
			m->out_flags |= MSG_TRUNC;
		if (msg_iter_copy_out(&m->iter, msg->data + skip, n))
			err = -EFAULT;
		else
			err = take_fds(msg, m, peek);
		if (!err) {
			err = (m->flags & MSG_TRUNC) ? (ssize_t)(msg->len - skip) : (ssize_t)n;
			/* a read moves SO_PEEK_OFF back by the whole record, a peek forward by what it copied */
			sock_peek_offset_move(sk, peek, peek ? (s64)n : (s64)msg->len);
		}
	}
	mutex_unlock(&u->readlock);
	if (msg && !peek) {
		unix_msg_free(msg);
		wake_up_all(&sk->wq); /* room for senders waiting on a full queue */
	}
	return err;
}
