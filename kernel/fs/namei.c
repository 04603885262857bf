/*
 * namei.c — from a path name to an open file, for the name space we have:
 * the initramfs (read-only) plus a few synthesised /proc files.
 *
 * The path is made canonical first (lib/path.c: relative to the directory
 * given, or to the process's working directory, fs_context.c);
 * then every prefix must exist and be a directory (-ENOENT, -ENOTDIR), as a
 * component-by-component walk would find. There are no symbolic links in
 * the initramfs yet; "/proc/self/exe" is followed to the executable.
 */
#include <fs.h>

#include <fs_context.h>
#include <kmalloc.h>
#include <mm.h>
#include <path.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

int initramfs_open_entry(const char *abs_path, const void *data, size_t size, u32 mode, u64 ino, int flags,
			 struct file **out);

static bool is_dir_mode(u32 mode)
{
	return (mode & S_IFMT) == S_IFDIR;
}

/* Every proper prefix of abs ("/a" and "/a/b" for "/a/b/c") must be a directory. */
static int check_prefixes(char *abs)
{
	for (char *p = abs + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		const void *data;
		size_t size;
		u32 mode;
		u64 ino;
		int err = initramfs_lookup(abs, &data, &size, &mode, &ino);
		*p = '/';
		if (err)
			return err;
		if (!is_dir_mode(mode))
			return -ENOTDIR;
	}
	return 0;
}

static int open_root(int flags, struct file **out)
{
	return initramfs_open_entry("/", NULL, 0, S_IFDIR | 0755, 1, flags, out);
}

/* The canonical absolute path of (dir, path) into abs[PATH_MAX]. */
int vfs_resolve(struct file *dir, const char *path, char *abs, bool *trailing_slash)
{
	if (!path[0])
		return -ENOENT;
	int n;
	if (dir || path[0] == '/') {
		n = path_normalize(dir ? dir->path : "/", path, abs, PATH_MAX, trailing_slash);
	} else {
		char *cwd = kmalloc(PATH_MAX);
		if (!cwd)
			return -ENOMEM;
		fs_context_get_cwd(cwd);
		n = path_normalize(cwd, path, abs, PATH_MAX, trailing_slash);
		kfree(cwd);
	}
	return n < 0 ? n : 0;
}

/* The status flags an open file keeps (do_dentry_open: not the creation ones). */
static void keep_status_flags(struct file *f, int flags)
{
	f->flags = (unsigned)flags & ~(unsigned)(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
}

static int open_resolved(char *abs, bool trailing_slash, int flags, struct file **out)
{
	if (strcmp(abs, "/proc/self/exe") == 0 && current()->mm) /* a link to the executable */
		return vfs_open_at(NULL, current()->mm->exe_path, flags, out);
	int err;
	long perr;
	struct file *proc = procfs_open(abs, &perr);
	if (proc || perr != -ENOENT) {
		if (proc && (trailing_slash || (flags & O_DIRECTORY))) {
			file_put(proc);
			return -ENOTDIR;
		}
		if (proc)
			keep_status_flags(proc, flags);
		*out = proc;
		return (int)perr;
	}
	if (strncmp(abs, "/dev/", 5) == 0 && !strchr(abs + 5, '/')) {
		err = devfs_open(abs + 5, flags, out);
		if (err != -ENOENT)
			return err;
	}
	if (strcmp(abs, "/") == 0) {
		if ((flags & O_ACCMODE) != O_RDONLY)
			return -EISDIR;
		err = open_root(flags, out);
		if (!err)
			keep_status_flags(*out, flags);
		return err;
	}
	err = check_prefixes(abs);
	if (err)
		return err;
	const void *data;
	size_t size;
	u32 mode;
	u64 ino;
	err = initramfs_lookup(abs, &data, &size, &mode, &ino);
	if (err)
		return err;
	bool dir = is_dir_mode(mode);
	if (!dir && (trailing_slash || (flags & O_DIRECTORY)))
		return -ENOTDIR;
	if (dir && (flags & O_ACCMODE) != O_RDONLY)
		return -EISDIR;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)))
		return -EROFS; /* the initramfs is read-only until tmpfs */
	err = initramfs_open_entry(abs, data, size, mode, ino, flags, out);
	if (!err)
		keep_status_flags(*out, flags);
	return err;
}

int vfs_open_at(struct file *dir, const char *path, int flags, struct file **out)
{
	char *abs = kmalloc(PATH_MAX);
	if (!abs)
		return -ENOMEM;
	bool trailing_slash;
	int err = vfs_resolve(dir, path, abs, &trailing_slash);
	if (!err)
		err = open_resolved(abs, trailing_slash, flags, out);
	kfree(abs);
	return err;
}

int vfs_open(const char *path, int flags, struct file **out)
{
	return vfs_open_at(NULL, path, flags, out);
}

/* readlink: only /proc/self/exe is a link; anything else that exists is not. */
int vfs_readlink(struct file *dir, const char *path, char *target, size_t size)
{
	char *abs = kmalloc(PATH_MAX);
	if (!abs)
		return -ENOMEM;
	bool trailing_slash;
	int err = vfs_resolve(dir, path, abs, &trailing_slash);
	if (!err && strcmp(abs, "/proc/self/exe") == 0 && current()->mm) {
		err = (int)MIN(strlen(current()->mm->exe_path), size);
		memcpy(target, current()->mm->exe_path, (size_t)err);
	} else if (!err) {
		struct file *f;
		err = open_resolved(abs, trailing_slash, O_RDONLY, &f);
		if (!err) {
			file_put(f);
			err = -EINVAL; /* exists, but is not a symbolic link */
		}
	}
	kfree(abs);
	return err;
}
