/*
 * truncate_sparse.c — sizes (fs/open.c do_sys_truncate, do_sys_ftruncate;
 * mm/shmem.c): growing a file reads zeros and allocates no blocks; shrinking
 * drops the bytes (growing again reads zeros, not the old bytes); a file
 * not open for writing is EINVAL for ftruncate; a directory EISDIR for
 * truncate; a negative length EINVAL; fallocate allocates blocks and with
 * FALLOC_FL_KEEP_SIZE keeps the size; punching a hole reads zeros.
 */
#include "fs_test.h"

#ifndef FALLOC_FL_KEEP_SIZE
#define FALLOC_FL_KEEP_SIZE 0x01
#define FALLOC_FL_PUNCH_HOLE 0x02
#endif

int main(void)
{
	int fd = open("/tmp/ts", O_CREAT | O_RDWR | O_TRUNC, 0644);
	struct stat st;
	R("ftruncate 1 MiB", ftruncate(fd, 1 << 20));
	fstat(fd, &st);
	say("size %ld blocks %ld\n", (long)st.st_size, (long)st.st_blocks);
	char buf[16];
	memset(buf, 7, sizeof buf);
	pread(fd, buf, sizeof buf, 500000);
	say("reads zero: %d\n", buf[0] == 0 && buf[15] == 0);
	pwrite(fd, "abcdefgh", 8, 100);
	fstat(fd, &st);
	say("after a write: blocks %ld\n", (long)st.st_blocks);
	R("truncate to 104", truncate("/tmp/ts", 104));
	R("grow to 200", ftruncate(fd, 200));
	memset(buf, 0, sizeof buf);
	pread(fd, buf, 8, 100);
	say("bytes at 100: '%.4s' then %d %d %d %d\n", buf, buf[4], buf[5], buf[6], buf[7]);
	R("truncate negative", truncate("/tmp/ts", -1));
	R("ftruncate negative", ftruncate(fd, -1));
	R("truncate a directory", truncate("/tmp", 0));
	R("truncate missing", truncate("/tmp/none", 0));
	int ro = open("/tmp/ts", O_RDONLY);
	R("ftruncate read-only fd", ftruncate(ro, 0));
	R("ftruncate bad fd", ftruncate(99, 0));
	R("fallocate keep size", fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 16384));
	fstat(fd, &st);
	say("size %ld blocks %ld\n", (long)st.st_size, (long)st.st_blocks);
	R("fallocate grow", fallocate(fd, 0, 0, 10000));
	fstat(fd, &st);
	say("size %ld blocks %ld\n", (long)st.st_size, (long)st.st_blocks);
	pwrite(fd, "XXXXXXXXXXXXXXXX", 16, 4090);
	R("punch hole", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4092, 8));
	memset(buf, 0, sizeof buf);
	pread(fd, buf, 16, 4090);
	for (int i = 0; i < 16; i++)
		say("%c", buf[i] ? buf[i] : '.');
	say("\n");
	R("punch without keep size", fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10));
	R("fallocate len 0", fallocate(fd, 0, 0, 0));
	R("fallocate read-only fd", fallocate(ro, 0, 0, 10));
	close(ro);
	close(fd);
	unlink("/tmp/ts");
	done();
	return 0;
}
