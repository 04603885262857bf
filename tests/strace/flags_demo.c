/*
 * flags_demo.c — raw system calls whose arguments spread over the flag
 * tables (all the flags of one set at once, values a table lacks), each
 * failing or succeeding the same way on both kernels, for the differential
 * test (tests/harness/test_strace.py): strace's order of flag names and its
 * notation for unknown values are the oracle's. Writes nothing itself.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct k_sigaction {
	uintptr_t handler;
	unsigned long flags;
	uintptr_t restorer;
	uint64_t mask;
};

int main(void)
{
	/* every sa_flags bit a handler may carry, then SIG_DFL back */
	struct k_sigaction act = {.handler = 1, .flags = 0xdc000007UL, .mask = ~0ULL}, old;
	syscall(SYS_rt_sigaction, SIGUSR1, &act, &old, 8);
	syscall(SYS_rt_sigaction, SIGUSR1, &old, NULL, 8);
	/* open flags on a bad directory fd: EBADF */
	syscall(SYS_openat, -1, "x", O_WRONLY | O_APPEND | O_NONBLOCK | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC | O_SYNC);
	syscall(SYS_openat, -1, "x", O_RDWR | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_LARGEFILE, 0755);
	/* mmap flags, not anonymous, on a bad fd: EBADF */
	syscall(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
		MAP_PRIVATE | MAP_POPULATE | MAP_NORESERVE | MAP_STACK, -1, 0);
	syscall(SYS_mmap, 0, 4096, PROT_NONE, MAP_SHARED | MAP_FIXED_NOREPLACE | MAP_GROWSDOWN, -1, 0x3000);
	/* bad fds with decoded commands */
	syscall(SYS_fcntl, -1, F_SETFL, O_APPEND | O_NONBLOCK);
	syscall(SYS_fcntl, -1, F_DUPFD_CLOEXEC, 5);
	syscall(SYS_lseek, -1, 0, SEEK_END);
	syscall(SYS_dup3, -1, 5, O_CLOEXEC);
	syscall(SYS_faccessat, -1, "x", R_OK | W_OK | X_OK);
	syscall(SYS_newfstatat, -1, "x", NULL, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH);
	/* values and sets that succeed the same way */
	char buf[8];
	syscall(SYS_getrandom, buf, 0, GRND_NONBLOCK | GRND_RANDOM);
	uint64_t set = (1ULL << (SIGINT - 1)) | (1ULL << (SIGRTMIN + 2 - 1)) | (1ULL << (SIGSYS - 1)), oldset;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, &oldset, 8);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &oldset, NULL, 8);
	struct pollfd p = {.fd = -1, .events = POLLIN | POLLOUT | POLLPRI};
	struct timespec zero = {0, 0};
	syscall(SYS_ppoll, &p, 1, &zero, NULL, 8);
	syscall(SYS_wait4, -1, NULL, WNOHANG | __WALL, NULL);
	syscall(SYS_clock_gettime, CLOCK_BOOTTIME, &zero);
	syscall(SYS_madvise, 0, 0, MADV_DONTNEED);
	int word = 0;
	syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	syscall(SYS_kill, 0, 0);
	return 0;
}
