/* prctl_capbset: the capability bounding set (security/commoncap.c):
 * PR_CAPBSET_READ says whether a capability is in it (EINVAL past
 * CAP_LAST_CAP, 40 on Linux 6.1), PR_CAPBSET_DROP takes one out (root with
 * CAP_SETPCAP; EPERM without it), /proc/self/status shows it as CapBnd,
 * and capset(2) may not add an inheritable capability outside it (EPERM).
 * A forked child inherits the smaller set. */
#include "lvtest.h"
#include <sys/prctl.h>
#include <sys/wait.h>

/* include/uapi/linux/capability.h (musl has no copy of it) */
#define _LINUX_CAPABILITY_VERSION_3 0x20080522
#define CAP_CHOWN 0
#define CAP_KILL 5
struct __user_cap_header_struct {
	unsigned version;
	int pid;
};
struct __user_cap_data_struct {
	unsigned effective, permitted, inheritable;
};

static void show_capbnd(void)
{
	char buf[4096];
	ssize_t n = slurp_file("/proc/self/status", buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	char *line = strstr(buf, "CapBnd:");
	if (line) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
	}
	say("%s\n", line ? line : "no CapBnd line");
}

int main(void)
{
	say("read CAP_KILL: %d\n", prctl(PR_CAPBSET_READ, CAP_KILL));
	say("read 40: %d\n", prctl(PR_CAPBSET_READ, 40));
	expect_err("read 41", prctl(PR_CAPBSET_READ, 41), errno, EINVAL);
	show_capbnd();
	show_ret("drop CAP_KILL", prctl(PR_CAPBSET_DROP, CAP_KILL), errno);
	say("read CAP_KILL: %d\n", prctl(PR_CAPBSET_READ, CAP_KILL));
	expect_err("drop 41", prctl(PR_CAPBSET_DROP, 41), errno, EINVAL);
	show_capbnd();

	struct __user_cap_header_struct hdr = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct data[2];
	syscall(SYS_capget, &hdr, data);
	data[0].inheritable |= 1u << CAP_KILL;
	expect_err("capset inheritable CAP_KILL", syscall(SYS_capset, &hdr, data), errno, EPERM);
	data[0].inheritable = 1u << CAP_CHOWN;
	show_ret("capset inheritable CAP_CHOWN", syscall(SYS_capset, &hdr, data), errno);

	pid_t child = fork();
	if (child == 0) {
		say("child reads CAP_KILL: %d\n", prctl(PR_CAPBSET_READ, CAP_KILL));
		if (setuid(65534))
			_exit(2);
		expect_err("drop as nobody", prctl(PR_CAPBSET_DROP, CAP_CHOWN), errno, EPERM);
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(child, &status, 0);
	yesno("child exited 0", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	done();
	return 0;
}
