/* coredump_abort_elf: a signal whose default action is "core" writes an ELF
 * core file (Linux fs/coredump.c do_coredump, fs/binfmt_elf.c
 * elf_core_dump; core(5)). With RLIMIT_CORE raised, a child that aborts
 * leaves "core" in its working directory and its wait status has
 * WCOREDUMP; the file is ET_CORE for EM_AARCH64 whose first program header
 * is PT_NOTE with the notes gdb reads (NT_PRSTATUS per thread, NT_PRPSINFO,
 * NT_SIGINFO, NT_AUXV, NT_FILE, NT_PRFPREG), and the PT_LOAD covering a
 * global holds the value the child stored there. Then the rules around it:
 * RLIMIT_CORE 0 and PR_SET_DUMPABLE 0 write nothing and leave WCOREDUMP
 * clear; an old core file is truncated and replaced, a directory named
 * "core" takes none; a one-page limit still dumps (truncated); waitid reports
 * CLD_DUMPED; kernel.core_pattern's %e and %p and kernel.core_uses_pid name
 * the file. */
#include "lvtest.h"
#include <elf.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define MARK 0x1eda7e5c0de5eedUL
static volatile unsigned long marker; /* .bss: written by the child */

static void set_core_limit(rlim_t soft)
{
	struct rlimit r = {soft, RLIM_INFINITY};
	if (setrlimit(RLIMIT_CORE, &r))
		say("setrlimit: %s\n", errname(errno));
}

static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* Forks a child that stores MARK and aborts (with a second thread when
 * threads); returns the raw wait status. */
static int abort_child(int threads, int undumpable, pid_t *pidp)
{
	pid_t pid = fork();
	if (pid == 0) {
		marker = MARK;
		if (undumpable)
			prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
		pthread_t t;
		if (threads)
			pthread_create(&t, NULL, sleeper, NULL);
		abort();
	}
	int status = 0;
	waitpid(pid, &status, 0);
	if (pidp)
		*pidp = pid;
	return status;
}

static char *read_all(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	struct stat st;
	fstat(fd, &st);
	char *buf = malloc((size_t)st.st_size + 1);
	size_t got = 0;
	ssize_t n;
	while (buf && got < (size_t)st.st_size && (n = read(fd, buf + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)n;
	close(fd);
	*len = got;
	return buf;
}

struct note_seen {
	int prstatus, prpsinfo, siginfo, auxv, file, fpregset;
	int prstatus_pid_ok, cursig, si_signo;
	char fname[17];
};

static void walk_notes(const char *core, const Elf64_Phdr *ph, pid_t pid, struct note_seen *s)
{
	const char *p = core + ph->p_offset, *end = p + ph->p_filesz;
	while (p + 12 <= end) {
		const Elf64_Nhdr *nh = (const Elf64_Nhdr *)p;
		const char *name = p + 12;
		const char *desc = name + ((nh->n_namesz + 3) & ~3u);
		int core_name = nh->n_namesz == 5 && memcmp(name, "CORE", 5) == 0;
		if (core_name && nh->n_type == NT_PRSTATUS) {
			s->prstatus++;
			int ppid;
			short cursig;
			memcpy(&cursig, desc + 12, sizeof cursig);
			memcpy(&ppid, desc + 32, sizeof ppid);
			if (s->prstatus == 1) {
				s->prstatus_pid_ok = ppid == pid;
				s->cursig = cursig;
			}
		}
		if (core_name && nh->n_type == NT_PRPSINFO) {
			s->prpsinfo++;
			memcpy(s->fname, desc + 40, 16);
		}
		if (core_name && nh->n_type == NT_SIGINFO) {
			s->siginfo++;
			memcpy(&s->si_signo, desc, sizeof(int));
		}
		s->auxv += core_name && nh->n_type == NT_AUXV;
		s->file += core_name && nh->n_type == NT_FILE;
		s->fpregset += core_name && nh->n_type == NT_FPREGSET;
		p = desc + ((nh->n_descsz + 3) & ~3u);
	}
}

/* The value of marker in the PT_LOAD that covers it; 0 if none holds it. */
static unsigned long marker_in_core(const char *core, size_t len, const Elf64_Ehdr *eh)
{
	unsigned long addr = (unsigned long)&marker, value = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const Elf64_Phdr *)(core + eh->e_phoff + i * sizeof(Elf64_Phdr));
		if (ph->p_type != PT_LOAD || addr < ph->p_vaddr || addr + 8 > ph->p_vaddr + ph->p_filesz)
			continue;
		if (ph->p_offset + (addr - ph->p_vaddr) + 8 <= len)
			memcpy(&value, core + ph->p_offset + (addr - ph->p_vaddr), 8);
	}
	return value;
}

static void check_core(const char *path, pid_t pid)
{
	size_t len = 0;
	char *core = read_all(path, &len);
	yesno("the core file exists", core != NULL);
	if (!core)
		return;
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)core;
	yesno("ELF magic, 64-bit, little-endian", len >= sizeof *eh && memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 &&
							  eh->e_ident[EI_CLASS] == ELFCLASS64 &&
							  eh->e_ident[EI_DATA] == ELFDATA2LSB);
	yesno("e_type ET_CORE, e_machine EM_AARCH64", eh->e_type == ET_CORE && eh->e_machine == EM_AARCH64);
	yesno("e_phentsize is an Elf64_Phdr, e_phnum >= 2", eh->e_phentsize == sizeof(Elf64_Phdr) && eh->e_phnum >= 2);
	const Elf64_Phdr *note = (const Elf64_Phdr *)(core + eh->e_phoff);
	yesno("the first program header is PT_NOTE", note->p_type == PT_NOTE);
	struct note_seen s = {0};
	walk_notes(core, note, pid, &s);
	say("notes: prstatus %d prpsinfo %d siginfo %d auxv %d file %d fpregset %d\n", s.prstatus, s.prpsinfo,
	    s.siginfo, s.auxv, s.file, s.fpregset);
	yesno("NT_PRSTATUS: the pid and SIGABRT", s.prstatus_pid_ok && s.cursig == SIGABRT);
	yesno("NT_SIGINFO: si_signo SIGABRT", s.si_signo == SIGABRT);
	say("NT_PRPSINFO pr_fname: %s\n", s.fname);
	yesno("the PT_LOAD covering the global holds the child's value", marker_in_core(core, len, eh) == MARK);
	free(core);
}

static void show_status(const char *what, int status)
{
	say("%s: signaled %d sig %d core %d\n", what, WIFSIGNALED(status), WTERMSIG(status), WCOREDUMP(status) != 0);
}

int main(void)
{
	say_file("core_pattern", "/proc/sys/kernel/core_pattern");
	say_file("core_uses_pid", "/proc/sys/kernel/core_uses_pid");
	mkdir("/tmp/coredump", 0700);
	if (chdir("/tmp/coredump"))
		say("chdir: %s\n", errname(errno));
	unlink("core");

	set_core_limit(RLIM_INFINITY);
	pid_t pid;
	show_status("abort, RLIMIT_CORE unlimited", abort_child(0, 0, &pid));
	check_core("core", pid);
	unlink("core");

	show_status("abort with a second thread", abort_child(1, 0, &pid));
	size_t len;
	char *core = read_all("core", &len);
	if (core) {
		struct note_seen s = {0};
		walk_notes(core, (const Elf64_Phdr *)(core + ((Elf64_Ehdr *)core)->e_phoff), pid, &s);
		say("two threads: NT_PRSTATUS notes %d, the dumper's first %d\n", s.prstatus, s.prstatus_pid_ok);
		free(core);
	}
	unlink("core");

	/* an old, longer "core" is replaced; a directory named "core" takes none */
	int old = open("core", O_CREAT | O_WRONLY, 0600);
	ftruncate(old, 64 << 20);
	close(old);
	show_status("abort over an old 64 MiB core", abort_child(0, 0, NULL));
	struct stat st;
	yesno("the old core was truncated first", stat("core", &st) == 0 && st.st_size < (64 << 20));
	unlink("core");
	mkdir("core", 0700);
	show_status("abort with a directory named core", abort_child(0, 0, NULL));
	rmdir("core");

	set_core_limit(0);
	show_status("abort, RLIMIT_CORE 0", abort_child(0, 0, NULL));
	yesno("RLIMIT_CORE 0: no core file", access("core", F_OK) != 0);

	set_core_limit(4096);
	show_status("abort, RLIMIT_CORE 4096", abort_child(0, 0, NULL));
	yesno("RLIMIT_CORE 4096: a core of at most 4096 bytes",
	      stat("core", &st) == 0 && st.st_size > 0 && st.st_size <= 4096);
	unlink("core");

	set_core_limit(RLIM_INFINITY);
	show_status("abort, PR_SET_DUMPABLE 0", abort_child(0, 1, NULL));
	yesno("not dumpable: no core file", access("core", F_OK) != 0);

	pid = fork();
	if (pid == 0)
		raise(SIGQUIT);
	siginfo_t si = {0};
	waitid(P_PID, pid, &si, WEXITED);
	yesno("waitid: CLD_DUMPED, SIGQUIT", si.si_code == CLD_DUMPED && si.si_status == SIGQUIT);
	unlink("core");

	write_sysctl("/proc/sys/kernel/core_pattern", "c-%e-%p-%%\n");
	say_file("core_pattern now", "/proc/sys/kernel/core_pattern");
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_NAME, "dumper/x", 0, 0, 0);
		raise(SIGSEGV);
	}
	int status;
	waitpid(pid, &status, 0);
	show_status("SIGSEGV with core_pattern c-%e-%p-%%", status);
	char name[64];
	snprintf(name, sizeof name, "c-dumper!x-%d-%%", (int)pid);
	yesno("the file is named c-dumper!x-PID-%", access(name, F_OK) == 0);
	unlink(name);

	write_sysctl("/proc/sys/kernel/core_pattern", "core");
	write_sysctl("/proc/sys/kernel/core_uses_pid", "1");
	show_status("abort with core_uses_pid 1", abort_child(0, 0, &pid));
	snprintf(name, sizeof name, "core.%d", (int)pid);
	yesno("the file is named core.PID", access(name, F_OK) == 0);
	unlink(name);
	write_sysctl("/proc/sys/kernel/core_uses_pid", "0");

	say_file("tainted", "/proc/sys/kernel/tainted");
	chdir("/");
	rmdir("/tmp/coredump");
	done();
	return 0;
}
