/*
 * fs.h — open files and the per-process file-descriptor table.
 *
 * A struct file is an open file description (Linux's struct file): a place
 * in the name space (path: mount and dentry), the inode, a position, status
 * flags and the operations of what it refers to, taken from the inode when
 * it is opened (a device's open may replace them). Files that have no name
 * (eventfd, epoll, sockets, pidfds...) get an anonymous inode (file_alloc). An fd
 * table (struct files) maps descriptors to files and is shared between
 * tasks under CLONE_FILES. The name space itself is in vfs.h.
 */
#pragma once

#include <spinlock.h>
#include <types.h>
#include <uaccess.h>
#include <uapi/signal.h> /* POLL_*: the si_code the fasync calls take */
#include <vfs.h>

struct file;
struct kstat;
struct pid;
struct poll_table;
struct vma;

/* Where a read's bytes go or a write's come from: user or kernel memory. */
struct iobuf {
	bool user;
	uaddr_t uaddr;
	void *kaddr;
};

struct file_ops {
	/* Return bytes transferred or -errno; *pos is advanced by the caller. */
	ssize_t (*read)(struct file *f, struct iobuf *dst, size_t len, u64 pos);
	ssize_t (*write)(struct file *f, struct iobuf *src, size_t len, u64 pos);
	int (*stat)(struct file *f, struct kstat *st);
	long (*ioctl)(struct file *f, unsigned cmd, u64 arg);
	/* Ready mask (POLL*); registers on wait queues through pt (poll.h). NULL: always ready. */
	short (*poll)(struct file *f, struct poll_table *pt);
	/* Called by open with f->inode and f->path set; may replace f->ops. */
	int (*open)(struct inode *inode, struct file *f);
	void (*release)(struct file *f);
	/* Every close of a descriptor of the file, the last or not (Linux's
	 * f_op->flush from filp_close), in the closing process. NULL: nothing. */
	void (*flush)(struct file *f);
	/* mmap: installs the mapping's operations (v->ops: fault, and
	 * file_vma_open/close or ones that call them) and takes what the
	 * mapping holds (file_vma_attach); NULL: the file cannot be mapped
	 * (ENODEV). Called by vm_map_file before the VMA is linked. */
	int (*mmap)(struct file *f, struct vma *v);
	/* F_SETFL turning O_ASYNC on or off (fd: the descriptor SIGIO names;
	 * on false with fd -1 at the last close): joins or leaves the object's
	 * fasync list. NULL: the flag is kept but nothing is ever sent. */
	int (*fasync)(struct file *f, int fd, bool on);
	/* fsync/fdatasync; NULL gives EINVAL, as Linux for files that cannot sync. */
	int (*fsync)(struct file *f);
	/* An anonymous file's name in /proc/PID/fd: "anon_inode:[eventfd]" (NULL: its inode number). */
	const char *anon_name;
	bool seekable;
	/* A read of 0 bytes asks read (Linux's vfs_read asks every file; the
	 * others answer 0, which read(2) gives without asking): set by the
	 * files of fixed-size records, which refuse a shorter buffer. */
	bool read_empty_asks;
	/* Linux gives the file read but not read_iter, or no read at all
	 * (6.1: timerfd, signalfd, inotify, fanotify, userfaultfd,
	 * perf_event, mqueue, /dev/kmsg, fsopen's context, pagemap, nsfs
	 * files, directories): native AIO's reads are EINVAL. Each such
	 * file_ops must say so: a new file type's default is "AIO reads it" */
	bool no_read_iter;
	bool seek_set_cur_only; /* directories, /proc files: no SEEK_END/DATA/HOLE */
	bool seek_always_zero;	/* every lseek gives 0 (Linux null_lseek, noop_llseek) */
};

struct file {
	int refcount; /* atomic */
	const struct file_ops *ops;
	void *private;	     /* for ops */
	struct path path;    /* where it was opened; {NULL, NULL} for anonymous files */
	struct inode *inode; /* holds a reference */
	/* The file position. read, write, readv, writev, lseek and getdents64
	 * (syscall/sys_io.c) hold pos_mutex across reading, using and moving it
	 * when the file is a regular file or directory opened by name (Linux's
	 * FMODE_ATOMIC_POS and fdget_pos: POSIX.1-2017 2.9.7, "Thread
	 * Interactions with Regular File Operations"), so two threads or
	 * processes sharing the open file never read at the same position.
	 * Other users (sendfile, splice, copy_file_range, as in Linux) move it
	 * unlocked; /proc/PID/fdinfo reads it atomically; /dev/kmsg moves it
	 * with atomics. */
	u64 pos;
	struct mutex pos_mutex;
	unsigned flags;	      /* O_* status flags */
	unsigned pipe_w_seen; /* pipe.c: the writers' open count a reader has seen (Linux f_pipe) */
	/* eventpoll.c: the epoll items watching this file (Linux f_ep);
	 * next NULL or empty: none [epoll_mutex] */
	struct list_head ep_links;
	bool write_access; /* holds inode_get_write_access (a regular file opened for writing) */
	bool read_access;  /* counted in inode->read_count (a regular file opened for reading only) */
	bool notify_close; /* its open was reported (IN_OPEN): the last close reports IN_CLOSE_* */
	bool nonotify;	   /* opened for a fanotify reader (FMODE_NONOTIFY): no events of its own */
	/* fown.c: F_SETOWN's owner (a reference, or NULL) and its PIDTYPE_* [tasklist_lock];
	 * F_SETSIG's signal [atomic] */
	struct pid *owner;
	int owner_type;
	int owner_signal;
	u32 owner_uid, owner_euid; /* who set the owner (sigio_perm) [tasklist_lock] */
};

/*
 * O_ASYNC (fown.c, Linux's fasync_struct): an object that signals readiness
 * keeps one fasync_list per direction; F_SETFL O_ASYNC puts the file in it
 * through file_ops.fasync, and kill_fasync sends SIGIO (or F_SETSIG's
 * signal, with si_fd, si_band and the POLL_* reason) to every such file's
 * owner. Lock order: a list's lock, then tasklist_lock: call kill_fasync
 * with no spinlock held.
 */
struct fasync_list {
	struct spinlock lock;
	struct list_head entries; /* struct fasync_entry [lock] */
};

void fasync_list_init(struct fasync_list *l);
/* Adds f (with fd) to l, or updates its fd; on false takes it out (never
 * fails). 1 when f was newly added, 0, or -ENOMEM (Linux's return). */
int fasync_helper(struct fasync_list *l, struct file *f, int fd, bool on);
/* Signals the owner of every file in l; reason is POLL_*. */
void kill_fasync(struct fasync_list *l, int reason);
/* kill_fasync(SIGURG): F_SETSIG's signal with POLL_PRI to the owners of the
 * files in l that set one (the plain SIGURG is file_send_sigurg's). */
void kill_fasync_urg(struct fasync_list *l);
/* Has l any file (a racy peek, as Linux reads tty->fasync)? */
bool fasync_active(struct fasync_list *l);
/* Takes every file out of l and clears its O_ASYNC (a tty hangup's
 * __tty_fasync(-1, filp, 0) on each hung-up file). */
void fasync_list_drop_all(struct fasync_list *l);

/* A new file with its own anonymous inode: NULL past fs.file-max (ENFILE,
 * what callers answer) or without memory. */
struct file *file_alloc(const struct file_ops *ops, void *private, u32 mode);
/* The same on an anonymous inode made by anon_inode_alloc (a new
 * reference to it; both ends of a pipe share one, as Linux's). */
struct file *file_alloc_inode(const struct file_ops *ops, void *private, struct inode *inode);
/* eventfd.c, for native AIO's IOCB_FLAG_RESFD (Linux eventfd_ctx_fdget,
 * eventfd_signal): the eventfd open at fd with a reference, or NULL with
 * *err -EBADF (no such descriptor) or -EINVAL (not an eventfd); adding n to
 * its counter (capped below the maximum) and waking its readers. */
struct file *eventfd_fget(int fd, int *err);
void eventfd_signal(struct file *f, u64 n);
/* anon_inodes.c: the anonymous super block (st_dev 0xd) and its kernel
 * mount, made by anon_inodes_init at boot; an inode of it. */
void anon_inodes_init(void);
struct inode *anon_inode_alloc(u32 mode);
bool inode_is_anon(const struct inode *inode);
/* The id of f's mount (the anonymous mount's for a file without a name):
 * statx's stx_mnt_id, fdinfo's mnt_id. */
int file_mnt_id(const struct file *f);
/* Where a magic link to f leads (Linux's f->f_path, nd_jump_link): its
 * place, or for a file without a name a new dentry of its inode on the
 * anonymous mount; path_is_anon tells such a place (an open of it makes a
 * nameless file). */
int __must_check file_magic_path(struct file *f, struct path *out);
bool path_is_anon(const struct path *p);
/* Gives the nameless file f a name on the anonymous mount, a dentry of its
 * inode that is in no directory, so /proc/PID/maps shows "/name (deleted)"
 * (Linux's pseudo-file-system dentries: aio's "[aio]"). */
int __must_check anon_file_set_name(struct file *f, const char *name);
/* A new, counted, zeroed file (refcount 1): 0, -ENFILE past fs.file-max
 * without CAP_SYS_ADMIN, or -ENOMEM. file_put frees and uncounts it. */
int __must_check file_new(struct file **out);
/* fs.file-max and the count fs.file-nr shows (file.c); files_init sizes
 * file-max from memory at boot. */
void files_init(void);
u64 files_nr(void);
u64 files_max(void);
void files_set_max(u64 max);
/* fown.c: F_SETOWN, F_GETOWN, F_SETOWN_EX, F_GETOWN_EX, F_SETSIG, F_GETSIG;
 * the last close drops the owner. */
long fcntl_owner(struct file *f, int cmd, u64 arg);
void file_owner_release(struct file *f);
/* For leases (lease.c): the caller's process becomes the owner (lease_setup's
 * __f_setown with the caller's pid), or owner and F_SETSIG signal are
 * cleared (f_delown). Take tasklist_lock. */
void file_owner_set_current(struct file *f);
void file_owner_clear(struct file *f);
/* send_sigio: f's owner gets F_SETSIG's signal (or SIGIO) for reason
 * (POLL_*), si_fd fd. Call with no spinlock held but lease_lock. */
void file_send_sigio(const struct file *f, int fd, int reason);
/* send_sigurg: f's owner gets SIGURG (no O_ASYNC needed); false when f has
 * no owner. Call with no spinlock held. */
bool file_send_sigurg(const struct file *f);
/* __f_setown for a tty's O_ASYNC (__tty_fasync): pid (NULL: none) as a
 * process, or as a process group. Call with no spinlock held. */
void file_owner_set_pid(struct file *f, struct pid *pid, bool pgrp);
/* F_SETFL (setfl): O_APPEND, O_NONBLOCK and O_ASYNC, which joins or leaves
 * the object's fasync list through file_ops.fasync first. 0 or -errno. */
long fcntl_setfl(struct file *f, int fd, unsigned flags);
/* eventpoll.c: a file's last reference is gone; the epoll items watching it go. */
void eventpoll_release(struct file *f);
void file_get(struct file *f);
/* A reference to f unless its last one is already gone (Linux's
 * get_file_rcu), for holders of a pointer without a reference. */
bool __must_check file_get_unless_zero(struct file *f);
void file_put(struct file *f);
/* Linux fdget_pos/fdput_pos: takes f->pos_mutex if f's position is shared
 * state that read/write/lseek/getdents64 must serialise (see struct file);
 * returns whether it did, for file_pos_unlock. */
bool file_pos_lock(struct file *f);
void file_pos_unlock(struct file *f, bool locked);
/* Reads len bytes at off into kernel memory; returns bytes or -errno. */
ssize_t file_read_kernel(struct file *f, void *buf, size_t len, u64 off);
ssize_t iobuf_copy_out(struct iobuf *dst, size_t at, const void *src, size_t len);
ssize_t iobuf_copy_in(void *dst, struct iobuf *src, size_t at, size_t len);
/* Zeroes len bytes at dst + at; returns the bytes zeroed or -EFAULT if none. */
ssize_t iobuf_clear(struct iobuf *dst, size_t at, size_t len);

#define NR_OPEN_DEFAULT 1024 /* RLIMIT_NOFILE soft limit, as Linux */
/* fs.nr_open (Linux fs/file.c sysctl_nr_open): the most fds a table may
 * hold (an fd at or above it is EMFILE, a fork or unshare(CLONE_FILES) of a
 * table with an open fd past it rounded up to 64 too, as dup_fd) and the
 * highest RLIMIT_NOFILE hard limit (EPERM above, sys_proc.c). NR_OPEN_MAX
 * is its default; writes from NR_OPEN_MIN to NR_OPEN_LIMIT (Linux
 * sysctl_nr_open_min, sysctl_nr_open_max on 64-bit), EINVAL outside.
 * RLIMIT_NOFILE is the usual limit; the table grows on demand. */
#define NR_OPEN_MAX 1048576
#define NR_OPEN_MIN 64
#define NR_OPEN_LIMIT 2147483584
int files_nr_open(void);
int files_set_nr_open(int value);

struct files {
	struct spinlock lock; /* protects fds, cloexec */
	int refcount;	      /* atomic */
	int max_fds;
	struct file **fds; /* [lock] */
	u64 *cloexec;	   /* bitmap [lock] */
	int next_fd;	   /* every fd below it is open: the lowest-free search starts here [lock] */
};

struct files *files_create(void);
/* fork's copy of a table, or NULL with *err -ENOMEM or -EMFILE (fs.nr_open). */
struct files *files_dup(struct files *src, int *err);
void files_close_on_exec(struct files *fs);
void files_put(struct files *fs);
/* Opens the file at p (already walked to) with open flags. */
int __must_check vfs_open_path(const struct path *p, int flags, struct file **out);
/* The same after open(2)'s checks (may_open, O_DIRECTORY, O_TRUNC): Linux's
 * file_open_root(p, ""), for open_by_handle_at. */
int __must_check vfs_open_place(const struct path *p, int flags, struct file **out);
/* Returns a new reference to the file at fd, or NULL. */
struct file *fd_get(int fd);
/* The same but NULL for an O_PATH file (Linux fdget, where fd_get is
 * fdget_raw): for the calls an O_PATH descriptor cannot serve (read, write,
 * ioctl, mmap, fchmod, fchown, the f*xattr calls, splice, tee, vmsplice,
 * sendfile, copy_file_range, every socket call, epoll_ctl and epoll_wait,
 * signalfd, timerfd, inotify), which give EBADF, and poll (POLLNVAL). */
struct file *fd_get_file(int fd);
/* clone3's CLONE_INTO_CGROUP (fs/cgroup.c, Linux cgroup_css_set_fork's
 * checks): the cgroup2 directory open at fd (EBADF if fd is none, ENOENT if
 * it was removed), into which the caller may put a new process (thread:
 * CLONE_THREAD) under cgroup.procs' permission rules (EACCES,
 * EOPNOTSUPP); *out holds a reference. */
struct cgroup;
int __must_check cgroup_fs_clone_target(int fd, bool thread, struct cgroup **out);
/* The same in another table (procfs reading another process), or NULL. */
struct file *files_fd_get(struct files *fs, int fd);
/* Opened for writing (O_WRONLY or O_RDWR)? */
bool file_writable(const struct file *f);
int __must_check fd_install(struct file *f, int min_fd, bool cloexec);
/* A new object's descriptor: fd_install at the lowest free number, or,
 * when that fails, the caller's reference to f dropped and the error. */
int __must_check fd_install_or_put(struct file *f, bool cloexec);
/* Whether fd_install could place a file now: 0 or -EMFILE. For a call that
 * makes something before it installs the descriptor, which Linux's
 * get_unused_fd_flags refuses first (mq_open); another thread may still
 * take the slot in between. */
int __must_check fd_check_free(void);
int fd_close(int fd);
int fd_replace(struct file *f, int fd, bool cloexec);
bool fd_get_cloexec(int fd);
void fd_set_cloexec(int fd, bool on);
/* close_range's work on the caller's table (Linux fs/file.c __close_range,
 * __range_cloexec): closes every open fd in [first, last] (each as fd_close),
 * or with cloexec sets the close-on-exec bit of each open one. Slots past
 * the table's size when called are free already and are not looked at. */
void fd_close_range(unsigned first, unsigned last, bool cloexec);
/* Open (dir, path) with open(2) flags and mode (dir NULL: the working
 * directory); vfs_open for kernel callers. */
int __must_check vfs_open_at(struct file *dir, const char *path, int flags, u32 mode, struct file **out);
/* The same with LOOKUP_* restrictions on the walk (openat2's RESOLVE_*). */
int __must_check vfs_open_at2(struct file *dir, const char *path, int flags, u32 mode, unsigned lookup,
			      struct file **out);
int __must_check vfs_open(const char *path, int flags, struct file **out);
/* The path of an open file (d_path from the caller's root), kmalloc'd. */
int __must_check file_path(struct file *f, char **out);
/* pipe.c: a new anonymous pipe's read and write ends (pipe2's flags:
 * O_NONBLOCK, O_DIRECT), each one reference; -ENFILE. */
int __must_check pipe_create(int flags, struct file **rd, struct file **wr);
/* pipe.c, Linux wait_for_dump_helpers: the core dump's write end wr stops
 * counting as a writer (the reader sees EOF), then its caller waits until
 * every read end is closed or a signal comes; wr is a writer again after. */
void pipe_wait_for_readers(struct file *wr);
/* pipe.c: f is an anonymous pipe or an open FIFO (Linux get_pipe_info). */
bool file_is_pipe(const struct file *f);
/* syscall/sys_copy.c: sendfile's loop, shared with splice. Copies up to
 * count bytes from in at *in_pos to out at *out_pos (NULL: out's position,
 * advanced); with one_read, only what one read of in gives. */
long file_transfer(struct file *in, u64 *in_pos, struct file *out, u64 *out_pos, size_t count, bool one_read);
/* pipe.c, for splice/tee/vmsplice (f a pipe end): wait for a free slot
 * (-EPIPE and SIGPIPE without a reader) or for data (0 also when no writer
 * is left), both -EAGAIN with nonblock and -ERESTARTSYS on a signal; the
 * bytes held; the bytes the free slots take; copy bytes from skip bytes
 * past the front without consuming them. */
long pipe_wait_space(struct file *f, bool nonblock);
long pipe_wait_data(struct file *f, bool nonblock);
size_t pipe_bytes(struct file *f);
size_t pipe_room(struct file *f);
size_t pipe_peek(struct file *f, size_t skip, void *buf, size_t len);
/* pipe.c: /proc/sys/fs/pipe-max-size, the largest F_SETPIPE_SZ without
 * CAP_SYS_RESOURCE; the set rounds as round_pipe_size (-EINVAL above 2 GiB). */
u32 pipe_max_size_get(void);
int __must_check pipe_max_size_set(u64 size);
/* pipe.c: F_SETPIPE_SZ / F_GETPIPE_SZ (-EBADF if f is not a pipe). */
long pipe_fcntl(struct file *f, int cmd, unsigned arg);
/* pipe_user.c: the pipe pages of each real uid. Charges new_pages in place
 * of old_pages to uid and returns uid's total (0 if not counted); is a
 * total past the soft or the hard limit (0: no limit); the limits
 * (fs.pipe-user-pages-soft, -hard). */
u64 pipe_user_account(u32 uid, u64 old_pages, u64 new_pages);
bool pipe_user_too_many(u64 total, bool hard);
u64 pipe_user_pages_limit(bool hard);
void pipe_user_pages_set_limit(bool hard, u64 pages);
/* pipe.c: what opening a FIFO inode does (fifo_open: one pipe per inode). */
extern const struct file_ops fifo_open_ops;
/* The console file (stdin/stdout/stderr of the first process). */
struct file *console_file_open(void);
extern const struct file_ops kmsg_file_ops; /* /dev/kmsg (fs/kmsg.c) */
/* initramfs.c: the root tmpfs, filled from the archive (cpio newc). */
void initramfs_init(const void *archive, size_t size);
