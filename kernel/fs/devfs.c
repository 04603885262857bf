/*
 * devfs.c — character devices (Linux's chrdev table, drivers/char/mem.c,
 * tty_io.c): a device node's inode has chrdev_open_ops, whose open finds
 * the driver by the node's device number and gives the file its
 * operations. Known: null, zero, full, random, urandom (major 1), tty and
 * console and ptmx (major 5), kmsg (1,11: the kernel log, fs/kmsg.c), ttyAMA0 (the PL011 serial port, amba-pl011.c:
 * major 204, minor 64), pty slaves (major 136, in devpts). null reads end of
 * file and swallows writes, zero reads zeros, full reads zeros and refuses
 * writes with ENOSPC, random/urandom read the CSPRNG; the ttys are
 * kernel/tty/ ones. devfs_populate makes
 * the nodes in /dev at boot, with devtmpfs's modes.
 */
#include <fs.h>

#include <cred.h>
#include <printk.h>
#include <random.h>
#include <string.h>
#include <tty.h>
#include <uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

struct device {
	const char *name;
	u32 major, minor;
	u32 mode; /* of the node devtmpfs makes */
};

static const struct device devices[] = {
	{"null", 1, 3, 0666},	    {"zero", 1, 5, 0666},  {"full", 1, 7, 0666},    {"random", 1, 8, 0666},
	{"urandom", 1, 9, 0666},    {"tty", 5, 0, 0666},   {"console", 5, 1, 0600}, {"ptmx", 5, 2, 0666},
	{"ttyAMA0", 204, 64, 0600}, {"kmsg", 1, 11, 0644},
};

/* The character device drivers by major number, in Linux's names for them
 * (register_chrdev_region's; /proc/devices lists them in this order): the
 * memory devices, the tty, console and ptmx nodes, the pty masters and
 * slaves (Unix98 "ptm" and "pts"), the PL011. */
static const struct {
	u32 major;
	const char *name;
} chrdev_drivers[] = {
	{1, "mem"}, {5, "/dev/tty"}, {5, "/dev/console"}, {5, "/dev/ptmx"}, {128, "ptm"}, {136, "pts"}, {204, "ttyAMA"},
};

bool devfs_chrdev_driver(size_t i, u32 *major, const char **name)
{
	if (i >= ARRAY_SIZE(chrdev_drivers))
		return false;
	*major = chrdev_drivers[i].major;
	*name = chrdev_drivers[i].name;
	return true;
}

#define DEV(major, minor) (((major) << 8) | (minor)) /* new_encode_dev for minor < 256 */
#define CHUNK 256

static ssize_t mem_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	const struct device *d = f->private;
	if (d->minor == 3) /* null */
		return 0;
	if (d->minor == 5 || d->minor == 7) /* zero, full: Linux's read_iter_zero */
		return iobuf_clear(dst, 0, len);
	u8 buf[CHUNK];
	size_t done = 0;
	while (done < len) {
		size_t n = MIN(len - done, sizeof(buf));
		random_get_bytes(buf, n); /* random, urandom */
		if (iobuf_copy_out(dst, done, buf, n) < 0)
			return done ? (ssize_t)done : -EFAULT;
		done += n;
	}
	return (ssize_t)done;
}

static ssize_t mem_write(struct file *f, struct iobuf *src, size_t len, u64 pos)
{
	const struct device *d = f->private;
	if (d->minor == 7) /* full */
		return -ENOSPC;
	if (d->minor == 8 || d->minor == 9) { /* written bytes are mixed in, uncredited */
		u8 buf[CHUNK];
		for (size_t done = 0; done < len; done += sizeof(buf)) {
			size_t n = MIN(len - done, sizeof(buf));
			if (iobuf_copy_in(buf, src, done, n) < 0)
				return done ? (ssize_t)done : -EFAULT;
			random_add_entropy(buf, n, 0);
		}
	}
	return (ssize_t)len;
}

/* drivers/char/random.c random_ioctl (include/uapi/linux/random.h): the
 * entropy count, and root's crediting, clearing and reseeding. Linux 6.1
 * no longer clears anything (RNDZAPENTCNT and RNDCLEARPOOL only check the
 * capability), and so it is here. */
#define RNDGETENTCNT 0x80045200u   /* _IOR('R', 0x00, int) */
#define RNDADDTOENTCNT 0x40045201u /* _IOW('R', 0x01, int) */
#define RNDADDENTROPY 0x40085203u  /* _IOW('R', 0x03, int [2]) */
#define RNDZAPENTCNT 0x5204u	   /* _IO('R', 0x04) */
#define RNDCLEARPOOL 0x5206u	   /* _IO('R', 0x06) */
#define RNDRESEEDCRNG 0x5207u	   /* _IO('R', 0x07) */

static long random_add_user(uaddr_t arg)
{
	s32 head[2]; /* entropy_count, buf_size, then the bytes */
	if (copy_from_user(head, arg, sizeof(head)))
		return -EFAULT;
	if (head[0] < 0)
		return -EINVAL;
	if (head[1] < 0) /* a size past any user range: import_single_range's EFAULT */
		return -EFAULT;
	u8 buf[CHUNK];
	for (s32 done = 0; done < head[1]; done += (s32)sizeof(buf)) {
		size_t n = MIN((size_t)(head[1] - done), sizeof(buf));
		if (copy_from_user(buf, uaddr_add(arg, sizeof(head) + (u64)done), n))
			return -EFAULT;
		random_add_entropy(buf, n, 0);
	}
	random_add_entropy(NULL, 0, (unsigned)head[0]);
	return 0;
}

static long mem_ioctl(struct file *f, unsigned cmd, u64 arg)
{
	const struct device *d = f->private;
	if (d->minor != 8 && d->minor != 9) /* random, urandom */
		return -ENOTTY;
	if (cmd == RNDGETENTCNT)
		return put_user_u32(uaddr_from(arg), random_entropy_count()) ? -EFAULT : 0;
	if (cmd != RNDADDTOENTCNT && cmd != RNDADDENTROPY && cmd != RNDZAPENTCNT && cmd != RNDCLEARPOOL &&
	    cmd != RNDRESEEDCRNG)
		return -EINVAL;
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	switch (cmd) {
	case RNDADDTOENTCNT: {
		u32 count;
		if (get_user_u32(&count, uaddr_from(arg)))
			return -EFAULT;
		if ((s32)count < 0)
			return -EINVAL;
		random_add_entropy(NULL, 0, count);
		return 0;
	}
	case RNDADDENTROPY: return random_add_user(uaddr_from(arg));
	case RNDRESEEDCRNG:
		if (!random_is_seeded())
			return -ENODATA;
		random_reseed();
		return 0;
	default: return 0; /* RNDZAPENTCNT, RNDCLEARPOOL */
	}
}

static const struct file_ops mem_ops = {
	.ioctl = mem_ioctl,
	.read = mem_read,
	.write = mem_write,
	.seekable = true,
	/* null, zero, full: null_lseek; random, urandom: noop_llseek at 0 */
	.seek_always_zero = true,
};

/* The ttys (tty_io.c tty_open): /dev/tty is the caller's controlling tty
 * (ENXIO without one), /dev/console and ttyAMA0 the serial port, ptmx a
 * new pty pair, 136:N a pty slave. Opening /dev/tty, /dev/console or a
 * master never acquires a controlling tty. */
static int tty_chrdev_open(u32 major, u32 minor, struct file *f)
{
	if (major == PTY_SLAVE_MAJOR)
		return pty_slave_open(minor, f, false);
	if (major == 204 && minor == 64)
		return tty_file_open(&serial_tty, f, false);
	if (major != 5)
		return -ENXIO;
	switch (minor) {
	case 0: return tty_open_ctty(f);
	case 1: return tty_file_open(&serial_tty, f, true);
	case 2: return ptmx_open(f);
	default: return -ENXIO;
	}
}

bool devfs_is_zero(const struct file *f)
{
	const struct device *d = f->private;
	return f->ops == &mem_ops && d && d->major == 1 && d->minor == 5;
}

/* chrdev_open: the driver of the node's number; ENXIO if there is none. */
static int chrdev_open(struct inode *inode, struct file *f)
{
	if ((inode->mode & S_IFMT) != S_IFCHR)
		return -ENXIO; /* block devices: none yet */
	u32 major = (inode->rdev >> 8) & 0xfff, minor = (inode->rdev & 0xff) | ((inode->rdev >> 12) & 0xfff00);
	if (major == 5 || major == 204 || major == PTY_SLAVE_MAJOR)
		return tty_chrdev_open(major, minor, f);
	for (size_t i = 0; i < ARRAY_SIZE(devices); i++) {
		const struct device *d = &devices[i];
		if (inode->rdev != DEV(d->major, d->minor))
			continue;
		f->private = (void *)d;
		if (d->major == 1 && d->minor == 11) { /* kmsg: the kernel log (fs/kmsg.c) */
			f->ops = &kmsg_file_ops;
			return kmsg_file_ops.open(inode, f);
		}
		f->ops = &mem_ops;
		return 0;
	}
	return -ENXIO;
}

const struct file_ops chrdev_open_ops = {
	.open = chrdev_open,
};

/* Makes the device nodes in directory dir (a tmpfs directory; existing names are kept). */
static void populate(struct dentry *dir)
{
	struct inode *di = dir->inode;
	mutex_lock(&di->lock);
	for (size_t i = 0; i < ARRAY_SIZE(devices); i++) {
		const struct device *d = &devices[i];
		size_t len = strlen(d->name);
		struct dentry *old = d_lookup(dir, d->name, len);
		if (old) {
			dput(old);
			continue;
		}
		struct dentry *node = dentry_alloc(dir, d->name, len);
		if (!node || di->iops->mknod(di, node, S_IFCHR | d->mode, DEV(d->major, d->minor)))
			printk(KERN_ERR "devfs: cannot make %s", d->name);
		if (node)
			dput(node);
	}
	mutex_unlock(&di->lock);
}

static struct super_block *devtmpfs; /* made once at boot */

struct super_block *devtmpfs_sb(void)
{
	return devtmpfs;
}

void devfs_populate(void)
{
	struct path dev;
	if (vfs_walk(NULL, "/dev", LOOKUP_DIRECTORY, &dev) == 0) {
		populate(dev.dentry);
		path_put(&dev);
	}
	devtmpfs = tmpfs_create(0755);
	if (devtmpfs) {
		devtmpfs->type = "devtmpfs";
		devtmpfs->kill = NULL; /* one instance for the system's life, mounted or not */
		populate(devtmpfs->root);
	}
}
