/*
 * sleep_forever.c — never exits (sleeps in 1-second steps): lvrun's
 * --timeout must end the run with status 124. Used by test_lvrun.py.
 */
#include <time.h>

int main(void)
{
	for (;;) {
		struct timespec ts = {1, 0};
		nanosleep(&ts, 0);
	}
}
