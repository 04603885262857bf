/*
 * select_many_fds.c — pselect6 on more than 1,000 descriptors (Linux
 * fs/select.c core_sys_select: fd_sets as long as nfds asks, up to the
 * fd table): with RLIMIT_NOFILE raised, 600 pipes give descriptors past
 * FD_SETSIZE; none is readable, then one near the end is; every write end
 * is writable; a closed descriptor in a set is EBADF; the remaining time is
 * written back into the timespec (0 after a timeout).
 */
#include <stdint.h>
#include <sys/resource.h>
#include <time.h>

#include "lvtest.h"

#define NPIPES 600

static int rd[NPIPES], wr[NPIPES];

static long sel(int nfds, uint64_t *in, uint64_t *out, struct timespec *ts)
{
	return syscall(SYS_pselect6, nfds, in, out, NULL, ts, NULL);
}

int main(void)
{
	struct rlimit rl = {4096, 4096};
	say("setrlimit: %d\n", setrlimit(RLIMIT_NOFILE, &rl));
	int maxfd = 0;
	for (int i = 0; i < NPIPES; i++) {
		int p[2];
		if (pipe(p)) {
			say("pipe %d: %s\n", i, errname(errno));
			return 1;
		}
		rd[i] = p[0];
		wr[i] = p[1];
		maxfd = p[1] > maxfd ? p[1] : maxfd;
	}
	say("highest fd above 1024: %d\n", maxfd > 1024);
	size_t words = (size_t)(maxfd + 64) / 64;
	uint64_t *in = calloc(words, 8), *out = calloc(words, 8);
	for (int i = 0; i < NPIPES; i++)
		in[rd[i] / 64] |= 1ULL << (rd[i] % 64);
	struct timespec ts = {0, 1000000};
	long n = sel(maxfd + 1, in, NULL, &ts);
	say("none ready: %ld, time left %ld.%09ld\n", n, (long)ts.tv_sec, ts.tv_nsec);

	int last = NPIPES - 3;
	write(wr[last], "x", 1);
	for (int i = 0; i < NPIPES; i++)
		in[rd[i] / 64] |= 1ULL << (rd[i] % 64);
	ts = (struct timespec){5, 0};
	n = sel(maxfd + 1, in, NULL, &ts);
	int found = -1, count = 0;
	for (int fd = 0; fd <= maxfd; fd++)
		if (in[fd / 64] & (1ULL << (fd % 64))) {
			found = fd;
			count++;
		}
	say("one ready: %ld, bits %d, the right one %d, time left > 4s %d\n", n, count, found == rd[last],
	    ts.tv_sec >= 4);

	for (int i = 0; i < NPIPES; i++)
		out[wr[i] / 64] |= 1ULL << (wr[i] % 64);
	n = sel(maxfd + 1, NULL, out, NULL);
	say("writable: %ld\n", n);

	close(rd[10]);
	memset(in, 0, words * 8);
	in[rd[10] / 64] |= 1ULL << (rd[10] % 64);
	n = sel(maxfd + 1, in, NULL, NULL);
	say("closed fd: %s\n", n < 0 ? errname(errno) : "ok");
	say("done\n");
	return 0;
}
