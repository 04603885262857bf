/* mmap_private_page_cache: a MAP_PRIVATE file mapping maps the file's
 * page-cache pages until it writes them (Linux do_read_fault / do_cow_fault):
 *  - a page read through the mapping shows later write(2)s to the file,
 *    in this process and in a forked child (the same page, shared);
 *  - a page the mapping has written is its own copy: later file writes do
 *    not show, and the file does not see the mapping's bytes;
 *  - mprotect of a file mapping keeps the page-cache page;
 *  - MAP_FIXED over a file mapping replaces it (anonymous zeros, then
 *    another file offset).
 * This is how the text of a shared library is one set of pages for every
 * process. Handshakes through pipes, no sleeps. */
#include "lvtest.h"
#include <sys/mman.h>
#include <sys/wait.h>

#define PATH "/tmp/mmap_private_page_cache"
#define PG 4096

static void fill_file(int fd, int page, char c)
{
	char buf[PG];
	memset(buf, c, sizeof(buf));
	if (pwrite(fd, buf, sizeof(buf), (off_t)page * PG) != PG)
		say("pwrite failed: %s\n", errname(errno));
}

int main(void)
{
	int fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	fill_file(fd, 0, 'A');
	fill_file(fd, 1, 'A');
	fill_file(fd, 2, 'A');
	volatile char *m = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (m == MAP_FAILED)
		return 1;
	say("read through the mapping: %c %c %c\n", m[0], m[PG], m[2 * PG]);
	fill_file(fd, 0, 'B');
	say("page 0 after a file write: %c\n", m[0]);
	m[PG] = 'C';
	fill_file(fd, 1, 'D');
	char c;
	if (pread(fd, &c, 1, PG) != 1)
		return 1;
	say("page 1 after the mapping wrote it and the file changed: mapping %c, file %c\n", m[PG], c);

	int go[2], ready[2];
	if (pipe(go) || pipe(ready))
		return 1;
	pid_t pid = fork();
	if (pid == 0) {
		char r = m[0];
		if (write(ready[1], &r, 1) != 1 || read(go[0], &r, 1) != 1)
			_exit(1);
		say("child: page 0 after the parent's file write: %c, page 1: %c\n", m[0], m[PG]);
		_exit(0);
	}
	if (read(ready[0], &c, 1) != 1)
		return 1;
	say("child saw page 0: %c\n", c);
	fill_file(fd, 0, 'E');
	if (write(go[1], "g", 1) != 1)
		return 1;
	int status;
	waitpid(pid, &status, 0);

	mprotect((void *)m, 3 * PG, PROT_READ);
	fill_file(fd, 2, 'F');
	say("page 2 read-only after mprotect and a file write: %c\n", m[2 * PG]);
	mprotect((void *)m, 3 * PG, PROT_READ | PROT_WRITE);
	m[2 * PG] = 'G';
	if (pread(fd, &c, 1, 2 * PG) != 1)
		return 1;
	say("page 2 written after mprotect: mapping %c, file %c\n", m[2 * PG], c);

	void *r = mmap((void *)m, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0);
	say("MAP_FIXED anonymous over page 0: %s, byte %d\n", r == (void *)m ? "same address" : "moved", m[0]);
	r = mmap((void *)m, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 2 * PG);
	say("MAP_FIXED file offset 2 pages over page 0: %s, byte %c\n", r == (void *)m ? "same address" : "moved",
	    m[0]);
	munmap((void *)m, 3 * PG);
	close(fd);
	unlink(PATH);
	done();
	return 0;
}
