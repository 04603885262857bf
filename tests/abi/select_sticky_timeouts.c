/* select_sticky_timeouts: select, pselect and ppoll write the time left
 * back into their timeout (fs/select.c poll_select_finish), unless the
 * process's personality has STICKY_TIMEOUTS: then the timeout stays as
 * given. Each call waits 10 ms on a pipe nobody writes to. */
#include "lvtest.h"
#include <poll.h>
#include <sys/personality.h>
#include <sys/select.h>
#include <time.h>

static int fds[2];

static void try_select(const char *label)
{
	fd_set in;
	FD_ZERO(&in);
	FD_SET(fds[0], &in);
	struct timeval tv = {0, 10000};
	int n = select(fds[0] + 1, &in, NULL, NULL, &tv);
	say("%s select: %d, timeout left as given: %s\n", label, n,
	    tv.tv_sec == 0 && tv.tv_usec == 10000 ? "yes" : "no");
}

static void try_ppoll(const char *label)
{
	struct pollfd p = {fds[0], POLLIN, 0};
	struct timespec ts = {0, 10000000};
	int n = (int)syscall(SYS_ppoll, &p, 1, &ts, NULL, 8);
	say("%s ppoll: %d, timeout left as given: %s\n", label, n,
	    ts.tv_sec == 0 && ts.tv_nsec == 10000000 ? "yes" : "no");
}

int main(void)
{
	if (pipe(fds))
		return 1;
	try_select("default");
	try_ppoll("default");
	int old = personality(0xffffffff);
	show_ret("personality(STICKY_TIMEOUTS)", personality(old | STICKY_TIMEOUTS) == old ? 0 : -1, errno);
	try_select("sticky");
	try_ppoll("sticky");
	personality(old);
	done();
	return 0;
}
