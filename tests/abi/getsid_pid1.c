/*
 * getsid_pid1.c — getsid(1), getpgid(1) and kill(1, 0) name init, which
 * is neither the caller nor a relative (issue #13, divergence 15).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "lvtest.h"

int main(void)
{
	pid_t sid = getsid(1), pgid = getpgid(1);
	say("getsid(1) succeeds: %s\n", sid >= 0 ? "yes" : errname(errno));
	say("getpgid(1) succeeds: %s\n", pgid >= 0 ? "yes" : errname(errno));
	show_ret("kill(1, 0)", kill(1, 0), errno);
	say("init's session is ours: %s\n", sid == getsid(0) ? "yes" : "no");
	done();
	return 0;
}
