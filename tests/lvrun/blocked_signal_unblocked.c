/*
 * blocked_signal_unblocked.c — a SIGTERM raised while blocked stays pending
 * and ends the process (status 143) as soon as it is unblocked; the line
 * printed between the two is seen, the one after is not. test_lvrun.py.
 */
#include <signal.h>
#include <stdio.h>

int main(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, 0);
	raise(SIGTERM);
	printf("still alive while blocked\n");
	sigprocmask(SIG_UNBLOCK, &set, 0);
	printf("not reached\n");
	return 0;
}
