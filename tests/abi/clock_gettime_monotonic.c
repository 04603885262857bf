/* clock_gettime_monotonic: CLOCK_MONOTONIC never goes backwards and
 * tv_nsec is in [0, 1e9) (clock_gettime(2)). Checked both through the raw
 * syscall (the kernel path) and through libc (which may use the vDSO on
 * Linux). Prints relations only. */
#include "lvtest.h"
#include <time.h>

static long long ns(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

int main(void)
{
	struct timespec a, b;
	long r1 = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &a);
	int nsok = 1, mono = 1;
	for (int i = 0; i < 1000; i++) {
		if (syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b) != 0) {
			mono = 0;
			break;
		}
		if (b.tv_nsec < 0 || b.tv_nsec >= 1000000000L)
			nsok = 0;
		if (ns(&b) < ns(&a))
			mono = 0;
		a = b;
	}
	say("raw clock_gettime ret: %ld\n", r1);
	yesno("raw monotonic non-decreasing", mono);
	yesno("raw tv_nsec in range", nsok);
	yesno("raw value > 0", ns(&a) > 0);
	int r2 = clock_gettime(CLOCK_MONOTONIC, &b);
	say("libc clock_gettime ret: %d\n", r2);
	yesno("libc >= raw", ns(&b) >= ns(&a));
	struct timespec c;
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &c);
	yesno("raw after libc >= libc", ns(&c) >= ns(&b));
	done();
	return 0;
}
