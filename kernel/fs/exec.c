/*
 * exec.c — load an ELF executable into a new address space and build the
 * initial stack exactly as Linux does (fs/binfmt_elf.c create_elf_tables):
 * from the top, the file name, the environment and argument strings, the
 * platform string, 16 random bytes, then (16-byte aligned) argc, argv[],
 * NULL, envp[], NULL, auxv pairs, AT_NULL. The program starts with sp
 * pointing at argc.
 *
 * Static programs (ET_EXEC, static-pie ET_DYN) start at their own entry. A
 * dynamically linked one names its interpreter in PT_INTERP (glibc's
 * ld-linux-aarch64.so.1, musl's ld-musl-aarch64.so.1): it is opened and
 * mapped too, and the program starts at the interpreter's entry with AT_BASE
 * (where the interpreter is), AT_ENTRY, AT_PHDR and AT_PHNUM (the program)
 * telling it what to link (Linux load_elf_binary / load_elf_interp). Only
 * the headers are read; every segment is a private file mapping read on
 * first touch through the page cache, so text pages are shared between all
 * processes that run the same file. The bss beyond p_filesz reads as zero
 * (vma.file_limit), the rest is anonymous. See docs/exec.md.
 *
 * Placement and address-space layout randomisation follow Linux/arm64 with
 * randomize_va_space = 2 (the default): the stack top moves down by up to
 * 1 GiB (STACK_RND_MASK 0x3ffff pages), the mmap base (where an ET_DYN
 * interpreter goes) and a PIE's load address by up to 1 GiB (mmap_rnd_bits
 * 18), the break by up to 1 GiB (arch_randomize_brk). "norandmaps" on the
 * command line turns it off for every exec, the personality flag
 * ADDR_NO_RANDOMIZE (setarch -R) for the process's own execs (Linux
 * load_elf_binary sets PF_RANDOMIZE only without it); an exec that gains
 * capabilities clears that flag first (PER_CLEAR_ON_SETID, begin_new_exec).
 */
#include <exec.h>

#include <arch.h>
#include <cred.h>
#include <elf.h>
#include <signal.h>
#include <fs.h>
#include <fsnotify.h>
#include <kmalloc.h>
#include <mm.h>
#include <printk.h>
#include <process.h>
#include <ptrace.h>
#include <random.h>
#include <string.h>
#include <task.h>
#include <timers.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/resource.h>
#include <uapi/stat.h>
#include <vdso.h>
#include <vfs.h>

#define ET_DYN_BASE ALIGN_DOWN(2 * USER_VA_END / 3, 0x10000UL) /* Linux arm64 ELF_ET_DYN_BASE */
#define STACK_TOP USER_VA_END				       /* Linux arm64 STACK_TOP (48-bit VA) */
#define MIN_MMAP_GAP (128UL << 20)			       /* Linux mm/util.c MIN_GAP */
#define STACK_RND_PAGES 0x3ffffUL			       /* arm64 STACK_RND_MASK */
#define MMAP_RND_PAGES ((1UL << 18) - 1)		       /* arm64 mmap_rnd_bits default */
#define BRK_RND_RANGE (1UL << 30)			       /* arm64 arch_randomize_brk: SZ_1G */

bool exec_randomize = true; /* cleared by "norandmaps" on the command line */

/* include/uapi/linux/personality.h */
#define ADDR_NO_RANDOMIZE 0x0040000
#define PER_CLEAR_ON_SETID 0x0340000 /* READ_IMPLIES_EXEC | ADDR_NO_RANDOMIZE | ADDR_COMPAT_LAYOUT | MMAP_PAGE_ZERO */

/* A random page-aligned offset of at most mask pages (0 without ASLR). */
static u64 random_pages(bool randomize, u64 mask)
{
	u64 r = 0;
	if (randomize)
		random_get_bytes(&r, sizeof(r));
	return (r & mask) << PAGE_SHIFT;
}
#define INITIAL_STACK (128UL << 10)

static unsigned elf_prot(u32 flags)
{
	return ((flags & PF_R) ? UPROT_READ : 0) | ((flags & PF_W) ? UPROT_WRITE : 0) |
	       ((flags & PF_X) ? UPROT_EXEC : 0);
}

struct load_result {
	u64 bias;	   /* added to the program's p_vaddr */
	u64 entry;	   /* where the program starts: its e_entry (AT_ENTRY) */
	u64 phdr_addr;	   /* its program headers in memory (AT_PHDR) */
	u64 brk;	   /* the end of its highest segment */
	u64 interp_base;   /* the interpreter's load address (AT_BASE), 0 without one */
	u64 start_pc;	   /* the first instruction: the interpreter's entry, else entry */
	vaddr_t vdso_base; /* AT_SYSINFO_EHDR, 0 if there is no vDSO */
	/* the lowest start and highest file end of its PF_X segments (Linux
	 * load_elf_binary's start_code and end_code; ~0 and 0 without one) */
	u64 start_code, end_code;
	bool randomize; /* this exec's layout is randomised (Linux PF_RANDOMIZE) */
};

/*
 * An ELF file being loaded: the open file, its first bytes (the ELF header
 * and the program headers, read through the file as Linux's kernel_read of
 * bprm->buf and load_elf_phdrs) and what elf.c found in them. The rest of the
 * file is never copied: segments are mapped from it.
 */
struct elf_image {
	struct file *file;
	bool denied; /* holds inode_deny_write_access on the file */
	u8 *head;
	size_t head_len;
	struct elf_info info;
};

/*
 * Maps the PT_LOAD segments of img at p_vaddr + bias as private file
 * mappings (Linux elf_map + set_brk): the file part of each segment is read
 * on first touch, the bytes between p_filesz and the end of its page read as
 * zero (vma.file_limit), whole pages past it are anonymous (the bss).
 * Fills r's entry, phdr_addr and brk from this image.
 */
static int map_segments(struct mm *mm, const struct elf_image *img, u64 bias, struct load_result *r)
{
	const struct elf_info *info = &img->info;
	r->bias = bias;
	r->phdr_addr = 0;
	r->brk = 0;
	r->start_code = ~0ULL;
	r->end_code = 0;
	for (int i = 0; i < info->phnum; i++) {
		const Elf64_Phdr *ph = elf_phdr(img->head, info, i);
		if (ph->p_type != PT_LOAD)
			continue;
		u64 va = ph->p_vaddr + bias;
		vaddr_t start = ALIGN_DOWN(va, PAGE_SIZE);
		vaddr_t file_end = ALIGN_UP(va + ph->p_filesz, PAGE_SIZE);
		vaddr_t mem_end = ALIGN_UP(va + ph->p_memsz, PAGE_SIZE);
		unsigned prot = elf_prot(ph->p_flags);
		if (file_end > start) {
			int err = vm_map_file(mm, start, file_end - start, prot, 0, img->file, img->file->ops->mmap,
					      ALIGN_DOWN(ph->p_offset, PAGE_SIZE), ph->p_offset + ph->p_filesz);
			if (err)
				return err;
		}
		if (mem_end > file_end) {
			int err = vm_map(mm, file_end, mem_end - file_end, prot, 0);
			if (err)
				return err;
		}
		if (info->phoff >= ph->p_offset && info->phoff < ph->p_offset + ph->p_filesz)
			r->phdr_addr = info->phoff - ph->p_offset + va;
		r->brk = MAX(r->brk, mem_end);
		if (ph->p_flags & PF_X) {
			r->start_code = MIN(r->start_code, va);
			r->end_code = MAX(r->end_code, va + ph->p_filesz);
		}
	}
	r->entry = info->entry + bias;
	return 0;
}

/*
 * Where an ET_DYN program goes (Linux 6.1 load_elf_binary): at
 * ELF_ET_DYN_BASE plus the mmap randomisation, aligned down to the largest
 * PT_LOAD alignment, so that its first segment lands there. (Linux puts a
 * static-pie without interpreter in the mmap area instead; we keep it at
 * ELF_ET_DYN_BASE, where its break goes in both kernels.) ET_EXEC: no bias.
 */
static u64 program_bias(const struct elf_info *info, bool randomize)
{
	if (info->type != ET_DYN)
		return 0;
	u64 base = ALIGN_DOWN(ET_DYN_BASE + random_pages(randomize, MMAP_RND_PAGES), info->max_align);
	return base - info->min_vaddr;
}

/*
 * The interpreter (Linux load_elf_interp): an ET_DYN one is placed as one
 * block of its whole span in the mmap area, top-down below mmap_base as any
 * mmap without a hint (so after the program, the stack and before the vDSO);
 * an ET_EXEC one at its own addresses. r->interp_base and r->start_pc are
 * set; the program's fields of r are kept.
 */
static int map_interpreter(struct mm *mm, const struct elf_image *interp, struct load_result *r)
{
	const struct elf_info *info = &interp->info;
	u64 bias = 0;
	if (info->type == ET_DYN) {
		vaddr_t at = vm_find_free(mm, info->max_vaddr - info->min_vaddr, 0);
		if (!at)
			return -ENOMEM;
		bias = at - info->min_vaddr;
	}
	struct load_result ir;
	int err = map_segments(mm, interp, bias, &ir);
	if (err)
		return err;
	r->interp_base = bias;
	r->start_pc = ir.entry;
	return 0;
}

/* Builds the initial stack in mm; returns the initial sp or 0 on failure. */
struct stack_builder {
	struct mm *mm;
	const struct cred *cred; /* the program's credentials */
	vaddr_t sp;
	int err;
};

static vaddr_t push_bytes(struct stack_builder *b, const void *data, size_t len)
{
	b->sp -= len;
	if (!b->err)
		b->err = vm_copy_to(b->mm, b->sp, data, len);
	return b->sp;
}

static vaddr_t push_string(struct stack_builder *b, const char *s)
{
	return push_bytes(b, s, strlen(s) + 1);
}

#define AUXV_MAX 24

static int build_stack(struct stack_builder *b, const char *path, const char *const *argv, int argc,
		       const char *const *envp, int envc, const struct load_result *r, const struct elf_info *info)
{
	vaddr_t *arg_ptrs = kvzalloc(sizeof(vaddr_t) * (size_t)(argc + envc + 2)); /* up to 2 MiB */
	if (!arg_ptrs)
		return -ENOMEM;
	push_bytes(b, "\0\0\0\0\0\0\0", 8); /* Linux leaves a NULL word at the very top */
	vaddr_t execfn = push_string(b, path);
	b->mm->env_end = b->sp;
	for (int i = envc - 1; i >= 0; i--)
		arg_ptrs[argc + i] = push_string(b, envp[i]);
	b->mm->env_start = b->mm->arg_end = b->sp;
	for (int i = argc - 1; i >= 0; i--)
		arg_ptrs[i] = push_string(b, argv[i]);
	b->mm->arg_start = b->sp;
	vaddr_t platform = push_string(b, arch_platform());
	u8 random[16];
	random_get_bytes(random, sizeof(random));
	b->sp = ALIGN_DOWN(b->sp, 16);
	vaddr_t random_addr = push_bytes(b, random, sizeof(random));

	u64 auxv[AUXV_MAX * 2];
	int n = 0;
#define AUX(key, val)                   \
	do {                            \
		auxv[n++] = (key);      \
		auxv[n++] = (u64)(val); \
	} while (0)
	if (r->vdso_base)
		AUX(AT_SYSINFO_EHDR, r->vdso_base); /* first, as Linux/arm64's ARCH_DLINFO */
	AUX(AT_MINSIGSTKSZ, arch_min_sigstksz());
	AUX(AT_HWCAP, arch_hwcap());
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, 100);
	AUX(AT_PHDR, r->phdr_addr);
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, info->phnum);
	AUX(AT_BASE, r->interp_base);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, r->entry);
	/* the ids after exec (no set-user-ID files yet: the caller's). A
	 * secure exec is one whose effective ids differ from the real ones
	 * (security/commoncap.c: __is_setuid compares the new euid with the
	 * old real uid; capabilities follow euid 0, so that rule covers them) */
	AUX(AT_UID, b->cred->uid);
	AUX(AT_EUID, b->cred->euid);
	AUX(AT_GID, b->cred->gid);
	AUX(AT_EGID, b->cred->egid);
	AUX(AT_SECURE, b->cred->euid != b->cred->uid || b->cred->egid != b->cred->gid);
	AUX(AT_RANDOM, random_addr);
	AUX(AT_HWCAP2, arch_hwcap2());
	AUX(AT_EXECFN, execfn);
	AUX(AT_PLATFORM, platform);
	AUX(AT_NULL, 0);
#undef AUX
	_Static_assert(AUXV_MAX * 2 <= MM_SAVED_AUXV_WORDS, "saved_auxv holds the whole vector");
	memcpy(b->mm->saved_auxv, auxv, (size_t)n * 8);
	/* argc + argv + NULL + envp + NULL + auxv, with sp 16-byte aligned at argc */
	size_t words = 1 + (size_t)argc + 1 + (size_t)envc + 1 + (size_t)n;
	b->sp = ALIGN_DOWN(b->sp - words * 8, 16);
	vaddr_t at = b->sp;
	u64 argc64 = (u64)argc, zero = 0;
	if (!b->err)
		b->err = vm_copy_to(b->mm, at, &argc64, 8);
	at += 8;
	for (int i = 0; i < argc && !b->err; i++, at += 8)
		b->err = vm_copy_to(b->mm, at, &arg_ptrs[i], 8);
	if (!b->err)
		b->err = vm_copy_to(b->mm, at, &zero, 8);
	at += 8;
	for (int i = 0; i < envc && !b->err; i++, at += 8)
		b->err = vm_copy_to(b->mm, at, &arg_ptrs[argc + i], 8);
	if (!b->err)
		b->err = vm_copy_to(b->mm, at, &zero, 8);
	at += 8;
	if (!b->err)
		b->err = vm_copy_to(b->mm, at, auxv, (size_t)n * 8);
	kvfree(arg_ptrs);
	return b->err;
}

/*
 * The point of no return of execve in a process with several threads
 * (Linux de_thread): the other threads are killed and the caller waits
 * until it is the only one; a thread other than the leader then takes over
 * the process's pid (its own tid is freed), so the process keeps its pid.
 * Fails with -EAGAIN, changing nothing, when the process is already ending
 * or another thread is exec'ing (that one has sent us SIGKILL).
 */
static int de_thread(struct task *t)
{
	struct thread_group *g = t->group;
	unsigned long irq = spin_lock_irqsave(&g->lock);
	if (g->group_exiting || g->exec_task) {
		spin_unlock_irqrestore(&g->lock, irq);
		return -EAGAIN;
	}
	g->exec_task = t;
	struct task *other;
	list_for_each_entry(other, &g->threads, group_node) {
		if (other != t) {
			other->killed_for_exec = true;
			signal_send_group(other, SIGKILL);
		}
	}
	spin_unlock_irqrestore(&g->lock, irq);
	wait_event(&g->child_exit_wait, g->nr_threads == 1);
	irq = spin_lock_irqsave(&tasklist_lock);
	if (g->own_pid && t->pid != g->own_pid) {
		CHECK(!g->own_pid->task); /* the leader has gone */
		pid_detach_task(t);
		pid_attach_task(g->own_pid, t);
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	irq = spin_lock_irqsave(&g->lock);
	g->exec_task = NULL;
	spin_unlock_irqrestore(&g->lock, irq);
	return 0;
}

#define EXEC_HEAD 4096u		       /* the first read: ELF header, program headers, interpreter */
#define EXEC_HEAD_MAX (65536u + 4096u) /* the program header table may be up to 64 KiB */

/*
 * The start of the file (through the file, as Linux's kernel_read of
 * bprm->buf): EXEC_HEAD bytes, or more when the program headers reach past
 * them. *head is kmalloc'd (8-byte aligned, as the ELF reader needs).
 */
static int read_head(struct file *f, u8 **head, size_t *len)
{
	u64 size = f->inode->size;
	size_t want = (size_t)MIN(size, (u64)EXEC_HEAD);
	for (;;) {
		u8 *buf = kmalloc(MAX(want, (size_t)64));
		if (!buf)
			return -ENOMEM;
		ssize_t n = file_read_kernel(f, buf, want, 0);
		if (n < 0 || (size_t)n != want) {
			kfree(buf);
			return n < 0 ? (int)n : -EIO;
		}
		const Elf64_Ehdr *eh = (const Elf64_Ehdr *)buf;
		u64 need = want >= sizeof(*eh) ? eh->e_phoff + (u64)eh->e_phnum * sizeof(Elf64_Phdr) : 0;
		if (need <= want || need > size || need > EXEC_HEAD_MAX || want == size) {
			*head = buf;
			*len = want;
			return 0;
		}
		kfree(buf);
		want = (size_t)need;
	}
}

/* An executable is a regular file with execute permission, not on a noexec mount. */
int exec_may_exec(struct file *f)
{
	if ((f->inode->mode & S_IFMT) != S_IFREG || (f->path.mnt && (f->path.mnt->flags & MNT_NOEXEC)))
		return -EACCES;
	return inode_permission(f->inode, MAY_EXEC);
}

static void elf_image_close(struct elf_image *img)
{
	if (img->denied)
		inode_allow_write_access(img->file->inode);
	img->denied = false;
	kfree(img->head);
	if (img->file)
		file_put(img->file);
	img->head = NULL;
	img->file = NULL;
}

/*
 * Opens path as Linux's open_exec (a regular executable file, EACCES
 * otherwise) and checks its ELF headers: -ENOEXEC for something that is not
 * an AArch64 ELF executable. For an interpreter (Linux load_elf_binary's
 * checks of interp_elf_ex): a file too short for an ELF header is -EIO (the
 * short elf_read), anything else wrong -ELIBBAD.
 */
static int elf_image_open(const char *path, struct file *start, bool interpreter, struct elf_image *img)
{
	memset(img, 0, sizeof(*img));
	int err = 0;
	if (start) {
		file_get(start);
		img->file = start;
	} else
		err = vfs_open(path, O_RDONLY, &img->file);
	if (err) {
		img->file = NULL;
		return err;
	}
	err = exec_may_exec(img->file);
	if (!err && !start)
		err = fsnotify_open_perm(img->file, true); /* open_exec's do_dentry_open */
	if (!err)
		err = inode_deny_write_access(img->file->inode); /* open_exec: ETXTBSY if open for writing */
	img->denied = !err;
	if (!err && !start)
		fsnotify_open_exec(img->file); /* do_open_execat: a name was given */
	if (!err)
		err = read_head(img->file, &img->head, &img->head_len);
	if (!err && interpreter && img->head_len < sizeof(Elf64_Ehdr))
		err = -EIO;
	if (!err)
		err = elf_check_header_file(img->head, img->head_len, img->file->inode->size, &img->info);
	if (err == -ENOEXEC && interpreter)
		err = -ELIBBAD;
	/* a file that cannot be mapped (f_op->mmap NULL): load_elf_binary's
	 * -ENOEXEC, load_elf_interp's -EINVAL */
	if (!err && !img->file->ops->mmap)
		err = interpreter ? -EINVAL : -ENOEXEC;
	if (err)
		elf_image_close(img);
	return err;
}

/*
 * The interpreter a dynamically linked program names in PT_INTERP, read
 * through the file (it may lie past the headers); kmalloc'd into *name.
 * Linux load_elf_binary: a name that does not end in a NUL is -ENOEXEC.
 */
static int read_interp_name(const struct elf_image *img, char **name)
{
	const Elf64_Phdr *ph = elf_phdr(img->head, &img->info, img->info.interp_index);
	size_t len = (size_t)ph->p_filesz; /* 2..PATH_MAX, checked by elf.c */
	char *buf = kmalloc(len);
	if (!buf)
		return -ENOMEM;
	ssize_t n = file_read_kernel(img->file, buf, len, ph->p_offset);
	if (n < 0 || (size_t)n != len || buf[len - 1] != '\0') {
		kfree(buf);
		return n < 0 ? (int)n : (size_t)n != len ? -EIO : -ENOEXEC;
	}
	*name = buf;
	return 0;
}

/* Opens the program and, when it names one, its interpreter. */
static int open_program(const char *path, struct file *start, struct elf_image *prog, struct elf_image *interp)
{
	memset(interp, 0, sizeof(*interp));
	int err = elf_image_open(path, start, false, prog);
	if (err || !prog->info.has_interp)
		return err;
	char *name = NULL;
	err = read_interp_name(prog, &name);
	if (!err) {
		err = elf_image_open(name, NULL, true, interp);
		kfree(name);
	}
	if (err)
		elf_image_close(prog);
	return err;
}

/*
 * The stack at the top and the mmap area below it (mm/util.c mmap_base),
 * both randomised; the stack is executable only when PT_GNU_STACK asks for
 * it (Linux setup_arg_pages: EXSTACK_ENABLE_X; arm64 does not make a stack
 * without PT_GNU_STACK executable for 64-bit programs).
 */
static int map_stack(struct task *t, struct mm *mm, const struct elf_info *info, bool randomize)
{
	mm->stack_top = STACK_TOP - random_pages(randomize, STACK_RND_PAGES);
	mm->stack_limit = t->group->rlimits[RLIMIT_STACK][0];
	u64 pad = STACK_GUARD_GAP + (randomize ? (STACK_RND_PAGES << PAGE_SHIFT) : 0);
	u64 gap = MAX(ALIGN_UP(mm->stack_limit, PAGE_SIZE) + pad, MIN_MMAP_GAP);
	mm->mmap_base = STACK_TOP - gap - random_pages(randomize, MMAP_RND_PAGES);
	unsigned prot = UPROT_READ | UPROT_WRITE | ((info->stack_flags & PF_X) ? UPROT_EXEC : 0);
	return vm_map(mm, mm->stack_top - INITIAL_STACK, INITIAL_STACK, prot, VMA_GROWSDOWN | VMA_STACK);
}

/* How an mm holds its executable (Linux 6.1 set_mm_exe_file and
 * dup_mm_exe_file): a reference, and writers kept out while the mm lives. A
 * copy cannot fail: the original's denial keeps writers out already. */
static void exe_file_get(struct file *f)
{
	CHECK(inode_deny_write_access(f->inode) == 0);
	file_get(f);
}

static void exe_file_put(struct file *f)
{
	inode_allow_write_access(f->inode);
	file_put(f);
}

static const struct mm_exe_ops exe_file_ops = {.get = exe_file_get, .put = exe_file_put};

/* Everything of the new image in a new address space: stack, program,
 * interpreter, break, vDSO (Linux's order). */
static int build_image(struct task *t, struct mm *mm, const struct elf_image *prog, const struct elf_image *interp,
		       struct load_result *r)
{
	int err = map_stack(t, mm, &prog->info, r->randomize);
	if (!err)
		err = map_segments(mm, prog, program_bias(&prog->info, r->randomize), r);
	if (err)
		return err;
	r->interp_base = 0;
	r->start_pc = r->entry;
	if (interp->file) {
		err = map_interpreter(mm, interp, r);
		if (err)
			return err;
	}
	/* the break: right after the image (a static-pie's at ELF_ET_DYN_BASE,
	 * as Linux moves it there), randomised within 1 GiB */
	vaddr_t brk = prog->info.type == ET_DYN && !interp->file ? ET_DYN_BASE : r->brk;
	brk = MAX(brk, r->brk) + random_pages(r->randomize, BRK_RND_RANGE / PAGE_SIZE - 1);
	mm->brk_start = mm->brk = brk;
	mm->start_code = r->start_code;
	mm->end_code = r->end_code;
	/* /proc/self/exe; cannot fail: this exec holds a denial already */
	exe_file_get(prog->file);
	mm->exe_file = prog->file;
	mm->exe_ops = &exe_file_ops;
	err = vdso_map(mm, &r->vdso_base);
	mm->vdso_base = r->vdso_base;
	return err;
}

/* Loads the ELF file at file_path (start: that file, open); path is execve's (AT_EXECFN, comm). */
static int load_binary(struct task *t, const char *file_path, struct file *start, const char *path,
		       const char *const *argv, int argc, const char *const *envp, int envc)
{
	struct elf_image prog, interp;
	int err = open_program(file_path, start, &prog, &interp);
	if (err)
		return err;
	struct mm *mm = mm_create();
	err = -ENOMEM;
	if (!mm)
		goto out_close;
	if (t->mm) /* Linux mm_init: the dump filter outlives exec */
		mm->dump_filter = __atomic_load_n(&t->mm->dump_filter, __ATOMIC_RELAXED);
	const struct cred *cred = t->cred ? t->cred : cred_root();
	/* an exec that raises privilege drops the personality flags a caller
	 * could use against it, before they are looked at (Linux: set-id files,
	 * which LevitateOS does not have yet, and capabilities gained,
	 * cap_bprm_creds_from_cred) */
	u32 persona = t->group->personality;
	if (cred_exec_gains_caps(cred))
		persona &= ~PER_CLEAR_ON_SETID;
	struct load_result r = {.randomize = exec_randomize && !(persona & ADDR_NO_RANDOMIZE)};
	err = build_image(t, mm, &prog, &interp, &r);
	if (err)
		goto out_put_mm;
	struct stack_builder b = {.mm = mm, .cred = cred, .sp = mm->stack_top, .err = 0};
	err = build_stack(&b, path, argv, argc, envp, envc, &r, &prog.info);
	if (err)
		goto out_put_mm;
	/* everything that can fail has been done: the old program ends here */
	if (t == current()) {
		err = de_thread(t);
		if (err)
			goto out_put_mm;
	}

	t->group->personality = persona;
	/* swapped under tasklist_lock: procfs takes its reference to t->mm under it */
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	struct mm *old = t->mm;
	t->mm = mm;
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (t == current())
		mm_activate(mm);
	if (old) {
		/* Linux exec_mmap: the old program's high-water mark stays the process's ru_maxrss */
		cputime_note_maxrss(t->group, mm_hiwater_rss(old));
		mm_put(old);
	}
	arch_task_init_user(t, task_user_frame(t), r.start_pc, b.sp);
	const char *base = strrchr(path, '/');
	task_set_comm(t, base ? base + 1 : path);
	elf_image_close(&interp);
	elf_image_close(&prog);
	return 0;

out_put_mm:
	mm_put(mm);
out_close:
	elf_image_close(&interp);
	elf_image_close(&prog);
	return err;
}

/* execve's loader: "#!" lines lead to the binary (binfmt_script.c), then the ELF loader. */
int exec_load(struct task *t, const char *path, struct file *start, bool path_inaccessible, const char *const *argv,
	      int argc, const char *const *envp, int envc)
{
	struct script_chain s;
	int err = binfmt_script_resolve(&s, path, start, path_inaccessible, argv, argc);
	/* not a script: the binary is start itself */
	if (!err)
		err = load_binary(t, s.path, s.path == path ? start : NULL, path, s.argv, s.argc, envp, envc);
	binfmt_script_release(&s);
	return err;
}

/*
 * After a successful exec: descriptors marked close-on-exec close, handlers
 * reset (ignored signals stay ignored), no alternate stack, FP/SIMD and TLS
 * registers cleared, and a vfork parent may go on.
 */
void exec_finish(struct task *t)
{
	if (__atomic_load_n(&t->files->refcount, __ATOMIC_RELAXED) > 1) {
		int err;
		struct files *own = files_dup(t->files, &err); /* unshare (CLONE_FILES siblings keep theirs) */
		if (own) {
			unsigned long irq = spin_lock_irqsave(&tasklist_lock); /* as for t->mm */
			struct files *shared = t->files;
			t->files = own;
			spin_unlock_irqrestore(&tasklist_lock, irq);
			files_put(shared);
		}
	}
	files_close_on_exec(t->files);
	if (__atomic_load_n(&t->sighand->refcount, __ATOMIC_RELAXED) > 1) {
		struct sighand *own = sighand_dup(t->sighand);
		if (own) {
			sighand_put(t->sighand);
			t->sighand = own;
		}
	}
	sighand_reset_for_exec(t->sighand);
	timers_exec(t->group); /* POSIX timers go, interval timers stay (Linux begin_new_exec) */
	if (cred_exec()) {
		printk("levitate: %s[%d]: out of memory for credentials in execve: killed", t->comm, t->group->pid);
		signal_send_group(t, SIGKILL); /* past the point of no return, as Linux */
	}
	t->altstack_sp = t->altstack_size = 0;
	t->clear_child_tid = UADDR_NULL;
	t->robust_list = UADDR_NULL;
	t->rseq = (struct rseq_state){0};
	arch_exec_reset_registers(t);
	struct thread_group *g = t->group;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock); /* the parent stays while we look */
	g->vfork_done = true;
	g->execed = true;
	if (g->parent)
		wake_up_all(&g->parent->child_exit_wait);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (t == current())
		ptrace_exec(t->tid); /* SIGTRAP, or PTRACE_EVENT_EXEC */
}
