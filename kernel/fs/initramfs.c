/*
 * initramfs.c — the files of the initramfs (cpio newc from -initrd), read in
 * place from the archive in RAM: read-only, until the VFS and tmpfs land.
 */
#include <fs.h>

#include <cpio.h>
#include <printk.h>
#include <string.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

static const void *archive;
static size_t archive_size;

void initramfs_init(const void *data, size_t size)
{
	archive = data;
	archive_size = size;
	size_t off = 0;
	struct cpio_entry e;
	int files = 0, ret;
	while ((ret = cpio_next(archive, archive_size, &off, &e)) == 1)
		files++;
	if (ret < 0)
		printk("initramfs: corrupt archive after %d entries", files);
	else
		printk("initramfs: %d entries, %lu bytes", files, (unsigned long)size);
}

int initramfs_lookup(const char *path, const void **data, size_t *size, u32 *mode, u64 *ino)
{
	struct cpio_entry e;
	if (!archive)
		return -ENOENT;
	int ret = cpio_find(archive, archive_size, path, &e);
	if (ret)
		return ret;
	*data = e.data;
	*size = e.size;
	*mode = e.mode;
	*ino = e.ino;
	return 0;
}

static ssize_t ramfile_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	if (pos >= f->size)
		return 0;
	size_t n = MIN(len, f->size - pos);
	return iobuf_copy_out(dst, 0, (const char *)f->private + pos, n);
}

static int ramfile_stat(struct file *f, struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = 1;
	st->st_ino = f->ino;
	st->st_mode = f->mode;
	st->st_nlink = 1;
	st->st_size = (s64)f->size;
	st->st_blksize = 4096;
	st->st_blocks = (s64)((f->size + 511) / 512);
	return 0;
}

static const struct file_ops ramfile_ops = {
	.read = ramfile_read,
	.stat = ramfile_stat,
	.seekable = true,
};

int vfs_open(const char *path, int flags, struct file **out)
{
	const void *data;
	size_t size;
	u32 mode;
	u64 ino;
	int err = initramfs_lookup(path, &data, &size, &mode, &ino);
	if (err)
		return err;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)))
		return -EROFS;
	if ((flags & O_DIRECTORY) && (mode & S_IFMT) != S_IFDIR)
		return -ENOTDIR;
	struct file *f = file_alloc(&ramfile_ops, (void *)data, mode);
	if (!f)
		return -ENOMEM;
	f->size = size;
	f->ino = ino;
	f->flags = (unsigned)flags;
	if (strscpy(f->path, path, sizeof(f->path)) < 0) {
		/* long paths are cut: only shown in /proc/self/maps */
	}
	*out = f;
	return 0;
}

const void *ramfile_data(struct file *f)
{
	return f->ops == &ramfile_ops ? f->private : NULL;
}
