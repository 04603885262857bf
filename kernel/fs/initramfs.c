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
	st->st_nlink = (f->mode & S_IFMT) == S_IFDIR ? 2 : 1;
	st->st_size = (s64)f->size;
	st->st_blksize = 4096;
	st->st_blocks = (s64)((f->size + 511) / 512);
	return 0;
}

static ssize_t ramdir_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	return -EISDIR;
}

/* Directories: listing them (getdents64) comes with the VFS. */
static const struct file_ops ramdir_ops = {
	.read = ramdir_read,
	.stat = ramfile_stat,
	.seekable = true,
	.seek_set_cur_only = true,
};

static const struct file_ops ramfile_ops = {
	.read = ramfile_read,
	.stat = ramfile_stat,
	.seekable = true,
};

/* Opens an initramfs entry already looked up (vfs_open_at does the walk). */
int initramfs_open_entry(const char *abs_path, const void *data, size_t size, u32 mode, u64 ino, int flags,
			 struct file **out)
{
	bool dir = (mode & S_IFMT) == S_IFDIR;
	struct file *f = file_alloc(dir ? &ramdir_ops : &ramfile_ops, (void *)data, mode);
	if (!f)
		return -ENOMEM;
	f->size = dir ? 0 : size;
	f->ino = ino;
	f->flags = (unsigned)flags;
	if (strscpy(f->path, abs_path, sizeof(f->path)) < 0) {
		file_put(f);
		return -ENAMETOOLONG;
	}
	*out = f;
	return 0;
}

const void *ramfile_data(struct file *f)
{
	return f->ops == &ramfile_ops ? f->private : NULL;
}
