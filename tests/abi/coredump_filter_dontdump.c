/* coredump_filter_dontdump: which memory a core dump holds (Linux
 * fs/coredump.c vma_dump_size, fs/proc/base.c coredump_filter, core(5)).
 * /proc/self/coredump_filter reads 00000033 by default as %08x; a write
 * takes a number in any base and keeps its low 9 bits, text is EINVAL; fork
 * and exec keep it. In the core: private anonymous memory is there under
 * bit 0 and not without it, shared anonymous memory under bit 1,
 * MADV_DONTDUMP leaves a mapping out whatever the filter says and
 * MADV_DODUMP puts it back, and a large private mapping never written has
 * no bytes in the file (Linux: no anon_vma), while one whose first byte
 * only was written is there whole but takes no room on disk for the rest
 * (holes). */
#include "lvtest.h"
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define CORE "/tmp/cf-core"
#define BIG (64L << 20)

/* The markers are made in place, a byte at a time, so that no other memory
 * (the program's own file, a stack slot) holds them whole. */
#define MARK_LEN 24
static void make_mark(char *to, char tag)
{
	for (int i = 0; i < MARK_LEN; i++)
		((volatile char *)to)[i] = (char)('a' + (i * 7 + tag) % 26);
	to[MARK_LEN] = 0;
}

static void show_filter(const char *label)
{
	char buf[32] = {0};
	int fd = open("/proc/self/coredump_filter", O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	say("%s: %s", label, n > 0 ? buf : "(nothing)\n");
}

static long write_filter(const char *text)
{
	int fd = open("/proc/self/coredump_filter", O_WRONLY);
	long r = write(fd, text, strlen(text));
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

static int contains(const char *path, const char *needle)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	static char buf[1 << 16];
	size_t nl = strlen(needle), keep = 0;
	ssize_t n;
	int found = 0;
	while (!found && (n = read(fd, buf + keep, sizeof(buf) - keep)) > 0) {
		size_t len = keep + (size_t)n;
		found = memmem(buf, len, needle, nl) != NULL;
		keep = len < nl ? len : nl - 1;
		memmove(buf, buf + len - keep, keep);
	}
	close(fd);
	explicit_bzero(buf, sizeof(buf)); /* no copy for the next child to dump */
	return found;
}

/* The VmFlags line of the mapping at addr in /proc/self/smaps ("dd":
 * MADV_DONTDUMP). */
static void show_vmflags(const void *addr)
{
	static char text[1 << 17];
	int fd = open("/proc/self/smaps", O_RDONLY);
	size_t got = 0;
	ssize_t n;
	while ((n = read(fd, text + got, sizeof(text) - 1 - got)) > 0)
		got += (size_t)n;
	close(fd);
	text[got] = 0;
	char head[32];
	snprintf(head, sizeof(head), "%lx-", (unsigned long)addr);
	char *at = strstr(text, head);
	char *flags = at ? strstr(at, "VmFlags:") : NULL;
	char *end = flags ? strchr(flags, '\n') : NULL;
	if (end)
		*end = 0;
	say("smaps of the advised page: %s\n", flags ? flags : "(not found)");
}

/* A child that maps the markers (and an untouched big mapping), sets the
 * filter, gives the advice to the private marker's page, and aborts. */
static void dump(const char *filter, int advice, int second_advice, int touch_big)
{
	unlink(CORE);
	pid_t pid = fork();
	if (pid == 0) {
		char *priv = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		char *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		char *big = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (touch_big)
			big[0] = 1; /* written once: the whole mapping is dumped, the rest holes */
		make_mark(priv, 'p');
		make_mark(shared, 's');
		if (filter)
			write_filter(filter);
		if (advice >= 0 && madvise(priv, 4096, advice))
			_exit(3);
		if (advice == MADV_DONTDUMP && second_advice < 0)
			show_vmflags(priv);
		if (second_advice >= 0 && madvise(priv, 4096, second_advice))
			_exit(4);
		abort();
	}
	int status = 0;
	waitpid(pid, &status, 0);
	struct stat st = {0};
	stat(CORE, &st);
	char mark_private[MARK_LEN + 1], mark_shared[MARK_LEN + 1];
	make_mark(mark_private, 'p');
	make_mark(mark_shared, 's');
	say("filter %s, advice %d then %d, big %d: core dumped %s, private %s, shared %s, file above 64 MiB %s, "
	    "on disk under 8 MiB %s\n",
	    filter ? filter : "default", advice, second_advice, touch_big, WCOREDUMP(status) ? "yes" : "no",
	    contains(CORE, mark_private) == 1 ? "in" : "out", contains(CORE, mark_shared) == 1 ? "in" : "out",
	    st.st_size > BIG ? "yes" : "no", st.st_blocks * 512 < (8L << 20) ? "yes" : "no");
	explicit_bzero(mark_private, sizeof(mark_private));
	explicit_bzero(mark_shared, sizeof(mark_shared));
}

int main(int argc, char **argv)
{
	if (argc > 1) { /* after exec */
		show_filter("after exec");
		return 0;
	}
	struct rlimit r = {RLIM_INFINITY, RLIM_INFINITY};
	setrlimit(RLIMIT_CORE, &r);
	char saved[256] = {0};
	int fd = open("/proc/sys/kernel/core_pattern", O_RDONLY);
	ssize_t n = read(fd, saved, sizeof(saved) - 1);
	close(fd);
	if (n > 0 && saved[n - 1] == '\n')
		saved[n - 1] = 0;
	write_sysctl("/proc/sys/kernel/core_pattern", CORE);

	show_filter("default");
	say("write 0x7: %ld\n", write_filter("0x7\n"));
	show_filter("after 0x7");
	say("write 1023: %ld\n", write_filter("1023"));
	show_filter("after 1023");
	say("write 017: %ld\n", write_filter("017"));
	show_filter("after 017");
	expect_err("write text", write_filter("abc"), errno, EINVAL);
	expect_err("write -1", write_filter("-1"), errno, EINVAL);
	show_filter("after the errors");
	pid_t pid = fork();
	if (pid == 0) {
		show_filter("in a child");
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	pid = fork();
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], "show", (char *)NULL);
		_exit(1);
	}
	waitpid(pid, NULL, 0);
	write_filter("0x33");

	dump(NULL, -1, -1, 0);
	dump(NULL, -1, -1, 1);
	dump("0x32", -1, -1, 0);
	dump("0x31", -1, -1, 0);
	dump(NULL, MADV_DONTDUMP, -1, 0);
	dump("0x3f", MADV_DONTDUMP, -1, 0);
	dump(NULL, MADV_DONTDUMP, MADV_DODUMP, 0);
	unlink(CORE);
	write_sysctl("/proc/sys/kernel/core_pattern", saved);
	done();
	return 0;
}
