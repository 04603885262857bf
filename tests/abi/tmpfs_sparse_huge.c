/*
 * tmpfs_sparse_huge.c — sparse tmpfs files at any offset (mm/shmem.c: the
 * page cache is an xarray, s_maxbytes is MAX_LFS_FILESIZE): a 1-byte pwrite
 * at 1 GiB, at 1 TiB and just below 2^63 each take one page (st_size,
 * st_blocks); the bytes read back, the holes read zeros; SEEK_DATA and
 * SEEK_HOLE find the pages (lseek(2)); a read or write that would reach
 * past 2^63 - 1 is EINVAL (fs/read_write.c rw_verify_area); ftruncate frees
 * the far pages; a fresh tmpfs mount keeps the test off the root's.
 */
#include "fs_test.h"

#include <stdint.h>
#include <sys/mount.h>

#define GIB (1LL << 30)
#define TIB (1LL << 40)
#define TOP (INT64_MAX - 1) /* the last byte a file may hold */

static void show_stat(int fd, const char *when)
{
	struct stat st;
	fstat(fd, &st);
	say("%s: size %lld blocks %lld\n", when, (long long)st.st_size, (long long)st.st_blocks);
}

static void show_seek(int fd, const char *label, off_t off, int whence)
{
	errno = 0;
	off_t r = lseek(fd, off, whence);
	if (r < 0)
		say("%s: -1 %s\n", label, errname(errno));
	else
		say("%s: %lld\n", label, (long long)r);
}

static void show_byte(int fd, off_t at)
{
	char c = 'x';
	errno = 0;
	ssize_t n = pread(fd, &c, 1, at);
	say("byte at %lld: %zd '%c'\n", (long long)at, n, n == 1 && c ? c : '0');
}

int main(void)
{
	mkdir("/tmp/tsh", 0755);
	R("mount", mount("none", "/tmp/tsh", "tmpfs", 0, NULL));
	int fd = open("/tmp/tsh/f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	R("pwrite at 1 GiB", pwrite(fd, "G", 1, GIB));
	show_stat(fd, "after 1 GiB");
	R("pwrite at 1 TiB", pwrite(fd, "T", 1, TIB));
	show_stat(fd, "after 1 TiB");
	show_byte(fd, GIB);
	show_byte(fd, GIB + 1);
	show_byte(fd, TIB);
	show_byte(fd, TIB - 1);
	show_byte(fd, 12345);
	show_seek(fd, "SEEK_DATA 0", 0, SEEK_DATA);
	show_seek(fd, "SEEK_HOLE 0", 0, SEEK_HOLE);
	show_seek(fd, "SEEK_DATA 1 GiB + 1", GIB + 1, SEEK_DATA);
	show_seek(fd, "SEEK_HOLE 1 GiB", GIB, SEEK_HOLE);
	show_seek(fd, "SEEK_DATA 1 GiB + 4096", GIB + 4096, SEEK_DATA);
	show_seek(fd, "SEEK_DATA 1 TiB - 4096", TIB - 4096, SEEK_DATA);
	show_seek(fd, "SEEK_HOLE 1 TiB", TIB, SEEK_HOLE);
	show_seek(fd, "SEEK_DATA at the end", TIB + 1, SEEK_DATA);
	/* the last page: its end is 2^63, past any loff_t (lseek there is not compared) */
	R("pwrite at 2^63 - 2", pwrite(fd, "M", 1, TOP));
	show_stat(fd, "after 2^63 - 2");
	show_byte(fd, TOP);
	show_byte(fd, TOP - 1);
	R("pwrite at 2^63 - 1", pwrite(fd, "E", 1, INT64_MAX));
	R("pwrite 4 bytes at 2^63 - 2", pwrite(fd, "ABCD", 4, TOP));
	R("pread 4 bytes at 2^63 - 2", pread(fd, (char[4]){0}, 4, TOP));
	show_stat(fd, "after the edge");
	R("ftruncate to 1 TiB + 1", ftruncate(fd, TIB + 1));
	show_stat(fd, "truncated past 1 TiB");
	show_seek(fd, "SEEK_HOLE 1 TiB", TIB, SEEK_HOLE);
	R("ftruncate to 4096", ftruncate(fd, 4096));
	show_stat(fd, "truncated to 4096");
	show_seek(fd, "SEEK_DATA 0 after", 0, SEEK_DATA);
	R("ftruncate to 2^63 - 1", ftruncate(fd, INT64_MAX));
	show_stat(fd, "grown to 2^63 - 1");
	R("pwrite at 1 GiB again", pwrite(fd, "g", 1, GIB));
	show_byte(fd, GIB);
	show_stat(fd, "one page again");
	close(fd);
	R("unlink", unlink("/tmp/tsh/f"));
	R("umount", umount("/tmp/tsh"));
	done();
	return 0;
}
