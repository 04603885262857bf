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

/*
 * What Linux's built-in initramfs always adds under the one it is given
 * (usr/default_cpio_list: /dev, /dev/console, /root); /dev's devices come
 * from devfs.c.
 */
static const struct {
	const char *name;
	u32 mode;
	u64 ino;
} builtin_root[] = {
	{"dev", S_IFDIR | 0755, 2},
	{"root", S_IFDIR | 0700, 3},
};

static int builtin_lookup(const char *path, u32 *mode, u64 *ino)
{
	while (*path == '/')
		path++;
	for (size_t i = 0; i < ARRAY_SIZE(builtin_root); i++) {
		if (strcmp(path, builtin_root[i].name) == 0) {
			*mode = builtin_root[i].mode;
			*ino = builtin_root[i].ino;
			return 0;
		}
	}
	return -ENOENT;
}

int initramfs_lookup(const char *path, const void **data, size_t *size, u32 *mode, u64 *ino)
{
	struct cpio_entry e;
	int ret = archive ? cpio_find(archive, archive_size, path, &e) : -ENOENT;
	if (ret == -ENOENT && builtin_lookup(path, mode, ino) == 0) {
		*data = NULL;
		*size = 0;
		return 0;
	}
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

/* The part of an archive name after "./" or "/" (cpio writers differ). */
static const char *bare_name(const char *name, size_t *len)
{
	while (*len && (name[0] == '/' || (name[0] == '.' && *len > 1 && name[1] == '/'))) {
		size_t skip = name[0] == '/' ? 1 : 2;
		name += skip;
		*len -= skip;
	}
	while (*len && name[*len - 1] == '\0')
		(*len)--;
	return name;
}

/* If entry `name` is a direct child of directory `dir` (bare, "" = root), its basename. */
static const char *child_name(const char *dir, size_t dir_len, const char *name, size_t len, size_t *child_len)
{
	if (dir_len) {
		if (len <= dir_len + 1 || memcmp(name, dir, dir_len) != 0 || name[dir_len] != '/')
			return NULL;
		name += dir_len + 1;
		len -= dir_len + 1;
	}
	if (len == 0 || memchr(name, '/', len) || (len == 1 && name[0] == '.') ||
	    (len == 10 && !memcmp(name, "TRAILER!!!", 10)))
		return NULL;
	*child_len = len;
	return name;
}

static u8 dirent_type(u32 mode)
{
	return (u8)((mode & S_IFMT) >> 12); /* DT_* are the S_IF* bits shifted, as in Linux */
}

/* The entries a directory has besides the archive's: the built-in ones of
 * "/" that the archive lacks, the devices of "/dev". i-th, or false. */
static bool extra_entry(const char *dir, size_t dir_len, unsigned i, const char **name, u32 *mode, u64 *ino)
{
	if (dir_len == 0) {
		for (size_t k = 0; k < ARRAY_SIZE(builtin_root); k++) {
			struct cpio_entry e;
			if (archive && cpio_find(archive, archive_size, builtin_root[k].name, &e) == 0)
				continue; /* the archive has it: listed already */
			if (i-- == 0) {
				*name = builtin_root[k].name;
				*mode = builtin_root[k].mode;
				*ino = builtin_root[k].ino;
				return true;
			}
		}
		return false;
	}
	if (dir_len == 3 && memcmp(dir, "dev", 3) == 0 && devfs_name(i)) {
		*name = devfs_name(i);
		*mode = S_IFCHR | 0666;
		*ino = 100 + i;
		return true;
	}
	return false;
}

/*
 * getdents64 over an initramfs directory: ".", "..", the children in
 * archive order, then the extra entries. f->pos counts entries; d_off is the position after each.
 */
static long ramdir_getdents(struct file *f, struct iobuf *dst, size_t len)
{
	size_t dir_len = strlen(f->path);
	const char *dir = bare_name(f->path, &dir_len);
	size_t off = 0, written = 0;
	u64 index = 0;
	unsigned extra = 0;
	bool archive_done = false;
	struct cpio_entry e;
	char rec[24 + 256];
	for (;;) {
		const char *name;
		size_t name_len;
		u32 mode;
		u64 ino;
		if (index == 0 || index == 1) {
			name = index == 0 ? "." : "..";
			name_len = index + 1;
			mode = S_IFDIR;
			ino = f->ino;
		} else if (!archive_done) {
			int r = archive ? cpio_next(archive, archive_size, &off, &e) : 0;
			if (r <= 0) {
				archive_done = true;
				continue;
			}
			size_t elen = e.name_len;
			const char *ename = bare_name(e.name, &elen);
			name = child_name(dir, dir_len, ename, elen, &name_len);
			if (!name)
				continue;
			mode = e.mode;
			ino = e.ino;
		} else if (!extra_entry(dir, dir_len, extra++, &name, &mode, &ino)) {
			break;
		} else {
			name_len = strlen(name);
		}
		index++;
		if (index <= f->pos)
			continue; /* returned by an earlier call */
		size_t reclen = ALIGN_UP(19 + name_len + 1, 8);
		if (written + reclen > len)
			return written ? (long)written : -EINVAL;
		memset(rec, 0, reclen);
		u64 d_off = index;
		u16 rl = (u16)reclen;
		memcpy(rec, &ino, 8);
		memcpy(rec + 8, &d_off, 8);
		memcpy(rec + 16, &rl, 2);
		rec[18] = (char)dirent_type(mode);
		memcpy(rec + 19, name, name_len);
		if (iobuf_copy_out(dst, written, rec, reclen) < 0)
			return -EFAULT;
		written += reclen;
		f->pos = index;
	}
	return (long)written;
}

static const struct file_ops ramdir_ops = {
	.getdents = ramdir_getdents,
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
