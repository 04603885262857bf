/* wall_timeouts_clock_set: absolute CLOCK_REALTIME timeouts of blocking
 * calls hold on the wall clock, wherever clock_settime moves it while the
 * caller waits (Linux: their hrtimers are on the CLOCK_REALTIME base, which
 * clock_was_set reprograms — kernel/futex/core.c futex_setup_timer,
 * ipc/mqueue.c do_mq_timedreceive, futex_waitv's clockid): a wait an hour
 * away ends with ETIMEDOUT as soon as the clock is stepped past it, for
 * FUTEX_WAIT_BITSET|FUTEX_CLOCK_REALTIME, mq_timedreceive and futex_waitv on
 * CLOCK_REALTIME; a futex wait one second away still waits after the clock
 * is stepped back an hour, and ends when the clock is put back. The calls
 * are made directly (musl's pthread_cond_timedwait turns the deadline into a
 * relative FUTEX_WAIT, which Linux does not move). The clock is put back at
 * the end. */
#include "lvtest.h"
#include "clock_set_test.h"
#include <fcntl.h>
#include <mqueue.h>
#include <sched.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif
/* from include/uapi/linux/futex.h (musl has no kernel headers) */
#define FUTEX_WAIT_BITSET 9
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffff
#define FUTEX2_SIZE_U32 0x02

struct waitv_entry { /* struct futex_waitv */
	uint64_t val, uaddr;
	uint32_t flags, reserved;
};

static uint32_t futex_word;

/* The call under test, in the child: 0 if it timed out at or after target. */
static int timed_wait(int kind, long long target, mqd_t mq)
{
	struct timespec t = {target / NS, target % NS};
	long r;
	if (kind == 0) {
		r = syscall(SYS_futex, &futex_word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &t, NULL,
			    FUTEX_BITSET_MATCH_ANY);
	} else if (kind == 1) {
		char msg[64];
		r = mq_timedreceive(mq, msg, sizeof msg, NULL, &t);
	} else {
		struct waitv_entry w = {0, (uintptr_t)&futex_word, FUTEX2_SIZE_U32 | FUTEX_PRIVATE_FLAG, 0};
		r = syscall(SYS_futex_waitv, &w, 1, 0, &t, CLOCK_REALTIME);
	}
	return r == -1 && errno == ETIMEDOUT && now_ns(CLOCK_REALTIME) >= target ? 0 : 1;
}

static pid_t start_waiter(int kind, long long target, mqd_t mq)
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(timed_wait(kind, target, mq));
	wait_until_sleeping(pid);
	return pid;
}

static int exit_code(pid_t pid)
{
	int status = 0;
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int main(void)
{
	clock_set_start();
	struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 64};
	mq_unlink("/lvtest_wall");
	mqd_t mq = mq_open("/lvtest_wall", O_CREAT | O_RDWR, 0600, &attr);
	yesno("mq_open", mq != (mqd_t)-1);
	static const char *const names[] = {"futex bitset realtime", "mq_timedreceive", "futex_waitv realtime"};
	for (int kind = 0; kind < 3; kind++) {
		pid_t pid = start_waiter(kind, now_ns(CLOCK_REALTIME) + 3600 * NS, mq);
		show_ret("clock_settime an hour and a minute on", set_real(3660 * NS), errno);
		say("%s an hour away: exit %d\n", names[kind], exit_code(pid));
		show_ret("clock put back", set_real(0), errno);
	}

	/* one second away, then the clock goes back an hour: still waiting two seconds later */
	pid_t pid = start_waiter(0, now_ns(CLOCK_REALTIME) + NS, mq);
	show_ret("clock_settime an hour back", set_real(-3600 * NS), errno);
	struct timespec two = {2, 0};
	nanosleep(&two, NULL);
	yesno("still waiting two seconds later", waitpid(pid, NULL, WNOHANG) == 0);
	show_ret("clock put back", set_real(0), errno);
	say("futex wait after the clock came back: exit %d\n", exit_code(pid));

	mq_close(mq);
	mq_unlink("/lvtest_wall");
	yesno("clock back within a minute", now_ns(CLOCK_REALTIME) - real0 < 60 * NS);
	done();
	return 0;
}
