/*
 * devfs.c — the device files every Linux system has in /dev (devtmpfs,
 * drivers/char/mem.c, tty_io.c): null, zero, full, random, urandom, tty
 * console and ttyAMA0 (the PL011 serial port, drivers/tty/serial/amba-pl011.c:
 * major 204, minor 64), opened by path. Reads and writes behave as Linux's: null
 * reads end of file and swallows writes, zero reads zeros, full reads zeros
 * and refuses writes with ENOSPC, random/urandom read the CSPRNG, tty and
 * console are the console.
 */
#include <fs.h>

#include <random.h>
#include <string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

struct device {
	const char *name;
	u32 major, minor;
};

static const struct device devices[] = {
	{"null", 1, 3},	   {"zero", 1, 5}, {"full", 1, 7},    {"random", 1, 8},
	{"urandom", 1, 9}, {"tty", 5, 0},  {"console", 5, 1}, {"ttyAMA0", 204, 64},
};

#define CHUNK 256

static ssize_t mem_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	const struct device *d = f->private;
	if (d->minor == 3) /* null */
		return 0;
	u8 buf[CHUNK];
	size_t done = 0;
	while (done < len) {
		size_t n = MIN(len - done, sizeof(buf));
		if (d->minor == 8 || d->minor == 9)
			random_get_bytes(buf, n);
		else
			memset(buf, 0, n);
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

static int mem_stat(struct file *f, struct kstat *st)
{
	const struct device *d = f->private;
	memset(st, 0, sizeof(*st));
	st->st_dev = 5;
	st->st_ino = 100 + d->minor;
	st->st_mode = f->mode;
	st->st_nlink = 1;
	st->st_rdev = f->rdev;
	st->st_blksize = 4096;
	return 0;
}

static const struct file_ops mem_ops = {
	.read = mem_read,
	.write = mem_write,
	.stat = mem_stat,
	.seekable = true,
	/* null, zero, full: null_lseek; random, urandom: noop_llseek at 0 */
	.seek_always_zero = true,
};

/* Opens /dev/NAME for the devices above; -ENOENT for anything else. */
int devfs_open(const char *name, int flags, struct file **out)
{
	for (size_t i = 0; i < ARRAY_SIZE(devices); i++) {
		const struct device *d = &devices[i];
		if (strcmp(name, d->name) != 0)
			continue;
		if (flags & O_DIRECTORY)
			return -ENOTDIR;
		bool is_console = d->major == 5 || d->major == 204; /* one serial port: all the same tty */
		struct file *f = is_console ? console_file_open() : file_alloc(&mem_ops, (void *)d, S_IFCHR | 0666);
		if (!f)
			return -ENOMEM;
		f->flags = (unsigned)flags;
		f->rdev = (d->major << 8) | d->minor;
		if (strscpy(f->path, "/dev/", sizeof(f->path)) < 0 ||
		    strscpy(f->path + 5, d->name, sizeof(f->path) - 5) < 0) {
			file_put(f);
			return -ENAMETOOLONG;
		}
		*out = f;
		return 0;
	}
	return -ENOENT;
}

/* The names devfs_open knows, for listing /dev: the i-th, or NULL. */
const char *devfs_name(unsigned i)
{
	return i < ARRAY_SIZE(devices) ? devices[i].name : NULL;
}
