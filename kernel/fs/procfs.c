/*
 * procfs.c — the few /proc files the C and Rust start-up paths read, made
 * as a text snapshot when opened: /proc/self/maps (same line format as
 * Linux's fs/proc/task_mmu.c show_map_vma) and /proc/meminfo (MemTotal,
 * MemFree). The full procfs comes with the VFS.
 */
#include <fs.h>

#include <format.h>
#include <kmalloc.h>
#include <mm.h>
#include <page.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

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

static void maps_line(struct snapshot *s, const struct vma *v, const struct mm *mm)
{
	const char *name = "";
	u64 ino = 0, off = 0;
	if (v->file) {
		name = v->file->path;
		ino = v->file->ino;
		off = v->file_offset;
	} else if (v->flags & VMA_STACK) {
		name = "[stack]";
	} else if (v->flags & VMA_HEAP) {
		name = "[heap]";
	} else if (v->flags & VMA_SPECIAL) {
		name = v->special->name;
	}
	int len = 0;
	char line[128];
	len = snprintf(line, sizeof(line), "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ", (unsigned long)v->start,
		       (unsigned long)v->end, (v->prot & UPROT_READ) ? 'r' : '-', (v->prot & UPROT_WRITE) ? 'w' : '-',
		       (v->prot & UPROT_EXEC) ? 'x' : '-', (v->flags & VMA_SHARED) ? 's' : 'p', (unsigned long)off,
		       v->file ? 0 : 0, v->file ? 1 : 0, (unsigned long)ino);
	if (*name)
		snap_printf(s, "%s%*s%s\n", line, MAX(73 - len, 1), "", name);
	else
		snap_printf(s, "%s\n", line);
}

static ssize_t snap_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	if (pos >= f->size)
		return 0;
	size_t n = MIN(len, f->size - pos);
	return iobuf_copy_out(dst, 0, (const char *)f->private + pos, n);
}

static int snap_stat(struct file *f, struct kstat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = 0x16; /* procfs reports size 0 */
	st->st_ino = f->ino;
	st->st_mode = f->mode;
	st->st_nlink = 1;
	st->st_blksize = 1024;
	return 0;
}

static void snap_release(struct file *f)
{
	kfree(f->private);
}

static const struct file_ops snapshot_ops = {
	.read = snap_read,
	.stat = snap_stat,
	.release = snap_release,
	.seekable = true,
	.seek_set_cur_only = true, /* seq_lseek */
};

static void fill_maps(struct snapshot *s)
{
	struct mm *mm = current()->mm;
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	struct vma *v;
	list_for_each_entry(v, &mm->vmas, node)
		maps_line(s, v, mm);
	spin_unlock_irqrestore(&mm->lock, irq);
}

static void fill_meminfo(struct snapshot *s)
{
	snap_printf(s, "MemTotal:       %8lu kB\n", (unsigned long)(page_total_count() * 4));
	snap_printf(s, "MemFree:        %8lu kB\n", (unsigned long)(page_free_count() * 4));
	snap_printf(s, "MemAvailable:   %8lu kB\n", (unsigned long)(page_free_count() * 4));
}

struct file *procfs_open(const char *path, long *err)
{
	void (*fill)(struct snapshot * s);
	size_t cap;
	if (strcmp(path, "/proc/self/maps") == 0 && current()->mm) {
		fill = fill_maps;
		cap = 128 * (size_t)(current()->mm->nr_vmas + 1);
	} else if (strcmp(path, "/proc/meminfo") == 0) {
		fill = fill_meminfo;
		cap = 256;
	} else {
		*err = -ENOENT;
		return NULL;
	}
	struct snapshot s = {.text = kmalloc(cap), .len = 0, .cap = cap};
	struct file *f = s.text ? file_alloc(&snapshot_ops, NULL, S_IFREG | 0444) : NULL;
	if (!f) {
		kfree(s.text);
		*err = -ENOMEM;
		return NULL;
	}
	fill(&s);
	f->private = s.text;
	f->size = s.len;
	f->flags = O_RDONLY;
	if (strscpy(f->path, path, sizeof(f->path)) < 0) {
		/* long paths are cut: only shown in /proc/self/maps */
	}
	*err = 0;
	return f;
}
