/*
 * sys_socket.c — the socket system calls (Linux net/socket.c,
 * net/core/sock.c sock_setsockopt/sock_getsockopt, net/core/scm.c).
 *
 * Each call checks its arguments in Linux's order, copies addresses and
 * message headers into kernel memory, and calls the family's proto_ops
 * (net.h). Control messages: SCM_RIGHTS and SCM_CREDENTIALS at level
 * SOL_SOCKET are parsed on send (__scm_send) and written back on receive
 * (scm_recv: credentials first, then descriptors, MSG_CTRUNC when the
 * buffer is too small).
 */
#include <net.h>

#include <cred.h>
#include <kmalloc.h>
#include <printk.h>
#include <string.h>
#include <syscall.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/if.h>

#define OPTMEM_MAX 20480  /* net.core.optmem_max: the largest control buffer sendmsg takes */
#define NO_ID 0xffffffffu /* SO_PEERCRED with no peer: uid and gid -1 (cred_to_ucred of none) */
#define SOCK_HZ 250	  /* Debian arm64's CONFIG_HZ: socket timeouts are whole jiffies */

static const struct net_family *const net_families[AF_MAX] = {
	[AF_UNIX] = &unix_family,	[AF_INET] = &inet_family,     [AF_INET6] = &inet6_family,
	[AF_NETLINK] = &netlink_family, [AF_PACKET] = &packet_family,
};

static int sock_create(int family, int type, int protocol, struct sock **out)
{
	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	if (type < 0 || type >= SOCK_MAX)
		return -EINVAL;
	const struct net_family *nf = net_families[family];
	if (!nf)
		return -EAFNOSUPPORT; /* not built: AF_INET comes with the TCP/IP stack */
	return nf->create(type, protocol, out);
}

SYSCALL_DEFINE3(socket, int, family, int, type, int, protocol)
{
	int flags = type & ~SOCK_TYPE_MASK;
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	struct sock *sk;
	int err = sock_create(family, type & SOCK_TYPE_MASK, protocol, &sk);
	if (err)
		return err;
	return sock_install(sk, flags);
}

SYSCALL_DEFINE4(socketpair, int, family, int, type, int, protocol, uaddr_t, usv)
{
	int flags = type & ~SOCK_TYPE_MASK;
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	struct sock *a, *b;
	int err = sock_create(family, type & SOCK_TYPE_MASK, protocol, &a);
	if (err)
		return err;
	err = sock_create(family, type & SOCK_TYPE_MASK, protocol, &b);
	if (err) {
		a->ops->release(a);
		return err;
	}
	err = a->ops->socketpair ? a->ops->socketpair(a, b) : -EOPNOTSUPP;
	if (err) {
		a->ops->release(a);
		b->ops->release(b);
		return err;
	}
	int fd0 = sock_install(a, flags);
	if (fd0 < 0) {
		b->ops->release(b);
		return fd0;
	}
	int fd1 = sock_install(b, flags);
	if (fd1 < 0) {
		(void)fd_close(fd0);
		return fd1;
	}
	s32 fds[2] = {fd0, fd1};
	if (copy_to_user(usv, fds, sizeof(fds))) {
		(void)fd_close(fd0);
		(void)fd_close(fd1);
		return -EFAULT;
	}
	return 0;
}

/* move_addr_to_kernel */
static int addr_from_user(uaddr_t uaddr, int len, void *kaddr)
{
	if (len < 0 || len > SOCKADDR_MAX)
		return -EINVAL;
	if (len && copy_from_user(kaddr, uaddr, (size_t)len))
		return -EFAULT;
	return 0;
}

/* move_addr_to_user: at most *ulen bytes, then the real length to *ulen. */
static int addr_to_user(const void *kaddr, int klen, uaddr_t uaddr, uaddr_t ulen)
{
	s32 len;
	if (get_user_u32((u32 *)&len, ulen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	if (len > klen)
		len = klen;
	if (len && copy_to_user(uaddr, kaddr, (size_t)len))
		return -EFAULT;
	return put_user_u32(ulen, (u32)klen) ? -EFAULT : 0;
}

/*
 * One socket call's arguments, for the per-call functions below: each
 * syscall fills the fields it has and calls with_sock, which finds the
 * socket (EBADF, then ENOTSOCK, as sockfd_lookup_light), runs the function
 * and drops the file reference.
 */
struct sock_args {
	uaddr_t uaddr, ulen; /* an address or message (and a length pointer) */
	uaddr_t uval;	     /* an option value or a buffer */
	size_t size;	     /* a buffer's length */
	int len, flags, level, name;
	int dontwait;	/* MSG_DONTWAIT: io_uring's accept and connect never wait */
	unsigned count; /* messages (sendmmsg, recvmmsg) */
	u64 deadline;	/* recvmmsg's, or ~0 */
};

typedef long (*sock_call_fn)(struct sock *sk, struct file *f, const struct sock_args *a);

static long with_sock(int fd, sock_call_fn fn, const struct sock_args *a)
{
	struct file *f;
	struct sock *sk;
	int err = sock_from_fd(fd, &f, &sk);
	if (err)
		return err;
	long ret = fn(sk, f, a);
	file_put(f);
	return ret;
}

static long bind_call(struct sock *sk, struct file *f, const struct sock_args *a)
{
	u8 addr[SOCKADDR_MAX + 1] = {0};
	int err = addr_from_user(a->uaddr, a->len, addr);
	if (err)
		return err;
	return sk->ops->bind ? sk->ops->bind(sk, addr, a->len) : -EOPNOTSUPP;
}

SYSCALL_DEFINE3(bind, int, fd, uaddr_t, uaddr, int, len)
{
	return with_sock(fd, bind_call, &(struct sock_args){.uaddr = uaddr, .len = len});
}

static long listen_call(struct sock *sk, struct file *f, const struct sock_args *a)
{
	int backlog = a->len;
	if ((unsigned)backlog > SOMAXCONN)
		backlog = SOMAXCONN;
	return sk->ops->listen ? sk->ops->listen(sk, backlog) : -EOPNOTSUPP;
}

SYSCALL_DEFINE2(listen, int, fd, int, backlog)
{
	return with_sock(fd, listen_call, &(struct sock_args){.len = backlog});
}

static int nonblock_flag(struct file *f)
{
	return (f->flags & O_NONBLOCK) ? MSG_DONTWAIT : 0;
}

static long accept_call(struct sock *sk, struct file *f, const struct sock_args *a)
{
	struct sock *newsk;
	int err = sk->ops->accept ? sk->ops->accept(sk, &newsk, a->dontwait | nonblock_flag(f)) : -EOPNOTSUPP;
	if (err)
		return err;
	if (!uaddr_is_null(a->uaddr)) {
		u8 addr[SOCKADDR_MAX + 1];
		int len = newsk->ops->getname(newsk, addr, true);
		err = len < 0 ? -ECONNABORTED : addr_to_user(addr, len, a->uaddr, a->ulen);
		if (err) {
			newsk->ops->release(newsk);
			return err;
		}
	}
	return sock_install(newsk, a->flags);
}

static long do_accept(int fd, uaddr_t uaddr, uaddr_t ulen, int flags)
{
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	return with_sock(fd, accept_call, &(struct sock_args){.uaddr = uaddr, .ulen = ulen, .flags = flags});
}

SYSCALL_DEFINE3(accept, int, fd, uaddr_t, uaddr, uaddr_t, ulen)
{
	return do_accept(fd, uaddr, ulen, 0);
}

SYSCALL_DEFINE4(accept4, int, fd, uaddr_t, uaddr, uaddr_t, ulen, int, flags)
{
	return do_accept(fd, uaddr, ulen, flags);
}

static long connect_call(struct sock *sk, struct file *f, const struct sock_args *a)
{
	u8 addr[SOCKADDR_MAX + 1] = {0};
	int err = addr_from_user(a->uaddr, a->len, addr);
	if (err)
		return err;
	return sk->ops->connect ? sk->ops->connect(sk, addr, a->len, a->dontwait | nonblock_flag(f)) : -EOPNOTSUPP;
}

SYSCALL_DEFINE3(connect, int, fd, uaddr_t, uaddr, int, len)
{
	return with_sock(fd, connect_call, &(struct sock_args){.uaddr = uaddr, .len = len});
}

/* getsockname (flags 0) and getpeername (flags 1). */
static long getname_call(struct sock *sk, struct file *f, const struct sock_args *a)
{
	u8 addr[SOCKADDR_MAX + 1];
	int len = sk->ops->getname(sk, addr, a->flags != 0);
	return len < 0 ? len : addr_to_user(addr, len, a->uaddr, a->ulen);
}

SYSCALL_DEFINE3(getsockname, int, fd, uaddr_t, uaddr, uaddr_t, ulen)
{
	return with_sock(fd, getname_call, &(struct sock_args){.uaddr = uaddr, .ulen = ulen, .flags = 0});
}

SYSCALL_DEFINE3(getpeername, int, fd, uaddr_t, uaddr, uaddr_t, ulen)
{
	return with_sock(fd, getname_call, &(struct sock_args){.uaddr = uaddr, .ulen = ulen, .flags = 1});
}

static long shutdown_call(struct sock *sk, struct file *f, const struct sock_args *a)
{
	int how = a->flags;
	return (how < SHUT_RD || how > SHUT_RDWR) ? -EINVAL : sk->ops->shutdown(sk, how + 1);
}

SYSCALL_DEFINE2(shutdown, int, fd, int, how)
{
	return with_sock(fd, shutdown_call, &(struct sock_args){.flags = how});
}

/* ---- control messages ----------------------------------------------------------- */

/* scm_check_creds: a sender may claim its own pid and any of its ids. */
static int check_creds(const struct ucred_user *uc)
{
	const struct cred *c = cred_current();
	if ((s32)uc->pid != current()->group->pid && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (uc->uid != c->uid && uc->uid != c->euid && uc->uid != c->suid && !capable(CAP_SETUID))
		return -EPERM;
	if (uc->gid != c->gid && uc->gid != c->egid && uc->gid != c->sgid && !capable(CAP_SETGID))
		return -EPERM;
	return 0;
}

/* SCM_RIGHTS: a reference to each descriptor (scm_fp_copy). */
static int scm_rights(struct scm_data *scm, const u8 *data, size_t len)
{
	int n = (int)(len / sizeof(s32));
	if (n <= 0)
		return 0;
	if (scm->nr_fds + n > SCM_MAX_FD)
		return -EINVAL;
	struct file **fds = kmalloc(sizeof(*fds) * (size_t)(scm->nr_fds + n));
	if (!fds)
		return -ENOMEM;
	for (int i = 0; i < scm->nr_fds; i++)
		fds[i] = scm->fds[i];
	kfree(scm->fds);
	scm->fds = fds;
	for (int i = 0; i < n; i++) {
		s32 fd;
		memcpy(&fd, data + i * sizeof(s32), sizeof(fd));
		struct file *f = fd_get(fd);
		if (!f)
			return -EBADF;
		scm->fds[scm->nr_fds++] = f;
	}
	return 0;
}

/* __scm_send: walks the control buffer (already in kernel memory). */
static int scm_parse(struct scm_data *scm, const u8 *ctl, size_t len)
{
	size_t at = 0;
	while (at + CMSG_HDR_LEN <= len) {
		struct cmsghdr_user h;
		memcpy(&h, ctl + at, sizeof(h));
		if (h.cmsg_len < CMSG_HDR_LEN || h.cmsg_len > len - at)
			return -EINVAL; /* CMSG_OK */
		const u8 *data = ctl + at + CMSG_HDR_LEN;
		size_t dlen = h.cmsg_len - CMSG_HDR_LEN;
		if (h.cmsg_level == SOL_SOCKET) {
			int err = 0;
			if (h.cmsg_type == SCM_RIGHTS) {
				err = scm_rights(scm, data, dlen);
			} else if (h.cmsg_type == SCM_CREDENTIALS) {
				struct ucred_user uc;
				if (dlen != sizeof(uc))
					return -EINVAL;
				memcpy(&uc, data, sizeof(uc));
				err = check_creds(&uc);
				scm->has_cred = true;
				scm->cred = (struct sock_cred){(s32)uc.pid, uc.uid, uc.gid};
			} else {
				err = -EINVAL;
			}
			if (err)
				return err;
		}
		at += CMSG_ALIGN_USER(h.cmsg_len);
	}
	return 0;
}

/* put_cmsg: one control message, cut (MSG_CTRUNC) if it does not fit. */
static int put_cmsg(struct sock_msg *m, size_t *used, int level, int type, const void *data, size_t len)
{
	size_t room = m->controllen - *used;
	if (room < CMSG_HDR_LEN) {
		m->out_flags |= MSG_CTRUNC;
		return 0;
	}
	size_t cmlen = CMSG_HDR_LEN + len;
	if (cmlen > room) {
		m->out_flags |= MSG_CTRUNC;
		cmlen = room;
	}
	struct cmsghdr_user h = {.cmsg_len = cmlen, .cmsg_level = level, .cmsg_type = type};
	if (copy_to_user(uaddr_add(m->control, *used), &h, sizeof(h)) ||
	    copy_to_user(uaddr_add(m->control, *used + CMSG_HDR_LEN), data, cmlen - CMSG_HDR_LEN))
		return -EFAULT;
	*used += MIN(CMSG_ALIGN_USER(cmlen), room);
	return 0;
}

/* scm_detach_fds: as many descriptors as fit are installed, the rest dropped. */
static int put_fds(struct sock_msg *m, size_t *used, bool cloexec)
{
	size_t room = m->controllen > *used ? m->controllen - *used : 0;
	int fit = room > CMSG_HDR_LEN ? (int)((room - CMSG_HDR_LEN) / sizeof(s32)) : 0;
	int n = MIN(fit, m->scm.nr_fds), installed = 0, err = 0;
	s32 *nums = kmalloc(sizeof(s32) * (size_t)(n ? n : 1));
	if (!nums)
		return -ENOMEM;
	for (; installed < n; installed++) {
		int fd = fd_install(m->scm.fds[installed], 0, cloexec);
		if (fd < 0)
			break;
		nums[installed] = fd;
		m->scm.fds[installed] = NULL; /* the table has the reference now */
	}
	if (installed)
		err = put_cmsg(m, used, SOL_SOCKET, SCM_RIGHTS, nums, sizeof(s32) * (size_t)installed);
	if (installed < m->scm.nr_fds)
		m->out_flags |= MSG_CTRUNC;
	for (int i = installed; i < m->scm.nr_fds; i++)
		file_put(m->scm.fds[i]);
	kfree(m->scm.fds);
	m->scm.fds = NULL;
	m->scm.nr_fds = 0;
	kfree(nums);
	return err;
}

static int scm_recv(struct sock_msg *m, bool cloexec)
{
	size_t used = 0;
	int err = 0;
	if (m->tstamp_type) { /* {seconds, microseconds} or {seconds, nanoseconds}: 64-bit fields either way */
		bool micro = m->tstamp_type == SO_TIMESTAMP_OLD || m->tstamp_type == SO_TIMESTAMP_NEW;
		s64 t[2] = {(s64)(m->tstamp_ns / NSEC_PER_SEC),
			    (s64)(m->tstamp_ns % NSEC_PER_SEC) / (micro ? 1000 : 1)};
		err = put_cmsg(m, &used, SOL_SOCKET, m->tstamp_type, t, sizeof(t));
	}
	if (!err && m->drops)
		err = put_cmsg(m, &used, SOL_SOCKET, SO_RXQ_OVFL, &m->drops, sizeof(m->drops));
	for (int i = 0; !err && i < m->nr_proto_cmsgs; i++) {
		const struct sock_cmsg *c = &m->proto_cmsgs[i];
		err = put_cmsg(m, &used, c->level, c->type, c->data, c->len);
	}
	if (!err && m->want_cred) {
		struct ucred_user uc = {(u32)m->cred.pid, m->cred.uid, m->cred.gid};
		err = put_cmsg(m, &used, SOL_SOCKET, SCM_CREDENTIALS, &uc, sizeof(uc));
	}
	if (!err && m->scm.nr_fds)
		err = put_fds(m, &used, cloexec);
	m->controllen = used;
	return err;
}

/* ---- sendmsg and recvmsg ------------------------------------------------------------ */

/* copy_msghdr_from_user and import_iovec: the header, the name and the iovec. */
static int msg_from_user(uaddr_t umsg, struct msghdr_user *h, struct sock_msg *m, struct iovec_user **iov)
{
	if (copy_from_user(h, umsg, sizeof(*h)))
		return -EFAULT;
	if (!h->msg_name)
		h->msg_namelen = 0;
	if ((s32)h->msg_namelen < 0)
		return -EINVAL;
	if (h->msg_namelen > SOCKADDR_MAX)
		h->msg_namelen = SOCKADDR_MAX;
	if (h->msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	long total = import_iovec(uaddr_from(h->msg_iov), h->msg_iovlen, iov);
	if (total < 0)
		return (int)total;
	msg_iter_iov(&m->iter, *iov, (int)h->msg_iovlen, (size_t)total);
	return 0;
}

static long do_sendmsg(struct sock *sk, struct file *f, uaddr_t umsg, int flags)
{
	struct msghdr_user h;
	struct iovec_user *iov = NULL;
	u8 *ctl = NULL;
	struct sock_msg *m = kzalloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	long ret = msg_from_user(umsg, &h, m, &iov);
	if (ret)
		goto out;
	ret = -ENOBUFS;
	if (h.msg_controllen > OPTMEM_MAX)
		goto out;
	if (h.msg_namelen) {
		ret = addr_from_user(uaddr_from(h.msg_name), (int)h.msg_namelen, m->name);
		if (ret)
			goto out;
		m->namelen = (int)h.msg_namelen;
	}
	if (h.msg_controllen) {
		ret = -ENOMEM;
		ctl = kmalloc(h.msg_controllen);
		if (!ctl)
			goto out;
		ret = -EFAULT;
		if (copy_from_user(ctl, uaddr_from(h.msg_control), h.msg_controllen))
			goto out;
		ret = scm_parse(&m->scm, ctl, h.msg_controllen);
		if (ret)
			goto out;
	}
	m->flags = flags | nonblock_flag(f);
	ret = sk->ops->sendmsg(sk, m, m->iter.left);
out:
	scm_release(&m->scm);
	kfree(ctl);
	kfree(iov);
	kfree(m);
	return ret;
}

static long do_recvmsg(struct sock *sk, struct file *f, uaddr_t umsg, int flags)
{
	struct msghdr_user h;
	struct iovec_user *iov = NULL;
	struct sock_msg *m = kzalloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	long ret = msg_from_user(umsg, &h, m, &iov);
	if (ret)
		goto out;
	m->flags = (flags & ~MSG_CMSG_CLOEXEC) | nonblock_flag(f);
	m->want_cred = sk->passcred;
	m->control = uaddr_from(h.msg_control);
	m->controllen = h.msg_controllen;
	ret = sk->ops->recvmsg(sk, m, m->iter.left);
	if (ret < 0)
		goto out;
	long err = 0;
	if (h.msg_name) {
		s32 len = MIN(m->namelen, (int)h.msg_namelen);
		if (len > 0 && copy_to_user(uaddr_from(h.msg_name), m->name, (size_t)len))
			err = -EFAULT;
		if (put_user_u32(uaddr_add(umsg, offsetof(struct msghdr_user, msg_namelen)), (u32)m->namelen))
			err = -EFAULT;
	}
	if (!err && h.msg_controllen)
		err = scm_recv(m, flags & MSG_CMSG_CLOEXEC);
	else if (m->scm.nr_fds || m->want_cred || m->nr_proto_cmsgs || m->tstamp_type || m->drops)
		m->out_flags |= MSG_CTRUNC;
	if (!err && (put_user_u32(uaddr_add(umsg, offsetof(struct msghdr_user, msg_flags)), (u32)m->out_flags) ||
		     put_user_u64(uaddr_add(umsg, offsetof(struct msghdr_user, msg_controllen)), m->controllen)))
		err = -EFAULT;
	if (err)
		ret = err;
out:
	scm_release(&m->scm);
	kfree(iov);
	kfree(m);
	return ret;
}

static long sendmsg_call(struct sock *sk, struct file *f, const struct sock_args *a)
{
	return do_sendmsg(sk, f, a->uaddr, a->flags);
}

SYSCALL_DEFINE3(sendmsg, int, fd, uaddr_t, umsg, unsigned, flags)
{
	return with_sock(fd, sendmsg_call, &(struct sock_args){.uaddr = umsg, .flags = (int)flags});
}

static long recvmsg_call(struct sock *sk, struct file *f, const struct sock_args *a)
{
	return do_recvmsg(sk, f, a->uaddr, a->flags);
}

SYSCALL_DEFINE3(recvmsg, int, fd, uaddr_t, umsg, unsigned, flags)
{
	return with_sock(fd, recvmsg_call, &(struct sock_args){.uaddr = umsg, .flags = (int)flags});
}

/* __sys_sendmmsg: as many as go; the count, or the first error. */
static long sendmmsg_call(struct sock *sk, struct file *f, const struct sock_args *a)
{
	unsigned vlen = MIN(a->count, (unsigned)UIO_MAXIOV);
	long ret = 0;
	unsigned done = 0;
	for (; done < vlen; done++) {
		uaddr_t one = uaddr_add(a->uaddr, done * sizeof(struct mmsghdr_user));
		ret = do_sendmsg(sk, f, one, a->flags);
		if (ret < 0)
			break;
		if (put_user_u32(uaddr_add(one, offsetof(struct mmsghdr_user, msg_len)), (u32)ret)) {
			ret = -EFAULT;
			break;
		}
	}
	return done ? (long)done : ret;
}

SYSCALL_DEFINE4(sendmmsg, int, fd, uaddr_t, umsgs, unsigned, vlen, unsigned, flags)
{
	return with_sock(fd, sendmmsg_call, &(struct sock_args){.uaddr = umsgs, .count = vlen, .flags = (int)flags});
}

/* do_recvmmsg: MSG_WAITFORONE makes every message after the first non-blocking;
 * the timeout is checked between messages, as on Linux. */
static long recvmmsg_call(struct sock *sk, struct file *f, const struct sock_args *a)
{
	unsigned vlen = MIN(a->count, (unsigned)UIO_MAXIOV);
	long ret = 0;
	unsigned done = 0;
	for (; done < vlen; done++) {
		uaddr_t one = uaddr_add(a->uaddr, done * sizeof(struct mmsghdr_user));
		int fl = a->flags & ~MSG_WAITFORONE;
		if (done && (a->flags & MSG_WAITFORONE))
			fl |= MSG_DONTWAIT;
		ret = do_recvmsg(sk, f, one, fl);
		if (ret < 0)
			break;
		if (put_user_u32(uaddr_add(one, offsetof(struct mmsghdr_user, msg_len)), (u32)ret)) {
			ret = -EFAULT;
			break;
		}
		if (a->deadline != ~0UL && time_since_boot_ns() >= a->deadline) {
			done++;
			break;
		}
	}
	return done ? (long)done : ret;
}

SYSCALL_DEFINE5(recvmmsg, int, fd, uaddr_t, umsgs, unsigned, vlen, unsigned, flags, uaddr_t, utimeout)
{
	u64 deadline = ~0UL;
	if (!uaddr_is_null(utimeout)) {
		struct timespec_user ts;
		if (copy_from_user(&ts, utimeout, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
			return -EINVAL;
		deadline = time_deadline_after((u64)ts.tv_sec * 1000000000 + (u64)ts.tv_nsec);
	}
	return with_sock(fd, recvmmsg_call,
			 &(struct sock_args){.uaddr = umsgs, .count = vlen, .flags = (int)flags, .deadline = deadline});
}

/* sendto's and recvfrom's message: one user buffer (a->uval, a->size) with
 * the call's flags; NULL if out of memory. Freed by one_buffer_msg_free. */
static struct sock_msg *one_buffer_msg(struct file *f, const struct sock_args *a)
{
	struct sock_msg *m = kzalloc(sizeof(*m));
	if (!m)
		return NULL;
	msg_iter_one(&m->iter, (struct iobuf){.user = true, .uaddr = a->uval}, a->size);
	m->flags = a->flags | nonblock_flag(f);
	return m;
}

static void one_buffer_msg_free(struct sock_msg *m)
{
	scm_release(&m->scm);
	kfree(m);
}

/* sendto's and recvfrom's entry: the buffer is clamped to MAX_RW_COUNT and
 * checked before the descriptor (Linux import_single_range). */
static long with_sock_buffer(int fd, sock_call_fn fn, struct sock_args a)
{
	if (a.size > MAX_RW_COUNT)
		a.size = MAX_RW_COUNT;
	if (!access_ok(a.uval, a.size))
		return -EFAULT;
	return with_sock(fd, fn, &a);
}

/* sendto: one buffer (uval, size), an optional address (uaddr, len). */
static long sendto_call(struct sock *sk, struct file *f, const struct sock_args *a)
{
	struct sock_msg *m = one_buffer_msg(f, a);
	if (!m)
		return -ENOMEM;
	long ret = 0;
	if (!uaddr_is_null(a->uaddr)) {
		ret = addr_from_user(a->uaddr, a->len, m->name);
		m->namelen = a->len;
	}
	if (!ret)
		ret = sk->ops->sendmsg(sk, m, a->size);
	one_buffer_msg_free(m);
	return ret;
}

SYSCALL_DEFINE6(sendto, int, fd, uaddr_t, buf, size_t, len, unsigned, flags, uaddr_t, uaddr, int, addrlen)
{
	return with_sock_buffer(
		fd, sendto_call,
		(struct sock_args){.uval = buf, .size = len, .flags = (int)flags, .uaddr = uaddr, .len = addrlen});
}

/* recvfrom: one buffer (uval, size), an optional address (uaddr, ulen). */
static long recvfrom_call(struct sock *sk, struct file *f, const struct sock_args *a)
{
	struct sock_msg *m = one_buffer_msg(f, a);
	if (!m)
		return -ENOMEM;
	long ret = sk->ops->recvmsg(sk, m, a->size);
	if (ret >= 0 && !uaddr_is_null(a->uaddr)) {
		int err = addr_to_user(m->name, m->namelen, a->uaddr, a->ulen);
		if (err)
			ret = err;
	}
	one_buffer_msg_free(m);
	return ret;
}

SYSCALL_DEFINE6(recvfrom, int, fd, uaddr_t, buf, size_t, len, unsigned, flags, uaddr_t, uaddr, uaddr_t, ulen)
{
	return with_sock_buffer(
		fd, recvfrom_call,
		(struct sock_args){.uval = buf, .size = len, .flags = (int)flags, .uaddr = uaddr, .ulen = ulen});
}

/* ---- io_uring's socket requests ------------------------------------------------------ */

/* The socket calls' work on an open file for io_uring (fs/io_uring.c,
 * Linux io_uring/net.c: __sys_accept4_file, __sys_connect_file,
 * sock_sendmsg, sock_recvmsg): ENOTSOCK for another file; nonblock (or
 * MSG_DONTWAIT in flags) never waits (-EAGAIN, -EINPROGRESS). */
static long file_sock_call(struct file *f, sock_call_fn fn, const struct sock_args *a)
{
	struct sock *sk = sock_of_file(f);
	return sk ? fn(sk, f, a) : -ENOTSOCK;
}

long sock_file_accept(struct file *f, uaddr_t uaddr, uaddr_t ulen, int flags, bool nonblock)
{
	return file_sock_call(
		f, accept_call,
		&(struct sock_args){
			.uaddr = uaddr, .ulen = ulen, .flags = flags, .dontwait = nonblock ? MSG_DONTWAIT : 0});
}

long sock_file_connect(struct file *f, uaddr_t uaddr, int len, bool nonblock)
{
	return file_sock_call(f, connect_call,
			      &(struct sock_args){.uaddr = uaddr, .len = len, .dontwait = nonblock ? MSG_DONTWAIT : 0});
}

/* The pending error of a socket whose connect went on without the caller
 * (SO_ERROR), or 0; ENOTSOCK for another file. */
long sock_file_error(struct file *f)
{
	struct sock *sk = sock_of_file(f);
	return sk ? sock_take_error(sk) : -ENOTSOCK;
}

long sock_file_send(struct file *f, uaddr_t buf, size_t len, int flags, bool recv)
{
	if (len > MAX_RW_COUNT)
		len = MAX_RW_COUNT;
	if (!access_ok(buf, len))
		return -EFAULT;
	return file_sock_call(f, recv ? recvfrom_call : sendto_call,
			      &(struct sock_args){.uval = buf, .size = len, .flags = flags});
}

long sock_file_sendmsg(struct file *f, uaddr_t umsg, int flags, bool recv)
{
	return file_sock_call(f, recv ? recvmsg_call : sendmsg_call,
			      &(struct sock_args){.uaddr = umsg, .flags = flags});
}

/* ---- options ------------------------------------------------------------------------ */

/* sock_set_timeout: whole jiffies, rounded up; 0 seconds and 0 us: none. */
static int set_timeout(u64 *ns, const void *val, int len)
{
	struct timeval_user tv;
	if (len < (int)sizeof(tv))
		return -EINVAL;
	memcpy(&tv, val, sizeof(tv));
	if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return -EDOM;
	if (tv.tv_sec < 0) {
		*ns = 1; /* already expired: Linux sets a zero-jiffy timeout */
		return 0;
	}
	u64 jiffies = (u64)tv.tv_sec * SOCK_HZ + ((u64)tv.tv_usec + 1000000 / SOCK_HZ - 1) / (1000000 / SOCK_HZ);
	*ns = jiffies * (1000000000 / SOCK_HZ);
	return 0;
}

/* The stored size of a SO_{SND,RCV}BUF request of val bytes: val at most
 * INT_MAX / 2 (so that doubling it stays an int), doubled, at least min. */
static int sock_buf_size(u32 val, int min)
{
	return (int)MAX(2 * MIN(val, 0x7fffffffu / 2), (u32)min); /* INT_MAX / 2 */
}

/* sock_bindtoindex_locked: changing a binding needs CAP_NET_RAW (EPERM),
 * a negative index is EINVAL; an index no device has is kept, as Linux 6.1
 * keeps it (packets then match no device). With "lo" the only device,
 * every packet a socket bound to it sends or receives is lo's already. */
static int bind_to_index(struct sock *sk, int ifindex)
{
	if (__atomic_load_n(&sk->bound_dev_if, __ATOMIC_RELAXED) && !capable(CAP_NET_RAW))
		return -EPERM;
	if (ifindex < 0)
		return -EINVAL;
	__atomic_store_n(&sk->bound_dev_if, ifindex, __ATOMIC_RELAXED);
	return 0;
}

/* sock_setbindtodevice: a name of at most IFNAMSIZ - 1 bytes, "" (or a
 * zero length) unbinds, a name no device of the socket's namespace has is
 * ENODEV. */
static int bind_to_device(struct sock *sk, const void *val, int len)
{
	char name[IFNAMSIZ] = {0};
	memcpy(name, val, (size_t)MIN(len, IFNAMSIZ - 1));
	int ifindex = name[0] ? netdev_ifindex_by_name(sk->net, name) : 0;
	if (name[0] && !ifindex)
		return -ENODEV;
	return bind_to_index(sk, ifindex);
}

static int sock_setsockopt(struct sock *sk, int name, const void *val, int len)
{
	if (name == SO_RCVTIMEO_OLD || name == SO_RCVTIMEO_NEW)
		return set_timeout(&sk->rcvtimeo_ns, val, len);
	if (name == SO_SNDTIMEO_OLD || name == SO_SNDTIMEO_NEW)
		return set_timeout(&sk->sndtimeo_ns, val, len);
	if (name == SO_LINGER) {
		struct linger_user l;
		if (len < (int)sizeof(l))
			return -EINVAL;
		memcpy(&l, val, sizeof(l));
		sk->linger = l.l_onoff != 0;
		sk->linger_secs = l.l_linger;
		return 0;
	}
	if (name == SO_BINDTODEVICE)
		return bind_to_device(sk, val, len);
	if (len < (int)sizeof(int))
		return -EINVAL;
	int v;
	memcpy(&v, val, sizeof(v));
	switch (name) {
	case SO_BINDTOIFINDEX: return bind_to_index(sk, v);
	case SO_INCOMING_CPU: __atomic_store_n(&sk->incoming_cpu, v, __ATOMIC_RELAXED); return 0;
	case SO_RXQ_OVFL: sk->rxq_ovfl = v != 0; return 0;
	case SO_SELECT_ERR_QUEUE: __atomic_store_n(&sk->select_err_queue, v != 0, __ATOMIC_RELAXED); return 0;
	case SO_ZEROCOPY: { /* sk_setsockopt: TCP and UDP only, then 0 or 1 */
		bool tcp = sk->type == SOCK_STREAM && sk->protocol == IPPROTO_TCP;
		bool udp = sk->type == SOCK_DGRAM && sk->protocol == IPPROTO_UDP;
		if ((sk->family != AF_INET && sk->family != AF_INET6) || (!tcp && !udp))
			return -EOPNOTSUPP;
		if (v < 0 || v > 1)
			return -EINVAL;
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		sk->zerocopy = v;
		spin_unlock_irqrestore(&sk->lock, irq);
		return 0;
	}
	case SO_PEEK_OFF: /* sk_set_peek_off, unix_set_peek_off: any value */
		if (!sk->ops->peek_off)
			return -EOPNOTSUPP;
		__atomic_store_n(&sk->peek_off, v, __ATOMIC_RELAXED);
		return 0;
	case SO_DEBUG: /* sk_setsockopt: turning it on needs CAP_NET_ADMIN */
		if (v && !capable(CAP_NET_ADMIN))
			return -EACCES;
		sk->debug = v != 0;
		return 0;
	case SO_BSDCOMPAT: return 0; /* accepted and ignored, as on Linux since 2.6 */
	case SO_TIMESTAMP_OLD:
	case SO_TIMESTAMP_NEW:
	case SO_TIMESTAMPNS_OLD:
	case SO_TIMESTAMPNS_NEW: /* sock_set_timestamp: each sets the kind, off clears both */
		if (v) {
			__atomic_store_n(&sk->tstamp_new, name == SO_TIMESTAMP_NEW || name == SO_TIMESTAMPNS_NEW,
					 __ATOMIC_RELAXED);
			__atomic_store_n(&sk->rcvtstampns, name == SO_TIMESTAMPNS_OLD || name == SO_TIMESTAMPNS_NEW,
					 __ATOMIC_RELAXED);
		} else {
			__atomic_store_n(&sk->rcvtstampns, false, __ATOMIC_RELAXED);
		}
		__atomic_store_n(&sk->rcvtstamp, v != 0, __ATOMIC_RELAXED);
		return 0;
	case SO_PASSSEC: sk->passsec = v != 0; return 0;
	case SO_RCVLOWAT: /* negative: no limit (INT_MAX); 0 means 1 */
		if (v < 0)
			v = 0x7fffffff;
		if (sk->ops->set_rcvlowat)
			return sk->ops->set_rcvlowat(sk, v);
		__atomic_store_n(&sk->rcvlowat, v ? v : 1, __ATOMIC_RELAXED);
		return 0;
	case SO_BUF_LOCK: /* SOCK_SNDBUF_LOCK 1, SOCK_RCVBUF_LOCK 2 */
		if (v & ~3)
			return -EINVAL;
		sk->sndbuf_locked = v & 1;
		sk->rcvbuf_locked = v & 2;
		return 0;
	case SO_REUSEADDR: sk->reuseaddr = v != 0; return 0;
	case SO_REUSEPORT: sk->reuseport = v != 0; return 0;
	case SO_KEEPALIVE:
		if (sk->ops->keepalive)
			sk->ops->keepalive(sk, v != 0); /* sk_setsockopt: before the flag, as Linux's */
		sk->keepalive = v != 0;
		return 0;
	case SO_BROADCAST: sk->broadcast = v != 0; return 0;
	case SO_PASSCRED: sk->passcred = v != 0; return 0;
	case SO_OOBINLINE: sk->oobinline = v != 0; return 0;
	case SO_DONTROUTE: sk->dontroute = v != 0; return 0;
	/* sk_setsockopt: priorities 0..6 for anyone, others with CAP_NET_RAW or
	 * CAP_NET_ADMIN; a mark needs one of them; SO_BUSY_POLL may be lowered
	 * by anyone, raised with CAP_NET_ADMIN, never below 0 */
	case SO_PRIORITY:
		if ((v < 0 || v > 6) && !capable(CAP_NET_RAW) && !capable(CAP_NET_ADMIN))
			return -EPERM;
		sk->priority = (u32)v;
		return 0;
	case SO_MARK:
		if (!capable(CAP_NET_RAW) && !capable(CAP_NET_ADMIN))
			return -EPERM;
		sk->mark = (u32)v;
		return 0;
	case SO_BUSY_POLL:
		if (v > sk->busy_poll_usec && !capable(CAP_NET_ADMIN))
			return -EPERM;
		if (v < 0)
			return -EINVAL;
		sk->busy_poll_usec = v;
		return 0;
	/* sk_setsockopt: SO_SNDBUF and SO_RCVBUF take at most net.core.{w,r}mem_max
	 * (as unsigned: a negative value is that maximum); the FORCE forms need
	 * CAP_NET_ADMIN and take any value, a negative one as 0. Either way the
	 * value is kept at most INT_MAX / 2 and doubled for bookkeeping overhead. */
	case SO_SNDBUFFORCE:
	case SO_SNDBUF:
		if (name == SO_SNDBUFFORCE && !capable(CAP_NET_ADMIN))
			return -EPERM;
		sk->sndbuf =
			sock_buf_size(name == SO_SNDBUF ? MIN((u32)v, SOCK_BUF_MAX) : (u32)MAX(v, 0), SOCK_MIN_SNDBUF);
		sk->sndbuf_locked = true;
		wake_up_all(&sk->wq);
		return 0;
	case SO_RCVBUFFORCE:
	case SO_RCVBUF:
		if (name == SO_RCVBUFFORCE && !capable(CAP_NET_ADMIN))
			return -EPERM;
		sk->rcvbuf =
			sock_buf_size(name == SO_RCVBUF ? MIN((u32)v, SOCK_BUF_MAX) : (u32)MAX(v, 0), SOCK_MIN_RCVBUF);
		sk->rcvbuf_locked = true;
		return 0;
	default: return -ENOPROTOOPT;
	}
}

static long setsockopt_call(struct sock *sk, struct file *f, const struct sock_args *a)
{
	u8 val[32] = {0};
	if (a->len < 0)
		return -EINVAL;
	if (copy_from_user(val, a->uval, MIN((size_t)a->len, sizeof(val))))
		return -EFAULT;
	if (a->level == SOL_SOCKET)
		return sock_setsockopt(sk, a->name, val, a->len);
	return sk->ops->setsockopt ? sk->ops->setsockopt(sk, a->level, a->name, val, a->len) : -EOPNOTSUPP;
}

SYSCALL_DEFINE5(setsockopt, int, fd, int, level, int, name, uaddr_t, uval, int, len)
{
	return with_sock(fd, setsockopt_call,
			 &(struct sock_args){.level = level, .name = name, .uval = uval, .len = len});
}

/* sock_gen_cookie: a number no other socket has had since boot, the same
 * at every request. */
static u64 sock_cookie(struct sock *sk)
{
	static u64 last_cookie; /* [atomic] */
	u64 c = __atomic_load_n(&sk->cookie, __ATOMIC_RELAXED);
	if (c)
		return c;
	u64 fresh = __atomic_add_fetch(&last_cookie, 1, __ATOMIC_RELAXED);
	if (__atomic_compare_exchange_n(&sk->cookie, &c, fresh, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		return fresh;
	return c; /* another thread gave it one first */
}

/* sock_getsockopt: the value and its size (lv; on entry the caller's
 * length); the caller's length is cut to lv. */
static int sock_getsockopt(struct sock *sk, int name, void *val, int *lv)
{
	int v = 0, len = *lv;
	*lv = sizeof(int);
	switch (name) {
	case SO_DEBUG: v = sk->debug; break;
	case SO_BSDCOMPAT: break;
	case SO_PASSSEC: v = sk->passsec; break;
	case SO_BINDTOIFINDEX: v = __atomic_load_n(&sk->bound_dev_if, __ATOMIC_RELAXED); break;
	case SO_INCOMING_CPU: v = __atomic_load_n(&sk->incoming_cpu, __ATOMIC_RELAXED); break;
	case SO_RXQ_OVFL: v = sk->rxq_ovfl; break;
	case SO_SELECT_ERR_QUEUE: v = __atomic_load_n(&sk->select_err_queue, __ATOMIC_RELAXED); break;
	case SO_ZEROCOPY: v = __atomic_load_n(&sk->zerocopy, __ATOMIC_RELAXED); break;
	case SO_INCOMING_NAPI_ID: v = 0; break; /* read-only; below MIN_NAPI_ID: lo is polled by no NAPI instance */
	case SO_PEEK_OFF:
		if (!sk->ops->peek_off)
			return -EOPNOTSUPP;
		v = __atomic_load_n(&sk->peek_off, __ATOMIC_RELAXED);
		break;
	case SO_BINDTODEVICE: { /* sock_getbindtodevice: its name and NUL, none when unbound */
		int ifindex = __atomic_load_n(&sk->bound_dev_if, __ATOMIC_RELAXED);
		if (!ifindex) {
			*lv = 0;
			return 0;
		}
		const char *dev = netdev_name_by_index(sk->net, ifindex);
		if (len < IFNAMSIZ)
			return -EINVAL;
		if (!dev)
			return -ENODEV;
		*lv = (int)strlen(dev) + 1;
		memcpy(val, dev, (size_t)*lv);
		return 0;
	}
	case SO_TIMESTAMP_OLD: v = sk->rcvtstamp && !sk->tstamp_new && !sk->rcvtstampns; break;
	case SO_TIMESTAMPNS_OLD: v = sk->rcvtstampns && !sk->tstamp_new; break;
	case SO_TIMESTAMP_NEW: v = sk->rcvtstamp && sk->tstamp_new; break;
	case SO_TIMESTAMPNS_NEW: v = sk->rcvtstampns && sk->tstamp_new; break;
	case SO_RCVLOWAT: v = __atomic_load_n(&sk->rcvlowat, __ATOMIC_RELAXED); break;
	case SO_SNDLOWAT: v = 1; break; /* fixed, as Linux's (setting it is ENOPROTOOPT) */
	case SO_BUF_LOCK: v = (sk->sndbuf_locked ? 1 : 0) | (sk->rcvbuf_locked ? 2 : 0); break;
	case SO_COOKIE: {
		if (len < (int)sizeof(u64))
			return -EINVAL;
		u64 c = sock_cookie(sk);
		memcpy(val, &c, sizeof(c));
		*lv = sizeof(c);
		return 0;
	}
	case SO_PEERNAME: {
		/* sk_getsockopt: the caller's length may not be more than the
		 * address's (EINVAL), and that many bytes of it are copied */
		int alen = sk->ops->getname ? sk->ops->getname(sk, val, true) : -ENOTCONN;
		if (alen < 0)
			return -ENOTCONN;
		if (alen < len)
			return -EINVAL;
		*lv = len;
		return 0;
	}
	case SO_TYPE: v = sk->type; break;
	case SO_PROTOCOL: v = sk->protocol; break;
	case SO_DOMAIN: v = sk->family; break;
	case SO_ERROR: v = -sock_take_error(sk); break;
	case SO_ACCEPTCONN: v = sk->listening; break;
	case SO_REUSEADDR: v = sk->reuseaddr; break;
	case SO_REUSEPORT: v = sk->reuseport; break;
	case SO_KEEPALIVE: v = sk->keepalive; break;
	case SO_BROADCAST: v = sk->broadcast; break;
	case SO_PASSCRED: v = sk->passcred; break;
	case SO_OOBINLINE: v = sk->oobinline; break;
	case SO_DONTROUTE: v = sk->dontroute; break;
	case SO_PRIORITY: v = (int)sk->priority; break;
	case SO_MARK: v = (int)sk->mark; break;
	case SO_BUSY_POLL: v = sk->busy_poll_usec; break;
	case SO_SNDBUF: v = sk->sndbuf; break;
	case SO_RCVBUF: v = sk->rcvbuf; break;
	case SO_LINGER: {
		struct linger_user l = {sk->linger, sk->linger_secs};
		memcpy(val, &l, sizeof(l));
		*lv = sizeof(l);
		return 0;
	}
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW: {
		bool rcv = name == SO_RCVTIMEO_OLD || name == SO_RCVTIMEO_NEW;
		u64 ns = rcv ? sk->rcvtimeo_ns : sk->sndtimeo_ns;
		if (ns == 1)
			ns = 0;
		struct timeval_user tv = {(s64)(ns / 1000000000), (s64)(ns % 1000000000 / 1000)};
		memcpy(val, &tv, sizeof(tv));
		*lv = sizeof(tv);
		return 0;
	}
	case SO_PEERCRED: {
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		struct ucred_user uc = {0, NO_ID, NO_ID};
		if (sk->has_peercred)
			uc = (struct ucred_user){(u32)sk->peercred.pid, sk->peercred.uid, sk->peercred.gid};
		spin_unlock_irqrestore(&sk->lock, irq);
		memcpy(val, &uc, sizeof(uc));
		*lv = sizeof(uc);
		return 0;
	}
	default: return -ENOPROTOOPT;
	}
	memcpy(val, &v, sizeof(v));
	return 0;
}

static long getsockopt_call(struct sock *sk, struct file *f, const struct sock_args *a)
{
	s32 len;
	u8 val[256] = {0}; /* the largest option: TCP_INFO (232 bytes) */
	if (get_user_u32((u32 *)&len, a->ulen))
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	int err;
	/* a family's option may read an input (PACKET_HDRLEN's version): it
	 * gets the caller's length and first bytes; unreadable ones leave
	 * zeros, and a value's copy out then fails with EFAULT as Linux's
	 * copy in does */
	if (a->level != SOL_SOCKET && copy_from_user(val, a->uval, MIN((size_t)len, sizeof(val))))
		memset(val, 0, sizeof(val));
	int lv = len; /* in: the caller's length; out: the value's */
	if (a->level == SOL_SOCKET)
		err = sock_getsockopt(sk, a->name, val, &lv);
	else
		err = sk->ops->getsockopt ? sk->ops->getsockopt(sk, a->level, a->name, val, &lv) : -EOPNOTSUPP;
	if (err)
		return err;
	if (len > lv)
		len = lv;
	if (copy_to_user(a->uval, val, (size_t)len) || put_user_u32(a->ulen, (u32)len))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE5(getsockopt, int, fd, int, level, int, name, uaddr_t, uval, uaddr_t, ulen)
{
	return with_sock(fd, getsockopt_call,
			 &(struct sock_args){.level = level, .name = name, .uval = uval, .ulen = ulen});
}
