/*
 * fsnotify.h — file-change notification hooks (Linux include/linux/fsnotify.h).
 *
 * The VFS calls one hook at each place where something happens to a file,
 * exactly where Linux calls its fsnotify_* hook; fs/notify.c turns the call
 * into inotify events for the watches on the inode and, for events on a
 * directory's child, on its parent directory (with the child's name).
 * Every hook first reads one global counter of watches, so with no watch
 * anywhere an event site costs one load.
 *
 * Which events a site gives (Linux 6.1):
 *   read, readv, getdents, sendfile/copy_file_range input  IN_ACCESS
 *   write, writev, truncate, O_TRUNC, fallocate          IN_MODIFY
 *   chmod, chown (uid or gid given), utimensat both times IN_ATTRIB
 *     (only atime: IN_ACCESS; only mtime: IN_MODIFY)
 *   link count changes (unlink, link, rename over)        IN_ATTRIB on the inode only
 *   open / last close                                     IN_OPEN / IN_CLOSE_(NO)WRITE
 *   mknod, mkdir, symlink, link, O_CREAT                  IN_CREATE on the directory
 *   unlink, rmdir                                         IN_DELETE on the directory
 *   rename                                                IN_MOVED_FROM, IN_MOVED_TO (one
 *                                                         cookie), IN_MOVE_SELF
 *   the last dentry of an inode with no links goes        IN_DELETE_SELF, then IN_IGNORED
 * A directory as the subject adds IN_ISDIR.
 *
 * fs/fanotify.c receives the events of open files (access, modify, open,
 * close, and FAN_OPEN_EXEC for exec's open) with their path, and the
 * permission events open and read ask before they act (fsnotify_perm):
 * FAN_OPEN_PERM (with FAN_OPEN_EXEC_PERM first for exec) and
 * FAN_ACCESS_PERM, which may sleep for a listener's answer and fail the
 * call with EPERM. Files opened for fanotify's readers (f->nonotify,
 * FMODE_NONOTIFY) report nothing.
 */
#pragma once

#include <fs.h>
#include <types.h>
#include <uapi/fanotify.h>
#include <uapi/fcntl.h>
#include <uapi/inotify.h>
#include <wait.h>

/* notification.c: a group's queue of events (fsnotify_group's notification
 * list). The group adds and takes events under lock; max_events is its
 * overflow limit. */
struct fsnotify_queue {
	struct spinlock lock;	   /* events, queued, and the group's per-event state */
	struct list_head events;   /* the group's events, oldest first [lock] */
	unsigned queued;	   /* events in the list [lock] */
	unsigned max_events;	   /* set when the group is made */
	struct wait_queue wait;	   /* readers and pollers */
	struct fasync_list fasync; /* O_ASYNC files: SIGIO for each event queued */
};
void fsnotify_queue_init(struct fsnotify_queue *q, const char *name, unsigned max_events);
bool fsnotify_queue_nonempty(struct fsnotify_queue *q);
/* After an event was queued (not merged): POLLIN to waiters, SIGIO to O_ASYNC files. */
void fsnotify_queue_wake(struct fsnotify_queue *q);
short fsnotify_queue_poll(struct fsnotify_queue *q, struct poll_table *pt);
int fsnotify_queue_fasync(struct fsnotify_queue *q, struct file *f, int fd, bool on);
/* Copies the oldest event to dst at at if it fits in room: its size, 0 if
 * none is queued, or -errno (EINVAL: the oldest does not fit). */
typedef ssize_t (*fsnotify_next_fn)(struct file *f, struct iobuf *dst, size_t at, size_t room);
/* read(2): events while they fit, waiting for the first unless O_NONBLOCK. */
ssize_t fsnotify_queue_read(struct file *f, struct fsnotify_queue *q, struct iobuf *dst, size_t len,
			    fsnotify_next_fn next);

/* Watches and fanotify marks in the system (atomic): 0 skips every hook at once. */
extern int fsnotify_watches;
/* fanotify marks in the system (atomic): 0 skips the fanotify hooks. */
extern int fanotify_marks;

static inline bool fanotify_active(void)
{
	return __atomic_load_n(&fanotify_marks, __ATOMIC_RELAXED) != 0;
}

/* fanotify.c: an event (FAN_* bits) on the object at p, to every group
 * whose marks want it; for permission events, 0 or the error the caller
 * fails with (EPERM for a denial, EINTR when killed waiting). */
int fanotify_path_event(const struct path *p, u32 mask);
/* The object goes: its fanotify marks go with it. */
void fanotify_inode_gone(struct inode *inode);
void fanotify_mount_gone(struct vfsmount *m);
void fanotify_sb_gone(struct super_block *sb);

static inline bool fsnotify_active(void)
{
	return __atomic_load_n(&fsnotify_watches, __ATOMIC_RELAXED) != 0;
}

/* An event on d's inode, reported to its watches and to its parent
 * directory's (with d's name). file_event: through an open file, so
 * IN_EXCL_UNLINK watches skip it once d is unlinked. */
void __fsnotify_dentry(struct dentry *d, u32 mask, bool file_event);
/* A directory event (IN_CREATE, IN_DELETE, IN_MOVED_*) on dir naming name. */
void __fsnotify_name(struct inode *dir, u32 mask, const char *name, size_t len, u32 cookie);
/* An event on inode's own watches only (fsnotify_inode). */
void __fsnotify_inode(struct inode *inode, u32 mask);
/* The inode lost its last name and dentry: IN_DELETE_SELF, and its watches go. */
void __fsnotify_inode_removed(struct inode *inode);
/* The file system sb is going: its watches report IN_UNMOUNT and go. */
void fsnotify_unmount(struct super_block *sb);
/* The files of /proc/sys/fs/inotify and /proc/sys/fs/fanotify. */
enum fsnotify_limit {
	INOTIFY_MAX_QUEUED_EVENTS,
	INOTIFY_MAX_USER_INSTANCES,
	INOTIFY_MAX_USER_WATCHES,
	FANOTIFY_MAX_QUEUED_EVENTS,
	FANOTIFY_MAX_USER_GROUPS,
	FANOTIFY_MAX_USER_MARKS,
};
/* At boot, before the initramfs is freed (Linux's fs_initcalls
 * inotify_user_setup and fanotify_user_setup): max_user_watches and
 * max_user_marks scaled with memory. */
void fsnotify_init(void);
int fsnotify_sysctl_get(enum fsnotify_limit which);
int __must_check fsnotify_sysctl_set(enum fsnotify_limit which, const char *text, size_t len);
/* /proc/PID/fdinfo of an inotify file (inotify_show_fdinfo): one line per
 * watch, newest first, appended to buf (cap bytes); the length it needs, 0
 * for any other file. */
size_t inotify_show_fdinfo(struct file *f, char *buf, size_t cap);
/* The same for a fanotify group (fanotify_show_fdinfo): its flags, then one
 * line per mark, newest first. */
size_t fanotify_show_fdinfo(struct file *f, char *buf, size_t cap);
/* show_mark_fhandle's text for inode ("fhandle-bytes:... f_handle:..."): its length. */
int fsnotify_fhandle_text(const struct inode *inode, char *out, size_t cap);
/* Appends line (n bytes) to buf (cap bytes) at *len, counting what does not fit. */
void fsnotify_fdinfo_append(char *buf, size_t cap, size_t *len, const char *line, int n);
/* A new rename cookie (fsnotify_get_cookie). */
u32 fsnotify_cookie(void);

/* fan_mask: the fanotify events (mask, plus FAN_OPEN_EXEC for exec's open). */
static inline void fsnotify_file_fan(struct file *f, u32 mask, u32 fan_mask)
{
	if (fsnotify_active() && f->path.dentry && !f->nonotify) {
		__fsnotify_dentry(f->path.dentry, mask, true);
		if (fanotify_active())
			(void)fanotify_path_event(&f->path, fan_mask);
	}
}

static inline void fsnotify_file(struct file *f, u32 mask)
{
	fsnotify_file_fan(f, mask, mask);
}

static inline void fsnotify_access(struct file *f)
{
	fsnotify_file(f, IN_ACCESS);
}

static inline void fsnotify_modify(struct file *f)
{
	fsnotify_file(f, IN_MODIFY);
}

/* open(2) succeeded (do_sys_openat2): IN_OPEN, and IN_CLOSE_* at the last close. */
static inline void fsnotify_open(struct file *f)
{
	f->notify_close = true;
	fsnotify_file(f, IN_OPEN);
}

/* exec opened f (do_open_execat): IN_OPEN, FAN_OPEN | FAN_OPEN_EXEC. */
static inline void fsnotify_open_exec(struct file *f)
{
	f->notify_close = true;
	fsnotify_file_fan(f, IN_OPEN, FAN_OPEN | FAN_OPEN_EXEC);
}

/* A permission event on f (fsnotify_file with a *_PERM mask): 0 or the error. */
static inline int fsnotify_perm_event(struct file *f, u32 mask)
{
	if (!fanotify_active() || !f->path.dentry || f->nonotify || (f->flags & O_PATH))
		return 0;
	return fanotify_path_event(&f->path, mask);
}

/* fsnotify_perm(MAY_OPEN): before an open succeeds; exec asks FAN_OPEN_EXEC_PERM first. */
static inline int fsnotify_open_perm(struct file *f, bool exec)
{
	int err = exec ? fsnotify_perm_event(f, FAN_OPEN_EXEC_PERM) : 0;
	return err ? err : fsnotify_perm_event(f, FAN_OPEN_PERM);
}

/* fsnotify_perm(MAY_READ), from rw_verify_area: before a read. */
static inline int fsnotify_read_perm(struct file *f)
{
	return fsnotify_perm_event(f, FAN_ACCESS_PERM);
}

static inline void fsnotify_close(struct file *f)
{
	if (f->notify_close)
		fsnotify_file(f, file_writable(f) ? IN_CLOSE_WRITE : IN_CLOSE_NOWRITE);
}

/* notify_change's event (fsnotify_change): attributes of d changed. */
static inline void fsnotify_change(struct dentry *d, u32 mask)
{
	if (fsnotify_active())
		__fsnotify_dentry(d, mask, false);
}

/* A name made in dir: d is the new dentry (fsnotify_create, fsnotify_mkdir). */
static inline void fsnotify_create(struct inode *dir, struct dentry *d)
{
	if (fsnotify_active() && d->inode) {
		u32 isdir = (d->inode->mode & S_IFMT) == S_IFDIR ? IN_ISDIR : 0;
		__fsnotify_name(dir, IN_CREATE | isdir, d->name, d->name_len, 0);
	}
}

static inline void fsnotify_name(struct inode *dir, u32 mask, const char *name, size_t len, u32 cookie)
{
	if (fsnotify_active())
		__fsnotify_name(dir, mask, name, len, cookie);
}

/* The inode's link count changed (fsnotify_link_count). */
static inline void fsnotify_link_count(struct inode *inode)
{
	if (fsnotify_active())
		__fsnotify_inode(inode, IN_ATTRIB);
}

static inline void fsnotify_inode(struct inode *inode, u32 mask)
{
	if (fsnotify_active())
		__fsnotify_inode(inode, mask);
}

/* dput: the dentry d goes, taking its reference to an inode with no links. */
static inline void fsnotify_dentry_gone(struct inode *inode)
{
	if (fsnotify_active() && inode && __atomic_load_n(&inode->nlink, __ATOMIC_RELAXED) == 0)
		__fsnotify_inode_removed(inode);
}
