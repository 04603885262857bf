/*
 * capget_root_nonroot.c — capabilities (capabilities(7)): root's effective
 * and permitted sets are full, its inheritable set empty; a process that
 * gives up every root uid has none. capget with an unknown version is
 * EINVAL and reports the preferred version; capset may only shrink.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lvtest.h"

/* include/uapi/linux/capability.h (musl has no copy of it) */
#define _LINUX_CAPABILITY_VERSION_3 0x20080522
struct __user_cap_header_struct {
	unsigned version;
	int pid;
};
struct __user_cap_data_struct {
	unsigned effective, permitted, inheritable;
};

static void show_caps(const char *label)
{
	struct __user_cap_header_struct h = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct d[2];
	long r = syscall(SYS_capget, &h, d);
	say("%s: capget %ld: eff %08x%08x perm %08x%08x inh %08x%08x\n", label, r, d[1].effective, d[0].effective,
	    d[1].permitted, d[0].permitted, d[1].inheritable, d[0].inheritable);
}

int main(void)
{
	show_caps("root");
	struct __user_cap_header_struct h = {.version = 0x12345678, .pid = 0};
	struct __user_cap_data_struct d[2];
	expect_err("capget(bad version)", syscall(SYS_capget, &h, d), errno, EINVAL);
	say("preferred version: %s\n", h.version == _LINUX_CAPABILITY_VERSION_3 ? "v3" : "?");
	h.version = 0x12345678;
	show_ret("capget(bad version, NULL data)", syscall(SYS_capget, &h, NULL), errno);
	h.version = _LINUX_CAPABILITY_VERSION_3;
	h.pid = 999999;
	expect_err("capget(no such pid)", syscall(SYS_capget, &h, d), errno, ESRCH);

	pid_t pid = fork();
	if (pid == 0) {
		syscall(SYS_setresuid, 1000, 1000, 1000);
		show_caps("uid 1000");
		struct __user_cap_header_struct hh = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
		struct __user_cap_data_struct dd[2] = {{1, 1, 0}, {0, 0, 0}};
		expect_err("capset(gain CAP_CHOWN)", syscall(SYS_capset, &hh, dd), errno, EPERM);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	pid = fork();
	if (pid == 0) {
		struct __user_cap_header_struct hh = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
		struct __user_cap_data_struct dd[2];
		syscall(SYS_capget, &hh, dd);
		dd[0].effective &= ~1u; /* drop CAP_CHOWN from the effective set */
		show_ret("capset(drop CAP_CHOWN from effective)", syscall(SYS_capset, &hh, dd), errno);
		show_caps("after");
		dd[0].effective |= 1u;
		show_ret("capset(take it back: still permitted)", syscall(SYS_capset, &hh, dd), errno);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	done();
	return 0;
}
