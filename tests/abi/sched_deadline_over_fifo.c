/* sched_deadline_over_fifo: a SCHED_DEADLINE task runs before a SCHED_FIFO
 * one (Linux's class order: stop, deadline, rt, fair, idle; sched(7)). A
 * deadline task sleeps in read(); a FIFO priority-50 task wakes it through
 * the pipe and spins until it sees the deadline task's store in shared
 * memory. If the deadline task preempts it at once (or runs on another
 * CPU) it runs within milliseconds of the write; if it waited behind the
 * FIFO task, only once real-time throttling stopped that task (950 ms of
 * each second). The deadline task measures the delay itself (the FIFO
 * task's own time may include throttling). */
#include "lvtest.h"
#include "sched_test.h"
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>

#define SCHED_DEADLINE 6
#define MS 1000000ULL

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
	struct shared {
		volatile int ran;		  /* the deadline task ran */
		volatile double wrote_at, ran_at; /* when the FIFO task wrote, when the deadline task ran */
	} *sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 1;
	int fds[2];
	if (pipe(fds))
		return 1;

	pid_t dl = fork();
	if (dl == 0) {
		struct attr a = {.size = sizeof(a), .policy = SCHED_DEADLINE};
		a.runtime = 5 * MS;
		a.deadline = a.period = 50 * MS;
		if (syscall(SYS_sched_setattr, 0, &a, 0))
			_exit(10);
		close(fds[1]); /* EOF, not a hang, if the FIFO task fails */
		char c;
		if (read(fds[0], &c, 1) != 1)
			_exit(11);
		sh->ran_at = now_s();
		sh->ran = 1;
		_exit(0);
	}
	wait_until_sleeping(dl);

	pid_t fifo = fork();
	if (fifo == 0) {
		int prio = 50; /* the raw call: musl's sched_setscheduler is a stub (ENOSYS) */
		if (syscall(SYS_sched_setscheduler, 0, SCHED_FIFO, &prio))
			_exit(20);
		sh->wrote_at = now_s();
		if (write(fds[1], "x", 1) != 1)
			_exit(21);
		while (!sh->ran && now_s() - sh->wrote_at < 3.0)
			;
		_exit(sh->ran ? 0 : 1);
	}
	close(fds[0]);
	close(fds[1]);
	int st;
	waitpid(fifo, &st, 0);
	yesno("deadline task ran before the spinning FIFO task let go",
	      WIFEXITED(st) && WEXITSTATUS(st) == 0 && sh->ran_at - sh->wrote_at < 0.5);
	waitpid(dl, &st, 0);
	say("deadline task: exit %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	done();
	return 0;
}
