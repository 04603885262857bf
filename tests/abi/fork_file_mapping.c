/* fork_file_mapping: after fork(2) a child sees every file mapping as its
 * parent left it, including those whose page tables a kernel may skip
 * copying because their pages all come from the page cache (Linux
 * mm/memory.c vma_needs_copy; LevitateOS mm/vm.c does the same). "The child
 * inherits copies of the parent's set of open memory mappings" (fork(2));
 * MAP_PRIVATE writes are copy-on-write and stay private to the process that
 * made them, MAP_SHARED writes are seen by both (mmap(2)). A 4-page file in
 * /tmp, page i filled with 'a' + i, is mapped read-only private, read-write
 * private (page 1 written before the fork, then pages 2-3 split off by
 * mprotect), and shared; the parent reads everything, forks, and the two
 * processes check and write in turns through pipes (child first). */
#include "lvtest.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#define PG 4096
#define NPAGES 4

static int page_is(const char *m, int page, char c)
{
	for (int i = 0; i < PG; i++) {
		if (m[page * PG + i] != c)
			return 0;
	}
	return 1;
}

static void fill(char *m, int page, char c)
{
	memset(m + page * PG, c, PG);
}

static char *map(int fd, int prot, int flags)
{
	void *m = mmap(NULL, NPAGES * PG, prot, flags, fd, 0);
	if (m == MAP_FAILED) {
		say("mmap failed: %s\n", errname(errno));
		return NULL;
	}
	return m;
}

static int sum(const char *m)
{
	int s = 0;
	for (int i = 0; i < NPAGES * PG; i += 512)
		s += m[i];
	return s;
}

int main(void)
{
	const char *path = "/tmp/fork_file_mapping";
	unlink(path);
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	yesno("create the file", fd >= 0);
	static char buf[NPAGES * PG];
	for (int i = 0; i < NPAGES; i++)
		fill(buf, i, (char)('a' + i));
	yesno("write 4 pages", write(fd, buf, sizeof buf) == (ssize_t)sizeof buf);

	char *ro = map(fd, PROT_READ, MAP_PRIVATE);
	char *pw = map(fd, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	char *sh = map(fd, PROT_READ | PROT_WRITE, MAP_SHARED);
	if (!ro || !pw || !sh) {
		done();
		return 0;
	}
	say("parent read sums: %d %d %d\n", sum(ro), sum(pw), sum(sh));
	fill(pw, 1, 'P');
	yesno("mprotect pages 2-3 of the private mapping read-only", mprotect(pw + 2 * PG, 2 * PG, PROT_READ) == 0);

	int to_child[2], to_parent[2];
	yesno("pipes", pipe(to_child) == 0 && pipe(to_parent) == 0);
	char token = 't';
	pid_t pid = fork();
	if (pid == 0) {
		yesno("child: read-only private mapping is the file", memcmp(ro, buf, sizeof buf) == 0);
		yesno("child: private page 0 is the file's", page_is(pw, 0, 'a'));
		yesno("child: private page 1 has the parent's write", page_is(pw, 1, 'P'));
		yesno("child: split-off pages 2-3 are the file's", page_is(pw, 2, 'c') && page_is(pw, 3, 'd'));
		yesno("child: shared mapping is the file", memcmp(sh, buf, sizeof buf) == 0);
		fill(pw, 0, 'C');
		fill(pw, 1, 'D');
		fill(sh, 3, 'S');
		yesno("child: own private writes", page_is(pw, 0, 'C') && page_is(pw, 1, 'D'));
		write(to_parent[1], &token, 1);
		read(to_child[0], &token, 1);
		yesno("child: sees the parent's shared write", page_is(sh, 2, 'T'));
		yesno("child: not the parent's private write", page_is(pw, 0, 'C'));
		yesno("child: read-only mapping shows the shared write", page_is(ro, 2, 'T'));
		_exit(0);
	}
	read(to_parent[0], &token, 1); /* the child prints first */
	yesno("fork", pid > 0);
	yesno("parent: sees the child's shared write", page_is(sh, 3, 'S'));
	yesno("parent: not the child's private writes", page_is(pw, 0, 'a') && page_is(pw, 1, 'P'));
	fill(pw, 0, 'E');
	fill(sh, 2, 'T');
	write(to_child[1], &token, 1);
	int status = -1;
	yesno("waitpid", waitpid(pid, &status, 0) == pid);
	yesno("child exited 0", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	static char back[NPAGES * PG];
	yesno("pread the file", pread(fd, back, sizeof back, 0) == (ssize_t)sizeof back);
	yesno("file has both shared writes and no private one",
	      page_is(back, 0, 'a') && page_is(back, 1, 'b') && page_is(back, 2, 'T') && page_is(back, 3, 'S'));
	yesno("parent: private page 0 is its own write", page_is(pw, 0, 'E'));
	unlink(path);
	done();
	return 0;
}
