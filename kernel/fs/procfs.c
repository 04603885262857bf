/*
 * procfs.c — /proc as a file system (fs/proc/): its dentries are made on
 * each lookup and never cached (DENTRY_NOCACHE), so what a name means is
 * decided when it is walked. Files are text snapshots made when opened.
 *
 *   /proc/self       link to the caller's pid
 *   /proc/meminfo    MemTotal, MemFree, MemAvailable
 *   /proc/<pid>/     the caller's own process only, until the process table
 *                    (the proc helper's struct pid) lets others be found:
 *       maps         Linux's fs/proc/task_mmu.c show_map_vma format
 *       exe, cwd     links: d_path of the executable and working directory
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
	size_t (*size)(void);		   /* files: room for the snapshot */
	void (*fill)(struct snapshot *s);  /* files */
	int (*link)(char **target);	   /* links */
	const struct proc_entry *children; /* directories */
};

static int link_self(char **target)
{
	*target = kmalloc(16);
	if (!*target)
		return -ENOMEM;
	snprintf(*target, 16, "%d", current()->group->pid);
	return 0;
}

static int link_exe(char **target)
{
	struct mm *mm = current()->mm;
	return mm && mm->exe_file ? file_path(mm->exe_file, target) : -ENOENT;
}

static int link_cwd(char **target)
{
	struct path root, cwd;
	fs_context_get_root(&root);
	fs_context_get_cwd(&cwd);
	int err = d_path(&cwd, &root, target);
	path_put(&root);
	path_put(&cwd);
	return err;
}

static const struct proc_entry pid_entries[] = {
	{"cwd", S_IFLNK | 0777, NULL, NULL, link_cwd, NULL},
	{"exe", S_IFLNK | 0777, NULL, NULL, link_exe, NULL},
	{"maps", S_IFREG | 0444, maps_size, fill_maps, NULL, NULL},
	{NULL, 0, NULL, NULL, NULL, NULL},
};

static const struct proc_entry root_entries[] = {
	{"meminfo", S_IFREG | 0444, meminfo_size, fill_meminfo, NULL, NULL},
	{"self", S_IFLNK | 0777, NULL, NULL, link_self, NULL},
	{NULL, 0, NULL, NULL, NULL, NULL},
};

static const struct proc_entry pid_dir = {"", S_IFDIR | 0555, NULL, NULL, NULL, pid_entries};
static const struct proc_entry root_dir = {"", S_IFDIR | 0555, NULL, NULL, NULL, root_entries};

/* ---- files ---------------------------------------------------------------------- */

static int snap_open(struct inode *inode, struct file *f)
{
	const struct proc_entry *e = inode->private;
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
	const struct proc_entry *e = d->inode->private;
	return e->link(target);
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

static struct inode *proc_inode(struct super_block *sb, const struct proc_entry *e)
{
	struct inode *inode = inode_alloc(sb, e->mode);
	if (!inode)
		return NULL;
	inode->private = (void *)e;
	switch (e->mode & S_IFMT) {
	case S_IFDIR:
		inode->iops = &proc_dir_iops;
		inode->fops = &proc_dir_ops;
		inode->nlink = 2;
		break;
	case S_IFLNK: inode->iops = &proc_link_iops; break;
	default: inode->fops = &snap_ops; break;
	}
	return inode;
}

/* The caller's pid as a name, the one <pid> directory there is for now. */
static size_t own_pid_name(char *buf, size_t size)
{
	return (size_t)snprintf(buf, size, "%d", current()->group->pid);
}

static int proc_lookup(struct inode *dir, struct dentry *d)
{
	const struct proc_entry *parent = dir->private, *e = NULL;
	for (const struct proc_entry *c = parent->children; c->name; c++)
		if (strlen(c->name) == d->name_len && memcmp(c->name, d->name, d->name_len) == 0)
			e = c;
	char pid[16];
	size_t n = own_pid_name(pid, sizeof(pid));
	if (!e && parent == &root_dir && n == d->name_len && memcmp(pid, d->name, n) == 0)
		e = &pid_dir;
	if (!e)
		return -ENOENT;
	struct inode *inode = proc_inode(dir->sb, e);
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

/* Positions: ".", "..", the fixed children, then (in the root) the caller's pid. */
static int proc_iterate(struct file *f, struct dir_context *ctx)
{
	const struct proc_entry *dir = f->inode->private;
	size_t nr = 0;
	while (dir->children[nr].name)
		nr++;
	for (;;) {
		u64 i = ctx->pos;
		char pid[16];
		bool ok;
		if (i == 0)
			ok = ctx->emit(ctx, ".", 1, f->inode->ino, type_of(S_IFDIR), 1);
		else if (i == 1)
			ok = ctx->emit(ctx, "..", 2, 1, type_of(S_IFDIR), 2);
		else if (i - 2 < nr)
			ok = ctx->emit(ctx, dir->children[i - 2].name, strlen(dir->children[i - 2].name), 0x1000 + i,
				       type_of(dir->children[i - 2].mode), i + 1);
		else if (i - 2 == nr && dir == &root_dir)
			ok = ctx->emit(ctx, pid, own_pid_name(pid, sizeof(pid)), 0x2000, type_of(S_IFDIR), i + 1);
		else
			return 0;
		if (!ok)
			return 0;
		ctx->pos = i + 1;
	}
}

struct super_block *procfs_create(void)
{
	struct super_block *sb = sb_alloc("proc", PROC_SUPER_MAGIC);
	if (!sb)
		return NULL;
	if (sb_set_root(sb, proc_inode(sb, &root_dir))) {
		kfree(sb);
		return NULL;
	}
	return sb;
}
