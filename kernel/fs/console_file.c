/*
 * console_file.c — the console as an open file: /dev/console, the first
 * process's stdin, stdout and stderr. A character device (5,1) as on Linux.
 */
#include <fs.h>

#include <console.h>
#include <printk.h>
#include <string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#define CHUNK 256

static ssize_t console_file_write(struct file *f, struct iobuf *src, size_t len, u64 pos)
{
	char buf[CHUNK];
	size_t done = 0;
	while (done < len) {
		size_t n = MIN(len - done, sizeof(buf));
		if (iobuf_copy_in(buf, src, done, n) < 0)
			return done ? (ssize_t)done : -EFAULT;
		console_write_user(buf, n);
		done += n;
	}
	return (ssize_t)done;
}

static ssize_t console_file_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	char buf[CHUNK];
	long n = console_read(buf, MIN(len, sizeof(buf)));
	if (n <= 0)
		return n;
	return iobuf_copy_out(dst, 0, buf, (size_t)n);
}

static int console_file_stat(struct file *f, struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = 5;
	st->st_ino = 3;
	st->st_mode = S_IFCHR | 0600;
	st->st_nlink = 1;
	st->st_rdev = (5 << 8) | 1;
	st->st_blksize = 1024;
	return 0;
}

static const struct file_ops console_ops = {
	.read = console_file_read,
	.write = console_file_write,
	.stat = console_file_stat,
};

struct file *console_file_open(void)
{
	struct file *f = file_alloc(&console_ops, NULL, S_IFCHR | 0600);
	if (f) {
		f->flags = O_RDWR;
		CHECK(strscpy(f->path, "/dev/console", sizeof(f->path)) > 0);
	}
	return f;
}
