/* proc_sys_readonly_eacces: a read-only /proc/sys file (mode 0444) cannot be
 * opened for writing, even by root: fs/proc/proc_sysctl.c
 * proc_sys_permission checks the sysctl's own mode (test_perm) for every
 * caller, so O_WRONLY and O_RDWR fail with EACCES while O_RDONLY works; a
 * writable one (0644) opens for writing. */
#include "lvtest.h"

static void try_open(const char *path, int flags, const char *how, int want)
{
	char label[128];
	snprintf(label, sizeof label, "%s %s", path, how);
	int fd = open(path, flags);
	if (want)
		expect_err(label, fd, errno, want);
	else
		show_ret(label, fd < 0 ? fd : 0, errno);
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	static const char *const readonly[] = {
		"/proc/sys/kernel/ostype",	   "/proc/sys/kernel/osrelease",   "/proc/sys/kernel/version",
		"/proc/sys/kernel/random/boot_id", "/proc/sys/kernel/random/uuid", "/proc/sys/fs/file-nr",
	};
	say("euid %d\n", (int)geteuid());
	for (unsigned i = 0; i < sizeof readonly / sizeof readonly[0]; i++) {
		try_open(readonly[i], O_RDONLY, "O_RDONLY", 0);
		try_open(readonly[i], O_WRONLY, "O_WRONLY", EACCES);
		try_open(readonly[i], O_RDWR, "O_RDWR", EACCES);
	}
	try_open("/proc/sys/fs/pipe-max-size", O_WRONLY, "O_WRONLY", 0);
	try_open("/proc/sys/kernel/hostname", O_RDWR, "O_RDWR", 0);
	done();
	return 0;
}
