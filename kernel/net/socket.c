/*
 * socket.c — sockets as files, the family table and what every family
 * shares (Linux net/socket.c, net/core/sock.c, lib/iov_iter.c in part).
 * The system calls are in sys_socket.c; the design is in net.h and
 * docs/net.md.
 */
#include <net.h>

#include <cred.h>
#include <format.h>
#include <kmalloc.h>
#include <mutex.h>
#include <poll.h>
#include <printk.h>
#include <signal.h>
#include <string.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

/* ---- the walk over a transfer's buffers --------------------------------------- */

void msg_iter_one(struct msg_iter *it, struct iobuf buf, size_t len)
{
	*it = (struct msg_iter){.one = buf, .left = len};
}

void msg_iter_iov(struct msg_iter *it, const struct iovec_user *iov, int nr_segs, size_t total)
{
	*it = (struct msg_iter){.iov = iov, .nr_segs = nr_segs, .left = total};
}

/* The current piece: where it is and how many bytes it has left. */
static size_t iter_piece(struct msg_iter *it, struct iobuf *at)
{
	if (it->nr_segs == 0) {
		*at = it->one;
		if (at->user)
			at->uaddr = uaddr_add(at->uaddr, it->seg_off);
		else
			at->kaddr = (char *)at->kaddr + it->seg_off;
		return it->left;
	}
	while (it->seg < it->nr_segs && it->seg_off == it->iov[it->seg].iov_len) {
		it->seg++;
		it->seg_off = 0;
	}
	if (it->seg == it->nr_segs)
		return 0;
	*at = (struct iobuf){.user = true, .uaddr = uaddr_add(uaddr_from(it->iov[it->seg].iov_base), it->seg_off)};
	return MIN(it->iov[it->seg].iov_len - it->seg_off, it->left);
}

static int iter_copy(struct msg_iter *it, void *kbuf, size_t n, bool out)
{
	n = MIN(n, it->left);
	size_t done = 0;
	while (done < n) {
		struct iobuf at;
		size_t piece = MIN(iter_piece(it, &at), n - done);
		if (piece == 0)
			break;
		ssize_t r = out ? iobuf_copy_out(&at, 0, (char *)kbuf + done, piece)
				: iobuf_copy_in((char *)kbuf + done, &at, 0, piece);
		if (r < 0)
			return -EFAULT;
		it->seg_off += piece;
		it->left -= piece;
		done += piece;
	}
	return 0;
}

int msg_iter_copy_out(struct msg_iter *it, const void *src, size_t n)
{
	return iter_copy(it, (void *)src, n, true);
}

int msg_iter_copy_in(void *dst, struct msg_iter *it, size_t n)
{
	return iter_copy(it, dst, n, false);
}

/* ---- socks -------------------------------------------------------------------- */

void sock_cred_current(struct sock_cred *c, bool effective)
{
	const struct cred *cr = cred_current();
	c->pid = current()->group->pid;
	c->uid = effective ? cr->euid : cr->uid;
	c->gid = effective ? cr->egid : cr->gid;
}

void scm_release(struct scm_data *scm)
{
	for (int i = 0; i < scm->nr_fds; i++)
		file_put(scm->fds[i]);
	kfree(scm->fds);
	scm->fds = NULL;
	scm->nr_fds = 0;
}

void sock_init(struct sock *sk, const struct proto_ops *ops, int type, int protocol, struct net_ns *net)
{
	sk->refcount = 1;
	sk->net = net_ns_get(net);
	sk->family = ops->family;
	sk->type = type;
	sk->protocol = protocol;
	sk->ops = ops;
	spin_lock_init(&sk->lock, "sock");
	wait_queue_init(&sk->wq, "sock");
	fasync_list_init(&sk->fasync);
	sk->sndbuf = SOCK_BUF_DEFAULT;
	sk->rcvbuf = SOCK_BUF_DEFAULT;
	sk->rcvlowat = 1;
	sk->incoming_cpu = -1;
	sk->dontroute = false;
	sk->priority = sk->mark = 0;
	sk->busy_poll_usec = 0; /* net.core.busy_read */
	list_init(&sk->error_queue);
	sk->peek_off = -1;
	sk->uid = cred_current()->fsuid; /* sock_alloc: the socket inode's owner */
}

void sock_hold(struct sock *sk)
{
	__atomic_fetch_add(&sk->refcount, 1, __ATOMIC_RELAXED);
}

void sock_put(struct sock *sk)
{
	if (__atomic_sub_fetch(&sk->refcount, 1, __ATOMIC_ACQ_REL) == 0) {
		struct net_ns *net = sk->net;
		sock_purge_err(sk);
		sk->ops->destroy(sk);
		net_ns_put(net);
	}
}

void sock_put_not_last(struct sock *sk)
{
	int left = __atomic_sub_fetch(&sk->refcount, 1, __ATOMIC_RELEASE);
	CHECK(left > 0);
}

int sock_take_error(struct sock *sk)
{
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	int err = sk->err;
	sk->err = 0;
	spin_unlock_irqrestore(&sk->lock, irq);
	return -err;
}

u64 sock_deadline(const struct sock *sk, bool send)
{
	u64 ns = send ? sk->sndtimeo_ns : sk->rcvtimeo_ns;
	return ns ? time_deadline_after(ns) : ~0UL;
}

int sock_wait_datagram(struct sock *sk, struct mutex *readlock, const struct list_head *queue, u64 deadline)
{
	mutex_unlock(readlock);
	int ret = wait_event_interruptible_timeout(&sk->wq, !list_empty(queue) || sk->err, deadline);
	mutex_lock(readlock);
	if (ret == -ETIMEDOUT)
		return -EAGAIN;
	if (ret == -ERESTARTSYS && deadline != ~0UL)
		return -EINTR; /* sock_intr_errno: a timeout makes it not restartable */
	return ret;
}

ssize_t sock_epipe(int flags)
{
	if (!(flags & MSG_NOSIGNAL))
		signal_send_group(current(), SIGPIPE); /* Linux: send_sig(SIGPIPE, current, 0) */
	return -EPIPE;
}

/* ---- sockets as files ------------------------------------------------------- */

static const struct file_ops socket_file_ops;

struct sock *sock_of_file(struct file *f)
{
	return f->ops == &socket_file_ops ? f->private : NULL;
}

int sock_from_fd(int fd, struct file **f, struct sock **sk)
{
	*f = fd_get_file(fd); /* sockfd_lookup_light's fdget: an O_PATH descriptor is EBADF */
	if (!*f)
		return -EBADF;
	*sk = sock_of_file(*f);
	if (!*sk) {
		file_put(*f);
		return -ENOTSOCK;
	}
	return 0;
}

/* read(2) and write(2) are recvmsg and sendmsg with no flags (sock_read_iter). */
static ssize_t socket_rw(struct file *f, struct iobuf *buf, size_t len, bool write)
{
	struct sock *sk = f->private;
	struct sock_msg *m = kzalloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	msg_iter_one(&m->iter, *buf, len);
	m->flags = (f->flags & O_NONBLOCK) ? MSG_DONTWAIT : 0;
	ssize_t n = write ? sk->ops->sendmsg(sk, m, len) : sk->ops->recvmsg(sk, m, len);
	scm_release(&m->scm);
	kfree(m);
	return n;
}

static ssize_t socket_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	return socket_rw(f, dst, len, false);
}

static ssize_t socket_write(struct file *f, struct iobuf *src, size_t len, u64 pos)
{
	return socket_rw(f, src, len, true);
}

static short socket_poll(struct file *f, struct poll_table *pt)
{
	struct sock *sk = f->private;
	return sk->ops->poll(sk, f, pt);
}

static long socket_ioctl(struct file *f, unsigned cmd, u64 arg)
{
	struct sock *sk = f->private;
	long ret = sk->ops->ioctl ? sk->ops->ioctl(sk, cmd, arg) : -ENOIOCTLCMD;
	if (ret == -ENOIOCTLCMD) /* sock_do_ioctl: the device ioctls work on any socket */
		ret = netdev_ioctl(sk->net, cmd, arg);
	return ret == -ENOIOCTLCMD ? -ENOTTY : ret;
}

static void socket_release(struct file *f)
{
	struct sock *sk = f->private;
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	sk->file = NULL;
	spin_unlock_irqrestore(&sk->lock, irq);
	sk->ops->release(sk); /* drops the file's reference */
}

/* sock_fasync: F_SETFL O_ASYNC puts the file on the sock's list. */
static int socket_fasync(struct file *f, int fd, bool on)
{
	struct sock *sk = f->private;
	return fasync_helper(&sk->fasync, f, fd, on);
}

void sock_wake_async(struct sock *sk, int reason)
{
	kill_fasync(&sk->fasync, reason);
}

void sock_set_async_nospace(struct sock *sk)
{
	__atomic_store_n(&sk->async_nospace, true, __ATOMIC_RELAXED);
}

void sock_wake_async_space(struct sock *sk)
{
	if (__atomic_exchange_n(&sk->async_nospace, false, __ATOMIC_RELAXED))
		kill_fasync(&sk->fasync, POLL_OUT);
}

/* sk_send_sigurg: the file's owner gets SIGURG; if it has one, the O_ASYNC
 * files with an F_SETSIG signal get that too (SOCK_WAKE_URG). sk->file has
 * no reference, so take one unless the file is already being released. */
void sock_send_sigurg(struct sock *sk)
{
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	struct file *f = sk->file && file_get_unless_zero(sk->file) ? sk->file : NULL;
	spin_unlock_irqrestore(&sk->lock, irq);
	if (!f)
		return;
	if (file_send_sigurg(f))
		kill_fasync_urg(&sk->fasync);
	file_put(f);
}

/* sock_mmap: the family maps (AF_PACKET's rings), else ENODEV (sock_no_mmap). */
static int socket_mmap(struct file *f, struct vma *v)
{
	struct sock *sk = f->private;
	return sk->ops->mmap ? sk->ops->mmap(sk, f, v) : -ENODEV;
}

static const struct file_ops socket_file_ops = {
	.fasync = socket_fasync,
	.mmap = socket_mmap,
	.read = socket_read,
	.write = socket_write,
	.poll = socket_poll,
	.ioctl = socket_ioctl,
	.release = socket_release,
};

int sock_install(struct sock *sk, int flags)
{
	struct file *f = file_alloc(&socket_file_ops, sk, S_IFSOCK | 0777);
	if (!f) {
		sk->ops->release(sk);
		return -ENFILE;
	}
	f->flags = O_RDWR | (flags & SOCK_NONBLOCK ? O_NONBLOCK : 0);
	f->inode->uid = cred_fsuid(); /* sock_alloc: the creator owns the inode */
	f->inode->gid = cred_fsgid();
	sk->ino = f->inode->ino;
	sk->file = f;
	return fd_install_or_put(f, flags & SOCK_CLOEXEC); /* its failure releases sk */
}

static void proc_net_vprintf(struct proc_net_text *t, const char *fmt, va_list ap)
{
	size_t at = MIN(t->len, t->cap);
	t->len += (size_t)vsnprintf(t->buf ? t->buf + at : NULL, t->cap - at, fmt, ap);
}

void proc_net_printf(struct proc_net_text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	proc_net_vprintf(t, fmt, ap);
	va_end(ap);
}

void proc_net_line(struct proc_net_text *t, unsigned width, const char *fmt, ...)
{
	size_t start = t->len;
	va_list ap;
	va_start(ap, fmt);
	proc_net_vprintf(t, fmt, ap);
	va_end(ap);
	while (t->len - start < width)
		proc_net_printf(t, " ");
	proc_net_printf(t, "\n");
}

u64 sock_rx_stamp(struct sock *sk)
{
	return __atomic_load_n(&sk->rcvtstamp, __ATOMIC_RELAXED) ? time_realtime_ns() : 0;
}

void sock_recv_timestamp(struct sock *sk, struct sock_msg *m, u64 ns)
{
	if (!__atomic_load_n(&sk->rcvtstamp, __ATOMIC_RELAXED))
		return;
	bool nano = __atomic_load_n(&sk->rcvtstampns, __ATOMIC_RELAXED);
	bool new = __atomic_load_n(&sk->tstamp_new, __ATOMIC_RELAXED);
	m->tstamp_type =
		nano ? (new ? SO_TIMESTAMPNS_NEW : SO_TIMESTAMPNS_OLD) : (new ? SO_TIMESTAMP_NEW : SO_TIMESTAMP_OLD);
	m->tstamp_ns = ns ? ns : time_realtime_ns();
}

void sock_msg_put_cmsg(struct sock_msg *m, int level, int type, const void *data, size_t len)
{
	CHECK(m->nr_proto_cmsgs < SOCK_MSG_PROTO_CMSGS && len <= sizeof(m->proto_cmsgs[0].data));
	struct sock_cmsg *c = &m->proto_cmsgs[m->nr_proto_cmsgs++];
	c->level = level;
	c->type = type;
	c->len = len;
	memcpy(c->data, data, len);
}

void sock_peek_offset_move(struct sock *sk, bool peek, s64 n)
{
	s64 off = __atomic_load_n(&sk->peek_off, __ATOMIC_RELAXED);
	if (off < 0)
		return;
	off = peek ? off + n : MAX(off - n, 0);
	__atomic_store_n(&sk->peek_off, (int)off, __ATOMIC_RELAXED);
}

/* ---- the error queue (sk_error_queue; net/core/skbuff.c sock_queue_err_skb,
 * sock_dequeue_err_skb; net/ipv4/ip_sockglue.c ip_recv_error) ---------------- */

bool sock_queue_err(struct sock *sk, struct sock_err *e, size_t rmem)
{
	e->tstamp_ns = sock_rx_stamp(sk);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	/* sk_rmem_alloc + truesize >= sk_rcvbuf: ENOMEM */
	bool room = !sk->dead && rmem + sk->error_bytes + e->len < (size_t)sk->rcvbuf;
	if (room) {
		list_add_tail(&e->node, &sk->error_queue);
		sk->error_bytes += e->len;
	}
	spin_unlock_irqrestore(&sk->lock, irq);
	if (!room) {
		kfree(e);
		return false;
	}
	wake_up_all(&sk->wq);
	sock_wake_async(sk, POLL_ERR);
	return true;
}

static bool is_icmp_err(const struct sock_err *e)
{
	return e->ee.ee_origin == SO_EE_ORIGIN_ICMP || e->ee.ee_origin == SO_EE_ORIGIN_ICMP6;
}

ssize_t sock_recv_err(struct sock *sk, struct sock_msg *m, size_t len)
{
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	struct sock_err *e = list_first_entry_or_null(&sk->error_queue, struct sock_err, node);
	struct sock_err *next = NULL;
	if (e) {
		list_del(&e->node);
		sk->error_bytes -= e->len;
		next = list_first_entry_or_null(&sk->error_queue, struct sock_err, node);
		if (next && is_icmp_err(next))
			sk->err = (int)next->ee.ee_errno;
		else if (is_icmp_err(e))
			sk->err = 0;
	}
	spin_unlock_irqrestore(&sk->lock, irq);
	if (!e)
		return -EAGAIN;
	if (next)
		wake_up_all(&sk->wq); /* sk_error_report */
	size_t n = MIN(len, e->len);
	if (e->len > len)
		m->out_flags |= MSG_TRUNC;
	if (msg_iter_copy_out(&m->iter, e->data, n)) {
		kfree(e);
		return -EFAULT;
	}
	sock_recv_timestamp(sk, m, e->tstamp_ns);
	memcpy(m->name, e->name, (size_t)e->namelen);
	m->namelen = e->namelen;
	u8 cmsg[SOCK_CMSG_MAX];
	memcpy(cmsg, &e->ee, sizeof(e->ee));
	memcpy(cmsg + sizeof(e->ee), e->offender, (size_t)e->offender_len);
	sock_msg_put_cmsg(m, e->cmsg_level, e->cmsg_type, cmsg, sizeof(e->ee) + (size_t)e->offender_len);
	m->out_flags |= MSG_ERRQUEUE;
	kfree(e);
	return (ssize_t)n;
}

void sock_purge_err(struct sock *sk)
{
	struct list_head gone;
	list_init(&gone);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	while (!list_empty(&sk->error_queue)) {
		struct sock_err *e = list_first_entry(&sk->error_queue, struct sock_err, node);
		list_move_tail(&e->node, &gone);
	}
	sk->error_bytes = 0;
	spin_unlock_irqrestore(&sk->lock, irq);
	while (!list_empty(&gone)) {
		struct sock_err *e = list_first_entry(&gone, struct sock_err, node);
		list_del(&e->node);
		kfree(e);
	}
}
