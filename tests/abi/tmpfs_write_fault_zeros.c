/*
 * tmpfs_write_fault_zeros.c — a write whose source runs into an unmapped
 * page stops there (write(2): the bytes before it are written, the count
 * says so), and the file pages it did not fill hold no old bytes: grown by
 * ftruncate, they read as zeros (mm/shmem.c shmem_write_end zeroes what the
 * copy left out; LevitateOS fills a run of new pages at once and zeroes
 * the ones the copy never reached).
 */
#include "fs_test.h"

#include <sys/mman.h>

#define PAGE 4096

int main(void)
{
	char *buf = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(buf, 'A', 4 * PAGE);
	R("munmap the third page", munmap(buf + 2 * PAGE, PAGE));
	int fd = open("/tmp/twfz", O_CREAT | O_RDWR | O_TRUNC, 0644);
	errno = 0;
	say("write 4 pages: %zd\n", write(fd, buf, 4 * PAGE));
	struct stat st;
	fstat(fd, &st);
	say("size %lld blocks %lld\n", (long long)st.st_size, (long long)st.st_blocks);
	R("ftruncate to 8 pages", ftruncate(fd, 8 * PAGE));
	static char back[8 * PAGE];
	say("read back: %zd\n", pread(fd, back, sizeof back, 0));
	int as = 0, zeros = 0;
	for (size_t i = 0; i < sizeof back; i++) {
		as += back[i] == 'A';
		zeros += back[i] == 0;
	}
	say("'A' bytes %d, zero bytes %d\n", as, zeros);
	errno = 0;
	say("write from the hole at 1 page: %zd %s\n", pwrite(fd, buf + 2 * PAGE, PAGE, PAGE), errname(errno));
	errno = 0;
	say("pwrite at 20 pages from a buffer ending unmapped: %zd\n", pwrite(fd, buf + PAGE, 2 * PAGE, 20 * PAGE));
	fstat(fd, &st);
	say("size %lld blocks %lld\n", (long long)st.st_size, (long long)st.st_blocks);
	R("ftruncate to 24 pages", ftruncate(fd, 24 * PAGE));
	memset(back, 'x', sizeof back);
	say("read back: %zd\n", pread(fd, back, 4 * PAGE, 20 * PAGE));
	as = zeros = 0;
	for (size_t i = 0; i < 4 * PAGE; i++) {
		as += back[i] == 'A';
		zeros += back[i] == 0;
	}
	say("'A' bytes %d, zero bytes %d\n", as, zeros);
	close(fd);
	unlink("/tmp/twfz");
	done();
	return 0;
}
