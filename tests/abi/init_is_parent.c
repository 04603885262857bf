/*
 * init_is_parent.c — a test program is a child of PID 1, the protocol's init
 * (docs/testing.md), in the session and process group init made with
 * setsid(): getppid() is 1, getsid(0) and getpgrp() are 1, and init's own
 * session and group (getsid(1), getpgid(1)) are 1 too, and kill(1, 0)
 * finds it.
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "lvtest.h"

int main(void)
{
	yesno("getppid() is 1", getppid() == 1);
	yesno("getsid(0) is 1", getsid(0) == 1);
	yesno("getpgrp() is 1", getpgrp() == 1);
	show_ret("getsid(1)", getsid(1), errno);
	show_ret("getpgid(1)", getpgid(1), errno);
	show_ret("kill(1, 0)", kill(1, 0), errno);
	done();
	return 0;
}
