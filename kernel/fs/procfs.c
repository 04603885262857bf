/*
 * procfs.c — /proc as a file system (fs/proc/): its dentries are made on
 * each lookup and never cached (DENTRY_NOCACHE), so what a name means is
 * decided when it is walked. Files are text snapshots made when opened.
 *
 *   /proc/self       link to the caller's pid; /proc/mounts to self/mounts
 *   /proc/meminfo    MemTotal, MemFree, MemAvailable
 *   /proc/uptime     seconds since boot (and idle seconds)
 *   /proc/<pid>/     the caller's own process only, until the process table
 *                    (the proc helper's struct pid) lets others be found:
 *       maps         Linux's fs/proc/task_mmu.c show_map_vma format
 *       stat, status fs/proc/array.c formats (fields kept here; others 0)
 *       cmdline      the argument strings, read from the process's memory
 *       comm         the name and a newline
 *       mounts       fs/proc_namespace.c show_vfsmnt format
 *       exe, cwd, root  links: d_path of the executable and directories
 *       fd/N         links to each open file (d_path, or "pipe:[ino]")
 */
#include <vfs.h>

#include <format.h>
#include <fs.h>
#include <fs_context.h>
#include <kmalloc.h>
#include <mm.h>
#include <page.h>
#include <string.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#define PROC_SUPER_MAGIC 0x9fa0

struct snapshot {
	char *text;
	size_t len, cap;
};

static void snap_printf(struct snapshot *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void snap_printf(struct snapshot *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (s->len < s->cap) {
		int n = vsnprintf(s->text + s->len, s->cap - s->len, fmt, ap);
		s->len = MIN(s->len + (size_t)n, s->cap);
	}
	va_end(ap);
}

/* One line of maps; the file's path is built by d_path (no sleeping: mm->lock is held). */
static void maps_line(struct snapshot *s, const struct vma *v)
{
	char *path = NULL;
	const char *name = "";
	u64 ino = 0, off = 0;
	u32 dev = 0;
	if (v->file) {
		if (file_path(v->file, &path) == 0)
			name = path;
		ino = v->file->inode->ino;
		dev = v->file->inode->sb->dev;
		off = v->file_offset;
	} else if (v->flags & VMA_STACK) {
		name = "[stack]";
	} else if (v->flags & VMA_HEAP) {
		name = "[heap]";
	} else if (v->flags & VMA_SPECIAL) {
		name = v->special->name;
	}
	char line[128];
	int len =
		snprintf(line, sizeof(line), "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ", (unsigned long)v->start,
			 (unsigned long)v->end, (v->prot & UPROT_READ) ? 'r' : '-', (v->prot & UPROT_WRITE) ? 'w' : '-',
			 (v->prot & UPROT_EXEC) ? 'x' : '-', (v->flags & VMA_SHARED) ? 's' : 'p', (unsigned long)off,
			 dev >> 8, dev & 0xff, (unsigned long)ino);
	if (*name)
		snap_printf(s, "%s%*s%s\n", line, MAX(73 - len, 1), "", name);
	else
		snap_printf(s, "%s\n", line);
	kfree(path);
}

static size_t maps_size(void)
{
	return (128 + PATH_MAX) * (size_t)(current()->mm->nr_vmas + 1);
}

static void fill_maps(struct snapshot *s)
{
	struct mm *mm = current()->mm;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vma *v;
	list_for_each_entry(v, &mm->vmas, node)
		maps_line(s, v);
	spin_unlock_irqrestore(&mm->lock, irq);
}

static size_t meminfo_size(void)
{
	return 256;
}

static void fill_meminfo(struct snapshot *s)
{
	snap_printf(s, "MemTotal:       %8lu kB\n", (unsigned long)(page_total_count() * 4));
	snap_printf(s, "MemFree:        %8lu kB\n", (unsigned long)(page_free_count() * 4));
	snap_printf(s, "MemAvailable:   %8lu kB\n", (unsigned long)(page_free_count() * 4));
}

/* What a /proc name is: a directory, a snapshot file or a link. */
struct proc_entry {
	const char *name;
	u32 mode;
	size_t (*size)(void);		     /* files: room for the snapshot */
	void (*fill)(struct snapshot *s);    /* files */
	int (*link)(int arg, char **target); /* links; arg: the fd of fd/N, or the entry's own */
	const struct proc_entry *children;   /* directories; NULL for fd/ */
	int arg;			     /* given to link (cwd 1, root 0) */
};

/* An inode's view of its entry: fd/N links also carry the fd. */
struct proc_node {
	const struct proc_entry *e;
	int arg;
};

/* ---- more files ---------------------------------------------------------------- */

static size_t small_size(void)
{
	return 1024;
}

static void fill_uptime(struct snapshot *s)
{
	u64 cs = time_since_boot_ns() / 10000000; /* centiseconds */
	snap_printf(s, "%lu.%02lu %lu.%02lu\n", (unsigned long)(cs / 100), (unsigned long)(cs % 100),
		    (unsigned long)(cs / 100), (unsigned long)(cs % 100));
}

static void fill_comm(struct snapshot *s)
{
	snap_printf(s, "%s\n", current()->comm);
}

static size_t cmdline_size(void)
{
	struct mm *mm = current()->mm;
	return MAX(mm->arg_end - mm->arg_start, (u64)1);
}

static void fill_cmdline(struct snapshot *s)
{
	struct mm *mm = current()->mm;
	size_t len = MIN(mm->arg_end - mm->arg_start, (u64)s->cap);
	if (copy_from_user(s->text, mm->arg_start, len) == 0)
		s->len = len;
}

static char task_state(void)
{
	return 'R'; /* the caller is running as it reads */
}

/* fs/proc/array.c do_task_stat: 52 fields; those not kept here are 0. */
static void fill_stat(struct snapshot *s)
{
	struct task *t = current();
	struct thread_group *g = t->group;
	struct mm *mm = t->mm;
	unsigned long tick = 10000000; /* ns per clock tick (USER_HZ 100) */
	snap_printf(s, "%d (%s) %c %d %d %d 0 -1 %u %lu 0 0 0 %lu %lu 0 0 20 0 %d 0 0 %lu 0 %lu ", g->pid, t->comm,
		    task_state(), g->parent ? g->parent->pid : 0, thread_group_pgid(g), thread_group_sid(g), 0x400000u,
		    (unsigned long)mm->faults, (unsigned long)(t->utime_ns / tick), (unsigned long)(t->stime_ns / tick),
		    g->nr_threads, (unsigned long)(mm->total_pages * PAGE_SIZE), (unsigned long)g->rlimits[5][0]);
	snap_printf(s, "0 0 %lu 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 %lu %lu %lu %lu %lu 0\n",
		    (unsigned long)mm->stack_top, (unsigned long)mm->brk_start, (unsigned long)mm->arg_start,
		    (unsigned long)mm->arg_end, (unsigned long)mm->env_start, (unsigned long)mm->env_end);
}

static int count_fds(void)
{
	struct files *fs = current()->files;
	unsigned long irq = spin_lock_irqsave(&fs->lock);
	int max = fs->max_fds;
	spin_unlock_irqrestore(&fs->lock, irq);
	return max;
}

/* fs/proc/array.c proc_pid_status: the leading fields. */
static void fill_status(struct snapshot *s)
{
	struct task *t = current();
	struct thread_group *g = t->group;
	snap_printf(s, "Name:\t%s\nUmask:\t%04o\nState:\t%c (running)\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\n",
		    t->comm, fs_context_umask(), task_state(), g->pid, t->tid, g->parent ? g->parent->pid : 0);
	snap_printf(s, "TracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nFDSize:\t%d\nGroups:\t\n", count_fds());
	snap_printf(s, "VmSize:\t%8lu kB\nThreads:\t%d\nSigBlk:\t%016lx\n", (unsigned long)(t->mm->total_pages * 4),
		    g->nr_threads, (unsigned long)t->blocked_signals);
}

/* /proc/self/mounts: the mounts are collected (with references) under mount_lock, then named. */
struct mount_list {
	struct vfsmount *m[64];
	int n;
};

static void collect_mount(struct vfsmount *m, void *arg)
{
	struct mount_list *l = arg;
	if (l->n < (int)ARRAY_SIZE(l->m))
		l->m[l->n++] = mnt_get(m);
}

static size_t mounts_size(void)
{
	return 16 * (PATH_MAX + 128);
}

/* fs/proc_namespace.c show_vfsmnt: device, mount point, type, options, 0 0. */
static void fill_mounts(struct snapshot *s)
{
	struct mount_list *l = kmalloc(sizeof(*l));
	if (!l)
		return;
	l->n = 0;
	vfs_for_each_mount(collect_mount, l);
	struct path root;
	fs_context_get_root(&root);
	for (int i = 0; i < l->n; i++) {
		struct vfsmount *m = l->m[i];
		struct path p = {m, m->root};
		char *where = NULL;
		if (d_path(&p, &root, &where) == 0)
			snap_printf(s, "%s %s %s %s%s%s%s,relatime 0 0\n", m->source, where, m->sb->type,
				    (m->flags & MNT_RDONLY) ? "ro" : "rw", (m->flags & MNT_NOSUID) ? ",nosuid" : "",
				    (m->flags & MNT_NODEV) ? ",nodev" : "", (m->flags & MNT_NOEXEC) ? ",noexec" : "");
		kfree(where);
		mnt_put(m);
	}
	path_put(&root);
	kfree(l);
}

/* fd/N: the open file's path, or what Linux shows for a file without one. */
static int link_fd(int fd, char **target)
{
	struct file *f = fd_get(fd);
	if (!f)
		return -ENOENT;
	int err = 0;
	if (f->path.dentry) {
		err = file_path(f, target);
	} else {
		*target = kmalloc(32);
		if (*target)
			snprintf(*target, 32, "%s:[%lu]", (f->inode->mode & S_IFMT) == S_IFIFO ? "pipe" : "anon_inode",
				 (unsigned long)f->inode->ino);
		err = *target ? 0 : -ENOMEM;
	}
	file_put(f);
	return err;
}

static int link_self(int arg, char **target)
{
	*target = kmalloc(16);
	if (!*target)
		return -ENOMEM;
	snprintf(*target, 16, "%d", current()->group->pid);
	return 0;
}

static int link_exe(int arg, char **target)
{
	struct mm *mm = current()->mm;
	return mm && mm->exe_file ? file_path(mm->exe_file, target) : -ENOENT;
}

/* cwd (arg 1) or root (arg 0), as seen from the root. */
static int link_place(int cwd_not_root, char **target)
{
	struct path root, cwd;
	fs_context_get_root(&root);
	if (cwd_not_root)
		fs_context_get_cwd(&cwd);
	else
		cwd = root, path_get(&cwd);
	int err = d_path(&cwd, &root, target);
	path_put(&root);
	path_put(&cwd);
	return err;
}

static int link_mounts(int arg, char **target)
{
	*target = kmalloc(16);
	if (!*target)
		return -ENOMEM;
	memcpy(*target, "self/mounts", 12);
	return 0;
}

static const struct proc_entry fd_link = {"", S_IFLNK | 0700, NULL, NULL, link_fd, NULL, 0};

static const struct proc_entry pid_entries[] = {
	{"cmdline", S_IFREG | 0444, cmdline_size, fill_cmdline, NULL, NULL, 0},
	{"comm", S_IFREG | 0644, small_size, fill_comm, NULL, NULL, 0},
	{"cwd", S_IFLNK | 0777, NULL, NULL, link_place, NULL, 1},
	{"exe", S_IFLNK | 0777, NULL, NULL, link_exe, NULL, 0},
	{"fd", S_IFDIR | 0500, NULL, NULL, NULL, NULL, 0},
	{"maps", S_IFREG | 0444, maps_size, fill_maps, NULL, NULL, 0},
	{"mounts", S_IFREG | 0444, mounts_size, fill_mounts, NULL, NULL, 0},
	{"root", S_IFLNK | 0777, NULL, NULL, link_place, NULL, 0},
	{"stat", S_IFREG | 0444, small_size, fill_stat, NULL, NULL, 0},
	{"status", S_IFREG | 0444, small_size, fill_status, NULL, NULL, 0},
	{NULL, 0, NULL, NULL, NULL, NULL, 0},
};

static const struct proc_entry root_entries[] = {
	{"meminfo", S_IFREG | 0444, meminfo_size, fill_meminfo, NULL, NULL, 0},
	{"mounts", S_IFLNK | 0777, NULL, NULL, link_mounts, NULL, 0},
	{"self", S_IFLNK | 0777, NULL, NULL, link_self, NULL, 0},
	{"uptime", S_IFREG | 0444, small_size, fill_uptime, NULL, NULL, 0},
	{NULL, 0, NULL, NULL, NULL, NULL, 0},
};

static const struct proc_entry pid_dir = {"", S_IFDIR | 0555, NULL, NULL, NULL, pid_entries, 0};
static const struct proc_entry root_dir = {"", S_IFDIR | 0555, NULL, NULL, NULL, root_entries, 0};

/* ---- files ---------------------------------------------------------------------- */

static const struct proc_entry *entry_of(struct inode *inode)
{
	return ((const struct proc_node *)inode->private)->e;
}

static int snap_open(struct inode *inode, struct file *f)
{
	const struct proc_entry *e = entry_of(inode);
	if (!current()->mm)
		return -ENOENT;
	struct snapshot *s = kzalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->cap = e->size();
	s->text = kmalloc(s->cap);
	if (!s->text) {
		kfree(s);
		return -ENOMEM;
	}
	e->fill(s);
	f->private = s;
	return 0;
}

static ssize_t snap_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	struct snapshot *s = f->private;
	if (pos >= s->len)
		return 0;
	return iobuf_copy_out(dst, 0, s->text + pos, MIN(len, s->len - pos));
}

static void snap_release(struct file *f)
{
	struct snapshot *s = f->private;
	if (s)
		kfree(s->text);
	kfree(s);
}

static const struct file_ops snap_ops = {
	.open = snap_open,
	.read = snap_read,
	.release = snap_release,
	.seekable = true,
	.seek_set_cur_only = true, /* seq_lseek */
};

static int proc_get_link(struct dentry *d, char **target)
{
	const struct proc_node *node = d->inode->private;
	return node->e->link(node->arg, target);
}

static ssize_t proc_dir_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	return -EISDIR;
}

static const struct file_ops proc_dir_ops = {
	.read = proc_dir_read,
	.seekable = true,
	.seek_set_cur_only = true,
};

static int proc_lookup(struct inode *dir, struct dentry *d);
static int proc_iterate(struct file *f, struct dir_context *ctx);

static const struct inode_ops proc_dir_iops = {.lookup = proc_lookup, .iterate = proc_iterate};
static const struct inode_ops proc_link_iops = {.get_link = proc_get_link};
/* exe, cwd, root and fd/N stand for objects, not names (RESOLVE_NO_MAGICLINKS refuses them) */
static const struct inode_ops proc_magic_link_iops = {.get_link = proc_get_link, .magic_link = true};

static void node_destroy(struct inode *inode)
{
	kfree(inode->private);
}

static struct inode *proc_inode(struct super_block *sb, const struct proc_entry *e, int arg)
{
	struct proc_node *node = kmalloc(sizeof(*node));
	struct inode *inode = node ? inode_alloc(sb, e->mode) : NULL;
	if (!inode) {
		kfree(node);
		return NULL;
	}
	*node = (struct proc_node){e, arg};
	inode->private = node;
	inode->destroy = node_destroy;
	switch (e->mode & S_IFMT) {
	case S_IFDIR:
		inode->iops = &proc_dir_iops;
		inode->fops = &proc_dir_ops;
		inode->nlink = 2;
		break;
	case S_IFLNK:
		inode->iops =
			(e->link == link_self || e->link == link_mounts) ? &proc_link_iops : &proc_magic_link_iops;
		break;
	default: inode->fops = &snap_ops; break;
	}
	return inode;
}

/* A decimal number (no sign, no leading zero), or -1. */
static int parse_number(const char *name, size_t len)
{
	if (len == 0 || len > 9 || (name[0] == '0' && len > 1))
		return -1;
	int n = 0;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		n = n * 10 + (name[i] - '0');
	}
	return n;
}

static bool fd_open(int fd)
{
	struct file *f = fd_get(fd);
	if (f)
		file_put(f);
	return f != NULL;
}

static int proc_lookup(struct inode *dir, struct dentry *d)
{
	const struct proc_entry *parent = entry_of(dir), *e = NULL;
	int arg = 0;
	if (!parent->children) { /* fd/ */
		arg = parse_number(d->name, d->name_len);
		if (arg >= 0 && fd_open(arg))
			e = &fd_link;
	} else {
		for (const struct proc_entry *c = parent->children; c->name; c++)
			if (strlen(c->name) == d->name_len && memcmp(c->name, d->name, d->name_len) == 0)
				e = c;
		if (e)
			arg = e->arg;
	}
	if (!e && parent == &root_dir && parse_number(d->name, d->name_len) == current()->group->pid)
		e = &pid_dir;
	if (!e)
		return -ENOENT;
	struct inode *inode = proc_inode(dir->sb, e, arg);
	if (!inode)
		return -ENOMEM;
	d_instantiate(d, inode);
	inode_put(inode);
	return 0;
}

static unsigned type_of(u32 mode)
{
	return (mode & S_IFMT) >> 12;
}

/* The name at position i (from 2) of directory dir: a child, the pid, or an open fd. */
static bool nth_name(const struct proc_entry *dir, u64 i, char *buf, size_t size, unsigned *type)
{
	if (!dir->children) { /* fd/: position 2 + fd, for the fds open from there */
		for (int fd = (int)(i - 2); fd < 4096 && fd < count_fds(); fd++) {
			if (fd_open(fd)) {
				snprintf(buf, size, "%d", fd);
				*type = type_of(S_IFLNK);
				return true;
			}
		}
		return false;
	}
	size_t nr = 0;
	while (dir->children[nr].name)
		nr++;
	if (i - 2 < nr) {
		snprintf(buf, size, "%s", dir->children[i - 2].name);
		*type = type_of(dir->children[i - 2].mode);
		return true;
	}
	if (i - 2 == nr && dir == &root_dir) {
		snprintf(buf, size, "%d", current()->group->pid);
		*type = type_of(S_IFDIR);
		return true;
	}
	return false;
}

/* Positions: ".", "..", then the names of nth_name. */
static int proc_iterate(struct file *f, struct dir_context *ctx)
{
	const struct proc_entry *dir = entry_of(f->inode);
	for (;;) {
		u64 i = ctx->pos, next = i + 1;
		char name[16];
		unsigned type = type_of(S_IFDIR);
		if (i == 0)
			snprintf(name, sizeof(name), ".");
		else if (i == 1)
			snprintf(name, sizeof(name), "..");
		else if (!nth_name(dir, i, name, sizeof(name), &type))
			return 0;
		if (!dir->children && i >= 2)
			next = 2 + (u64)parse_number(name, strlen(name)) + 1;
		if (!ctx->emit(ctx, name, strlen(name), 0x1000 + i, type, next))
			return 0;
		ctx->pos = next;
	}
}

static void procfs_kill(struct super_block *sb)
{
	dput(sb->root);
	kfree(sb);
}

struct super_block *procfs_create(void)
{
	struct super_block *sb = sb_alloc("proc", PROC_SUPER_MAGIC);
	if (!sb)
		return NULL;
	if (sb_set_root(sb, proc_inode(sb, &root_dir, 0))) {
		kfree(sb);
		return NULL;
	}
	sb->kill = procfs_kill;
	return sb;
}
