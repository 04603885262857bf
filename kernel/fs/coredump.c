/*
 * coredump.c — writing a core file (coredump.h; Linux fs/coredump.c
 * do_coredump and format_corename, fs/binfmt_elf.c elf_core_dump).
 *
 * proc/coredump.c calls coredump_write with the process's other threads
 * gone. The file:
 *   - is named by kernel.core_pattern (default "core"; %% %p %P %i %I %u %g
 *     %d %s %t %h %e %E %c as core(5) says; another %x is dropped) relative
 *     to the working directory, with ".PID" appended when
 *     kernel.core_uses_pid is set and the pattern has no %p. A pattern that
 *     starts with '|' names a helper program and its arguments (split at
 *     spaces, then expanded): it is started (init/spawn.c) with a pipe as
 *     its stdin, and the core goes down the pipe (open_pipe).
 *   - is not written when the process is not dumpable (PR_SET_DUMPABLE 0)
 *     or RLIMIT_CORE is below a page (Linux binfmt->min_coredump); bytes past
 *     RLIMIT_CORE are left out, the core still counts as written (the
 *     wait status's 0x80), as in Linux, which sets the bit once the notes
 *     are collected.
 *   - is opened O_CREAT|O_WRONLY|O_NOFOLLOW, mode 0600 less the umask,
 *     must be a regular file with one link owned by the dumping fsuid
 *     (Linux's checks after filp_open), and only then is truncated.
 * The image (ELF64, ET_CORE, EM_AARCH64): the header, one PT_NOTE and one
 * PT_LOAD per VMA in address order, then the notes — per thread, the
 * dumper's first: NT_PRSTATUS, (first thread only) NT_PRPSINFO, NT_SIGINFO,
 * NT_AUXV, NT_FILE, then its other register sets (NT_PRFPREG "CORE",
 * NT_ARM_TLS and NT_ARM_SYSTEM_CALL "LINUX") — then at the next page each
 * VMA's dumped bytes. Which VMAs have bytes follows the process's
 * /proc/PID/coredump_filter (vma_dump_size; default 0x33: private
 * anonymous memory and private file memory that was written, shared
 * anonymous memory, the first page of a mapped ELF file), never a VMA
 * marked MADV_DONTDUMP, always the vDSO; the others only have their
 * PT_LOAD (and a file's name in NT_FILE). Pages never touched are holes
 * (zeros).
 * gdb-multiarch reads the result (docs/architecture.md, "Core dumps").
 */
#include <coredump.h>

#include <cred.h>
#include <format.h>
#include <fs.h>
#include <kmalloc.h>
#include <mm.h>
#include <page.h>
#include <pid.h>
#include <printk.h>
#include <process.h>
#include <spinlock.h>
#include <string.h>
#include <task.h>
#include <uapi/elf.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/prctl.h>
#include <uapi/ptrace.h>
#include <uapi/resource.h>
#include <uapi/stat.h>
#include <uts.h>
#include <vfs.h>

#define ELF_PRARGSZ 80
#define NT_PRPSINFO 3
#define NT_AUXV 6
#define NT_SIGINFO 0x53494749
#define NT_FILE 0x46494c45
#define MMF_DUMP_ANON_PRIVATE 0x1u
#define MMF_DUMP_ANON_SHARED 0x2u
#define MMF_DUMP_MAPPED_PRIVATE 0x4u
#define MMF_DUMP_MAPPED_SHARED 0x8u
#define MMF_DUMP_ELF_HEADERS 0x10u

/* kernel.core_pattern and kernel.core_uses_pid [pattern_lock] */
static struct spinlock pattern_lock = SPINLOCK_INIT("core_pattern");
static char core_pattern[CORENAME_MAX_SIZE] = "core";
static int core_uses_pid;
static int core_pipe_limit; /* kernel.core_pipe_limit [atomic] */
static int core_dump_count; /* pipe dumps in progress [atomic] */

/* ---- the sysctls ---------------------------------------------------------------- */

void coredump_pattern_get(char out[CORENAME_MAX_SIZE])
{
	unsigned long irq = spin_lock_irqsave(&pattern_lock);
	memcpy(out, core_pattern, CORENAME_MAX_SIZE);
	spin_unlock_irqrestore(&pattern_lock, irq);
}

/* proc_dostring: the text up to the first newline, cut to fit. */
int coredump_pattern_set(const char *text, size_t len)
{
	size_t n = 0;
	while (n < len && n < CORENAME_MAX_SIZE - 1 && text[n] != '\n' && text[n] != '\0')
		n++;
	unsigned long irq = spin_lock_irqsave(&pattern_lock);
	memcpy(core_pattern, text, n);
	core_pattern[n] = '\0';
	spin_unlock_irqrestore(&pattern_lock, irq);
	return 0;
}

int coredump_uses_pid_get(void)
{
	return __atomic_load_n(&core_uses_pid, __ATOMIC_RELAXED);
}

void coredump_uses_pid_set(int value)
{
	__atomic_store_n(&core_uses_pid, value, __ATOMIC_RELAXED);
}

/* ---- the name (format_corename) --------------------------------------------------- */

struct core_name {
	char buf[CORENAME_MAX_SIZE + 32];
	size_t used;
	bool pipe;			    /* a "|program" pattern: buf holds its arguments */
	int argc;			    /* how many, for a pipe */
	size_t argv[CORENAME_MAX_SIZE / 2]; /* where each starts in buf */
};

/* Appends text; escaped: '/' becomes '!' (cn_esc_printf). */
static void name_add(struct core_name *cn, const char *text, bool escape)
{
	for (; *text && cn->used < sizeof(cn->buf) - 1; text++)
		cn->buf[cn->used++] = (escape && *text == '/') ? '!' : *text;
	cn->buf[cn->used] = '\0';
}

static void name_add_num(struct core_name *cn, u64 value)
{
	char num[24];
	snprintf(num, sizeof(num), "%lu", (unsigned long)value);
	name_add(cn, num, false);
}

/* %E: the executable's path ("comm (path unknown)" without one). */
static void name_add_exe(struct core_name *cn, struct task *t)
{
	char *path = NULL;
	if (t->mm && t->mm->exe_file && file_path(t->mm->exe_file, &path) == 0) {
		name_add(cn, path, true);
		kfree(path);
		return;
	}
	name_add(cn, t->comm, true);
	name_add(cn, " (path unknown)", false);
}

/* One %-specifier of core(5). */
static void name_add_spec(struct core_name *cn, char spec, const struct core_state *cs)
{
	struct task *t = current();
	const struct cred *c = cred_current();
	char host[UTS_NAME_LEN + 1];
	switch (spec) {
	case '%': name_add(cn, "%", false); break;
	case 'p':
	case 'P': name_add_num(cn, (u64)t->group->pid); break;
	case 'i':
	case 'I': name_add_num(cn, (u64)t->tid); break;
	case 'u': name_add_num(cn, c->uid); break;
	case 'g': name_add_num(cn, c->gid); break;
	case 'd': name_add_num(cn, (u64)__atomic_load_n(&t->group->dumpable, __ATOMIC_RELAXED)); break;
	case 's': name_add_num(cn, (u64)cs->sig); break;
	case 't': name_add_num(cn, (u64)vfs_now().sec); break;
	case 'h':
		uts_get(c->uts_ns, UTS_NAME_HOST, host);
		name_add(cn, host, true);
		break;
	case 'e': name_add(cn, t->comm, true); break;
	case 'E': name_add_exe(cn, t); break;
	case 'c': name_add_num(cn, __atomic_load_n(&t->group->rlimits[RLIMIT_CORE][0], __ATOMIC_RELAXED)); break;
	default: break; /* unknown: dropped */
	}
}

/*
 * The file name, or for a '|' pattern the helper's arguments: the pattern
 * after the '|' split at spaces before the %-specifiers are expanded (so
 * %e and %E stay one argument), each ended by a NUL in buf. False when a
 * pipe pattern names no program.
 */
static bool format_corename(struct core_name *cn, const struct core_state *cs)
{
	char pattern[CORENAME_MAX_SIZE];
	coredump_pattern_get(pattern);
	bool pid_in_pattern = false, was_space = false;
	cn->used = 0;
	cn->buf[0] = '\0';
	cn->pipe = pattern[0] == '|';
	cn->argc = 0;
	if (cn->pipe)
		cn->argv[cn->argc++] = 0;
	for (const char *p = pattern + cn->pipe; *p; p++) {
		if (cn->pipe && *p == ' ') {
			was_space |= cn->used != 0;
			continue;
		}
		if (was_space && cn->used < sizeof(cn->buf) - 1 && cn->argc < (int)ARRAY_SIZE(cn->argv)) {
			was_space = false;
			cn->buf[cn->used++] = '\0'; /* the argument before ends */
			cn->argv[cn->argc++] = cn->used;
		}
		if (*p != '%') {
			char one[2] = {*p, '\0'};
			name_add(cn, one, false);
			continue;
		}
		if (!*++p)
			break; /* a single % at the end is dropped */
		pid_in_pattern |= *p == 'p';
		name_add_spec(cn, *p, cs);
	}
	if (cn->pipe)
		return cn->used != 0; /* "|" alone: Linux's -ENOMEM, no dump */
	if (!pid_in_pattern && coredump_uses_pid_get()) {
		name_add(cn, ".", false);
		name_add_num(cn, (u64)current()->group->pid);
	}
	return true;
}

/* ---- writing with RLIMIT_CORE (dump_emit, dump_skip) ------------------------------ */

struct dump {
	struct file *file;
	u64 pos;     /* where the next byte goes */
	u64 written; /* bytes written: what RLIMIT_CORE limits */
	u64 limit;
	bool hole;	   /* the file ends in skipped bytes */
	const void *zeros; /* a pipe: a page of zeros that a hole is written as */
};

static bool dump_emit(struct dump *d, const void *buf, size_t len)
{
	if (d->written + len > d->limit)
		return false;
	size_t done = 0;
	while (done < len) {
		struct iobuf src = {.user = false, .kaddr = (char *)buf + done};
		ssize_t n = d->file->ops->write(d->file, &src, len - done, d->pos);
		if (n <= 0)
			return false;
		done += (size_t)n;
		d->pos += (u64)n;
		d->written += (u64)n;
	}
	d->hole = false;
	return true;
}

/* Linux dump_skip: a hole in a file; zeros into a pipe, which cannot seek. */
static void dump_skip(struct dump *d, u64 len)
{
	if (d->zeros) {
		while (len && dump_emit(d, d->zeros, MIN(len, PAGE_SIZE)))
			len -= MIN(len, PAGE_SIZE);
		return;
	}
	if (len) {
		d->pos += len;
		d->hole = true;
	}
}

static void dump_align(struct dump *d, u64 align)
{
	dump_skip(d, ALIGN_UP(d->pos, align) - d->pos);
}

/* ---- the VMAs ----------------------------------------------------------------------- */

struct core_vma {
	vaddr_t start, end;
	unsigned prot, flags;
	struct file *file; /* a reference, or NULL */
	u64 file_offset;
	u64 dump_size; /* bytes of it in the file */
};

static bool file_is_elf(struct file *f)
{
	char magic[SELFMAG];
	return file_read_kernel(f, magic, SELFMAG, 0) == SELFMAG && memcmp(magic, ELFMAG, SELFMAG) == 0;
}

/* Linux vma_dump_size under the process's coredump_filter (no huge pages
 * or DAX here: bits 5 to 8 change nothing). */
static u64 vma_dump_size(const struct core_vma *v, unsigned filter)
{
	u64 whole = v->end - v->start;
	if (v->flags & VMA_SPECIAL) /* always_dump_vma: [vdso], [vvar] */
		return whole;
	if (v->flags & VMA_DONTDUMP) /* MADV_DONTDUMP */
		return 0;
	if (v->flags & VMA_SHARED) {
		bool anon = !v->file || v->file->inode->nlink == 0;
		return (filter & (anon ? MMF_DUMP_ANON_SHARED : MMF_DUMP_MAPPED_SHARED)) ? whole : 0;
	}
	/* private memory that was written (Linux: vma->anon_vma, made by the
	 * first write fault; a VMA only read maps the zero page and has none) */
	if ((v->flags & VMA_ANON_PAGES) && (filter & MMF_DUMP_ANON_PRIVATE))
		return whole;
	if (!v->file)
		return 0;
	if (filter & MMF_DUMP_MAPPED_PRIVATE)
		return whole;
	if ((filter & MMF_DUMP_ELF_HEADERS) && v->file_offset == 0 && (v->prot & UPROT_READ) &&
	    ((v->file->inode->mode & 0111) || file_is_elf(v->file)))
		return PAGE_SIZE;
	return 0;
}

/* A copy of mm's VMAs (the process's threads are gone: they no longer change). */
static struct core_vma *snapshot_vmas(struct mm *mm, int *count)
{
	unsigned long irq = spin_lock_irqsave(&mm->lock);
	int n = mm->nr_vmas;
	spin_unlock_irqrestore(&mm->lock, irq);
	struct core_vma *vmas = kzalloc(sizeof(*vmas) * (size_t)(n ? n : 1));
	if (!vmas)
		return NULL;
	int i = 0;
	irq = spin_lock_irqsave(&mm->lock);
	struct vma *v;
	list_for_each_entry(v, &mm->vmas, node) {
		if (i == n)
			break;
		vmas[i] = (struct core_vma){.start = v->start,
					    .end = v->end,
					    .prot = v->prot,
					    .flags = v->flags,
					    .file = v->file,
					    .file_offset = v->file_offset};
		if (v->file)
			file_get(v->file);
		i++;
	}
	spin_unlock_irqrestore(&mm->lock, irq);
	unsigned filter = __atomic_load_n(&mm->dump_filter, __ATOMIC_RELAXED);
	for (int j = 0; j < i; j++)
		vmas[j].dump_size = vma_dump_size(&vmas[j], filter);
	*count = i;
	return vmas;
}

static void free_vmas(struct core_vma *vmas, int count)
{
	for (int i = 0; i < count; i++)
		if (vmas[i].file)
			file_put(vmas[i].file);
	kfree(vmas);
}

/* ---- the notes ------------------------------------------------------------------------ */

/* A growing buffer of ELF notes. */
struct notes {
	char *buf;
	size_t len, cap;
	bool failed; /* out of memory */
};

static void notes_reserve(struct notes *n, size_t more)
{
	if (n->failed || n->len + more <= n->cap)
		return;
	size_t cap = MAX(n->cap * 2, n->len + more + 1024);
	char *buf = kzalloc(cap);
	if (!buf) {
		n->failed = true;
		return;
	}
	if (n->buf)
		memcpy(buf, n->buf, n->len);
	kfree(n->buf);
	n->buf = buf;
	n->cap = cap;
}

/* One note: {namesz, descsz, type}, the name and the description, each
 * padded to 4 bytes (ELF gABI, "Note Section"). */
static void note_add(struct notes *n, const char *name, u32 type, const void *desc, size_t size)
{
	u32 namesz = (u32)strlen(name) + 1;
	size_t total = 12 + ALIGN_UP(namesz, 4) + ALIGN_UP(size, 4);
	notes_reserve(n, total);
	if (n->failed)
		return;
	char *p = n->buf + n->len;
	u32 head[3] = {namesz, (u32)size, type};
	memset(p, 0, total);
	memcpy(p, head, sizeof(head));
	memcpy(p + 12, name, namesz);
	memcpy(p + 12 + ALIGN_UP(namesz, 4), desc, size);
	n->len += total;
}

/* struct elf_prstatus of arm64 (include/linux/elfcore.h). */
struct kernel_old_timeval {
	s64 sec, usec;
};

struct elf_prstatus {
	s32 si_signo, si_code, si_errno; /* pr_info */
	s16 cursig;
	u64 sigpend, sighold;
	s32 pid, ppid, pgrp, sid;
	struct kernel_old_timeval utime, stime, cutime, cstime;
	u64 reg[34]; /* elf_gregset_t: user_pt_regs */
	s32 fpvalid;
};
_Static_assert(sizeof(struct elf_prstatus) == 392, "arm64 struct elf_prstatus");

/* struct elf_prpsinfo (include/uapi/linux/elfcore.h). */
struct elf_prpsinfo {
	char state, sname, zomb, nice;
	u64 flag;
	u32 uid, gid;
	s32 pid, ppid, pgrp, sid;
	char fname[16];
	char psargs[ELF_PRARGSZ];
};
_Static_assert(sizeof(struct elf_prpsinfo) == 136, "struct elf_prpsinfo");

static struct kernel_old_timeval timeval_of(u64 ns)
{
	return (struct kernel_old_timeval){.sec = (s64)(ns / NSEC_PER_SEC), .usec = (s64)(ns % NSEC_PER_SEC) / 1000};
}

/* The process's ids as prstatus and prpsinfo give them. */
struct core_ids {
	s32 pid, ppid, pgrp, sid;
};

static struct core_ids process_ids(struct thread_group *g)
{
	struct core_ids ids = {.pid = g->pid, .ppid = __atomic_load_n(&g->ppid, __ATOMIC_RELAXED)};
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	ids.pgrp = g->pgrp ? g->pgrp->nr : 0;
	ids.sid = g->session ? g->session->nr : 0;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ids;
}

static void note_prstatus(struct notes *n, const struct core_state *cs, const struct core_thread *ct,
			  const struct core_ids *ids)
{
	struct elf_prstatus pr = {.si_signo = cs->sig,
				  .cursig = (s16)cs->sig,
				  .sigpend = ct->sigpend,
				  .sighold = ct->sighold,
				  .pid = ct->tid,
				  .ppid = ids->ppid,
				  .pgrp = ids->pgrp,
				  .sid = ids->sid,
				  .utime = timeval_of(ct->utime_ns),
				  .stime = timeval_of(ct->stime_ns)};
	memcpy(pr.reg, ct->sets[0].data, MIN(sizeof(pr.reg), ct->sets[0].size));
	pr.fpvalid = ct->nr_sets > 1 && ct->sets[1].nt == NT_PRFPREG;
	note_add(n, "CORE", NT_PRSTATUS, &pr, sizeof(pr));
}

/* fill_psinfo: the command line (NULs as spaces), ids, state 'R'. */
static void note_prpsinfo(struct notes *n, struct task *t, const struct core_ids *ids)
{
	struct elf_prpsinfo ps = {.sname = 'R',
				  .nice = (char)t->nice,
				  .pid = ids->pid,
				  .ppid = ids->ppid,
				  .pgrp = ids->pgrp,
				  .sid = ids->sid};
	const struct cred *c = cred_current();
	ps.uid = c->uid;
	ps.gid = c->gid;
	memcpy(ps.fname, t->comm, sizeof(ps.fname));
	struct mm *mm = t->mm;
	size_t len = MIN(mm->arg_end - mm->arg_start, (u64)ELF_PRARGSZ - 1);
	if (len && vm_copy_from(mm, ps.psargs, mm->arg_start, len) == 0) {
		for (size_t i = 0; i < len; i++)
			if (ps.psargs[i] == '\0')
				ps.psargs[i] = ' ';
	} else {
		memset(ps.psargs, 0, sizeof(ps.psargs));
	}
	note_add(n, "CORE", NT_PRPSINFO, &ps, sizeof(ps));
}

/* NT_AUXV: the vector exec gave, through its AT_NULL pair. */
static void note_auxv(struct notes *n, struct mm *mm)
{
	size_t words = 0;
	while (words + 2 <= MM_SAVED_AUXV_WORDS) {
		words += 2;
		if (mm->saved_auxv[words - 2] == 0 /* AT_NULL */)
			break;
	}
	note_add(n, "CORE", NT_AUXV, mm->saved_auxv, words * sizeof(u64));
}

/* NT_FILE: count, page size, {start, end, file page} per file VMA, then their paths. */
static void note_file(struct notes *n, const struct core_vma *vmas, int nr)
{
	u64 count = 0;
	size_t names = 0;
	char **paths = kzalloc(sizeof(char *) * (size_t)(nr ? nr : 1));
	if (!paths)
		return;
	for (int i = 0; i < nr; i++) {
		if (!vmas[i].file)
			continue;
		if (file_path(vmas[i].file, &paths[i]))
			paths[i] = NULL;
		names += (paths[i] ? strlen(paths[i]) : 0) + 1;
		count++;
	}
	size_t size = 16 + 24 * count + names;
	char *desc = count ? kzalloc(size) : NULL;
	if (desc) {
		u64 *w = (u64 *)desc;
		*w++ = count;
		*w++ = PAGE_SIZE;
		char *s = desc + 16 + 24 * count;
		for (int i = 0; i < nr; i++) {
			if (!vmas[i].file)
				continue;
			*w++ = vmas[i].start;
			*w++ = vmas[i].end;
			*w++ = vmas[i].file_offset / PAGE_SIZE;
			size_t len = paths[i] ? strlen(paths[i]) : 0;
			memcpy(s, paths[i] ? paths[i] : "", len + 1);
			s += len + 1;
		}
		note_add(n, "CORE", NT_FILE, desc, size);
		kfree(desc);
	}
	for (int i = 0; i < nr; i++)
		kfree(paths[i]);
	kfree(paths);
}

/* The notes in Linux's order (write_note_info): per thread, the dumper's first. */
static void collect_notes(struct notes *n, const struct core_state *cs, const struct core_vma *vmas, int nr)
{
	struct task *t = current();
	struct core_ids ids = process_ids(t->group);
	for (const struct core_thread *ct = cs->threads; ct; ct = ct->next) {
		note_prstatus(n, cs, ct, &ids);
		if (ct == cs->threads) {
			struct siginfo_user info;
			note_prpsinfo(n, t, &ids);
			signal_fill_info(&info, cs->sig, &cs->cause);
			note_add(n, "CORE", NT_SIGINFO, &info, sizeof(info));
			note_auxv(n, t->mm);
			note_file(n, vmas, nr);
		}
		for (int i = 1; i < ct->nr_sets; i++)
			note_add(n, ct->sets[i].nt == NT_PRFPREG ? "CORE" : "LINUX", ct->sets[i].nt, ct->sets[i].data,
				 ct->sets[i].size);
	}
}

/* ---- the image ------------------------------------------------------------------------- */

static void fill_phdr(struct elf64_phdr *ph, u32 type, u32 flags, u64 offset, u64 vaddr, u64 filesz, u64 memsz,
		      u64 align)
{
	*ph = (struct elf64_phdr){.p_type = type,
				  .p_flags = flags,
				  .p_offset = offset,
				  .p_vaddr = vaddr,
				  .p_filesz = filesz,
				  .p_memsz = memsz,
				  .p_align = align};
}

/* dump_user_range: each page copied, or a hole where nothing was ever
 * mapped (or only the zero page); false once the limit stops it. */
static bool dump_vma(struct dump *d, struct mm *mm, const struct core_vma *v, void *page)
{
	for (u64 off = 0; off < v->dump_size; off += PAGE_SIZE) {
		if (vm_dump_page(mm, v->start + off, page) == 1) {
			if (!dump_emit(d, page, PAGE_SIZE))
				return false;
		} else {
			dump_skip(d, PAGE_SIZE);
		}
	}
	return true;
}

/* The ELF image (elf_core_dump); stops quietly at the limit. */
static void write_image(struct dump *d, const struct notes *n, const struct core_vma *vmas, int nr)
{
	struct mm *mm = current()->mm;
	u16 phnum = (u16)MIN(nr + 1, PN_XNUM - 1);
	struct elf64_hdr eh = {.e_type = ET_CORE,
			       .e_machine = EM_AARCH64,
			       .e_version = EV_CURRENT,
			       .e_phoff = sizeof(eh),
			       .e_ehsize = sizeof(eh),
			       .e_phentsize = sizeof(struct elf64_phdr),
			       .e_phnum = phnum};
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	if (!dump_emit(d, &eh, sizeof(eh)))
		return;
	u64 offset = sizeof(eh) + (u64)phnum * sizeof(struct elf64_phdr);
	struct elf64_phdr ph;
	fill_phdr(&ph, PT_NOTE, 0, offset, 0, n->len, 0, 4);
	if (!dump_emit(d, &ph, sizeof(ph)))
		return;
	u64 data = ALIGN_UP(offset + n->len, PAGE_SIZE);
	for (int i = 0; i + 1 < phnum; i++) {
		const struct core_vma *v = &vmas[i];
		u32 flags = ((v->prot & UPROT_READ) ? PF_R : 0) | ((v->prot & UPROT_WRITE) ? PF_W : 0) |
			    ((v->prot & UPROT_EXEC) ? PF_X : 0);
		fill_phdr(&ph, PT_LOAD, flags, data, v->start, v->dump_size, v->end - v->start, PAGE_SIZE);
		if (!dump_emit(d, &ph, sizeof(ph)))
			return;
		data += v->dump_size;
	}
	if (!dump_emit(d, n->buf, n->len))
		return;
	dump_align(d, PAGE_SIZE);
	void *page = kzalloc(PAGE_SIZE);
	if (!page)
		return;
	for (int i = 0; i + 1 < phnum; i++)
		if (!dump_vma(d, mm, &vmas[i], page))
			break;
	kfree(page);
}

/* ---- the file ---------------------------------------------------------------------------- */

/* filp_open, Linux's checks on what it opened, then the truncation (only
 * of a file that passed them: do_coredump's vfs_truncate). */
static int open_core(const char *name, struct file **out)
{
	int err = vfs_open_at(NULL, name, O_CREAT | O_WRONLY | O_NOFOLLOW | O_LARGEFILE, 0600, out);
	if (err)
		return err;
	struct inode *ino = (*out)->inode;
	err = -EPERM;
	if ((ino->mode & S_IFMT) == S_IFREG && ino->nlink <= 1 && ino->uid == cred_fsuid() && (*out)->ops->write &&
	    ino->iops && ino->iops->truncate) {
		mutex_lock(&ino->lock);
		err = ino->iops->truncate(ino, 0);
		mutex_unlock(&ino->lock);
	}
	if (err)
		file_put(*out);
	return err;
}

int (*coredump_helper_start)(const char *const *argv, int argc, struct file *stdin_file);

/*
 * A "|program" pattern (do_coredump's ispipe branch, umh_pipe_setup): the
 * helper starts with the read end of a new pipe as its stdin, and the core
 * goes into the write end, whatever RLIMIT_CORE says (Linux sets the limit
 * to infinity) unless it is 1, the helper's own (no dump then: a crashing
 * helper would recurse). With kernel.core_pipe_limit set, the dumper
 * waits for the helper to close the pipe (pipe_dump_allowed).
 */
static int open_pipe(struct core_name *cn, struct dump *d)
{
	if (d->limit == 1) {
		printk(KERN_WARNING "Process %d(%s) has RLIMIT_CORE set to 1\nAborting core", current()->group->pid,
		       current()->comm);
		return -EPERM;
	}
	d->limit = ~0ULL;
	struct file *rd;
	int err = coredump_helper_start ? pipe_create(0, &rd, &d->file) : -ENOEXEC;
	if (err)
		return err;
	const char *argv[ARRAY_SIZE(cn->argv)];
	for (int i = 0; i < cn->argc; i++)
		argv[i] = cn->buf + cn->argv[i];
	err = coredump_helper_start(argv, cn->argc, rd);
	file_put(rd); /* the helper's fd 0 holds it */
	if (err) {
		printk(KERN_INFO "Core dump to |%s pipe failed", cn->buf);
		file_put(d->file);
	}
	return err;
}

int coredump_pipe_limit_get(void)
{
	return __atomic_load_n(&core_pipe_limit, __ATOMIC_RELAXED);
}

void coredump_pipe_limit_set(int value)
{
	__atomic_store_n(&core_pipe_limit, value, __ATOMIC_RELAXED);
}

/* kernel.core_pipe_limit: 0, no limit and no waiting; else at most that
 * many pipe dumps at once (the others are skipped), and each dumper waits
 * for its helper to close the pipe (Linux wait_for_dump_helpers). */
static bool pipe_dump_allowed(void)
{
	unsigned limit = (unsigned)coredump_pipe_limit_get(); /* Linux's is unsigned */
	int count = __atomic_add_fetch(&core_dump_count, 1, __ATOMIC_RELAXED);
	if (limit && limit < (unsigned)count) {
		printk(KERN_WARNING "Pid %d(%s) over core_pipe_limit\nSkipping core dump", current()->group->pid,
		       current()->comm);
		return false;
	}
	return true;
}

static bool coredump_write(const struct core_state *cs)
{
	struct task *t = current();
	struct thread_group *g = t->group;
	if (!t->mm || __atomic_load_n(&g->dumpable, __ATOMIC_RELAXED) == SUID_DUMP_DISABLE)
		return false;
	struct core_name *cn = kzalloc(sizeof(*cn));
	if (!cn)
		return false;
	bool dumped = false;
	struct dump d = {.limit = __atomic_load_n(&g->rlimits[RLIMIT_CORE][0], __ATOMIC_RELAXED)};
	if (!format_corename(cn, cs))
		goto out_free_name;
	if (cn->pipe) {
		bool allowed = pipe_dump_allowed();
		d.zeros = kzalloc(PAGE_SIZE);
		if (!allowed || !d.zeros || open_pipe(cn, &d))
			goto out_drop_count;
	} else if (d.limit < PAGE_SIZE || open_core(cn->buf, &d.file)) {
		goto out_free_name;
	}
	int nr = 0;
	struct core_vma *vmas = snapshot_vmas(t->mm, &nr);
	struct notes n = {0};
	if (vmas)
		collect_notes(&n, cs, vmas, nr);
	if (vmas && !n.failed) {
		dumped = true; /* elf_core_dump: has_dumped once the notes are made */
		write_image(&d, &n, vmas, nr);
		if (d.hole) { /* the file's size covers its last hole */
			d.pos--;
			(void)dump_emit(&d, "", 1);
		}
	}
	kfree(n.buf);
	if (vmas)
		free_vmas(vmas, nr);
	if (cn->pipe && coredump_pipe_limit_get())
		pipe_wait_for_readers(d.file);
	file_put(d.file);
out_drop_count:
	if (cn->pipe)
		__atomic_sub_fetch(&core_dump_count, 1, __ATOMIC_RELAXED);
out_free_name:
	kfree((void *)d.zeros);
	kfree(cn);
	return dumped;
}

void coredump_init(void)
{
	coredump_writer = coredump_write;
}
