/*
 * getdents_after_unlink.c — getdents64 on a changing directory (fs/libfs.c
 * dcache_readdir): a listing read in small pieces while every entry it has
 * not reached yet is removed and new ones are added sees each surviving
 * entry exactly once (no entry skipped or repeated), and a new listing sees
 * exactly the names that exist. Names are printed sorted.
 */
#include "fs_test.h"

struct linux_dirent64_ {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static int cmp(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static int list(int fd, char names[][32], int max, int bufsize, int remove_after)
{
	char buf[4096];
	int n = 0;
	for (;;) {
		long got = syscall(SYS_getdents64, fd, buf, bufsize);
		if (got <= 0)
			break;
		for (long off = 0; off < got;) {
			struct linux_dirent64_ *d = (void *)(buf + off);
			if (n < max)
				snprintf(names[n++], 32, "%s", d->d_name);
			off += d->d_reclen;
		}
		if (remove_after && n == remove_after) {
			/* remove every odd-numbered file, add new ones */
			char p[64];
			for (int i = 1; i < 20; i += 2) {
				snprintf(p, sizeof p, "/tmp/gau/f%02d", i);
				unlink(p);
			}
			for (int i = 0; i < 3; i++) {
				snprintf(p, sizeof p, "/tmp/gau/new%d", i);
				close(open(p, O_CREAT | O_WRONLY, 0644));
			}
		}
	}
	qsort(names, (size_t)n, 32, cmp);
	return n;
}

int main(void)
{
	mkdir("/tmp/gau", 0755);
	char p[64];
	for (int i = 0; i < 20; i++) {
		snprintf(p, sizeof p, "/tmp/gau/f%02d", i);
		close(open(p, O_CREAT | O_WRONLY, 0644));
	}
	int fd = open("/tmp/gau", O_RDONLY | O_DIRECTORY);
	static char names[64][32];
	/* 48 bytes: about one record per call; the change comes after 4 */
	int n = list(fd, names, 64, 48, 4);
	int dup = 0, even = 0;
	for (int i = 1; i < n; i++)
		dup += strcmp(names[i], names[i - 1]) == 0;
	for (int i = 0; i < n; i++)
		even += names[i][0] == 'f' && (atoi(names[i] + 1) % 2 == 0);
	say("no repeats: %s, all 10 even-numbered seen: %s\n", dup ? "no" : "yes", even == 10 ? "yes" : "no");
	lseek(fd, 0, SEEK_SET);
	n = list(fd, names, 64, 4096, 0);
	say("fresh listing: %d entries\n", n);
	for (int i = 0; i < n; i++)
		say("%s\n", names[i]);
	close(fd);
	for (int i = 0; i < 20; i += 2) {
		snprintf(p, sizeof p, "/tmp/gau/f%02d", i);
		unlink(p);
	}
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof p, "/tmp/gau/new%d", i);
		unlink(p);
	}
	R("cleanup", rmdir("/tmp/gau"));
	fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	mkdir("/tmp/gone", 0755);
	int gone = open("/tmp/gone", O_RDONLY | O_DIRECTORY);
	rmdir("/tmp/gone");
	char buf[256];
	R("getdents of a removed directory", syscall(SYS_getdents64, gone, buf, sizeof buf));
	close(gone);
	close(fd);
	done();
	return 0;
}
