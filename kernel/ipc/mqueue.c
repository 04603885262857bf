/*
 * mqueue.c — POSIX message queues (Linux ipc/mqueue.c; mq_overview(7)):
 * mq_open, mq_unlink, mq_timedsend, mq_timedreceive, mq_notify,
 * mq_getsetattr, and the mqueue file system they live in.
 *
 * A queue is a regular inode of an mqueue super block, one an IPC
 * namespace (a tmpfs directory whose creation op makes queues: "mount -t
 * mqueue none /dev/mqueue" shows the caller's namespace's, open(2) there
 * opens queues and reads their "QSIZE:..." line, unlink(2) removes them).
 * mq_open walks the kernel's own mount of the caller's namespace's (its
 * root, an open directory: mq_root for the initial namespace, ipc_ns's
 * mq_root for the others) with vfs_open_at, so O_CREAT,
 * O_EXCL, the mode, the umask and the permission checks are the VFS's.
 * mq_open's attributes reach the creation op through mq_pending, which
 * names the creating task (mq_create_mutex serialises mq_open's creations;
 * an open(2) O_CREAT by anyone else gets the defaults, as on Linux).
 *
 * Messages are kept highest priority first, in arrival order within one
 * priority. A sender waits while the queue holds mq_maxmsg messages, a
 * receiver while it is empty (O_NONBLOCK: EAGAIN; the absolute
 * CLOCK_REALTIME timeout: ETIMEDOUT; a signal: restarted under SA_RESTART,
 * -ERESTARTSYS as Linux's wq_sleep). mq_notify registers one process per
 * queue; a message arriving on an empty queue with no receiver waiting
 * sends its notification (SIGEV_SIGNAL: the signal with si_code SI_MESGQ,
 * the sender's pid and uid, sigev_value) and removes the registration;
 * so does any close of a descriptor of the queue by the registered process.
 * SIGEV_THREAD names a netlink socket (glibc makes one and reads it in a
 * helper thread, which starts the user's function): the registration
 * keeps a reference to it and a datagram holding the 32-byte cookie
 * sigev_value points to, allocated at registration (ENOMEM then, as
 * do_mq_notify's alloc_skb) so that a notification is never lost for want
 * of memory; the notification queues that datagram on the socket with its
 * last byte NOTIFY_WOKENUP; a registration removed otherwise (mq_notify(NULL),
 * the owner's close) queues it with NOTIFY_REMOVED (Linux __do_notify,
 * remove_notification). A descriptor that is no netlink socket is EBADF,
 * ENOTSOCK or EINVAL (netlink_getsockbyfilp).
 *
 * Limits (Linux ipc/mq_sysctl.c, /proc/sys/fs/mqueue): queues_max queues
 * (ENOSPC past it without CAP_SYS_RESOURCE), msg_max and msgsize_max for
 * mq_open's attributes without CAP_SYS_RESOURCE (HARD_MSGMAX and
 * HARD_MSGSIZEMAX with it), msg_default and msgsize_default when none are
 * given; each queue's bytes (messages and Linux's per-message bookkeeping)
 * count against its creator's RLIMIT_MSGQUEUE per real uid (EMFILE).
 *
 * Locking: mqueue.lock protects its messages, counts, notification and
 * receivers_waiting; it is a spinlock, never held across user copies or
 * sleeps, and nothing else is taken inside it. mq_limits_lock protects
 * the queue count and the per-uid byte charges (mq_users); taken alone.
 * mq_create_mutex (sleeping) is held across a creating mq_open's VFS
 * walk; mq_pending is read under it. A notification is taken off its
 * queue under mqueue.lock and sent after dropping it (its signal under
 * tasklist_lock, its netlink datagram under the socket's own lock).
 */
#include <mqueue.h>

#include "ipc.h"

#include <cred.h>
#include <fs.h>
#include <format.h>
#include <kmalloc.h>
#include <net.h>
#include <pid.h>
#include <poll.h>
#include <process.h>
#include <signal.h>
#include <string.h>
#include <syscall.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>
#include <uapi/mqueue.h>
#include <uapi/resource.h>
#include <uapi/signal.h>
#include <uapi/stat.h>
#include <vfs.h>
#include <wait.h>

#define MQUEUE_MAGIC 0x19800202
#define MQ_PRIO_MAX 32768
#define HARD_MSGMAX 65536 /* include/linux/ipc_namespace.h */
#define HARD_MSGSIZEMAX (16 * 1024 * 1024)
#define MIN_MSGMAX 1
#define MIN_MSGSIZEMAX 128
#define MQ_BOOKKEEPING 48 /* sizeof(struct msg_msg) and of posix_msg_tree_node on 64-bit Linux */
#define MQ_FILENT_SIZE 80 /* a queue's st_size (Linux FILENT_SIZE) */
#define MQ_DIRENT_SIZE 20 /* the directory grows by this a queue (Linux DIRENT_SIZE, tmpfs's too) */

/* An mq_notify registration: taken off its queue under the queue's lock,
 * acted on after. */
struct mq_notification {
	struct pid *pid; /* the registered process (a reference), or NULL */
	int kind;	 /* SIGEV_SIGNAL, SIGEV_NONE or SIGEV_THREAD */
	int signo;
	u64 value;
	struct sock *sock;    /* SIGEV_THREAD: the netlink socket (a reference) */
	struct nl_dgram *msg; /* SIGEV_THREAD: the cookie, as the socket will get it */
};

/* Moves the registration out of *from, which is left with none. */
static struct mq_notification notification_move(struct mq_notification *from)
{
	struct mq_notification n = *from;
	from->pid = NULL;
	from->sock = NULL;
	from->msg = NULL;
	return n;
}

struct mq_msg {
	struct list_head node; /* in mqueue.msgs */
	u32 prio;
	size_t len;
	char data[];
};

struct mqueue {
	struct spinlock lock; /* see the top comment */
	long maxmsg, msgsize; /* fixed at creation */
	long curmsgs;
	u64 qsize;		       /* bytes of the messages held */
	struct list_head msgs;	       /* struct mq_msg, highest priority first */
	int receivers_waiting;	       /* a message for them is not a notification */
	struct wait_queue wait;	       /* senders, receivers and pollers */
	struct mq_notification notify; /* notify.pid NULL: none */
	u32 charged_uid;	       /* whose RLIMIT_MSGQUEUE holds charged_bytes [fixed] */
	u64 charged_bytes;
};

/* One user's charge against RLIMIT_MSGQUEUE (Linux ucounts' mq_bytes). */
struct mq_user {
	struct list_head node; /* in mq_users [mq_limits_lock] */
	u32 uid;
	u64 bytes;
};

static struct spinlock mq_limits_lock = SPINLOCK_INIT("mq_limits");
static struct list_head mq_users = LIST_HEAD_INIT(mq_users);	/* [mq_limits_lock] */
static int mq_queues_count;					/* [mq_limits_lock] */
static int mq_limits[MQ_NR_LIMITS] = {256, 10, 8192, 10, 8192}; /* [atomic] */

static struct super_block *mq_sb;
static struct file *mq_root; /* the initial IPC namespace's instance: its kernel mount's root directory, open */
static struct mutex mq_create_mutex;
static struct {
	struct task *task; /* the mq_open that is creating, or NULL */
	long maxmsg, msgsize;
	bool given;
} mq_pending; /* [mq_create_mutex] */

static const struct file_ops mqueue_file_ops;

/* ---- limits ------------------------------------------------------------------------ */

int mqueue_sysctl_get(enum mqueue_limit which)
{
	return __atomic_load_n(&mq_limits[which], __ATOMIC_RELAXED);
}

int mqueue_sysctl_set(enum mqueue_limit which, const char *text, size_t len)
{
	/* mq_sysctl.c: msg_* from MIN_MSGMAX to HARD_MSGMAX, msgsize_* from
	 * MIN_MSGSIZEMAX to HARD_MSGSIZEMAX, queues_max any int (proc_dointvec) */
	static const int lo[MQ_NR_LIMITS] = {-0x7fffffff - 1, MIN_MSGMAX, MIN_MSGSIZEMAX, MIN_MSGMAX, MIN_MSGSIZEMAX};
	static const int hi[MQ_NR_LIMITS] = {0x7fffffff, HARD_MSGMAX, HARD_MSGSIZEMAX, HARD_MSGMAX, HARD_MSGSIZEMAX};
	int value;
	if (sysctl_parse_int(text, len, &value) || value < lo[which] || value > hi[which])
		return -EINVAL;
	__atomic_store_n(&mq_limits[which], value, __ATOMIC_RELAXED);
	return 0;
}

/* Linux mq_attr_ok. */
static int attr_check(long maxmsg, long msgsize)
{
	if (maxmsg <= 0 || msgsize <= 0)
		return -EINVAL;
	if (capable(CAP_SYS_RESOURCE)) {
		if (maxmsg > HARD_MSGMAX || msgsize > HARD_MSGSIZEMAX)
			return -EINVAL;
	} else if (maxmsg > mqueue_sysctl_get(MQ_MSG_MAX) || msgsize > mqueue_sysctl_get(MQ_MSGSIZE_MAX)) {
		return -EINVAL;
	}
	return 0;
}

/* The bytes a queue charges (Linux mqueue_get_inode's mq_bytes). */
static u64 queue_bytes(long maxmsg, long msgsize)
{
	u64 tree = (u64)maxmsg * MQ_BOOKKEEPING + (u64)MIN(maxmsg, MQ_PRIO_MAX) * MQ_BOOKKEEPING;
	return tree + (u64)maxmsg * (u64)msgsize;
}

/* Counts a new queue of q->charged_bytes for its creator: 0, -ENOSPC
 * (queues_max) or -EMFILE (RLIMIT_MSGQUEUE), as mqueue_create_attr and
 * mqueue_get_inode. */
static int limits_charge(struct mqueue *q)
{
	u64 limit = __atomic_load_n(&current()->group->rlimits[RLIMIT_MSGQUEUE][0], __ATOMIC_RELAXED);
	struct mq_user *fresh = kzalloc(sizeof(*fresh));
	unsigned long irq = spin_lock_irqsave(&mq_limits_lock);
	int err = -ENOSPC;
	if (mq_queues_count >= mqueue_sysctl_get(MQ_QUEUES_MAX) && !capable(CAP_SYS_RESOURCE))
		goto out;
	struct mq_user *u, *found = NULL;
	list_for_each_entry(u, &mq_users, node)
		if (u->uid == q->charged_uid)
			found = u;
	err = -ENOMEM;
	if (!found && !fresh)
		goto out;
	if (!found) {
		found = fresh;
		fresh = NULL;
		found->uid = q->charged_uid;
		list_add_tail(&found->node, &mq_users);
	}
	err = -EMFILE;
	if (found->bytes + q->charged_bytes < found->bytes || found->bytes + q->charged_bytes > limit)
		goto out;
	found->bytes += q->charged_bytes;
	mq_queues_count++;
	err = 0;
out:
	spin_unlock_irqrestore(&mq_limits_lock, irq);
	kfree(fresh);
	return err;
}

static void limits_uncharge(struct mqueue *q)
{
	unsigned long irq = spin_lock_irqsave(&mq_limits_lock);
	struct mq_user *u;
	list_for_each_entry(u, &mq_users, node)
		if (u->uid == q->charged_uid)
			u->bytes -= q->charged_bytes;
	mq_queues_count--;
	spin_unlock_irqrestore(&mq_limits_lock, irq);
}

/* ---- the file system ------------------------------------------------------------ */

/* Drops a registration's reference to its process's pid (NULL: none). */
static void notify_pid_put(struct pid *pid)
{
	if (!pid)
		return;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	pid_put(pid);
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

/* Ends a registration taken off its queue: SIGEV_THREAD's socket gets the
 * cookie with code as its last byte (0: nothing is sent), then the
 * references go. No spinlock held. */
static void notification_end(struct mq_notification *n, u8 code)
{
	if (n->msg) {
		if (code) {
			((u8 *)netlink_msg_data(n->msg))[NOTIFY_COOKIE_LEN - 1] = code;
			netlink_sendskb(n->sock, n->msg);
		} else {
			netlink_msg_free(n->msg); /* netlink_detachskb */
		}
	}
	if (n->sock)
		sock_put(n->sock);
	notify_pid_put(n->pid);
	n->pid = NULL;
	n->sock = NULL;
	n->msg = NULL;
}

static void mqueue_destroy(struct inode *inode)
{
	struct mqueue *q = inode->private;
	if (!q)
		return;
	while (!list_empty(&q->msgs)) {
		struct mq_msg *m = list_first_entry(&q->msgs, struct mq_msg, node);
		list_del(&m->node);
		kfree(m);
	}
	notification_end(&q->notify, 0);
	limits_uncharge(q);
	kfree(q);
}

/* The attributes a new queue gets: mq_open's (checked), or the defaults. [mq_create_mutex if ours] */
static int new_queue_attr(struct mqueue *q)
{
	if (mq_pending.task == current() && mq_pending.given) {
		q->maxmsg = mq_pending.maxmsg;
		q->msgsize = mq_pending.msgsize;
		return attr_check(q->maxmsg, q->msgsize);
	}
	q->maxmsg = MIN(mqueue_sysctl_get(MQ_MSG_DEFAULT), mqueue_sysctl_get(MQ_MSG_MAX));
	q->msgsize = MIN(mqueue_sysctl_get(MQ_MSGSIZE_DEFAULT), mqueue_sysctl_get(MQ_MSGSIZE_MAX));
	return 0;
}

/* The directory's creation op: only queues (regular files) can be made
 * here, as Linux's mqueue_dir_inode_operations has only create. */
static int mqueue_mknod(struct inode *dir, struct dentry *d, u32 mode, u32 rdev)
{
	(void)rdev;
	if ((mode & S_IFMT) != S_IFREG)
		return -EPERM;
	struct mqueue *q = kzalloc(sizeof(*q));
	if (!q)
		return -ENOMEM;
	int err = new_queue_attr(q);
	if (err) {
		kfree(q);
		return err;
	}
	q->charged_uid = cred_current()->uid;
	q->charged_bytes = queue_bytes(q->maxmsg, q->msgsize);
	err = limits_charge(q);
	if (err) {
		kfree(q);
		return err;
	}
	spin_lock_init(&q->lock, "mqueue");
	wait_queue_init(&q->wait, "mqueue");
	list_init(&q->msgs);
	struct inode *inode = inode_alloc(dir->sb, mode);
	if (!inode) {
		limits_uncharge(q);
		kfree(q);
		return -ENOMEM;
	}
	inode_init_owner(inode, dir);
	inode->fops = &mqueue_file_ops;
	inode->private = q;
	inode->destroy = mqueue_destroy;
	inode->size = MQ_FILENT_SIZE;
	d_instantiate(d, inode);
	inode_put(inode);
	d_add(d);
	dir->size += MQ_DIRENT_SIZE;
	inode_touch(dir, true, true);
	return 0;
}

static const struct inode_ops mqueue_dir_iops = {
	.mknod = mqueue_mknod,
	.unlink = tmpfs_unlink, /* which takes back the same 20 bytes */
	.iterate = tmpfs_iterate,
};

/* The caller's IPC namespace's instance's root (NULL if boot found no memory). */
static struct file *root_now(void)
{
	struct file *root = ipc_ns_current()->mq_root;
	return root ? root : mq_root;
}

struct super_block *mqueue_sb(void)
{
	struct file *root = root_now();
	return root ? root->path.dentry->sb : NULL;
}

/* A new instance (mq_init_ns) and its root directory, open (*root): 0 or
 * -ENOMEM. forever: the initial namespace's, never freed; another goes with
 * its last mount (tmpfs's kill), its namespace's open root being one. */
static int make_instance(bool forever, struct file **root)
{
	struct super_block *sb = tmpfs_create(01777);
	if (!sb)
		return -ENOMEM;
	sb->type = "mqueue";
	sb->magic = MQUEUE_MAGIC;
	if (forever)
		sb->kill = NULL;
	sb->root->inode->iops = &mqueue_dir_iops;
	struct vfsmount *m = vfs_kern_mount(sb);
	if (!m) {
		if (sb->kill)
			sb->kill(sb);
		return -ENOMEM;
	}
	struct path p = {m, sb->root};
	int err = vfs_open_path(&p, O_RDONLY | O_DIRECTORY, root);
	mnt_put(m); /* the open root holds it now, or nothing does */
	return err;
}

void mqueue_init(void)
{
	mutex_init(&mq_create_mutex, "mq_create");
	if (make_instance(true, &mq_root) == 0)
		mq_sb = mq_root->path.dentry->sb;
}

int mqueue_ns_new(struct file **root)
{
	return make_instance(false, root);
}

/* ---- open files ------------------------------------------------------------------ */

/* Reading a queue: Linux mqueue_read_file's line. */
static ssize_t mqueue_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	struct mqueue *q = f->inode->private;
	char text[80];
	unsigned long irq = spin_lock_irqsave(&q->lock);
	int pid = 0, kind = 0, signo = 0;
	if (q->notify.pid) {
		pid = q->notify.pid->nr;
		kind = q->notify.kind;
		signo = kind == SIGEV_SIGNAL ? q->notify.signo : 0;
	}
	size_t n = (size_t)snprintf(text, sizeof text, "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n",
				    (unsigned long)q->qsize, kind, signo, pid);
	spin_unlock_irqrestore(&q->lock, irq);
	if (pos >= n)
		return 0;
	return iobuf_copy_out(dst, 0, text + pos, MIN(len, n - pos));
}

static short mqueue_poll(struct file *f, struct poll_table *pt)
{
	struct mqueue *q = f->inode->private;
	poll_wait(pt, &q->wait);
	unsigned long irq = spin_lock_irqsave(&q->lock);
	short mask = 0;
	if (q->curmsgs)
		mask |= POLLIN | POLLRDNORM;
	if (q->curmsgs < q->maxmsg)
		mask |= POLLOUT | POLLWRNORM;
	spin_unlock_irqrestore(&q->lock, irq);
	return mask;
}

/* Drops the notification if the closing process registered it, at any
 * close of a descriptor of the queue (Linux mqueue_flush_file). */
static void mqueue_flush(struct file *f)
{
	struct mqueue *q = f->inode->private;
	struct mq_notification drop = {0};
	unsigned long irq = spin_lock_irqsave(&q->lock);
	if (q->notify.pid && q->notify.pid->nr == current()->group->pid)
		drop = notification_move(&q->notify);
	spin_unlock_irqrestore(&q->lock, irq);
	notification_end(&drop, NOTIFY_REMOVED);
}

static const struct file_ops mqueue_file_ops = {
	.no_read_iter = true,
	.read = mqueue_read,
	.poll = mqueue_poll,
	.flush = mqueue_flush,
	.seekable = true,
};

/* ---- mq_open, mq_unlink ------------------------------------------------------------ */

/* A queue's name from user memory: kmalloc'd in *out. Linux getname
 * (ENOENT for "") then lookup_one_len in the mqueue root (EACCES for a
 * '/', "." or ".."; ENAMETOOLONG past NAME_MAX). */
static long queue_name(uaddr_t uname, char **out)
{
	if (!root_now())
		return -ENOSYS; /* mqueue_init found no memory at boot */
	long len = vfs_get_user_path(uname, out);
	if (len < 0)
		return len;
	const char *s = *out;
	long err = 0;
	if (len == 0)
		err = -ENOENT;
	else if (strchr(s, '/') || strcmp(s, ".") == 0 || strcmp(s, "..") == 0)
		err = -EACCES;
	else if (len > NAME_MAX)
		err = -ENAMETOOLONG;
	if (err)
		kfree(*out);
	return err;
}

/* Opens (creating with O_CREAT) the queue name; attr: mq_open's, or NULL. */
static int open_queue(const char *name, int oflag, u32 mode, const struct mq_attr_user *attr, struct file **out)
{
	int flags = (oflag & (O_ACCMODE | O_CREAT | O_EXCL | O_NONBLOCK)) | O_NOFOLLOW;
	if (!(oflag & O_CREAT))
		return vfs_open_at(root_now(), name, flags, 0, out);
	mutex_lock(&mq_create_mutex);
	mq_pending.task = current();
	mq_pending.given = attr != NULL;
	mq_pending.maxmsg = attr ? attr->mq_maxmsg : 0;
	mq_pending.msgsize = attr ? attr->mq_msgsize : 0;
	int err = vfs_open_at(root_now(), name, flags, mode, out);
	mq_pending.task = NULL;
	mutex_unlock(&mq_create_mutex);
	return err;
}

/* Access mode 3 (Linux prepare_open): an existing queue refuses it
 * (EINVAL, after O_EXCL's EEXIST); a new one is made and opened for
 * neither reading nor writing (OPEN_FMODE(3)). */
static int open_no_access(const char *name, int oflag, u32 mode, const struct mq_attr_user *attr, struct file **out)
{
	struct file *f;
	int err = (oflag & O_CREAT) ? open_queue(name, O_RDWR | O_CREAT | O_EXCL, mode, attr, &f)
				    : vfs_open_at(root_now(), name, O_PATH, 0, &f);
	if (err == -EEXIST)
		return (oflag & O_EXCL) ? -EEXIST : -EINVAL;
	if (err)
		return err;
	if (!(oflag & O_CREAT)) {
		file_put(f);
		return -EINVAL;
	}
	f->flags |= O_ACCMODE | (oflag & O_NONBLOCK); /* queue_get refuses both directions */
	*out = f;
	return 0;
}

SYSCALL_DEFINE4(mq_open, uaddr_t, uname, int, oflag, u32, mode, uaddr_t, uattr)
{
	struct mq_attr_user attr;
	if (!uaddr_is_null(uattr) && copy_from_user(&attr, uattr, sizeof(attr)))
		return -EFAULT;
	long err = fd_check_free(); /* do_mq_open: get_unused_fd_flags before the queue is made */
	if (err)
		return err;
	char *name;
	err = queue_name(uname, &name);
	if (err)
		return err;
	struct file *f;
	if ((oflag & O_ACCMODE) == O_ACCMODE)
		err = open_no_access(name, oflag, mode, !uaddr_is_null(uattr) ? &attr : NULL, &f);
	else
		err = open_queue(name, oflag, mode, !uaddr_is_null(uattr) ? &attr : NULL, &f);
	kfree(name);
	if (err)
		return err;
	return fd_install_or_put(f, true); /* do_mq_open: get_unused_fd_flags(O_CLOEXEC) */
}

SYSCALL_DEFINE1(mq_unlink, uaddr_t, uname)
{
	char *name;
	long err = queue_name(uname, &name);
	if (err)
		return err;
	struct dentry *root = root_now()->path.dentry;
	struct inode *dir = root->inode;
	mutex_lock(&dir->lock);
	struct dentry *victim = d_lookup(root, name, strlen(name));
	if (!victim)
		err = -ENOENT;
	else if ((err = inode_permission(dir, MAY_WRITE | MAY_EXEC)) == 0) /* may_delete */
		err = vfs_sticky_denies(dir, victim->inode) ? -EPERM : tmpfs_unlink(dir, victim);
	mutex_unlock(&dir->lock);
	if (victim)
		dput(victim);
	kfree(name);
	return err;
}

/* ---- sending and receiving ------------------------------------------------------- */

/* The queue behind descriptor fd, opened for reading (want_write false) or
 * writing: a file reference in *out. EBADF otherwise, as Linux. */
static int queue_get(int fd, bool want_write, struct file **out)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	int acc = f->flags & O_ACCMODE;
	bool ok = f->ops == &mqueue_file_ops && (acc == O_RDWR || acc == (want_write ? O_WRONLY : O_RDONLY));
	if (!ok) {
		file_put(f);
		return -EBADF;
	}
	*out = f;
	return 0;
}

/* An absolute CLOCK_REALTIME timeout, a wall deadline for the wait
 * (~0: none): it holds however the clock is set meanwhile, as Linux's
 * CLOCK_REALTIME hrtimer in do_mq_timedsend. Linux prepare_timeout checks it
 * before anything else: EINVAL, EFAULT. */
static int timeout_deadline(uaddr_t uts, u64 *deadline)
{
	*deadline = ~0UL;
	return !uaddr_is_null(uts) ? timespec_from_user(uts, deadline) : 0;
}

/* mq_timedsend's and mq_timedreceive's first steps, in Linux's order:
 * the timeout (EINVAL, EFAULT), then the descriptor (EBADF). */
static int queue_op_start(int fd, bool want_write, uaddr_t utimeout, u64 *deadline, struct file **f)
{
	int err = timeout_deadline(utimeout, deadline);
	return err ? err : queue_get(fd, want_write, f);
}

/* The notification a message arriving now sends, taken off the queue
 * into *n (n->pid NULL: none). [q->lock] */
static void take_notification(struct mqueue *q, struct mq_notification *n)
{
	n->pid = NULL;
	n->sock = NULL;
	n->msg = NULL;
	if (!q->notify.pid || q->curmsgs != 1 || q->receivers_waiting)
		return;
	*n = notification_move(&q->notify);
}

/* Linux __do_notify: SIGEV_SIGNAL sends its signal (0: none) to the
 * registered process, as if from the sender; SIGEV_THREAD queues the
 * cookie on its netlink socket. Ends the registration. */
static void send_notification(struct mq_notification *n)
{
	if (n->kind == SIGEV_SIGNAL && n->signo) {
		struct signal_cause cause = {.code = SI_MESGQ, .value = n->value};
		cause.pid = current()->group->pid;
		cause.uid = cred_current()->uid;
		unsigned long irq = spin_lock_irqsave(&tasklist_lock);
		struct thread_group *g = n->pid->process;
		if (g)
			thread_group_signal_process(g, n->signo, &cause);
		spin_unlock_irqrestore(&tasklist_lock, irq);
	}
	notification_end(n, NOTIFY_WOKENUP);
}

/* Queues m if there is room; true when done. */
static bool try_send(struct mqueue *q, struct mq_msg *m)
{
	unsigned long irq = spin_lock_irqsave(&q->lock);
	if (q->curmsgs >= q->maxmsg) {
		spin_unlock_irqrestore(&q->lock, irq);
		return false;
	}
	struct list_head *before = &q->msgs;
	struct mq_msg *pos;
	list_for_each_entry(pos, &q->msgs, node) {
		if (pos->prio < m->prio) {
			before = &pos->node;
			break;
		}
	}
	list_add_tail(&m->node, before);
	q->curmsgs++;
	q->qsize += m->len;
	struct mq_notification n;
	take_notification(q, &n);
	spin_unlock_irqrestore(&q->lock, irq);
	wake_up_all(&q->wait);
	if (n.pid)
		send_notification(&n);
	return true;
}

/* Takes the first message if there is one; true when done. */
static bool try_receive(struct mqueue *q, struct mq_msg **out)
{
	unsigned long irq = spin_lock_irqsave(&q->lock);
	struct mq_msg *m = list_empty(&q->msgs) ? NULL : list_first_entry(&q->msgs, struct mq_msg, node);
	if (m) {
		list_del(&m->node);
		q->curmsgs--;
		q->qsize -= m->len;
	}
	spin_unlock_irqrestore(&q->lock, irq);
	if (m)
		wake_up_all(&q->wait);
	*out = m;
	return m != NULL;
}

static void count_receiver(struct mqueue *q, int delta)
{
	unsigned long irq = spin_lock_irqsave(&q->lock);
	q->receivers_waiting += delta;
	spin_unlock_irqrestore(&q->lock, irq);
}

/* wait_event's outcome as the call's errno (Linux wq_sleep). */
static long wait_result(int ret)
{
	return ret == -ETIMEDOUT ? -ETIMEDOUT : ret ? -ERESTARTSYS : 0;
}

SYSCALL_DEFINE5(mq_timedsend, int, fd, uaddr_t, umsg, size_t, len, u32, prio, uaddr_t, utimeout)
{
	if (prio >= MQ_PRIO_MAX)
		return -EINVAL;
	u64 deadline;
	struct file *f;
	int err = queue_op_start(fd, true, utimeout, &deadline, &f);
	if (err)
		return err;
	struct mqueue *q = f->inode->private;
	long ret = -EMSGSIZE;
	if (len > (size_t)q->msgsize)
		goto out;
	struct mq_msg *m = kmalloc(sizeof(*m) + len);
	ret = -ENOMEM;
	if (!m)
		goto out;
	m->prio = prio;
	m->len = len;
	ret = -EFAULT;
	if (copy_from_user(m->data, umsg, len))
		goto out_free;
	ret = 0;
	if (try_send(q, m))
		goto out;
	ret = -EAGAIN;
	if (f->flags & O_NONBLOCK)
		goto out_free;
	ret = wait_result(wait_event_interruptible_until(&q->wait, try_send(q, m), deadline, true));
	if (!ret)
		goto out;
out_free:
	kfree(m);
out:
	file_put(f);
	return ret;
}

SYSCALL_DEFINE5(mq_timedreceive, int, fd, uaddr_t, umsg, size_t, len, uaddr_t, uprio, uaddr_t, utimeout)
{
	u64 deadline;
	struct file *f;
	int err = queue_op_start(fd, false, utimeout, &deadline, &f);
	if (err)
		return err;
	struct mqueue *q = f->inode->private;
	struct mq_msg *m = NULL;
	long ret = -EMSGSIZE;
	if (len < (size_t)q->msgsize)
		goto out;
	ret = 0;
	if (!try_receive(q, &m)) {
		ret = -EAGAIN;
		if (f->flags & O_NONBLOCK)
			goto out;
		count_receiver(q, 1);
		ret = wait_result(wait_event_interruptible_until(&q->wait, try_receive(q, &m), deadline, true));
		count_receiver(q, -1);
		if (ret)
			goto out;
	}
	/* a message that cannot be stored is lost, as on Linux */
	ret = (long)m->len;
	if (copy_to_user(umsg, m->data, m->len) || (!uaddr_is_null(uprio) && put_user_u32(uprio, m->prio)))
		ret = -EFAULT;
	kfree(m);
out:
	file_put(f);
	return ret;
}

/* ---- mq_notify, mq_getsetattr ------------------------------------------------------ */

/* Registers *want (want->kind -1: removes the caller's registration).
 * What is not kept — a refused registration, a removed one — is ended
 * after the lock: a removed SIGEV_THREAD one sends NOTIFY_REMOVED, a
 * refused one sends nothing (netlink_detachskb). */
static long notify_set(struct mqueue *q, struct mq_notification *want)
{
	struct pid *me = NULL;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	me = pid_find(current()->group->pid);
	if (me)
		pid_get(me);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	struct mq_notification drop = {0};
	u8 code = 0;
	long ret = 0;
	irq = spin_lock_irqsave(&q->lock);
	if (want->kind < 0) {
		if (q->notify.pid && q->notify.pid == me) {
			drop = notification_move(&q->notify);
			code = NOTIFY_REMOVED;
		}
	} else if (q->notify.pid) {
		ret = -EBUSY;
	} else {
		q->notify = notification_move(want); /* the queue has the references now */
		q->notify.pid = me;
		me = NULL;
	}
	spin_unlock_irqrestore(&q->lock, irq);
	notification_end(&drop, code);
	notify_pid_put(me);
	return ret;
}

/* mq_notify's SIGEV_THREAD: the datagram for the cookie (ENOMEM), the cookie
 * sigev_value points to (EFAULT) and the netlink socket sigev_signo names
 * (EBADF, ENOTSOCK, EINVAL), as do_mq_notify takes them before looking at
 * the queue. What is taken stays in *n for notification_end. */
static long notify_thread_args(const struct sigevent_user *ev, struct mq_notification *n)
{
	n->msg = netlink_msg_alloc(NOTIFY_COOKIE_LEN);
	if (!n->msg)
		return -ENOMEM;
	if (copy_from_user(netlink_msg_data(n->msg), uaddr_from(ev->value), NOTIFY_COOKIE_LEN))
		return -EFAULT;
	struct file *f = fd_get(ev->signo);
	if (!f)
		return -EBADF;
	long ret = netlink_sock_of_file(f, &n->sock);
	file_put(f);
	return ret;
}

SYSCALL_DEFINE2(mq_notify, int, fd, uaddr_t, uevent)
{
	struct sigevent_user ev;
	struct mq_notification want = {.kind = -1};
	if (!uaddr_is_null(uevent)) {
		if (copy_from_user(&ev, uevent, sizeof(ev)))
			return -EFAULT;
		if (ev.notify != SIGEV_NONE && ev.notify != SIGEV_SIGNAL && ev.notify != SIGEV_THREAD)
			return -EINVAL;
		if (ev.notify == SIGEV_SIGNAL && (ev.signo < 0 || ev.signo > NSIG))
			return -EINVAL; /* valid_signal: 0 is allowed, and sends nothing */
		want.kind = ev.notify;
		want.signo = ev.notify == SIGEV_SIGNAL ? ev.signo : 0;
		want.value = ev.value;
		if (ev.notify == SIGEV_THREAD) {
			long err = notify_thread_args(&ev, &want);
			if (err) {
				notification_end(&want, 0);
				return err;
			}
		}
	}
	struct file *f = fd_get(fd);
	long ret = -EBADF;
	if (f && f->ops == &mqueue_file_ops)
		ret = notify_set(f->inode->private, &want);
	if (f)
		file_put(f);
	notification_end(&want, 0); /* a socket and datagram not kept (EBADF, EBUSY) */
	return ret;
}

SYSCALL_DEFINE3(mq_getsetattr, int, fd, uaddr_t, unew, uaddr_t, uold)
{
	struct mq_attr_user nv, ov;
	if (!uaddr_is_null(unew)) {
		if (copy_from_user(&nv, unew, sizeof(nv)))
			return -EFAULT;
		if (nv.mq_flags & ~(s64)O_NONBLOCK)
			return -EINVAL;
	}
	struct file *f = fd_get(fd);
	if (!f)
		return -EBADF;
	if (f->ops != &mqueue_file_ops) {
		file_put(f);
		return -EBADF;
	}
	struct mqueue *q = f->inode->private;
	memset(&ov, 0, sizeof(ov));
	unsigned long irq = spin_lock_irqsave(&q->lock);
	ov.mq_flags = __atomic_load_n(&f->flags, __ATOMIC_RELAXED) & O_NONBLOCK;
	ov.mq_maxmsg = q->maxmsg;
	ov.mq_msgsize = q->msgsize;
	ov.mq_curmsgs = q->curmsgs;
	spin_unlock_irqrestore(&q->lock, irq);
	if (!uaddr_is_null(unew)) {
		if (nv.mq_flags & O_NONBLOCK)
			__atomic_fetch_or(&f->flags, O_NONBLOCK, __ATOMIC_RELAXED);
		else
			__atomic_fetch_and(&f->flags, ~(unsigned)O_NONBLOCK, __ATOMIC_RELAXED);
	}
	file_put(f);
	if (!uaddr_is_null(uold) && copy_to_user(uold, &ov, sizeof(ov)))
		return -EFAULT;
	return 0;
}
