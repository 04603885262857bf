/*
 * fs_context.c — working directory and umask (see fs_context.h), and the
 * system calls on them: getcwd, chdir, fchdir, umask (fs/d_path.c,
 * fs/open.c, kernel/sys.c semantics).
 */
#include <fs_context.h>

#include <fs.h>
#include <kmalloc.h>
#include <string.h>
#include <syscall.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#define INIT_UMASK 0022 /* what Linux gives init (init_fs) */

struct fs_context *fs_context_create(void)
{
	struct fs_context *fs = kzalloc(sizeof(*fs));
	if (!fs)
		return NULL;
	spin_lock_init(&fs->lock, "fs_context");
	fs->refcount = 1;
	fs->cwd[0] = '/';
	fs->umask = INIT_UMASK;
	return fs;
}

struct fs_context *fs_context_dup(struct fs_context *src)
{
	struct fs_context *fs = fs_context_create();
	if (!fs)
		return NULL;
	unsigned long irq = spin_lock_irqsave(&src->lock);
	memcpy(fs->cwd, src->cwd, sizeof(fs->cwd));
	fs->umask = src->umask;
	spin_unlock_irqrestore(&src->lock, irq);
	return fs;
}

void fs_context_put(struct fs_context *fs)
{
	if (fs && __atomic_sub_fetch(&fs->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(fs);
}

void fs_context_get_cwd(char *buf)
{
	struct fs_context *fs = current()->fs;
	if (!fs) {
		buf[0] = '/';
		buf[1] = '\0';
		return;
	}
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	memcpy(buf, fs->cwd, strlen(fs->cwd) + 1);
	spin_unlock_irqrestore(&fs->lock, irq);
}

SYSCALL_DEFINE2(getcwd, uaddr_t, ubuf, size_t, size)
{
	char *cwd = kmalloc(PATH_MAX);
	if (!cwd)
		return -ENOMEM;
	fs_context_get_cwd(cwd);
	size_t len = strlen(cwd) + 1;
	long ret = len > size ? -ERANGE : (copy_to_user(ubuf, cwd, len) ? -EFAULT : (long)len);
	kfree(cwd);
	return ret;
}

static long set_cwd(struct file *dir)
{
	if ((dir->mode & S_IFMT) != S_IFDIR)
		return -ENOTDIR;
	struct fs_context *fs = current()->fs;
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	long ret = strscpy(fs->cwd, dir->path, sizeof(fs->cwd)) < 0 ? -ENAMETOOLONG : 0;
	spin_unlock_irqrestore(&fs->lock, irq);
	return ret;
}

SYSCALL_DEFINE1(chdir, uaddr_t, upath)
{
	char *path = kmalloc(PATH_MAX);
	if (!path)
		return -ENOMEM;
	long ret = strncpy_from_user(path, upath, PATH_MAX);
	if (ret == 0)
		ret = -ENOENT;
	struct file *dir = NULL;
	if (ret > 0)
		ret = vfs_open(path, O_RDONLY | O_DIRECTORY, &dir);
	if (ret == 0) {
		ret = set_cwd(dir);
		file_put(dir);
	}
	kfree(path);
	return ret;
}

SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct file *dir = fd_get(fd);
	if (!dir)
		return -EBADF;
	long ret = set_cwd(dir);
	file_put(dir);
	return ret;
}

SYSCALL_DEFINE1(umask, u32, mask)
{
	struct fs_context *fs = current()->fs;
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	u32 old = fs->umask;
	fs->umask = mask & 0777;
	spin_unlock_irqrestore(&fs->lock, irq);
	return old;
}
