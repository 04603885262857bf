/*
 * signal_restart.c — what a signal does to a blocked system call (Linux
 * arch/arm64/kernel/signal.c and the -ERESTART* codes): a handler without
 * SA_RESTART makes futex wait fail with EINTR, with SA_RESTART the wait
 * resumes and ends normally; nanosleep and ppoll fail with EINTR even with
 * SA_RESTART (nanosleep reports the time left); a signal with no handler
 * (ignored) does not interrupt a nanosleep at all.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "lvtest.h"

static pid_t main_tid;
static volatile int handled;
static uint32_t word;

static void on_usr1(int sig)
{
	handled++;
}

static void pause_ms(int ms)
{
	struct timespec ts = {0, ms * 1000000L};
	nanosleep(&ts, 0);
}

/* After 30 ms, signal the main thread; if release, wake its futex 30 ms later. */
static void *poker(void *arg)
{
	pause_ms(30);
	syscall(SYS_tgkill, getpid(), main_tid, (int)(intptr_t)arg);
	pause_ms(30);
	__atomic_store_n(&word, 1, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, &word, 129 /* FUTEX_WAKE_PRIVATE */, 1, 0, 0, 0);
	return 0;
}

static long ms_since(const struct timespec *a)
{
	struct timespec b;
	clock_gettime(CLOCK_MONOTONIC, &b);
	return (b.tv_sec - a->tv_sec) * 1000 + (b.tv_nsec - a->tv_nsec) / 1000000;
}

static void handler(int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = flags;
	sigaction(SIGUSR1, &sa, 0);
}

static void futex_case(const char *label, int flags)
{
	handler(flags);
	word = 0;
	pthread_t t;
	pthread_create(&t, 0, poker, (void *)(intptr_t)SIGUSR1);
	long r = syscall(SYS_futex, &word, 128 /* FUTEX_WAIT_PRIVATE */, 0, 0, 0, 0);
	int e = errno;
	pthread_join(t, 0);
	if (r == -1)
		say("%s: futex wait -1 %s\n", label, errname(e));
	else
		say("%s: futex wait %ld, word %u\n", label, r, word);
}

int main(void)
{
	main_tid = (pid_t)syscall(SYS_gettid);
	futex_case("no SA_RESTART", 0);
	futex_case("SA_RESTART", SA_RESTART);
	say("handler runs so far: %d\n", handled);

	handler(SA_RESTART);
	pthread_t t;
	struct timespec req = {2, 0}, rem = {0, 0};
	pthread_create(&t, 0, poker, (void *)(intptr_t)SIGUSR1);
	int r = nanosleep(&req, &rem);
	say("nanosleep with SA_RESTART handler: %d %s, time left reported: %s\n", r, r ? errname(errno) : "",
	    rem.tv_sec == 1 || (rem.tv_sec == 0 && rem.tv_nsec > 0) ? "yes" : "no");
	pthread_join(t, 0);

	struct pollfd in = {.fd = 0, .events = POLLIN};
	pthread_create(&t, 0, poker, (void *)(intptr_t)SIGUSR1);
	r = poll(&in, 1, 2000);
	say("poll with SA_RESTART handler: %d %s\n", r, r < 0 ? errname(errno) : "");
	pthread_join(t, 0);

	signal(SIGUSR2, SIG_IGN);
	struct timespec t0, short_req = {0, 150 * 1000000L};
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pthread_create(&t, 0, poker, (void *)(intptr_t)SIGUSR2);
	r = nanosleep(&short_req, 0);
	say("nanosleep across an ignored signal: %d, slept the full 150 ms: %s\n", r,
	    ms_since(&t0) >= 150 ? "yes" : "no");
	pthread_join(t, 0);
	say("handler runs: %d\n", handled);
	done();
	return 0;
}
