/* sched_fifo_order: who runs first among real-time tasks on one CPU
 * (sched(7), Linux kernel/sched/rt.c). Everything is pinned to CPU 0 and
 * each task appends to a log in shared memory that the parent prints at
 * the end, so the order is the scheduler's, not the timing's:
 *  - of two queued FIFO tasks, priority 20 runs before priority 10;
 *  - a task made higher than the caller by sched_setscheduler runs at
 *    once, and one woken by a pipe write preempts the writer at once;
 *  - sched_yield passes the CPU to the next task of the same priority
 *    (and never to a lower one);
 *  - a SCHED_OTHER task does not run while a FIFO task is runnable, even
 *    if the FIFO task yields a thousand times. */
#include "rt_test.h"

struct shared_log {
	int n;
	char line[32][40];
};

static struct shared_log *logp;

static void note(const char *what)
{
	int i = __atomic_fetch_add(&logp->n, 1, __ATOMIC_SEQ_CST);
	if (i < 32)
		snprintf(logp->line[i], sizeof logp->line[i], "%s", what);
}

static void show_log(const char *title)
{
	say("%s:", title);
	for (int i = 0; i < logp->n && i < 32; i++)
		say(" %s", logp->line[i]);
	say("\n");
	logp->n = 0;
}

static int setsched(pid_t pid, int policy, int prio)
{
	struct sched_param p = {.sched_priority = prio};
	return setscheduler(pid, policy, &p);
}

/* A child that logs what and exits. */
static pid_t spawn_note(const char *what)
{
	pid_t pid = fork();
	if (pid == 0) {
		note(what);
		_exit(0);
	}
	return pid;
}

static void higher_first(void)
{
	setsched(0, SCHED_FIFO, 50);
	pid_t a = spawn_note("prio10"); /* queued behind us: same priority */
	setsched(a, SCHED_FIFO, 10);
	pid_t b = spawn_note("prio20");
	setsched(b, SCHED_FIFO, 20);
	note("parent");
	reap(a); /* we sleep: b runs, then a */
	reap(b);
	show_log("two queued");
}

static void preempt_on_wakeup(void)
{
	int fds[2];
	if (pipe(fds))
		return;
	setsched(0, SCHED_FIFO, 10);
	pid_t c = fork();
	if (c == 0) {
		char ch;
		note("child starts");
		if (read(fds[0], &ch, 1) == 1)
			note("child woken");
		_exit(0);
	}
	note("parent sets child to 20");
	setsched(c, SCHED_FIFO, 20); /* it outranks us: runs until it blocks */
	note("parent writes");
	if (write(fds[1], "x", 1) != 1) /* wakes it: it runs before we go on */
		note("write failed");
	note("parent after write");
	reap(c);
	close(fds[0]);
	close(fds[1]);
	show_log("preemption");
}

static void yield_same_priority(void)
{
	setsched(0, SCHED_FIFO, 10);
	pid_t low = spawn_note("low");
	setsched(low, SCHED_FIFO, 5);
	pid_t c = fork();
	if (c == 0) {
		note("C1");
		sched_yield();
		note("C2");
		_exit(0);
	}
	note("P1");
	sched_yield();
	note("P2");
	sched_yield();
	note("P3");
	reap(c);
	reap(low);
	show_log("yield");
}

static void fair_waits(void)
{
	setsched(0, SCHED_FIFO, 10);
	pid_t c = spawn_note("other");
	setsched(c, SCHED_OTHER, 0);
	note("fifo");
	for (int i = 0; i < 1000; i++)
		sched_yield();
	note("fifo after 1000 yields");
	reap(c);
	show_log("fifo vs other");
}

int main(void)
{
	_Static_assert(sizeof(*logp) <= 4096, "one page");
	logp = pin_and_share();
	if (!logp)
		return 1;
	higher_first();
	preempt_on_wakeup();
	yield_same_priority();
	fair_waits();
	setsched(0, SCHED_OTHER, 0);
	done();
	return 0;
}
