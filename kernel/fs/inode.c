/*
 * inode.c — inodes: allocation and reference counts, timestamps, the
 * permission check (fs/namei.c generic_permission) and stat's view of an
 * inode (fs/stat.c generic_fillattr). See vfs.h for the object model.
 */
#include <vfs.h>

#include <fs.h>
#include <kmalloc.h>
#include <string.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

struct inode *inode_alloc(struct super_block *sb, u32 mode)
{
	struct inode *inode = kzalloc(sizeof(*inode));
	if (!inode)
		return NULL;
	inode->refcount = 1;
	inode->sb = sb;
	inode->ino = __atomic_add_fetch(&sb->next_ino, 1, __ATOMIC_RELAXED);
	mutex_init(&inode->lock, "inode");
	spin_lock_init(&inode->flock_lock, "flock");
	list_init(&inode->flocks);
	wait_queue_init(&inode->flock_wait, "flock");
	inode->mode = mode;
	inode->nlink = 1;
	vfs_cred(&inode->uid, &inode->gid);
	inode->atime = inode->mtime = inode->ctime = vfs_now();
	inode->next_dir_pos = 2; /* after "." and ".." */
	return inode;
}

struct inode *inode_get(struct inode *inode)
{
	__atomic_fetch_add(&inode->refcount, 1, __ATOMIC_RELAXED);
	return inode;
}

void inode_put(struct inode *inode)
{
	if (!inode || __atomic_sub_fetch(&inode->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	if (inode->destroy)
		inode->destroy(inode);
	kfree(inode);
}

struct timespec_k vfs_now(void)
{
	u64 ns = time_realtime_ns();
	return (struct timespec_k){.sec = (s64)(ns / 1000000000u), .nsec = (long)(ns % 1000000000u)};
}

void inode_touch(struct inode *inode, bool mtime, bool ctime)
{
	struct timespec_k now = vfs_now();
	if (mtime)
		inode->mtime = now;
	if (ctime)
		inode->ctime = now;
}

void vfs_cred(u32 *uid, u32 *gid)
{
	*uid = 0; /* everyone is root until credentials exist (include/cred.h) */
	*gid = 0;
}

/*
 * generic_permission: the owner's, the group's or the others' bits decide;
 * root (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) may read and write anything
 * and search any directory, but executes a file only if some x bit is set.
 */
int inode_permission(struct inode *inode, int mask)
{
	u32 uid, gid;
	vfs_cred(&uid, &gid);
	u32 mode = __atomic_load_n(&inode->mode, __ATOMIC_RELAXED);
	bool dir = (mode & S_IFMT) == S_IFDIR;
	if (uid == 0) {
		if ((mask & MAY_EXEC) && !dir && !(mode & 0111))
			return -EACCES;
		return 0;
	}
	u32 bits = mode & 07;
	if (uid == inode->uid)
		bits = (mode >> 6) & 07;
	else if (gid == inode->gid)
		bits = (mode >> 3) & 07;
	return ((u32)mask & ~bits) ? -EACCES : 0;
}

/* Linux's new_encode_dev is already how rdev is kept; st_dev likewise. */
void vfs_fill_stat(struct inode *inode, struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = inode->sb->dev;
	st->st_ino = inode->ino;
	st->st_mode = inode->mode;
	st->st_nlink = inode->nlink;
	st->st_uid = inode->uid;
	st->st_gid = inode->gid;
	st->st_rdev = inode->rdev;
	st->st_size = (s64)inode->size;
	st->st_blksize = 4096;
	st->st_blocks = (s64)inode->blocks;
	st->st_atime_sec = inode->atime.sec;
	st->st_atime_nsec = (u64)inode->atime.nsec;
	st->st_mtime_sec = inode->mtime.sec;
	st->st_mtime_nsec = (u64)inode->mtime.nsec;
	st->st_ctime_sec = inode->ctime.sec;
	st->st_ctime_nsec = (u64)inode->ctime.nsec;
}
