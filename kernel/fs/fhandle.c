/*
 * fhandle.c — name_to_handle_at(2) and open_by_handle_at(2) (Linux
 * fs/fhandle.c, with mm/shmem.c's export operations).
 *
 * Only tmpfs exports its files (rootfs and devtmpfs are tmpfs too), as on a
 * Linux whose only such file system is shmem; any other is EOPNOTSUPP to
 * name_to_handle_at and ESTALE to open_by_handle_at. A handle is what
 * shmem_encode_fh writes, type FILEID_INO32_GEN (1), three 32-bit words:
 * the inode's generation, then the low and high halves of its number. The
 * generation is always 0 here: a tmpfs never gives an inode number twice
 * (its counter is 64 bits wide), so the number alone names one inode for
 * the file system's life (Linux's is random, to tell a reused number).
 *
 * Decoding looks for a name of that inode in the mount's file system (Linux:
 * the inode hash, then shmem_find_alias), among the inodes a handle was
 * made of (shmem_encode_fh puts only those in the hash: inode->exported),
 * so a number of another tmpfs is not taken for one of this one unless it
 * was encoded there too. A file unlinked while still open is found through
 * its dentry (the super block's orphans, d_find_ino); a removed file's
 * handle is ESTALE.
 */
#include <syscall.h>

#include <cred.h>
#include <fs.h>
#include <fs_context.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/magic.h>

#define MAX_HANDLE_SZ 128
#define FILEID_INO32_GEN 1
#define FILEID_INVALID 0xff
#define SHMEM_HANDLE_WORDS 3

/* struct file_handle's fixed part; f_handle[handle_bytes] follows it */
struct file_handle_head {
	u32 handle_bytes;
	s32 handle_type;
};

static bool exports(const struct super_block *sb)
{
	return sb->magic == TMPFS_MAGIC;
}

/* do_sys_name_to_handle: the handle and the mount id, or EOVERFLOW with
 * the size needed (and FILEID_INVALID) when the caller's is too small. */
static long encode_handle(const struct path *p, uaddr_t uhandle, uaddr_t umnt_id)
{
	if (!exports(p->dentry->sb))
		return -EOPNOTSUPP;
	struct file_handle_head given;
	if (copy_from_user(&given, uhandle, sizeof(given)))
		return -EFAULT;
	if (given.handle_bytes > MAX_HANDLE_SZ)
		return -EINVAL;
	struct inode *inode = p->dentry->inode;
	u64 ino = inode->ino;
	struct {
		struct file_handle_head head;
		u32 words[SHMEM_HANDLE_WORDS];
	} h = {{SHMEM_HANDLE_WORDS * 4, FILEID_INO32_GEN}, {0, (u32)ino, (u32)(ino >> 32)}};
	bool fits = given.handle_bytes / 4 >= SHMEM_HANDLE_WORDS;
	if (!fits)
		h.head.handle_type = FILEID_INVALID;
	long err = fits ? 0 : -EOVERFLOW;
	if (fits)
		__atomic_store_n(&inode->exported, true, __ATOMIC_RELAXED); /* insert_inode_hash */
	if (put_user_u32(umnt_id, (u32)p->mnt->id) || copy_to_user(uhandle, &h, fits ? sizeof(h) : sizeof(h.head)))
		err = -EFAULT;
	return err;
}

SYSCALL_DEFINE5(name_to_handle_at, int, dirfd, uaddr_t, upath, uaddr_t, uhandle, uaddr_t, umnt_id, int, flags)
{
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	int at = (flags & AT_EMPTY_PATH) | ((flags & AT_SYMLINK_FOLLOW) ? 0 : AT_SYMLINK_NOFOLLOW);
	struct path p;
	long err = vfs_user_walk(dirfd, upath, at, 0, &p);
	if (err)
		return err;
	err = encode_handle(&p, uhandle, umnt_id);
	path_put(&p);
	return err;
}

/* get_vfsmount_from_fd: the working directory's mount, or the file's (an
 * O_PATH descriptor is EBADF, as fdget; a file without a name has none). */
static int mount_of_fd(int fd, struct vfsmount **out)
{
	if (fd == AT_FDCWD) {
		struct path cwd;
		fs_context_get_cwd(&cwd);
		*out = mnt_get(cwd.mnt);
		path_put(&cwd);
		return 0;
	}
	struct file *f = fd_get_file(fd);
	if (!f)
		return -EBADF;
	*out = f->path.mnt ? mnt_get(f->path.mnt) : NULL;
	file_put(f);
	return 0;
}

/* exportfs_decode_fh with shmem_fh_to_dentry: a name of the inode in m's file system, or ESTALE. */
static int decode_handle(struct vfsmount *m, const u32 *words, u32 nwords, struct path *out)
{
	if (!m || !exports(m->sb) || nwords < SHMEM_HANDLE_WORDS || words[0] != 0)
		return -ESTALE;
	struct dentry *d = d_find_ino(m->sb, words[1] | (u64)words[2] << 32);
	if (d && !__atomic_load_n(&d->inode->exported, __ATOMIC_RELAXED)) {
		dput(d);
		d = NULL;
	}
	if (!d)
		return -ESTALE;
	*out = (struct path){mnt_get(m), d};
	return 0;
}

/* handle_to_path and do_handle_open: CAP_DAC_READ_SEARCH, since the walk's
 * search permissions are skipped. */
SYSCALL_DEFINE3(open_by_handle_at, int, mountfd, uaddr_t, uhandle, int, flags)
{
	if (!capable(CAP_DAC_READ_SEARCH))
		return -EPERM;
	struct file_handle_head head;
	if (copy_from_user(&head, uhandle, sizeof(head)))
		return -EFAULT;
	if (head.handle_bytes > MAX_HANDLE_SZ || head.handle_bytes == 0)
		return -EINVAL;
	u32 words[MAX_HANDLE_SZ / 4];
	if (copy_from_user(words, uaddr_add(uhandle, sizeof(head)), head.handle_bytes))
		return -EFAULT;
	struct vfsmount *m;
	long err = mount_of_fd(mountfd, &m);
	if (err)
		return err;
	struct path p;
	err = decode_handle(m, words, head.handle_bytes / 4, &p);
	if (m)
		mnt_put(m);
	if (err)
		return err;
	err = fd_check_free(); /* get_unused_fd_flags comes before the open */
	struct file *f;
	if (!err)
		err = vfs_open_place(&p, flags, &f);
	path_put(&p);
	if (err)
		return err;
	return fd_install_or_put(f, flags & O_CLOEXEC);
}
