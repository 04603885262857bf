/* remap_file_pages_emulated: remap_file_pages(2) as Linux emulates it since
 * 4.0 (mm/mmap.c SYSCALL_DEFINE5(remap_file_pages)): the range becomes a new
 * shared mapping of the same file at page pgoff, so the bytes seen there
 * and written there are that file page's; a start inside a page is rounded
 * down. EINVAL for a non-zero prot, a zero size, a private mapping, no
 * mapping, a range that runs into a hole or into another file's mapping;
 * shared anonymous memory is remapped within its own object; a System V
 * segment removed (IPC_RMID) while attached only here gives EINVAL and the
 * range is gone (mincore ENOMEM). */
#include "lvtest.h"
#include <fcntl.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>

#define PG 4096L

static long rfp(void *start, long size, long prot, long pgoff, long flags)
{
	return syscall(SYS_remap_file_pages, start, size, prot, pgoff, flags);
}

static int make_file(const char *path, int pages)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char page[PG];
	for (int i = 0; i < pages; i++) {
		memset(page, 'a' + i, sizeof(page));
		if (write(fd, page, sizeof(page)) != (ssize_t)sizeof(page))
			say("write failed\n");
	}
	return fd;
}

static void file_pages(void)
{
	int fd = make_file("/tmp/rfp1", 4);
	/* five pages reserved, so that another mapping can follow (not the vDSO) */
	char *m = mmap(NULL, 5 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	m = mmap(m, 4 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
	long r = rfp(m, PG, 0, 3, 0);
	say("remap page 0 to file page 3: %ld, reads %c%c, page 1 reads %c\n", r, m[0], m[PG - 1], m[PG]);
	m[5] = 'Z';
	char c = 0;
	(void)pread(fd, &c, 1, 3 * PG + 5);
	say("a write there is file page 3's: %c\n", c);
	r = rfp(m + PG + 100, 2 * PG, 0, 0, 0);
	say("remap from inside page 1, two pages, to pgoff 0: %ld, reads %c %c %c\n", r, m[PG], m[2 * PG], m[3 * PG]);
	expect_err("prot 1", rfp(m, PG, PROT_READ, 0, 0), errno, EINVAL);
	expect_err("size 0", rfp(m, 0, 0, 0, 0), errno, EINVAL);
	expect_err("past the mapping's end", rfp(m + 3 * PG, 2 * PG, 0, 0, 0), errno, EINVAL);
	int fd2 = make_file("/tmp/rfp2", 1);
	char *n = mmap(m + 4 * PG, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd2, 0);
	yesno("another file's page next to it", n == m + 4 * PG);
	expect_err("into another file's mapping", rfp(m + 3 * PG, 2 * PG, 0, 0, 0), errno, EINVAL);
	char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	expect_err("a private mapping", rfp(p, PG, 0, 1, 0), errno, EINVAL);
	munmap(p, PG);
	expect_err("no mapping", rfp(p, PG, 0, 1, 0), errno, EINVAL);
	munmap(m, 5 * PG);
	close(fd);
	close(fd2);
}

static void shared_anon(void)
{
	char *m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	m[PG] = 'x';
	long r = rfp(m, PG, 0, 1, 0);
	say("shared anonymous page 0 to its page 1: %ld, reads %c\n", r, m[0]);
	munmap(m, 2 * PG);
}

static void sysv_removed(void)
{
	int id = shmget(IPC_PRIVATE, PG, IPC_CREAT | 0600);
	char *a = shmat(id, NULL, 0);
	long r = rfp(a, PG, 0, 0, 0);
	say("attached segment: %ld\n", r);
	shmctl(id, IPC_RMID, NULL);
	expect_err("segment removed", rfp(a, PG, 0, 0, 0), errno, EINVAL);
	unsigned char vec;
	expect_err("the range afterwards", mincore(a, PG, &vec), errno, ENOMEM);
}

int main(void)
{
	file_pages();
	shared_anon();
	sysv_removed();
	unlink("/tmp/rfp1");
	unlink("/tmp/rfp2");
	done();
	return 0;
}
