/* fd_table_large: an fd table far past 4096 entries once RLIMIT_NOFILE
 * allows it (getrlimit(2): root may raise the hard limit up to
 * fs.nr_open, 1048576). dup returns the lowest free fd every time, also
 * after a close in the middle and at the limit; dup2 reaches a high fd;
 * the soft limit gives EMFILE (dup(2) ERRORS); fs.nr_open + 1 is EPERM
 * (fs/file.c, kernel/sys.c do_prlimit). Prints only facts. */
#include "lvtest.h"
#include <sys/resource.h>

#define FDS 10000

int main(void)
{
	struct rlimit rl = {.rlim_cur = 1048577, .rlim_max = 1048577};
	errno = 0;
	int r = setrlimit(RLIMIT_NOFILE, &rl);
	say("setrlimit NOFILE 1048577: %d %s\n", r, errname(r ? errno : 0));
	rl.rlim_cur = rl.rlim_max = 20000;
	r = setrlimit(RLIMIT_NOFILE, &rl);
	say("setrlimit NOFILE 20000: %d %s\n", r, errname(r ? errno : 0));
	int first = dup(0), in_order = 1, last = first;
	for (int i = 1; i < FDS; i++) {
		int fd = dup(0);
		if (fd != last + 1) {
			say("dup number %d: %d %s\n", i + 1, fd, errname(fd < 0 ? errno : 0));
			in_order = 0;
			break;
		}
		last = fd;
	}
	say("%d dups, consecutive: %s, last fd - first fd = %d\n", FDS, in_order ? "yes" : "no", last - first);
	close(first + 5000);
	close(first + 100);
	int a = dup(0), b = dup(0), c = dup(0);
	say("after closing first+100 and first+5000, dup gives first+%d, first+%d, first+%d\n", a - first, b - first,
	    c - first);
	errno = 0;
	int d = dup2(0, 15000);
	say("dup2(0, 15000): %d %s\n", d, errname(d < 0 ? errno : 0));
	errno = 0;
	d = dup2(0, 20000);
	say("dup2(0, 20000) at limit 20000: %d %s\n", d, errname(d < 0 ? errno : 0));
	rl.rlim_cur = (rlim_t)c + 2; /* room for exactly one more fd below the limit */
	setrlimit(RLIMIT_NOFILE, &rl);
	int e = dup(0);
	errno = 0;
	int f = dup(0);
	say("under a soft limit of (first+10000)+2: dup gives first+%d, then %d %s\n", e - first, f,
	    errname(f < 0 ? errno : 0));
	for (int fd = first; fd <= 15000; fd++)
		close(fd);
	done();
	return 0;
}
