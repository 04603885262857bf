/* proc_write_only_read: reading a /proc file that can only be written:
 * /proc/sysrq-trigger (mode 0200, proc_ops with no proc_read: Linux
 * fs/proc/inode.c pde_read answers EIO) and /proc/self/clear_refs (mode
 * 0200, file_operations with no read: vfs_read answers EINVAL). Root opens
 * them for reading (CAP_DAC_OVERRIDE); anyone else gets EACCES. */
#include "lvtest.h"
#include <sys/stat.h>
#include <sys/wait.h>

static void try_read(const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0)
		say("%s: mode %o size %lld\n", path, st.st_mode, (long long)st.st_size);
	errno = 0;
	int fd = open(path, O_RDONLY);
	show_ret("  open O_RDONLY", fd < 0 ? -1 : 0, errno);
	if (fd < 0)
		return;
	char buf[16];
	errno = 0;
	show_ret("  read", read(fd, buf, sizeof(buf)), errno);
	close(fd);
}

int main(void)
{
	try_read("/proc/sysrq-trigger");
	try_read("/proc/self/clear_refs");
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(1000))
			_exit(1);
		errno = 0;
		int fd = open("/proc/sysrq-trigger", O_WRONLY);
		say("nonroot open sysrq-trigger O_WRONLY: %s\n", fd < 0 ? errname(errno) : "ok");
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	done();
	return 0;
}
