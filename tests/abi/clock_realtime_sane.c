/* clock_realtime_sane: CLOCK_REALTIME is wall-clock time, initialised from
 * the RTC (QEMU virt has a PL031): the year is >= 2024 and < 2100.
 * Checked via the raw syscall and libc time(). Prints relations only. */
#include "lvtest.h"
#include <time.h>

int main(void)
{
	struct timespec t;
	long r = syscall(SYS_clock_gettime, CLOCK_REALTIME, &t);
	say("raw clock_gettime ret: %ld\n", r);
	struct tm tm;
	gmtime_r(&t.tv_sec, &tm);
	yesno("year >= 2024", tm.tm_year + 1900 >= 2024);
	yesno("year < 2100", tm.tm_year + 1900 < 2100);
	time_t now = time(NULL);
	yesno("time() within 5 s of raw", now >= t.tv_sec && now - t.tv_sec <= 5);
	done();
	return 0;
}
