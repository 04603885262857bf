/* stdout_large_write: one write(2) of 4096 bytes to the console is written
 * completely and returns 4096 (a blocking tty write does not return short,
 * drivers/tty/n_tty.c n_tty_write loops until all is written). The data is
 * 64 numbered lines of 64 bytes, compared byte for byte. */
#include "lvtest.h"

int main(void)
{
	static char buf[4096];
	for (int i = 0; i < 64; i++) {
		char *l = buf + i * 64;
		snprintf(l, 6, "%03d: ", i);
		memset(l + 5, 'a' + i % 26, 58);
		l[63] = '\n';
	}
	errno = 0;
	long r = syscall(SYS_write, 1, buf, sizeof buf);
	show_ret("write 4096", r, errno);
	done();
	return 0;
}
