/*
 * pty.c — Unix 98 pseudo-terminals (Linux drivers/tty/pty.c, fs/devpts).
 *
 * Opening /dev/ptmx (5,2) makes a pair: a master tty (the file ptmx
 * returns) and a slave tty, /dev/pts/N (136,N) in devpts. Each end's driver
 * write is the other end's receive: what a program writes to the slave
 * goes through the slave's output processing into the master's input, and
 * what is written to the master is the slave's input, edited and echoed by
 * the slave's line discipline. The master's own line discipline is raw
 * (Linux's pty master termios: no ICANON, ECHO, OPOST or ICRNL); termios,
 * window-size and job-control ioctls on the master act on the slave
 * (tty_io.c). A new slave is locked until unlockpt (TIOCSPTLCK 0): opening
 * it gives EIO.
 *
 * A vhangup of the slave gives it its initial termios again (Linux's pty
 * drivers have TTY_DRIVER_RESET_TERMIOS); a last close does not.
 *
 * When the master closes, the slave hangs up (reads give end of file,
 * writes EIO; its session leader gets SIGHUP and SIGCONT) and its
 * /dev/pts node goes away; when every slave file closes, master reads give
 * EIO once its input is drained (not before the slave was first opened: a
 * new master just has no input). The pair is freed when both are closed.
 *
 * devpts is one instance for the system (Linux makes one per mount, which
 * matters only with several mounts), a tmpfs-like directory of the slave
 * nodes plus "ptmx" (5,2, mode 0), mounted by mount -t devpts.
 *
 * Locks: pty_mutex (a sleeping lock, process context) protects ptys[] and
 * the pairs' lifetime (master_open, the nodes, and the counting down of
 * each end's open files: pty_release); it comes before tasklist_lock and
 * tty_ctrl_lock.
 */
#include <tty.h>

#include <cred.h>
#include <format.h>
#include <fs.h>
#include <kmalloc.h>
#include <mutex.h>
#include <printk.h>
#include <string.h>
#include <task.h>
#include <uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/ioctls.h>
#include <uapi/magic.h>
#include <uapi/stat.h>

#define PTY_MAX 256			 /* pairs at once (Linux's default pty/max is 4096) */
#define PTY_CFLAG (B38400 | CS8 | CREAD) /* Linux pty.c's init_termios */
#define DEV(major, minor) (((major) << 8) | (minor))

struct pty_pair {
	struct tty master, slave;
	bool master_open;    /* the ptmx file is open [pty_mutex] */
	struct dentry *node; /* /dev/pts/N while the master is open [pty_mutex] */
};

static struct mutex pty_mutex = {
	.lock = SPINLOCK_INIT("pty_mutex"),
	.queue = WAIT_QUEUE_INIT(pty_mutex.queue),
	.name = "pty_mutex",
};
static struct pty_pair *ptys[PTY_MAX]; /* by index [pty_mutex] */
static struct super_block *devpts;     /* made on first use [pty_mutex] */
static struct vfsmount *devpts_mnt;    /* its mount outside the name space, for TIOCGPTPEER */

static size_t pty_write(struct tty *tty, const char *buf, size_t len)
{
	return tty_receive(tty->link, buf, len);
}

static void pty_release(struct tty *tty);

static const struct tty_driver_ops pty_ops = {
	.write = pty_write,
	.release = pty_release,
};

/* devpts with its "ptmx" node. [pty_mutex] */
static struct super_block *get_devpts(void)
{
	if (devpts)
		return devpts;
	struct super_block *sb = tmpfs_create(0755);
	if (!sb)
		return NULL;
	sb->type = "devpts";
	sb->magic = DEVPTS_SUPER_MAGIC;
	sb->kill = NULL; /* one instance for the system's life */
	struct inode *dir = sb->root->inode;
	mutex_lock(&dir->lock);
	struct dentry *node = dentry_alloc(sb->root, "ptmx", 4);
	if (!node || dir->iops->mknod(dir, node, S_IFCHR, DEV(5, 2)))
		printk("devpts: cannot make ptmx");
	if (node)
		dput(node);
	mutex_unlock(&dir->lock);
	devpts_mnt = vfs_kern_mount(sb);
	devpts = sb;
	return sb;
}

struct super_block *devpts_sb(void)
{
	mutex_lock(&pty_mutex);
	struct super_block *sb = get_devpts();
	mutex_unlock(&pty_mutex);
	return sb;
}

/* /dev/pts/N for pair n, owned by the caller, mode 0600 (devpts mode=). [pty_mutex] */
static int make_node(struct pty_pair *pair, int n)
{
	char name[12];
	size_t len = (size_t)snprintf(name, sizeof(name), "%d", n);
	struct inode *dir = devpts->root->inode;
	mutex_lock(&dir->lock);
	struct dentry *node = dentry_alloc(devpts->root, name, len);
	int err = node ? dir->iops->mknod(dir, node, S_IFCHR | 0600, DEV(PTY_SLAVE_MAJOR, n)) : -ENOMEM;
	mutex_unlock(&dir->lock);
	if (err) {
		if (node)
			dput(node);
		return err;
	}
	pair->node = node;
	return 0;
}

static void remove_node(struct pty_pair *pair)
{
	if (!pair->node)
		return;
	struct inode *dir = devpts->root->inode;
	mutex_lock(&dir->lock);
	dir->iops->unlink(dir, pair->node);
	mutex_unlock(&dir->lock);
	dput(pair->node);
	pair->node = NULL;
}

static struct pty_pair *pair_of(struct tty *tty)
{
	return tty->is_pty_master ? container_of(tty, struct pty_pair, master)
				  : container_of(tty, struct pty_pair, slave);
}

/* Frees the pair once the master and every slave file are closed. [pty_mutex] */
static void maybe_free(struct pty_pair *pair)
{
	unsigned long irq = spin_lock_irqsave(&tty_ctrl_lock);
	bool unused = !pair->master_open && pair->slave.open_count == 0;
	spin_unlock_irqrestore(&tty_ctrl_lock, irq);
	if (!unused)
		return;
	tty_unregister(&pair->slave);
	tty_clear_ctrl(&pair->slave);
	ptys[pair->slave.index] = NULL;
	kfree(pair);
}

/* A file of one end closed; on the last one of that end, the peer hears
 * of it. The count goes down under pty_mutex, as maybe_free reads it: with
 * the count dropped before (tty_file_release did), the master's close on
 * another CPU could see no slave file left and free the pair while the
 * slave's last close still waited for the mutex, which then freed it again
 * (pty_master_close_fg under two CPUs: kfree's CHECK in its pty_close). */
static void pty_release(struct tty *tty)
{
	struct pty_pair *pair = pair_of(tty);
	mutex_lock(&pty_mutex);
	if (!tty_put_open(tty)) {
		mutex_unlock(&pty_mutex);
		return;
	}
	if (tty->is_pty_master) {
		pair->master_open = false;
		unsigned long irq = spin_lock_irqsave(&pair->slave.lock);
		pair->slave.hung_up = true;
		spin_unlock_irqrestore(&pair->slave.lock, irq);
		fasync_list_drop_all(&pair->slave.fasync); /* __tty_hangup: hung-up files signal no more */
		tty_hangup_session(&pair->slave);
		remove_node(pair);
		wake_up_all(&pair->slave.read_wait);
		wake_up_all(&pair->slave.write_wait);
	} else if (pair->slave.open_count == 0) {
		unsigned long irq = spin_lock_irqsave(&pair->master.lock);
		pair->master.other_closed = true;
		spin_unlock_irqrestore(&pair->master.lock, irq);
		wake_up_all(&pair->master.read_wait);
		wake_up_all(&pair->master.write_wait);
	}
	maybe_free(pair);
	mutex_unlock(&pty_mutex);
}

static struct pty_pair *pair_alloc(int index)
{
	struct pty_pair *pair = kzalloc(sizeof(*pair));
	if (!pair)
		return NULL;
	tty_init(&pair->master, &pty_ops, "ptm", PTY_CFLAG);
	pair->master.termios.c_iflag = 0;
	pair->master.termios.c_oflag = 0;
	pair->master.termios.c_lflag = 0;
	pair->master.is_pty_master = true;
	/* not other_closed before the slave's first open: Linux sets
	 * TTY_OTHER_CLOSED only in the slave's pty_close, so a new master reads
	 * EAGAIN or blocks and polls no POLLHUP (script(1) polls it while its
	 * child opens the slave; tests/abi/pty_master_before_slave.c) */
	tty_init(&pair->slave, &pty_ops, "pts", PTY_CFLAG);
	pair->slave.locked = true; /* until unlockpt */
	pair->master.init_termios = pair->master.termios;
	pair->slave.init_termios = pair->slave.termios;
	pair->master.reset_termios = pair->slave.reset_termios = true;
	pair->master.link = &pair->slave;
	pair->slave.link = &pair->master;
	pair->master.index = pair->slave.index = index;
	pair->master_open = true;
	return pair;
}

/* ptmx_open: a new pair; f becomes its master. */
int ptmx_open(struct file *f)
{
	int err = -ENOSPC; /* Linux: all of pty/max in use */
	mutex_lock(&pty_mutex);
	if (!get_devpts()) {
		err = -ENOMEM;
		goto out_unlock;
	}
	int index = 0;
	while (index < PTY_MAX && ptys[index])
		index++;
	if (index == PTY_MAX)
		goto out_unlock;
	struct pty_pair *pair = pair_alloc(index);
	if (!pair) {
		err = -ENOMEM;
		goto out_unlock;
	}
	err = make_node(pair, index);
	if (err) {
		kfree(pair);
		goto out_unlock;
	}
	ptys[index] = pair;
	tty_register(&pair->slave);
	err = tty_file_open(&pair->master, f, true);
out_unlock:
	mutex_unlock(&pty_mutex);
	return err;
}

/* pty_open (the slave): EIO while locked or once the master is gone. [pty_mutex] */
static int slave_open_locked(struct pty_pair *pair, struct file *f, bool noctty)
{
	ASSERT_MUTEX_HELD(&pty_mutex);
	unsigned long irq = spin_lock_irqsave(&pair->slave.lock);
	bool usable = pair->master_open && !pair->slave.locked;
	spin_unlock_irqrestore(&pair->slave.lock, irq);
	if (!usable)
		return -EIO;
	int err = tty_file_open(&pair->slave, f, noctty);
	if (!err) {
		irq = spin_lock_irqsave(&pair->master.lock);
		pair->master.other_closed = false;
		spin_unlock_irqrestore(&pair->master.lock, irq);
	}
	return err;
}

int pty_slave_open(unsigned index, struct file *f, bool noctty)
{
	mutex_lock(&pty_mutex);
	struct pty_pair *pair = index < PTY_MAX ? ptys[index] : NULL;
	/* no pair: a stale node, which Linux's devpts has already dropped (EIO from pty_open) */
	int err = pair ? slave_open_locked(pair, f, noctty) : -EIO;
	mutex_unlock(&pty_mutex);
	return err;
}

/* /dev/tty: the caller's controlling tty, found and opened under pty_mutex
 * so that a pty pair cannot be freed in between (the serial tty never is). */
int tty_open_ctty(struct file *f)
{
	mutex_lock(&pty_mutex);
	struct tty *ctty = tty_current_ctty();
	int err = -ENXIO;
	if (ctty && ctty->link)
		err = slave_open_locked(pair_of(ctty), f, true);
	else if (ctty)
		err = tty_file_open(ctty, f, true);
	mutex_unlock(&pty_mutex);
	return err;
}

void tty_vhangup_current(void)
{
	mutex_lock(&pty_mutex); /* keeps a pty controlling tty from being freed */
	struct tty *ctty = tty_current_ctty();
	if (ctty)
		tty_vhangup(ctty);
	mutex_unlock(&pty_mutex);
}

/* TIOCGPTPEER (ptm_open_peer): the slave opened through the master, with
 * the open flags in arg (Linux does not check them). */
static long open_peer(struct tty *master, u64 flags)
{
	struct pty_pair *pair = pair_of(master);
	mutex_lock(&pty_mutex);
	struct path p = {devpts_mnt, pair->node};
	bool ok = devpts_mnt && pair->node;
	if (ok)
		path_get(&p);
	mutex_unlock(&pty_mutex);
	if (!ok)
		return -EIO;
	struct file *f;
	int err = vfs_open_path(&p, (int)flags | O_LARGEFILE, &f);
	path_put(&p);
	if (err)
		return err;
	return fd_install_or_put(f, flags & O_CLOEXEC);
}

long pty_ioctl(struct tty *tty, struct file *f, unsigned cmd, u64 arg)
{
	switch (cmd) {
	case TIOCGPTN:
	case TIOCSPTLCK:
	case TIOCGPTLCK:
	case TIOCGPTPEER:
		if (!tty->is_pty_master)
			return -ENOTTY;
		break;
	default: return -ENOIOCTLCMD;
	}
	struct tty *slave = tty->link;
	switch (cmd) {
	case TIOCGPTN: return put_user_u32(uaddr_from(arg), (u32)slave->index) ? -EFAULT : 0;
	case TIOCGPTLCK: return put_user_u32(uaddr_from(arg), slave->locked) ? -EFAULT : 0;
	case TIOCSPTLCK: {
		u32 lock;
		if (get_user_u32(&lock, uaddr_from(arg)))
			return -EFAULT;
		unsigned long irq = spin_lock_irqsave(&slave->lock);
		slave->locked = lock != 0;
		spin_unlock_irqrestore(&slave->lock, irq);
		return 0;
	}
	default: return open_peer(tty, arg);
	}
}
