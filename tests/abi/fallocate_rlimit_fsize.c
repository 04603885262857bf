/*
 * fallocate_rlimit_fsize.c — fallocate and RLIMIT_FSIZE on tmpfs
 * (mm/shmem.c shmem_fallocate: inode_newsize_ok "even when
 * FALLOC_FL_KEEP_SIZE"): allocating up to the limit works, past it fails
 * with EFBIG and sends SIGXFSZ to the caller, with or without
 * FALLOC_FL_KEEP_SIZE, and the size does not change; punching a hole is
 * not checked; with SIGXFSZ ignored only EFBIG remains.
 */
#include "fs_test.h"

#include <signal.h>
#include <sys/resource.h>

#define PATH "/tmp/fallocate_rlimit_fsize"

static volatile sig_atomic_t caught;

static void on_xfsz(int sig)
{
	(void)sig;
	caught++;
}

static void step(const char *label, int fd, int mode, off_t off, off_t len)
{
	caught = 0;
	R(label, fallocate(fd, mode, off, len));
	struct stat st;
	fstat(fd, &st);
	say("%s: SIGXFSZ %d, size %lld\n", label, (int)caught, (long long)st.st_size);
}

int main(void)
{
	signal(SIGXFSZ, on_xfsz);
	int fd = open(PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
	struct rlimit rl = {.rlim_cur = 10000, .rlim_max = RLIM_INFINITY};
	R("setrlimit RLIMIT_FSIZE 10000", setrlimit(RLIMIT_FSIZE, &rl));
	step("fallocate 0..5000", fd, 0, 0, 5000);
	step("fallocate 0..10000", fd, 0, 0, 10000);
	step("fallocate 0..10001", fd, 0, 0, 10001);
	step("fallocate KEEP_SIZE 8000..20000", fd, FALLOC_FL_KEEP_SIZE, 8000, 12000);
	step("fallocate KEEP_SIZE 0..10000", fd, FALLOC_FL_KEEP_SIZE, 0, 10000);
	step("punch hole 4096..30000", fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 4096, 25904);
	signal(SIGXFSZ, SIG_IGN);
	step("SIGXFSZ ignored: fallocate 0..50000", fd, 0, 0, 50000);
	close(fd);
	unlink(PATH);
	done();
	return 0;
}
