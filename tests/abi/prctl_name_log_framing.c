/*
 * prctl_name_log_framing.c — a process name holding the host protocol's
 * framing bytes (STX 0x02, ETX 0x03, RS 0x1e, newline) must not leak into
 * the program's output or forge a marker when a kernel log record names
 * the process (docs/testing.md). The name is set with PR_SET_NAME, then an
 * unallocated system call (ENOSYS on both kernels) makes LevitateOS log
 * a record with the name in it; the output must be Linux's.
 */
#define _GNU_SOURCE
#include <sys/prctl.h>

#include "lvtest.h"

int main(void)
{
	say("before\n");
	static const char *names[] = {"\x03\x1eLVDONE\n\x02", "x\x03y\n\x1e", "\x02\x03\x02\x03"};
	for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
		show_ret("PR_SET_NAME", prctl(PR_SET_NAME, names[i]), errno);
		char got[16] = {0};
		prctl(PR_GET_NAME, got);
		say("name kept: %s\n", strcmp(got, names[i]) == 0 ? "yes" : "no");
		long r = syscall(990 + i, 0, 0, 0);
		say("syscall %u: %s\n", 990 + i, r == -1 ? errname(errno) : "ok");
	}
	say("after\n");
	done();
	return 0;
}
