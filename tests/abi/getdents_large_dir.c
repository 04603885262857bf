/*
 * getdents_large_dir.c — getdents64 on a directory whose listing is longer
 * than a page of names (fs/readdir.c, fs/libfs.c dcache_readdir): one call
 * with a 64 KiB buffer returns every entry, each exactly once, with d_off
 * of each record the position the next call would start at (lseek to it
 * resumes right after); a listing read 300 bytes at a time gives the same
 * set; entries removed between calls of a piecewise listing do not come
 * back, and the ones not removed all do. 700 files, names 1 to 40 bytes long
 * (a page holds about a hundred of LevitateOS's copied-out entries, so the
 * kernel goes on from one batch to the next within one call).
 */
#include "fs_test.h"

#define NFILES 700
#define DIR "/tmp/gld"

struct linux_dirent64_ {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static char seen[NFILES];

/* The file name of number i: "f<i>_" padded with 'x' to 1 + i % 40 bytes past the number. */
static void name_of(int i, char *out, size_t size)
{
	int len = snprintf(out, size, "f%d_", i);
	for (int k = 0; k < 1 + i % 40 && len + 1 < (int)size; k++)
		out[len++] = 'x';
	out[len] = 0;
}

/* Number of the file named name, or -1 for ".", ".." and strangers. */
static int number_of(const char *name)
{
	char want[64];
	int i;
	if (sscanf(name, "f%d_", &i) != 1 || i < 0 || i >= NFILES)
		return -1;
	name_of(i, want, sizeof want);
	return strcmp(want, name) == 0 ? i : -1;
}

/* Reads the directory to its end, bufsize bytes a call; counts entries
 * seen twice, dots and strangers; calls between(calls) after each call. */
static void list(int fd, int bufsize, int *dups, int *dots, int *strangers, void (*between)(int))
{
	static char buf[65536];
	memset(seen, 0, sizeof seen);
	*dups = *dots = *strangers = 0;
	for (int calls = 1;; calls++) {
		long got = syscall(SYS_getdents64, fd, buf, bufsize);
		if (got < 0) {
			printf("getdents64: %s\n", strerror(errno));
			return;
		}
		if (got == 0)
			return;
		for (long off = 0; off < got;) {
			struct linux_dirent64_ *d = (void *)(buf + off);
			int i = number_of(d->d_name);
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, ".."))
				(*dots)++;
			else if (i < 0)
				(*strangers)++;
			else if (seen[i]++)
				(*dups)++;
			off += d->d_reclen;
		}
		if (between)
			between(calls);
	}
}

static int count_seen(int step, int mod)
{
	int n = 0;
	for (int i = 0; i < NFILES; i++)
		if (seen[i] && i % step == mod)
			n++;
	return n;
}

/* After the second piece: removes every file whose number is a multiple of 3. */
static void remove_thirds(int calls)
{
	char p[80], name[64];
	if (calls != 2)
		return;
	for (int i = 0; i < NFILES; i += 3) {
		name_of(i, name, sizeof name);
		snprintf(p, sizeof p, DIR "/%s", name);
		if (unlink(p) != 0)
			printf("unlink %s: %s\n", name, strerror(errno));
	}
}

int main(void)
{
	char p[80], name[64];
	mkdir(DIR, 0755);
	for (int i = 0; i < NFILES; i++) {
		name_of(i, name, sizeof name);
		snprintf(p, sizeof p, DIR "/%s", name);
		int fd = open(p, O_CREAT | O_WRONLY, 0644);
		if (fd < 0) {
			printf("create %s: %s\n", name, strerror(errno));
			return 1;
		}
		close(fd);
	}
	int fd = open(DIR, O_RDONLY | O_DIRECTORY);
	int dups, dots, strangers;

	/* one call holds everything: 700 records of at most 72 bytes */
	static char buf[65536];
	long got = syscall(SYS_getdents64, fd, buf, sizeof buf);
	int records = 0;
	long long resume = -1;
	for (long off = 0; off < got; records++) {
		struct linux_dirent64_ *d = (void *)(buf + off);
		if (records == 349)
			resume = d->d_off; /* where the 351st record starts */
		off += d->d_reclen;
	}
	printf("one 64 KiB call: %d records (700 files and the two dots)\n", records);
	printf("next call: %ld\n", syscall(SYS_getdents64, fd, buf, sizeof buf));

	/* lseek to a record's d_off: the listing goes on from the next record */
	lseek(fd, resume, SEEK_SET);
	got = syscall(SYS_getdents64, fd, buf, sizeof buf);
	int rest = 0;
	for (long off = 0; off < got; rest++)
		off += ((struct linux_dirent64_ *)(buf + off))->d_reclen;
	printf("after lseek to the 350th record's d_off: %d records\n", rest);

	lseek(fd, 0, SEEK_SET);
	list(fd, sizeof buf, &dups, &dots, &strangers, NULL);
	printf("64 KiB pieces: %d files, %d repeated, %d dots, %d strangers\n", count_seen(1, 0), dups, dots,
	       strangers);
	lseek(fd, 0, SEEK_SET);
	list(fd, 300, &dups, &dots, &strangers, NULL);
	printf("300-byte pieces: %d files, %d repeated, %d dots, %d strangers\n", count_seen(1, 0), dups, dots,
	       strangers);

	/* removing a third of the files after the second piece: every file
	 * not removed is still listed once */
	lseek(fd, 0, SEEK_SET);
	list(fd, 300, &dups, &dots, &strangers, remove_thirds);
	printf("with removals: kept files listed %d of %d, %d repeated, %d strangers\n",
	       count_seen(3, 1) + count_seen(3, 2), NFILES - (NFILES + 2) / 3, dups, strangers);
	close(fd);

	for (int i = 0; i < NFILES; i++) {
		name_of(i, name, sizeof name);
		snprintf(p, sizeof p, DIR "/%s", name);
		unlink(p);
	}
	printf("rmdir: %d\n", rmdir(DIR));
	printf("done\n");
	return 0;
}
