/* coredump_pipe_helper: a kernel.core_pattern that starts with '|' names a
 * program the kernel starts for each core dump, with the core on its stdin
 * (core(5) "Piping core dumps to a program"; Linux fs/coredump.c
 * do_coredump, format_corename, umh_pipe_setup; kernel/umh.c). The pattern
 * after the '|' is split at spaces, then each piece's %-specifiers are
 * expanded; the helper runs as root in "/", with no environment, stdin a
 * pipe and no other descriptor, and RLIMIT_CORE 1; the core it reads is the ELF core with the
 * dumper's memory, even when the dumper's RLIMIT_CORE is 0 (pipes ignore
 * it), but a dumper whose RLIMIT_CORE is 1 dumps nothing. The helper
 * reports through a FIFO the test reads (a handshake, no sleeping). */
#include "lvtest.h"
#include <elf.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define FIFO "/tmp/cph-fifo"
#define MARK_LEN 24
#define MIN(a, b) ((a) < (b) ? (a) : (b))

static void make_mark(char *to)
{
	for (int i = 0; i < MARK_LEN; i++)
		((volatile char *)to)[i] = (char)('a' + (i * 11 + 3) % 26);
	to[MARK_LEN] = 0;
}

/* The helper: reads the core from stdin, writes what it saw into the FIFO. */
static int helper(int argc, char **argv)
{
	/* read to the end (the dumper waits while the pipe is full), keeping
	 * the header and looking for the marker across reads */
	static char buf[1 << 16];
	char mark[MARK_LEN + 1];
	make_mark(mark);
	Elf64_Ehdr header = {0};
	Elf64_Ehdr *eh = &header;
	size_t got = 0, keep = 0;
	ssize_t n;
	int found = 0;
	while ((n = read(0, buf + keep, sizeof(buf) - keep)) > 0) {
		size_t len = keep + (size_t)n;
		if (got < sizeof(header))
			memcpy((char *)&header + got, buf + keep, MIN(sizeof(header) - got, (size_t)n));
		got += (size_t)n;
		found |= memmem(buf, len, mark, MARK_LEN) != NULL;
		keep = MIN(len, MARK_LEN - 1);
		memmove(buf, buf + len - keep, keep);
	}
	int fd1 = fcntl(1, F_GETFD) >= 0, fd2 = fcntl(2, F_GETFD) >= 0; /* before the FIFO takes a number */
	int fifo = open(FIFO, O_WRONLY);
	char cwd[64] = "?";
	if (!getcwd(cwd, sizeof(cwd)))
		strcpy(cwd, "?");
	struct rlimit r;
	getrlimit(RLIMIT_CORE, &r);
	struct stat st;
	fstat(0, &st);
	dprintf(fifo, "helper argc %d\n", argc);
	for (int i = 2; i < argc; i++)
		dprintf(fifo, "  arg %d: %s\n", i, i == 2 ? "(pid)" : argv[i]);
	dprintf(fifo, "uid %d, cwd %s, HOME %s, PATH %s\n", (int)getuid(), cwd, getenv("HOME") ? getenv("HOME") : "-",
		getenv("PATH") ? getenv("PATH") : "-");
	dprintf(fifo, "stdin a pipe %s, fd 1 open %s, fd 2 open %s, RLIMIT_CORE %ld/%ld\n",
		S_ISFIFO(st.st_mode) ? "yes" : "no", fd1 ? "yes" : "no", fd2 ? "yes" : "no", (long)r.rlim_cur,
		(long)r.rlim_max);
	dprintf(fifo, "core: ELF ET_CORE %s, EM_AARCH64 %s, holds the marker %s, pid argument is the dumper %s\n",
		got > sizeof(*eh) && memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_type == ET_CORE ? "yes" : "no",
		got > sizeof(*eh) && eh->e_machine == EM_AARCH64 ? "yes" : "no", found ? "yes" : "no",
		argc > 2 && atoi(argv[2]) > 1 ? "yes" : "no");
	close(fifo);
	return 0;
}

/* A child with the marker in its memory and the given RLIMIT_CORE aborts. */
static int abort_child(rlim_t limit)
{
	pid_t pid = fork();
	if (pid == 0) {
		char *m = malloc(4096);
		make_mark(m);
		struct rlimit r = {limit, RLIM_INFINITY};
		setrlimit(RLIMIT_CORE, &r);
		abort();
	}
	int status = 0;
	waitpid(pid, &status, 0);
	return status;
}

/* Reads the helper's report from the FIFO (opening blocks until the helper
 * opens it for writing) and prints it. */
static void show_report(void)
{
	int fd = open(FIFO, O_RDONLY);
	char buf[2048];
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		say("%.*s", (int)n, buf);
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "helper") == 0)
		return helper(argc, argv);
	char self[256] = {0};
	if (readlink("/proc/self/exe", self, sizeof(self) - 1) < 0)
		say("readlink: %s\n", errname(errno));
	char saved[256] = {0}, pattern[512];
	int fd = open("/proc/sys/kernel/core_pattern", O_RDONLY);
	ssize_t n = read(fd, saved, sizeof(saved) - 1);
	close(fd);
	if (n > 0 && saved[n - 1] == '\n')
		saved[n - 1] = 0;
	unlink(FIFO);
	mkfifo(FIFO, 0600);
	snprintf(pattern, sizeof(pattern), "|%s  helper %%p  %%s %%e%%%% x", self);
	say("set pattern: %s\n", write_sysctl("/proc/sys/kernel/core_pattern", pattern) > 0 ? "ok" : "failed");

	int status = abort_child(RLIM_INFINITY);
	show_report();
	say("RLIMIT_CORE unlimited: signal %d, core dumped %s\n", WTERMSIG(status), WCOREDUMP(status) ? "yes" : "no");
	status = abort_child(0);
	show_report();
	say("RLIMIT_CORE 0: signal %d, core dumped %s\n", WTERMSIG(status), WCOREDUMP(status) ? "yes" : "no");
	status = abort_child(1);
	say("RLIMIT_CORE 1: signal %d, core dumped %s\n", WTERMSIG(status), WCOREDUMP(status) ? "yes" : "no");

	write_sysctl("/proc/sys/kernel/core_pattern", saved);
	unlink(FIFO);
	done();
	return 0;
}
