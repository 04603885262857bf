/*
 * mmap_sigbus_past_eof.c — a file mapping past the page that holds the end
 * of the file (mm/filemap.c filemap_fault, mm/shmem.c shmem_fault:
 * VM_FAULT_SIGBUS; arm64 do_page_fault sends SIGBUS with BUS_ADRERR and the
 * faulting address): inside the last page the bytes after the end read as
 * zeros, the next page is SIGBUS for a read or a write, in a MAP_SHARED and
 * a MAP_PRIVATE mapping alike; a system call that copies into such a page
 * fails with EFAULT instead.
 */
#include "fault_test.h"

#include <sys/mman.h>

#define PATH "/tmp/mmap_sigbus_past_eof"
#define PG 4096

static void check_mapping(const char *label, int flags, int fd)
{
	volatile char *m = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, flags, fd, 0);
	if (m == MAP_FAILED) {
		say("%s: mmap failed: %s\n", label, errname(errno));
		return;
	}
	fault_touch(label, m, 0, 0);
	fault_touch(label, m, 99, 0);
	fault_touch(label, m, 100, 0);
	fault_touch(label, m, PG - 1, 0);
	fault_touch(label, m, PG, 0);
	fault_touch(label, m, PG + 8, 1);
	fault_touch(label, m, 2 * PG + 100, 0);
	fault_touch(label, m, PG - 1, 1); /* a store past the end inside the last page is allowed */
	munmap((void *)m, 3 * PG);
}

int main(void)
{
	fault_catch();
	int fd = open(PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
	char buf[100];
	memset(buf, 'a', sizeof buf);
	say("write 100: %zd\n", write(fd, buf, sizeof buf));
	check_mapping("shared", MAP_SHARED, fd);
	check_mapping("private", MAP_PRIVATE, fd);

	struct stat st;
	fstat(fd, &st);
	say("size after the stores past the end: %lld\n", (long long)st.st_size);

	/* a system call writing into the page past the end: EFAULT, no signal */
	char *m = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	int p[2];
	R("pipe", pipe(p));
	R("write 4 to the pipe", write(p[1], "abcd", 4));
	fault_sig = 0;
	R("read into the page past the end", read(p[0], m + PG, 4));
	say("signal during the read: %d\n", fault_sig);
	R("read into the last page", read(p[0], m + 200, 4));
	say("bytes 200..203 of the file now: %.4s\n", m + 200);
	munmap(m, 2 * PG);
	close(fd);
	unlink(PATH);
	done();
	return 0;
}
