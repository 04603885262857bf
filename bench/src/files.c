/*
 * files.c — file-system operations.
 *
 * On a file every kernel has (this program, argv[0], in the initramfs):
 *   open_close_ns      open(O_RDONLY) + close
 *   stat_ns            stat
 *   fstat_ns           fstat of an open descriptor
 * In a writable /tmp (Linux's init mounts a tmpfs there; a kernel without a
 * writable /tmp reports these as n/a with the errno it gave):
 *   create_unlink_empty_ns  open(O_CREAT|O_EXCL) + close + unlink
 *   create_unlink_4k_ns     the same with a 4 KiB write before close
 *   file_write_16m_mbps     write 16 MiB in 64 KiB chunks (new file), MB/s
 *   file_read_16m_mbps      read it back in 64 KiB chunks (cached), MB/s
 *   mmap_file_16m_us        mmap it (MAP_PRIVATE, PROT_READ), read one byte
 *                           per page, munmap
 *   getdents_1000_us        open + getdents64 to the end + close of a
 *                           directory of 1,000 empty files
 *   path_walk_16_ns         stat of a directory 16 components deep
 *                           (/tmp/bench-walk/d2/.../d16)
 * Medians of REPEATS loops.
 *
 * Output: "RESULT <metric> <n>" (or "NA <metric> <why>"), then "done".
 */
#include "bench.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define REPEATS 5
#define CHUNK (64 * 1024)
#define BIG (16 << 20)
#define NFILES 1000
#define DEPTH 16

static const char *self; /* argv[0]: /b/files under run.py */
static char chunk[CHUNK];

/* Times `loops` calls of op(arg), REPEATS times; returns the median ns per
 * call, or -errno from the first failing call. */
static double time_op(int (*op)(const char *), const char *arg, int loops)
{
	double t[REPEATS];
	for (int r = 0; r < REPEATS; r++) {
		double start = now_ns();
		for (int i = 0; i < loops; i++) {
			int err = op(arg);
			if (err)
				return err;
		}
		t[r] = (now_ns() - start) / loops;
	}
	return median(t, REPEATS);
}

static void report(const char *metric, double v, const char *what)
{
	if (v < 0)
		not_available(metric, "%s: %s", what, errno_name((int)-v));
	else
		result(metric, v);
}

static int op_open_close(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

static int op_stat(const char *path)
{
	struct stat st;
	return stat(path, &st) ? -errno : 0;
}

static int fstat_fd;
static int op_fstat(const char *unused)
{
	struct stat st;
	(void)unused;
	return fstat(fstat_fd, &st) ? -errno : 0;
}

static int op_create_unlink(const char *path, size_t size)
{
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);
	if (fd < 0)
		return -errno;
	if (size && write(fd, chunk, size) != (ssize_t)size) {
		int err = errno ? errno : EIO;
		close(fd);
		unlink(path);
		return -err;
	}
	close(fd);
	return unlink(path) ? -errno : 0;
}

static int op_create_unlink_empty(const char *path)
{
	return op_create_unlink(path, 0);
}

static int op_create_unlink_4k(const char *path)
{
	return op_create_unlink(path, 4096);
}

/* Writes (write=1) or reads the 16 MiB file once; returns MB/s or -errno. */
static double big_io(const char *path, int write_it)
{
	int fd = write_it ? open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644) : open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	double start = now_ns();
	for (long done = 0; done < BIG;) {
		ssize_t n = write_it ? write(fd, chunk, CHUNK) : read(fd, chunk, CHUNK);
		if (n <= 0) {
			int err = n < 0 ? errno : EIO;
			close(fd);
			return -err;
		}
		done += n;
	}
	double ns = now_ns() - start;
	close(fd);
	return (BIG / 1e6) / (ns / 1e9);
}

static double median_io(const char *path, int write_it)
{
	double t[REPEATS];
	for (int r = 0; r < REPEATS; r++)
		if ((t[r] = big_io(path, write_it)) < 0)
			return t[r];
	return median(t, REPEATS);
}

static int op_mmap_touch(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	volatile char *p = mmap(0, BIG, PROT_READ, MAP_PRIVATE, fd, 0);
	int err = p == MAP_FAILED ? -errno : 0;
	close(fd);
	if (err)
		return err;
	for (long i = 0; i < BIG; i += 4096)
		(void)p[i];
	munmap((void *)p, BIG);
	return 0;
}

static int op_getdents(const char *dir)
{
	static char buf[32768];
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -errno;
	long n, total = 0;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0)
		total += n;
	int err = n < 0 ? -errno : 0;
	close(fd);
	return err;
}

static int make_dir_of_files(const char *dir)
{
	char name[64];
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return -errno;
	for (int i = 0; i < NFILES; i++) {
		snprintf(name, sizeof name, "%s/f%04d", dir, i);
		int fd = open(name, O_CREAT | O_WRONLY, 0644);
		if (fd < 0)
			return -errno;
		close(fd);
	}
	return 0;
}

/* /tmp/bench-walk/d2/d3/.../d16: 16 components. */
static int make_deep(char *path, size_t size)
{
	snprintf(path, size, "/tmp/bench-walk");
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return -errno;
	for (int i = 2; i < DEPTH; i++) {
		size_t len = strlen(path);
		snprintf(path + len, size - len, "/d%d", i + 1);
		if (mkdir(path, 0755) != 0 && errno != EEXIST)
			return -errno;
	}
	return 0;
}

static void tmp_rows(void)
{
	const char *big = "/tmp/bench-big";
	report("create_unlink_empty_ns", time_op(op_create_unlink_empty, "/tmp/bench-c0", 1000), "create in /tmp");
	report("create_unlink_4k_ns", time_op(op_create_unlink_4k, "/tmp/bench-c4", 1000), "create+write in /tmp");
	double w = median_io(big, 1);
	report("file_write_16m_mbps", w, "write /tmp/bench-big");
	if (w >= 0) {
		report("file_read_16m_mbps", median_io(big, 0), "read /tmp/bench-big");
		report("mmap_file_16m_us", time_op(op_mmap_touch, big, 1) / 1e3, "mmap /tmp/bench-big");
		unlink(big);
	} else {
		not_available("file_read_16m_mbps", "no 16 MiB file (write: %s)", errno_name((int)-w));
		not_available("mmap_file_16m_us", "no 16 MiB file (write: %s)", errno_name((int)-w));
	}
	int err = make_dir_of_files("/tmp/bench-dir");
	if (err)
		not_available("getdents_1000_us", "making 1000 files in /tmp/bench-dir: %s", errno_name(-err));
	else
		report("getdents_1000_us", time_op(op_getdents, "/tmp/bench-dir", 20) / 1e3, "getdents64");
	char deep[256];
	err = make_deep(deep, sizeof deep);
	if (err)
		not_available("path_walk_16_ns", "mkdir in /tmp: %s", errno_name(-err));
	else
		report("path_walk_16_ns", time_op(op_stat, deep, 2000), "stat");
}

int main(int argc, char **argv)
{
	self = argc > 0 ? argv[0] : "/b/files";
	memset(chunk, 'x', sizeof chunk);
	report("open_close_ns", time_op(op_open_close, self, 2000), "open");
	report("stat_ns", time_op(op_stat, self, 2000), "stat");
	fstat_fd = open(self, O_RDONLY);
	report("fstat_ns", fstat_fd < 0 ? -errno : time_op(op_fstat, NULL, 5000), "open");
	tmp_rows();
	bench_done();
	return 0;
}
