/* fadvise_pkey_robust: posix_fadvise/fadvise64 (mm/fadvise.c: ESPIPE on a
 * pipe, EINVAL for bad advice or a negative length), sync_file_range
 * (fs/sync.c: flag and range checks, ESPIPE on a pipe), the protection-key
 * calls as arm64 Linux 6.1 answers them (built without them: ENOSYS),
 * and get_robust_list
 * (the head set_robust_list registered, length 24, ESRCH, EFAULT). */
#include "lvtest.h"
#include <sys/mman.h>

int main(void)
{
	int f = open("/tmp/fa", O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(f, "data", 4);
	int pfd[2];
	pipe(pfd);
	for (int adv = 0; adv <= 6; adv++) {
		errno = 0;
		long r = syscall(SYS_fadvise64, f, 0, 4096, adv);
		say("fadvise advice %d: %s\n", adv, r == 0 ? "0" : errname(errno));
	}
	errno = 0;
	expect_err("fadvise negative len", syscall(SYS_fadvise64, f, 0L, -1L, 0), errno, EINVAL);
	errno = 0;
	expect_err("fadvise pipe", syscall(SYS_fadvise64, pfd[0], 0, 10, 0), errno, ESPIPE);
	errno = 0;
	expect_err("fadvise bad fd", syscall(SYS_fadvise64, 999, 0, 10, 0), errno, EBADF);
	int dev = open("/dev/null", O_RDONLY);
	show_ret("fadvise /dev/null", syscall(SYS_fadvise64, dev, 0, 10, 0), errno);

	show_ret("sync_file_range file", syscall(SYS_sync_file_range, f, 0, 0, 7), errno);
	errno = 0;
	expect_err("sync_file_range flags 8", syscall(SYS_sync_file_range, f, 0, 0, 8), errno, EINVAL);
	errno = 0;
	expect_err("sync_file_range offset -1", syscall(SYS_sync_file_range, f, -1L, 0L, 0), errno, EINVAL);
	errno = 0;
	expect_err("sync_file_range overflow", syscall(SYS_sync_file_range, f, 0x7fffffffffffff00LL, 0x1000, 0), errno,
		   EINVAL);
	errno = 0;
	expect_err("sync_file_range pipe", syscall(SYS_sync_file_range, pfd[0], 0, 0, 0), errno, ESPIPE);
	errno = 0;
	expect_err("sync_file_range bad fd", syscall(SYS_sync_file_range, 999, 0, 0, 0), errno, EBADF);
	int dir = open("/tmp", O_RDONLY);
	show_ret("sync_file_range directory", syscall(SYS_sync_file_range, dir, 0, 0, 0), errno);
	errno = 0;
	expect_err("sync_file_range /dev/null", syscall(SYS_sync_file_range, dev, 0, 0, 0), errno, ESPIPE);

	errno = 0;
	expect_err("pkey_alloc", syscall(SYS_pkey_alloc, 0, 0), errno, ENOSYS);
	errno = 0;
	expect_err("pkey_free", syscall(SYS_pkey_free, 1), errno, ENOSYS);
	errno = 0;
	expect_err("pkey_mprotect", syscall(SYS_pkey_mprotect, NULL, 0, PROT_READ, -1), errno, ENOSYS);

	/* get_robust_list: the C library registered one at start */
	void *head = NULL;
	size_t len = 0;
	show_ret("get_robust_list self", syscall(SYS_get_robust_list, 0, &head, &len), errno);
	say("len %zu head set %d\n", len, head != NULL);
	static long my_head[3];
	my_head[0] = (long)my_head;
	syscall(SYS_set_robust_list, my_head, 24);
	syscall(SYS_get_robust_list, getpid(), &head, &len);
	say("after set_robust_list: ours %d\n", head == (void *)my_head);
	errno = 0;
	expect_err("get_robust_list no such pid", syscall(SYS_get_robust_list, 99999, &head, &len), errno, ESRCH);
	errno = 0;
	expect_err("get_robust_list EFAULT", syscall(SYS_get_robust_list, 0, &head, (void *)8), errno, EFAULT);
	done();
	return 0;
}
