/*
 * vfs.h — the name space as objects, in Linux's shape (include/linux/fs.h,
 * dcache.h, mount.h):
 *
 *   inode        what a file is: type and permissions, owner, size, times,
 *                link count, and the operations of its file system;
 *   dentry       a name in a directory, linking a parent dentry to an
 *                inode. The dentry tree is the directory structure of tmpfs
 *                (there is no backing store); procfs makes short-lived
 *                dentries on each lookup that are never cached;
 *   super_block  one instance of a file system (its root dentry, device
 *                number, magic, inode numbers);
 *   vfsmount     where a super block is attached: the mount point (a
 *                dentry in the parent mount) and the root of what is mounted.
 *
 * A place in the name space is a struct path {mount, dentry}: the same
 * dentry can be reached through several mounts (bind mounts). Path names are
 * never stored; d_path builds one on demand by walking parents and mounts.
 *
 * Reference counts (all atomic): a dentry holds its parent and its inode; a
 * dentry in its parent's children list (a "hashed" dentry, DENTRY_HASHED)
 * holds one reference for that, dropped when it is unlinked; an open file
 * holds its path; a mount holds its super block's root and its mount point.
 *
 * Lock order (outermost first):
 *   0. file->pos_mutex       (fs.h: read, write, lseek, getdents64 of a
 *                            regular file or directory; never two at once)
 *   1. rename_mutex          (renames across directories: parents stable)
 *   2. inode->lock (mutex)   parent directory before child; for a rename
 *                            the two parents in address order
 *   3. mm->lock, files->lock, fs_context->lock (spinlocks)
 *   4. mount_lock            (spinlock: the mount list, dentry->mounted)
 *   5. dcache_lock           (spinlock: children lists, d_parent, d_name)
 *   inode->flock_lock (spinlock: flock and fcntl record locks) is taken with
 *   no other lock held, and only lock_waiters_lock (filelock.c) or
 *   file_lock_list_lock inside it.
 *   lease_lock (lease.c: every lease) likewise, with only tasklist_lock
 *   (fown.c, a lease holder's owner) inside it. file_lock_list_lock
 *   (locks_list.c, /proc/locks) is taken inside either, nothing inside it;
 *   /proc/locks takes lease_lock, then it.
 *   mnt_id_lock (mount.c: the mount ids in use) and acl_lock (posix_acl.c:
 *   the inodes' ACL pointers) are taken with nothing inside them.
 * Nothing sleeps under 3-5 or those two. Reading a dentry's name or parent takes
 * dcache_lock; changing them (rename, unlink) holds the directory mutexes
 * too, so a holder of the parent's mutex sees a stable list of children.
 */
#pragma once

#include <list.h>
#include <mutex.h>
#include <path.h>
#include <spinlock.h>
#include <types.h>
#include <uaccess.h>
#include <uapi/fcntl.h>

struct file;
struct file_ops;
struct kstat;
struct dentry;
struct inode;
struct super_block;
struct vfsmount;
struct mnt_ns;
struct dir_context;
struct pipe;
struct vma;
struct cred;
struct path;
struct posix_acl;

struct timespec_k {
	s64 sec;
	long nsec;
};

/* What a directory or link inode can do; NULL entries give the errno Linux gives. */
struct inode_ops {
	/* Fill d (not yet hashed) with the inode named d->name in dir: 0 or -ENOENT.
	 * NULL: the dentry tree is the whole directory (tmpfs). */
	int (*lookup)(struct inode *dir, struct dentry *d);
	/* Its -ENOENT leaves a negative name that a creation goes on with, to
	 * the missing operation's errno (kernfs: sysfs), rather than ending
	 * every creation with ENOENT (procfs, as Linux's ERR_PTR(-ENOENT)). */
	bool lookup_negative;
	/* The target of a symbolic link, kmalloc'd and NUL-terminated (what readlink shows). */
	int (*get_link)(struct dentry *d, char **target);
	/* A /proc magic link (exe, cwd, root, fd/N): the object it stands for,
	 * as a place with references. The walk jumps there (Linux's
	 * nd_jump_link) instead of following get_link's text, so a deleted
	 * file, a pipe or an O_TMPFILE file can be reached. NULL: a plain link. */
	int (*get_path)(struct dentry *d, struct path *out);
	/* May credentials c use the inode as mask (MAY_*) asks: 0 or -EACCES.
	 * NULL: the mode bits (generic_permission). procfs's fd/ directory lets
	 * its own process in whoever owns it (Linux proc_fd_permission). */
	int (*permission)(const struct cred *c, struct inode *inode, int mask);
	/* Directory changes (dir->lock held; d is negative, not hashed). */
	int (*mknod)(struct inode *dir, struct dentry *d, u32 mode, u32 rdev);
	int (*symlink)(struct inode *dir, struct dentry *d, const char *target);
	int (*link)(struct dentry *old, struct inode *dir, struct dentry *d);
	int (*unlink)(struct inode *dir, struct dentry *d);
	int (*rmdir)(struct inode *dir, struct dentry *d);
	/* Moves old (in old_dir) to name in new_parent, replacing target if not
	 * NULL (RENAME_EXCHANGE: swapping with it). Both dirs' locks held,
	 * every check made. */
	int (*rename)(struct inode *old_dir, struct dentry *old, struct dentry *new_parent, struct dentry *target,
		      const char *name, size_t len, unsigned flags);
	/* O_TMPFILE: a regular file in dir with no name (d stays unhashed). */
	int (*tmpfile)(struct inode *dir, struct dentry *d, u32 mode);
	/* Regular files: set the size (inode->lock held). */
	int (*truncate)(struct inode *inode, u64 size);
	/* fallocate's work (inode->lock held; arguments checked). */
	int (*fallocate)(struct inode *inode, int mode, u64 offset, u64 len);
	/* SEEK_DATA / SEEK_HOLE from off (< size): the offset found. */
	s64 (*seek_data)(struct inode *inode, s64 off, int whence);
	/* Lists a directory; see dir_emit. */
	int (*iterate)(struct file *f, struct dir_context *ctx);
};

/* getdents' sink: emit returns false when the buffer is full. */
struct dir_context {
	bool (*emit)(struct dir_context *ctx, const char *name, size_t len, u64 ino, unsigned type, u64 next_pos);
	u64 pos; /* where to start; the callee moves it past each entry it emits */
};

struct inode {
	int refcount; /* atomic */
	u64 ino;
	struct super_block *sb;
	const struct inode_ops *iops;
	const struct file_ops *fops;	       /* what an open file of it does */
	struct mutex lock;		       /* i_rwsem: the fields below, the data, a directory's entries */
	u32 mode;			       /* S_IF* | permissions [lock] */
	u32 uid, gid;			       /* [lock] */
	u32 nlink;			       /* [lock] */
	u32 rdev;			       /* device files: Linux's new_encode_dev */
	u64 size;			       /* [lock] */
	u64 blocks;			       /* 512-byte units allocated [lock] */
	struct timespec_k atime, mtime, ctime; /* [lock] */
	bool linkable;			       /* O_TMPFILE without O_EXCL: linkat may give it a name [lock] */
	bool exported;			       /* a file handle was made of it (fhandle.c) [atomic] */
	unsigned seals;			       /* memfd F_SEAL_* [lock] */
	u64 next_dir_pos;		       /* directories: the getdents position the next new entry gets [lock] */
	struct spinlock flock_lock;	       /* protects flocks and posix_locks (filelock.c) */
	struct list_head flocks;	       /* struct flock_holder: flock(2) locks held [flock_lock] */
	struct wait_queue flock_wait;	       /* flock(2) waiters */
	struct list_head posix_locks;	       /* struct file_lock: fcntl record locks [flock_lock] */
	struct wait_queue posix_wait;	       /* F_SETLKW waiters */
	struct list_head leases;	       /* struct lease: F_SETLEASE leases (lease.c) [lease_lock] */
	struct wait_queue lease_wait;	       /* openers waiting for a lease break (lease.c) */
	struct pipe *pipe;		       /* a FIFO's pipe while it is open [pipe.c fifo_lock] */
	struct list_head inotify_watches;      /* struct inotify_watch on it [notify.c inotify_lock] */
	struct list_head xattrs;	       /* extended attributes, newest first (xattr.c) [lock] */
	struct posix_acl *acl_access;	       /* POSIX ACLs (posix_acl.c) or NULL [lock and acl_lock] */
	struct posix_acl *acl_default;	       /* a directory's default ACL [lock and acl_lock] */
	int write_count;  /* atomic, Linux's i_writecount: > 0 opens for writing, < 0 running programs */
	int read_count;	  /* atomic, Linux's i_readcount: regular-file opens for reading only (leases) */
	int map_writable; /* atomic, Linux's i_mmap_writable: > 0 writable shared mappings, < 0 F_SEAL_WRITE */
	void *private;	  /* owned by the file system (tmpfs data, procfs fill) */
	void (*destroy)(struct inode *inode); /* frees private; may be NULL */
};

#define DENTRY_HASHED 0x1u  /* in its parent's children list (holds a reference) */
#define DENTRY_NOCACHE 0x2u /* procfs: freed on the last reference */
#define DENTRY_ORPHAN 0x4u  /* unlinked while in use: on its sb's orphans list (file handles) */

struct dentry {
	int refcount;	       /* atomic */
	unsigned flags;	       /* DENTRY_* [dcache_lock] */
	char *name;	       /* NUL-terminated, kmalloc'd [dcache_lock] */
	size_t name_len;       /* [dcache_lock] */
	struct dentry *parent; /* itself for a root; holds a reference [dcache_lock] */
	struct inode *inode;   /* holds a reference; NULL: negative (being created) */
	struct super_block *sb;
	struct list_head children; /* hashed children, by dir_pos [dcache_lock] */
	struct list_head sibling;  /* in parent->children [dcache_lock] */
	/* in the hash of (parent, name) while hashed (dcache.c) [dcache_lock] */
	struct dentry *hash_next, **hash_pprev;
	u32 name_hash; /* of name [dcache_lock] */
	u64 dir_pos;   /* getdents position in the parent: stable across unlinks */
	int mounted;   /* mounts on this dentry [mount_lock; lookup_mnt peeks atomically] */
};

struct super_block {
	const char *type; /* "tmpfs", "proc" */
	u64 magic;	  /* statfs f_type */
	u32 dev;	  /* st_dev */
	struct dentry *root;
	u64 next_ino;			      /* atomic */
	unsigned flags;			      /* SB_RDONLY [mount_lock] */
	u32 mode;			      /* tmpfs: mode= (Linux sbinfo->mode), the root's when made */
	int active;			      /* mounts of it (atomic); at 0, kill runs */
	void (*kill)(struct super_block *sb); /* frees it and everything in it; NULL: it stays */
	u64 max_pages, max_inodes;	      /* tmpfs size= and nr_inodes= (0: no limit) */
	u64 used_pages, used_inodes;	      /* atomic: what counts against them */
	struct list_head orphans;	      /* DENTRY_ORPHAN dentries, by sibling [dcache_lock] */
};

#define SB_RDONLY 0x1u /* the file system itself is read-only (mount or remount with MS_RDONLY) */

#define MNT_NOSUID 0x1u
#define MNT_NODEV 0x2u
#define MNT_NOEXEC 0x4u
#define MNT_NOATIME 0x8u     /* no access time updates (file_accessed) */
#define MNT_NODIRATIME 0x10u /* none for directories */
#define MNT_RELATIME 0x20u   /* relatime_need_update; mount(2)'s default, kernel mounts have none (path_mount) */
#define MNT_ATIME_MASK (MNT_NOATIME | MNT_NODIRATIME | MNT_RELATIME)
#define MNT_RDONLY 0x40u
#define MNT_UNBINDABLE 0x2000u /* propagation type: cannot be the source of a bind mount (do_loopback) */
/* what mount(2) and remount set (Linux MNT_USER_SETTABLE_MASK) */
#define MNT_USER_SETTABLE (MNT_NOSUID | MNT_NODEV | MNT_NOEXEC | MNT_ATIME_MASK | MNT_RDONLY)

struct vfsmount {
	int refcount; /* atomic: open files, cwds, child mounts */
	struct super_block *sb;
	struct dentry *root;	   /* what is seen at the mount point */
	struct vfsmount *parent;   /* itself for the root mount */
	struct dentry *mountpoint; /* in parent */
	unsigned flags;		   /* MNT_* [mount_lock] */
	int id;			   /* Linux's mnt_id: the smallest free from 1 (mountinfo, statx, fdinfo) */
	char *source;		   /* the device name given to mount(2), for /proc/mounts */
	struct list_head node;	   /* in the mount list [mount_lock] */
	struct mnt_ns *ns;	   /* the namespace it is in; NULL: none (detached, kernel) [mount_lock] */
	int group_id;		   /* its peer group (mountinfo shared:N), 0: not shared [mount_lock] */
	int master_id;		   /* the peer group it receives from (master:N), 0: none [mount_lock] */
};

/* __mnt_is_readonly: writes through m fail with EROFS when the mount or its
 * file system is read-only (a remount, fspick's "ro" on the file system). */
static inline bool mnt_is_readonly(const struct vfsmount *m)
{
	return (__atomic_load_n(&m->flags, __ATOMIC_RELAXED) & MNT_RDONLY) ||
	       (__atomic_load_n(&m->sb->flags, __ATOMIC_RELAXED) & SB_RDONLY);
}

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

extern struct spinlock dcache_lock;
extern struct mutex rename_mutex;

/* inode.c */
struct inode *inode_alloc(struct super_block *sb, u32 mode);
struct inode *inode_get(struct inode *inode);
void inode_put(struct inode *inode);
/*
 * Writers and running programs exclude each other (Linux 6.1
 * get_write_access / deny_write_access): a regular file open for writing
 * (or being truncated) cannot be executed, and one that is being executed
 * (an exec in progress, or the executable of a live address space,
 * mm->exe_file) cannot be opened for writing: -ETXTBSY.
 */
int __must_check inode_get_write_access(struct inode *inode);
void inode_put_write_access(struct inode *inode);
int __must_check inode_deny_write_access(struct inode *inode);
void inode_allow_write_access(struct inode *inode);
/*
 * Writable shared mappings and F_SEAL_WRITE exclude each other (Linux
 * mapping_map_writable / mapping_deny_writable): every VMA_SHARED mapping of
 * a file open for writing counts, whatever its protection, unless the file
 * took write away for good (VMA_NO_MAYWRITE: Linux's is_shared_maywrite), so
 * a seal is -EBUSY while one exists and such an mmap is -EPERM once sealed.
 */
int __must_check inode_map_writable(struct inode *inode);
void inode_unmap_writable(struct inode *inode);
int __must_check inode_deny_writable_maps(struct inode *inode);
/*
 * What a VMA of a file holds, for the files' mmap and vm_ops (mm/ never
 * looks inside a file; mm.h struct vm_ops): attach, at the end of a file's
 * mmap, takes a file reference and, for a shared mapping that may be written,
 * counts in the inode's writable mappings (-EPERM once F_SEAL_WRITE is set;
 * Linux's mmap_region: get_file, mapping_map_writable), and marks a file not
 * open for writing VMA_FILE_RDONLY; open takes the same for a copy of the
 * VMA, close drops them.
 */
int __must_check file_vma_attach(struct file *f, struct vma *v);
void file_vma_open(struct vma *v);
void file_vma_close(struct vma *v);
void inode_touch(struct inode *inode, bool mtime, bool ctime); /* now; caller holds inode->lock */
void file_accessed(struct file *f);    /* after a read that returned data (Linux touch_atime); takes inode->lock */
void file_update_time(struct file *f); /* after a write that wrote something: mtime, ctime; takes inode->lock */
struct timespec_k vfs_now(void);       /* the coarse real-time clock, as Linux's current_time */
/* flock.c: the caller's file drops its flock(2) lock (on LOCK_UN and on the last close). */
void flock_release(struct file *f);

/*
 * /proc/locks (locks_list.c): every lock and sleeping request embeds a
 * lock_desc. Granted locks are on one list, newest first (by seq, taken
 * where Linux inserts a struct file_lock into file_lock_list); a request
 * hangs on the lock it waits for. file_lock_list_lock (lock_list_lock)
 * protects the links and every field a show function reads; it is taken
 * inside an inode's flock_lock and inside lease_lock, nothing inside it.
 */
enum { LOCK_KIND_POSIX, LOCK_KIND_OFD, LOCK_KIND_FLOCK, LOCK_KIND_LEASE };
enum { LOCK_TYPE_READ, LOCK_TYPE_WRITE, LOCK_TYPE_UNLCK }; /* F_RDLCK, F_WRLCK, F_UNLCK */
struct lock_show {
	int kind, type, pid;
	struct inode *inode; /* NULL for a lease breaker */
	s64 start, end;	     /* POSIX and OFD: the range, end OFFSET_MAX for EOF */
	bool breaking;	     /* a lease being broken */
	bool breaker;	     /* an open waiting for leases to break (Linux's lease with no file) */
};
struct lock_desc;
struct lock_desc_ops {
	void (*show)(const struct lock_desc *d, struct lock_show *s); /* [file_lock_list_lock] */
};
struct lock_desc {
	const struct lock_desc_ops *ops;
	u64 seq;			 /* its place on the list: larger is newer; 0 until inserted */
	struct list_head all;		 /* on the list while granted [file_lock_list_lock] */
	struct list_head blocked;	 /* requests waiting for it [file_lock_list_lock] */
	struct list_head blocked_member; /* in its blocker's blocked list [file_lock_list_lock] */
	struct lock_desc *blocker;	 /* what it waits for, or NULL [file_lock_list_lock] */
};
void lock_desc_init(struct lock_desc *d, const struct lock_desc_ops *ops);
u64 lock_desc_seq(void); /* a new sequence number (the newest) */
unsigned long lock_list_lock(void);
void lock_list_unlock(unsigned long irq);
/* Onto the list at d->seq (a new one if 0). [lock_list_lock] */
void lock_desc_insert(struct lock_desc *d);
/* Off the list; its waiters let go (locks_wake_up_blocks). [lock_list_lock] */
void lock_desc_remove(struct lock_desc *d);
/* A granted lock changed in place: its waiters let go. [lock_list_lock] */
void lock_desc_changed(struct lock_desc *d);
/* __locks_insert_block: waiter hangs on blocker, or on the first request
 * already there that it conflicts with, recursively. [lock_list_lock] */
void lock_desc_block(struct lock_desc *blocker, struct lock_desc *waiter,
		     bool (*conflict)(const struct lock_desc *a, const struct lock_desc *b));
void lock_desc_unblock(struct lock_desc *waiter); /* [lock_list_lock] */
/* A request is over (granted, refused or interrupted): it lets go of its
 * blocker and its own waiters let go of it (locks_move_blocks: they hang
 * on again when they retry). lock_desc_done takes lock_list_lock. */
void lock_desc_finish(struct lock_desc *waiter); /* [lock_list_lock] */
void lock_desc_done(struct lock_desc *waiter);
/* /proc/locks's text (snprintf's rules); lease.c's lease_list_lock first. */
size_t locks_proc_format(char *buf, size_t cap);
/* lease.c: lease_lock, for /proc/locks to read the leases' fields. */
unsigned long lease_list_lock(void);
void lease_list_unlock(unsigned long irq);
/* RLIMIT_FSIZE (Linux generic_write_check_limits): a write at pos may be
 * cut (*len) to end at the limit; at or past it SIGXFSZ and -EFBIG. */
ssize_t file_size_limit_write(u64 pos, size_t *len);
/* inode_newsize_ok: growing the inode to size past RLIMIT_FSIZE: SIGXFSZ and -EFBIG. */
int file_size_limit_grow(struct inode *inode, u64 size);
/* filelock.c: fcntl record locks. owner: the fd table (POSIX locks, on every
 * close of a descriptor of f) or f itself (OFD locks, on its last close). */
void posix_locks_release(struct file *f, const void *owner);
long fcntl_lock(struct file *f, int cmd, uaddr_t uarg); /* F_GETLK ... F_OFD_SETLKW */
/* lease.c: file leases (F_SETLEASE, F_GETLEASE; fs/locks.c). lease_break is
 * __break_lease for an open (or truncate: O_WRONLY) with open flags: 0 once no
 * lease conflicts, -EWOULDBLOCK with O_NONBLOCK, -ERESTARTSYS on a signal.
 * lease_release drops f's lease at its last close. */
long fcntl_lease(struct file *f, int fd, int cmd, u64 arg);
int __must_check lease_break(struct inode *inode, unsigned flags);
void lease_release(struct file *f);
/* /proc/sys/fs/lease-break-time and leases-enable. */
int lease_sysctl_get(bool enable);
int __must_check lease_sysctl_set(bool enable, const char *text, size_t len);
/* May the caller access inode? mask: MAY_* (Linux generic_permission). */
#define MAY_EXEC 1
#define MAY_WRITE 2
#define MAY_READ 4
int __must_check inode_permission(struct inode *inode, int mask);
/* The same check for the credentials c (faccessat without AT_EACCESS). */
int __must_check inode_permission_cred(const struct cred *c, struct inode *inode, int mask);
/* The mode bits and capabilities alone (an inode_ops.permission's base). */
int __must_check generic_permission(const struct cred *c, struct inode *inode, int mask);
/* Does the caller own inode (fs uid), or have CAP_FOWNER? */
bool inode_owner_or_capable(const struct inode *inode);
/* Does dir's sticky bit forbid the caller to remove or rename victim? */
bool vfs_sticky_denies(const struct inode *dir, const struct inode *victim);
/* A new inode's owner and group (and S_ISGID) from the caller and dir. */
void inode_init_owner(struct inode *inode, const struct inode *dir);
void vfs_fill_stat(struct inode *inode, struct kstat *st);

/* xattr.c: frees the inode's extended attributes (its last reference is gone). */
void xattr_free_all(struct inode *inode);

/*
 * posix_acl.c: POSIX ACLs on tmpfs (system.posix_acl_access and _default).
 * acl_supported: the inode's file system keeps them (not on symlinks).
 * acl_xattr_set (value NULL: remove) and acl_xattr_get (size 0: the size
 * needed) are the attributes' handlers, inode->lock held for set;
 * acl_permission is posix_acl_permission (-EAGAIN: no access ACL);
 * acl_chmod makes the access ACL follow a new mode (inode->lock held);
 * acl_create_mode is the mode a new inode in dir is made with (the umask
 * only when dir has no default ACL), acl_inherit gives it dir's default
 * ACL (posix_acl_create); acl_free_all drops both at the inode's end.
 */
#define ACL_TYPE_ACCESS 0
#define ACL_TYPE_DEFAULT 1
bool acl_supported(const struct inode *inode);
int __must_check acl_xattr_set(struct inode *inode, int type, const void *value, size_t size);
long acl_xattr_get(struct inode *inode, int type, void *buf, size_t size);
bool acl_present(struct inode *inode, int type);
int acl_permission(const struct cred *c, struct inode *inode, int mask);
int __must_check acl_chmod(struct inode *inode);
u32 acl_create_mode(struct inode *dir, u32 mode);
int __must_check acl_inherit(struct inode *dir, struct inode *inode);
void acl_free_all(struct inode *inode);

/* dcache.c */
struct dentry *dentry_alloc(struct dentry *parent, const char *name, size_t len);
struct dentry *dget(struct dentry *d);
void dput(struct dentry *d);
/* Some hashed child of dir (its first), with a reference, or NULL: for emptying a tree. */
struct dentry *d_first_child(struct dentry *dir);
/* A hashed child of dir named name, with a reference, or NULL. */
struct dentry *d_lookup(struct dentry *dir, const char *name, size_t len);
/* d, never hashed (an O_TMPFILE file's), goes on its sb's orphans. */
void d_orphan(struct dentry *d);
/* A dentry of sb of the inode numbered ino, with a reference, or NULL:
 * file handles' d_find_any_alias. A hashed name in the tree, or one
 * unlinked while still in use (an open file's: sb->orphans). */
struct dentry *d_find_ino(struct super_block *sb, u64 ino);
/* Makes d (negative until now) name inode in its parent (takes a reference to inode). */
void d_instantiate(struct dentry *d, struct inode *inode);
/* RENAME_EXCHANGE: a and b swap places (both parents' locks held). */
void d_exchange(struct dentry *a, struct dentry *b);
/* Puts d in its parent's list (the list's reference); dir->lock held. */
void d_add(struct dentry *d);
/* Takes d out of its parent's list (drops the list's reference); dir->lock held. */
void d_delete(struct dentry *d);
/* Moves d under new_parent with a new name (rename). Both dirs' locks held. */
int __must_check d_move(struct dentry *d, struct dentry *new_parent, const char *name, size_t len);
/* The absolute path of p as seen from root into a kmalloc'd string (*out);
 * a p outside root (a chroot with the working directory left out) is named
 * from the top of the tree, as Linux's d_path does. */
int __must_check d_path(const struct path *p, const struct path *root, char **out);
/* The same, saying whether the walk went past root's tree (Linux
 * prepend_path's 1: getcwd then reports "(unreachable)"). */
int __must_check d_path_outside(const struct path *p, const struct path *root, char **out, bool *outside_root);
/* The path of d from the root of its file system (Linux dentry_path_raw:
 * mountinfo's root field), kmalloc'd. */
int __must_check dentry_path(struct dentry *d, char **out);
void path_get(struct path *p);
void path_put(struct path *p);
bool path_equal(const struct path *a, const struct path *b);
void dcache_init(void);

/* mount.c */
extern struct spinlock mount_lock;
struct vfsmount *mnt_get(struct vfsmount *m);
void mnt_put(struct vfsmount *m);
/* A reference that keeps sb alive without a mount (a mount holds one; so
 * does fsconfig's context, Linux's fc->root): the last put of an sb with a
 * kill function frees it. */
void sb_get_active(struct super_block *sb);
void sb_put_active(struct super_block *sb);
/* Attach root (a dentry of sb) at mountpoint (a directory path), named source. */
int __must_check vfs_mount_sb(struct super_block *sb, const struct path *mountpoint, unsigned flags);
int __must_check vfs_mount_at(struct super_block *sb, struct dentry *root, const char *source,
			      const struct path *mountpoint, unsigned flags);
/* Takes m out of the name space (EBUSY if in use, unless detach). */
int __must_check vfs_umount(struct vfsmount *m, bool detach);
/*
 * Mount namespaces (Linux struct mnt_namespace, fs/namespace.c): each mount
 * of the list belongs to one, a task sees the one of its fs_context. NULL is
 * never a namespace here: the initial one is mnt_ns_initial().
 */
struct mnt_ns *mnt_ns_initial(void);
struct mnt_ns *mnt_ns_get(struct mnt_ns *ns);
void mnt_ns_put(struct mnt_ns *ns);
/* Its /proc/PID/ns/mnt number. */
u32 mnt_ns_inum(const struct mnt_ns *ns);
/* Is m a mount of ns (Linux check_mnt)? */
bool mnt_in_ns(struct vfsmount *m, const struct mnt_ns *ns);
/* copy_mnt_ns: a new namespace (*out, one reference) holding a copy of each
 * mount of old; root and cwd, references held by the caller, are moved to
 * the copies of their mounts. 0 or -ENOMEM. */
int __must_check mnt_ns_copy(struct mnt_ns *old, struct mnt_ns **out, struct path *root, struct path *cwd);
/* mount(2)'s MS_SHARED, MS_SLAVE or MS_PRIVATE (type) on m, and with rec on
 * every mount under it (do_change_type): 0 or -ENOMEM (no group id left). */
int __must_check mnt_change_type(struct vfsmount *m, unsigned long type, bool rec);
/* mount_setattr's change of flags (MNT_*) on m, and with rec on every
 * mount under it: (flags & ~clear) | set. */
void mnt_change_flags(struct vfsmount *m, unsigned clear, unsigned set, bool rec);
/* A bind mount of from at mountpoint (do_loopback): the new mount has
 * from's mount's flags and device name and is in its peer group and a
 * slave of its master (clone_mnt). */
int __must_check vfs_bind_mount(const struct path *from, const struct path *mountpoint);
/* mount(2)'s MS_MOVE and move_mount (do_move_mount): the mount whose root
 * from is, with every mount below it, goes onto to; it is in to's namespace
 * or the root of a detached tree. 0 or -errno. */
int __must_check vfs_move_mount(const struct path *from, const struct path *to);
/* fsmount (Linux 6.1 fs/namespace.c): a new mount of sb's root, named
 * source, with the given MNT_* flags, the root of a new anonymous namespace
 * (*ns: its one reference); *out: the mount's root, with references. */
int __must_check mnt_create_detached(struct super_block *sb, const char *source, unsigned flags, struct path *out,
				     struct mnt_ns **ns);
/* open_tree(OPEN_TREE_CLONE) (__do_loopback): a copy of from's mount showing
 * from's dentry and, with recursive, of each mount below it there (not the
 * unbindable ones), in a new anonymous namespace (*ns); *out: the copy's
 * root. EINVAL: from's mount is unbindable or not in caller_ns. */
int __must_check mnt_clone_detached(const struct path *from, bool recursive, const struct mnt_ns *caller_ns,
				    struct path *out, struct mnt_ns **ns);
/* The O_PATH file of a detached tree at p, holding ns (the reference is
 * taken over, dropped on failure): its last close takes the tree away
 * unless move_mount attached it. */
int __must_check mnt_detached_file(const struct path *p, struct mnt_ns *ns, struct file **out);
/* The root of ns as mntns_install finds it: its root mount's root, below
 * whatever is mounted on it. With references. */
void mnt_ns_root(struct mnt_ns *ns, struct path *out);
/* pivot_root (sys_mount.c) in the caller's namespace ns, root its root:
 * Linux's checks (EINVAL, ENOENT, EBUSY), then new (a mount root) leaves its
 * parent, root's mount goes onto put_old and new takes its place. */
int __must_check mnt_pivot(const struct path *new, const struct path *root, const struct path *put_old,
			   const struct mnt_ns *ns);
/* A mount of sb outside the name space (Linux's kern_mount: memfd's tmpfs). */
struct vfsmount *vfs_kern_mount(struct super_block *sb);
/* Calls fn for every mount (in mount order) under mount_lock: fn must not sleep. */
void vfs_for_each_mount(void (*fn)(struct vfsmount *m, void *arg), void *arg);
/* The instance of devtmpfs (one for the system, as Linux's). */
struct super_block *devtmpfs_sb(void);
/* The mount on (mnt, dentry), with a reference, or NULL. */
struct vfsmount *lookup_mnt(struct vfsmount *mnt, struct dentry *dentry);
/* The root of the name space (the first mount's root), with references. */
void vfs_root(struct path *out);
void vfs_set_root_mount(struct vfsmount *m);
struct super_block *sb_alloc(const char *type, u64 magic);
/* Gives sb its root dentry for root (NULL: allocation failed); consumes the reference. */
int __must_check sb_set_root(struct super_block *sb, struct inode *root);

/* namei.c: walking path names */
#define LOOKUP_FOLLOW 0x1u    /* follow a symbolic link in the last component */
#define LOOKUP_DIRECTORY 0x2u /* the last component must be a directory */
#define LOOKUP_EMPTY 0x4u     /* "" names the start (AT_EMPTY_PATH) */
/* openat2's RESOLVE_* restrictions (include/uapi/linux/openat2.h) */
#define LOOKUP_NO_XDEV 0x100u	    /* no mount crossing: EXDEV */
#define LOOKUP_NO_MAGICLINKS 0x200u /* no /proc magic links: ELOOP */
#define LOOKUP_NO_SYMLINKS 0x400u   /* no symbolic links: ELOOP */
#define LOOKUP_BENEATH 0x800u	    /* never above the start: EXDEV */
#define LOOKUP_IN_ROOT 0x1000u	    /* the start is the root */
/* Walk name from start (NULL: the working directory; absolute names start
 * at the process's root). */
int __must_check vfs_walk(const struct path *start, const char *name, unsigned flags, struct path *out);
/* Walk all but the last component: *parent is the directory, *last and
 * *last_len the final name ("" for "/", "." or ".." are returned as is),
 * *trailing_slash whether name ended in '/'. */
int __must_check vfs_walk_parent(const struct path *start, const char *name, unsigned flags, struct path *parent,
				 const char **last, size_t *last_len, bool *trailing_slash);
/* The child name of dir: a cached dentry, or one the file system's lookup
 * makes (procfs: not cached, freed on its last dput); 0, -ENOENT or
 * -ENOMEM. No permission check. */
int __must_check vfs_lookup_child(struct dentry *dir, const char *name, size_t len, struct dentry **out);
/* The target of the symbolic link at p (kmalloc'd), or -EINVAL if not a link. */
int __must_check vfs_get_link(const struct path *p, char **target);

/* tmpfs.c */
struct super_block *tmpfs_create(u32 root_mode);
/* Page frames held by all tmpfs files (memfd's included). */
u64 tmpfs_resident_pages(void);
/* mount -o for tmpfs: size=N[kmg%], nr_inodes=N[kmg], mode=octal; -EINVAL for others. */
int __must_check tmpfs_parse_options(struct super_block *sb, const char *options);
/* Is key one of the options tmpfs_parse_options takes? */
bool tmpfs_option_known(const char *key);
/* A remount's options (fsconfig's FSCONFIG_CMD_RECONFIGURE): the new size
 * and nr_inodes limits; -EINVAL with *why, Linux's message, for a bad value
 * or a limit below what is in use. */
int __must_check tmpfs_reconfigure(struct super_block *sb, const char *options, const char **why);
/* Its options as /proc/mounts shows them after the generic ones (",size=1024k,...");
 * snprintf's return. */
int tmpfs_show_options(const struct super_block *sb, char *buf, size_t cap);
extern const struct inode_ops tmpfs_dir_iops;
/* Its directories' file operations (getdents through inode_ops.iterate). */
extern const struct file_ops tmpfs_dir_ops;
/* Two of its directory ops, for a file system made of a tmpfs directory
 * (mqueue): removing a name (dir->lock held), listing. */
int tmpfs_unlink(struct inode *dir, struct dentry *d);
int tmpfs_iterate(struct file *f, struct dir_context *ctx);
/* Create name in dir (a tmpfs directory path) with mode; *out: the new dentry. */
int __must_check vfs_mknod_at(const struct path *dir, const char *name, size_t len, u32 mode, u32 rdev,
			      struct dentry **out);
int __must_check vfs_symlink_at(const struct path *dir, const char *name, size_t len, const char *target);
int __must_check vfs_link_at(struct dentry *old, const struct path *dir, const char *name, size_t len);
/* Write len bytes at pos into a regular tmpfs inode from kernel memory. */
ssize_t tmpfs_write_kernel(struct inode *inode, const void *buf, size_t len, u64 pos);

/* memfd_create's file: an unnamed tmpfs file named "memfd:name" (mm/memfd.c). */
int __must_check tmpfs_memfd(const char *name, bool sealable, struct file **out);
/* Is f an open /dev/zero? (mmap: private is anonymous memory, shared a new
 * shared-memory file, as Linux mmap_zero and shmem_zero_setup) */
bool devfs_is_zero(const struct file *f);
/* The tmpfs file of size bytes behind a MAP_SHARED anonymous mapping (shmem_zero_setup),
 * charged to Committed_AS whole unless noreserve. */
int __must_check tmpfs_shared_anon(u64 size, bool noreserve, struct file **out);

/* A super block's device number (new_encode_dev) as MAJOR and MINOR of
 * Linux's kernel dev_t, for /proc/locks and fdinfo. */
static inline unsigned dev_major(u32 dev)
{
	return (dev & 0xfff00) >> 8;
}

static inline unsigned dev_minor(u32 dev)
{
	return (dev & 0xff) | ((dev >> 12) & 0xfff00);
}

/* cgroup.c: the cgroup2 file system, one instance for the system (NULL:
 * no memory); its mount options (nsdelegate, favordynmods,
 * memory_localevents, memory_recursiveprot; -EINVAL for others), which
 * every mount sets anew; and how /proc/mounts shows them (",nsdelegate"...,
 * snprintf's return). */
struct super_block *cgroup_fs_sb(void);
int __must_check cgroup_fs_parse_options(const char *options);
bool cgroup_fs_option_known(const char *name);
int cgroup_fs_show_options(char *buf, size_t cap);

/* procfs.c */
struct super_block *procfs_create(void);
/* f is a /proc/<pid> directory: the struct pid it stands for, a reference
 * (Linux tgid_pidfd_to_pid, which lets pidfd_send_signal take one); else NULL. */
struct pid *procfs_dir_pid(struct file *f);
/* A sysfs instance (procfs.c): the top directories and devices/system/cpu/{online,possible,present}. */
struct super_block *sysfs_create(void);
/* sysctl_int.c: the unsigned number written to a /proc/sys file (do_proc_douintvec_w): 0 or -EINVAL. */
int __must_check sysctl_parse_uint(const char *text, size_t len, u32 *out);
/* The same for an unsigned long file whose values go up to max (proc_doulongvec_minmax). */
int __must_check sysctl_parse_ulong(const char *text, size_t len, u64 max, u64 *out);
/* The same for a signed int file (proc_dointvec): INT_MIN to INT_MAX. */
int __must_check sysctl_parse_int(const char *text, size_t len, int *out);
/* Up to max_count blank-separated ints (proc_dointvec of a vector): *count
 * of them read into values, and 0, or -EINVAL if one is no number (the ones
 * before it are still to be stored, as Linux stores them) or none is there. */
int __must_check sysctl_parse_int_vector(const char *text, size_t len, int *values, int max_count, int *count);

/* devfs.c: character devices by number (Linux's chrdev table) */
extern const struct file_ops chrdev_open_ops;
/* Creates the device nodes in dir (/dev at boot). */
void devfs_populate(void);
/* The i-th character device driver's major number and name (/proc/devices),
 * false past the last. */
bool devfs_chrdev_driver(size_t i, u32 *major, const char **name);

/* Copies a path name from user memory into a kmalloc'd buffer (*out):
 * its length, -ENAMETOOLONG (no NUL in PATH_MAX bytes) or -EFAULT. */
long __must_check vfs_get_user_path(uaddr_t upath, char **out);

/* open.c: the first half of making a name (mknod, mkdir, symlink, link,
 * O_CREAT): walks to the parent, locks it, checks that the name is new and
 * may be made there; *d is the new negative dentry. vfs_create_finish
 * unlocks and drops both. */
int __must_check vfs_create_prepare(const struct path *start, const char *name, unsigned flags, struct path *parent,
				    struct dentry **d);
void vfs_create_finish(struct path *parent, struct dentry *d);

#define RENAME_NOREPLACE 1u
#define RENAME_EXCHANGE 2u
#define RENAME_WHITEOUT 4u

/* The directory a relative name starts from: NULL (the working directory)
 * for AT_FDCWD or an absolute name, else dirfd's file, which must be a
 * directory (-EBADF, -ENOTDIR). */
int __must_check vfs_start_dir(int dirfd, const char *name, struct file **dir);
/* The *at() walk: (dirfd, user path) to a place; at_flags AT_SYMLINK_NOFOLLOW
 * (the last link itself; otherwise it is followed) and AT_EMPTY_PATH. */
int __must_check vfs_user_walk(int dirfd, uaddr_t upath, int at_flags, unsigned lookup_flags, struct path *out);
