/*
 * fs.h — open files and the per-process file-descriptor table.
 *
 * A struct file is an open file description (Linux's struct file): a
 * position, status flags and the operations of what it refers to (console,
 * an initramfs file, later pipes and sockets). An fd table (struct files)
 * maps descriptors to files and is shared between tasks under CLONE_FILES.
 *
 * The path-name space is for now the initramfs alone (fs/initramfs.c),
 * read-only; the VFS with dentries, mounts, tmpfs and procfs replaces it in
 * the files issue. Nodes under /proc/self are synthesised (fs/procfs.c).
 */
#pragma once

#include <spinlock.h>
#include <types.h>
#include <uaccess.h>

struct file;
struct kstat;
struct poll_table;

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
	/* Directories: fill linux_dirent64 records from f->pos; bytes or -errno. */
	long (*getdents)(struct file *f, struct iobuf *dst, size_t len);
	void (*release)(struct file *f);
	bool seekable;
	bool seek_set_cur_only; /* directories, /proc files: no SEEK_END/DATA/HOLE */
};

struct inode_data; /* what a file refers to: owned by its file_ops */

struct file {
	int refcount; /* atomic */
	const struct file_ops *ops;
	void *private; /* for ops */
	u64 size;      /* for regular files */
	u32 mode;      /* S_IF* | permissions */
	u64 ino;
	u32 rdev; /* device files: (major << 8) | minor */
	u64 pos;  /* [pos_lock] */
	struct spinlock pos_lock;
	unsigned flags; /* O_* status flags */
	char path[256]; /* canonical path: /proc/self/maps, relative lookups */
};

struct file *file_alloc(const struct file_ops *ops, void *private, u32 mode);
void file_get(struct file *f);
void file_put(struct file *f);
/* Reads len bytes at off into kernel memory; returns bytes or -errno. */
ssize_t file_read_kernel(struct file *f, void *buf, size_t len, u64 off);
ssize_t iobuf_copy_out(struct iobuf *dst, size_t at, const void *src, size_t len);
ssize_t iobuf_copy_in(void *dst, struct iobuf *src, size_t at, size_t len);

#define NR_OPEN_DEFAULT 1024 /* RLIMIT_NOFILE soft limit, as Linux */
/* The most fds a table may hold: Linux's fs.nr_open default; RLIMIT_NOFILE
 * (at most this, sys_proc.c) is the real limit. The table grows on demand. */
#define NR_OPEN_MAX 1048576

struct files {
	struct spinlock lock; /* protects fds, cloexec */
	int refcount;	      /* atomic */
	int max_fds;
	struct file **fds; /* [lock] */
	u64 *cloexec;	   /* bitmap [lock] */
	int next_fd;	   /* every fd below it is open: the lowest-free search starts here [lock] */
};

struct files *files_create(void);
struct files *files_dup(struct files *src);
void files_close_on_exec(struct files *fs);
void files_put(struct files *fs);
/* Returns a new reference to the file at fd, or NULL. */
struct file *fd_get(int fd);
/* Opened for writing (O_WRONLY or O_RDWR)? */
bool file_writable(const struct file *f);
int __must_check fd_install(struct file *f, int min_fd, bool cloexec);
int fd_close(int fd);
bool fd_get_cloexec(int fd);
void fd_set_cloexec(int fd, bool on);
/* /proc/self/... (procfs.c): the file, or NULL with *err set (-ENOENT if not a proc path) */
struct file *procfs_open(const char *path, long *err);

/* Path lookup (namei.c: initramfs + procfs for now). dir: the directory a
 * relative path starts from, NULL for the working directory. */
int __must_check vfs_open(const char *path, int flags, struct file **out);
int __must_check vfs_open_at(struct file *dir, const char *path, int flags, struct file **out);
/* Copies the target of a symbolic link (not NUL-terminated); returns its length. */
int vfs_readlink(struct file *dir, const char *path, char *target, size_t size);
/* devfs.c: /dev/null, zero, full, random, urandom, tty, console. */
int __must_check devfs_open(const char *name, int flags, struct file **out);
const char *devfs_name(unsigned i);
/* The console file (stdin/stdout/stderr of the first process). */
struct file *console_file_open(void);
/* Back to the default line settings (the runner, between programs). */
void console_tty_reset(void);
/* initramfs.c; ramfile_data gives an in-memory file's bytes (NULL otherwise) */
const void *ramfile_data(struct file *f);
void initramfs_init(const void *archive, size_t size);
int __must_check initramfs_lookup(const char *path, const void **data, size_t *size, u32 *mode, u64 *ino);
