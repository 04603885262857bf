/*
 * proc_internal.h — what the files of the proc file system share
 * (procfs.c: the tree, the inodes, the per-process files and the snapshot
 * machinery; proc_sys.c: /proc/sys; proc_root.c: the system-wide files of
 * the top): a file's text is made into a
 * snapshot at open (struct snapshot, snap_printf), from a struct
 * proc_target (the process it belongs to, with references), by the
 * fill of its struct proc_entry, or by a row of the sysctl_int table.
 */
#pragma once

#include <cred.h>
#include <format.h>
#include <fs.h>
#include <task.h>
#include <types.h>
#include <vfs.h>

struct snapshot {
	char *text;
	size_t len, cap;
	int err; /* read's answer: a write-only file's (proc_entry.read_error), or
		  * a fill's whose reads fail (Linux: a seq_file show's error) */
};

__attribute__((format(printf, 2, 3))) static inline void snap_printf(struct snapshot *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (s->len < s->cap) {
		int n = vsnprintf(s->text + s->len, s->cap - s->len, fmt, ap);
		s->len = MIN(s->len + (size_t)n, s->cap);
	}
	va_end(ap);
}

struct proc_target {
	struct thread_group *g; /* a reference */
	int pid;		/* the process */
	int tid;		/* the thread shown; 0 for a zombie (no thread left) */
	char state;		/* fs/proc/array.c task_state_array letter */
	char comm[TASK_COMM_LEN];
	u64 utime_ns, stime_ns;	  /* the thread's (task/N/stat) or the whole process's */
	u64 cutime_ns, cstime_ns; /* its process's reaped children's */
	u64 min_flt, cmin_flt;	  /* page faults: as utime_ns, and the reaped children's */
	u64 blocked, pending;
	int nice;
	int sched_policy, sched_priority;  /* SCHED_* and the real-time priority */
	int cpu;			   /* the CPU the thread runs or last ran on (task_cpu) */
	u64 sig_ignored, sig_caught;	   /* dispositions SIG_IGN, and handlers (bit sig-1) */
	struct mm *mm;			   /* NULL: zombie or kernel thread; else a reference */
	struct files *files;		   /* a reference or NULL */
	struct fs_context *fs;		   /* a reference or NULL */
	const struct cred *cred;	   /* a reference (root's for a zombie) */
	int arg;			   /* the fd of fdinfo/N */
	int tracer_pid;			   /* TracerPid: its ptrace tracer's pid, 0: none */
	bool no_new_privs;		   /* the thread's (status NoNewPrivs) */
	int seccomp_mode, seccomp_filters; /* the thread's (status Seccomp, Seccomp_filters) */
};

enum proc_dir_kind {
	DIR_FIXED, /* children[] only */
	DIR_ROOT,  /* children[] then every pid */
	DIR_FD,	   /* fd/: the open fds, as links */
	DIR_FDINFO,
	DIR_TASK, /* task/: the tids, as directories */
};

/*
 * The integer /proc/sys files (Linux proc_dointvec, proc_dointvec_minmax)
 * that another subsystem keeps behind a getter and a setter: one table
 * row each, read as "%d\n"; a write at offset 0 is one int
 * (sysctl_parse_int) within [min, max], else EINVAL, then given to set
 * (void) or set_checked (its own errno: the subsystem's further rule).
 */
struct sysctl_int {
	int (*get)(void);
	void (*set)(int value);
	int (*set_checked)(int value);
	int min, max;
};

/* What a /proc name is: a directory, a snapshot file or a link. */
struct proc_entry {
	const char *name;
	u32 mode;
	size_t (*size)(struct proc_target *pt);			     /* files: room for the snapshot */
	void (*fill)(struct proc_target *pt, struct snapshot *s);    /* files */
	size_t (*format)(char *buf, size_t cap);		     /* files another subsystem formats whole (below) */
	int (*link)(struct proc_target *pt, int arg, char **target); /* links; arg: the fd, or the entry's */
	int (*jump)(struct proc_target *pt, int arg, struct path *out); /* magic links: the object */
	int (*store)(const char *text, size_t len);			/* writable sysctl files: a write at 0 */
	const struct sysctl_int *int_ctl; /* a table-driven integer sysctl: its fill and store */
	int (*store_target)(struct proc_target *pt, const char *text, size_t len); /* the same, per process */
	const struct proc_entry *children;					   /* DIR_FIXED, DIR_ROOT */
	int arg;								   /* given to link (cwd 1, root 0) */
	enum proc_dir_kind kind;
	const struct file_ops *fops; /* files read as they go, not through a snapshot (pagemap) */
	bool checked;		     /* another user's process: may_access must allow */
	bool sysctl;		     /* a /proc/sys file: its mode binds root too (below) */
	/* A write-only file: what read answers root, who may open it (Linux:
	 * -EIO from pde_read without proc_read, -EINVAL from vfs_read for
	 * file_operations without read). */
	int read_error;
};

#define SYS_FILE(file_name, fill_fn)                                                                \
	{                                                                                           \
		.name = file_name, .mode = S_IFREG | 0444, .size = proc_small_size, .fill = fill_fn \
	}

/* A writable /proc/sys file (mode 0644, owned by root as every /proc/sys file). */
#define SYSCTL_FILE(file_name, fill_fn, store_fn)                                                    \
	{                                                                                            \
		.name = file_name, .mode = S_IFREG | 0644, .size = proc_small_size, .fill = fill_fn, \
		.store = store_fn, .sysctl = true                                                    \
	}
/* A /proc/sys file that is read-only on Linux too (mode 0444): opening it
 * for writing is EACCES even for root (snap_open). */
/* A writable integer /proc/sys file of the sysctl_int table. */
#define SYSCTL_INT(file_name, ctl)                                                                                  \
	{                                                                                                           \
		.name = file_name, .mode = S_IFREG | 0644, .size = proc_small_size, .int_ctl = &ctl, .sysctl = true \
	}
#define SYSCTL_RO_FILE(file_name, fill_fn)                                                                          \
	{                                                                                                           \
		.name = file_name, .mode = S_IFREG | 0444, .size = proc_small_size, .fill = fill_fn, .sysctl = true \
	}

/*
 * A file whose whole text another subsystem formats (its *_proc_format, with
 * snprintf's rules: the whole length is returned even past cap), as Linux's
 * seq_file shows a table one record at a time: the snapshot's room is found
 * by formatting once without a buffer, plus FORMAT_SLACK for the objects made
 * before the second, real formatting (the text is cut there, never overrun).
 */
#define FORMAT_SLACK 4096
#define FORMAT_FILE(file_name, format_fn)                                      \
	{                                                                      \
		.name = file_name, .mode = S_IFREG | 0444, .format = format_fn \
	}

/* A small file's snapshot room (most /proc files). */
size_t proc_small_size(struct proc_target *pt);

/* proc_sys.c: the /proc/sys tree, and the sysctl_int rows' read and write. */
extern const struct proc_entry proc_sys_entries[];
void proc_sysctl_int_fill(const struct sysctl_int *c, struct snapshot *s);
int proc_sysctl_int_store(const struct sysctl_int *c, const char *text, size_t len);

/* proc_root.c: the system-wide files of /proc's top (root_entries). */
void proc_fill_meminfo(struct proc_target *pt, struct snapshot *s);
void proc_fill_uptime(struct proc_target *pt, struct snapshot *s);
void proc_fill_version(struct proc_target *pt, struct snapshot *s);
void proc_fill_system_stat(struct proc_target *pt, struct snapshot *s);
void proc_fill_interrupts(struct proc_target *pt, struct snapshot *s);
void proc_fill_cmdline(struct proc_target *pt, struct snapshot *s);
void proc_fill_swaps(struct proc_target *pt, struct snapshot *s);
void proc_fill_devices(struct proc_target *pt, struct snapshot *s);
void proc_fill_partitions(struct proc_target *pt, struct snapshot *s);
void proc_fill_vmstat(struct proc_target *pt, struct snapshot *s);
void proc_fill_loadavg(struct proc_target *pt, struct snapshot *s);
void proc_fill_filesystems(struct proc_target *pt, struct snapshot *s);
int proc_store_sysrq_trigger(const char *text, size_t len);
size_t proc_cpuinfo_size(struct proc_target *pt);
void proc_fill_cpuinfo(struct proc_target *pt, struct snapshot *s);
