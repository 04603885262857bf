/* file_max_enfile: fs.file-max and fs.file-nr (Linux fs/file_table.c).
 * file-nr reads "open files, 0, file-max"; file-max is at least NR_FILE
 * (8192) and takes 0..LONG_MAX (a sign, a word or 2^63 is EINVAL). With
 * file-max set a little above the files open now, a process without
 * CAP_SYS_ADMIN gets ENFILE from open, pipe and eventfd once the system
 * holds that many (alloc_empty_file), while root still opens files. (A
 * close does not give the slot back at once on Linux, which frees files
 * after an RCU grace period: not checked.) The limit is put back at the
 * end. */
#include "lvtest.h"
#include <sys/eventfd.h>
#include <sys/wait.h>

static char text[128];

static void read_nr(unsigned long *nr, unsigned long *zero, unsigned long *max)
{
	slurp_file("/proc/sys/fs/file-nr", text, sizeof text);
	if (sscanf(text, "%lu\t%lu\t%lu", nr, zero, max) != 3)
		say("file-nr unreadable: %s\n", text);
}

static long write_max(const char *value)
{
	return write_sysctl("/proc/sys/fs/file-max", value);
}

int main(void)
{
	char saved[64];
	slurp_file("/proc/sys/fs/file-max", saved, sizeof saved);
	unsigned long max = strtoul(saved, NULL, 10), nr, zero, nr_max;
	yesno("file-max at least 8192", max >= 8192);
	read_nr(&nr, &zero, &nr_max);
	/* Linux's count is a per-CPU counter read without summing: not exact */
	yesno("file-nr: open files, 0, file-max", zero == 0 && nr_max == max);
	expect_err("write -1", write_max("-1"), errno, EINVAL);
	expect_err("write abc", write_max("abc"), errno, EINVAL);
	expect_err("write 2^63", write_max("9223372036854775808"), errno, EINVAL);

	int go[2], ready[2];
	if (pipe(go) || pipe(ready))
		return 1;
	read_nr(&nr, &zero, &nr_max);
	char limit[32];
	snprintf(limit, sizeof limit, "%lu", nr + 40);
	show_ret("set file-max 40 above file-nr", write_max(limit) > 0, errno);
	read_nr(&nr, &zero, &nr_max);
	say("file-nr's third field follows: %s\n", nr_max == strtoul(limit, NULL, 10) ? "yes" : "no");

	pid_t child = fork();
	if (child == 0) {
		if (setuid(65534))
			_exit(2);
		int opened = 0, fd = -1, err = 0;
		for (; opened < 300; opened++) {
			fd = open("/dev/null", O_RDONLY);
			if (fd < 0) {
				err = errno;
				break;
			}
		}
		say("nobody: open stopped with %s, after between 1 and 100 files: %s\n", errname(err),
		    opened >= 1 && opened <= 100 ? "yes" : "no");
		int p[2];
		expect_err("nobody: pipe", pipe(p), errno, ENFILE);
		expect_err("nobody: eventfd", eventfd(0, 0), errno, ENFILE);
		if (write(ready[1], "x", 1) != 1 || read(go[0], text, 1) != 1)
			_exit(3);
		_exit(0);
	}
	char c;
	if (read(ready[0], &c, 1) == 1) {
		int fd = open("/dev/null", O_RDONLY);
		yesno("root opens past file-max", fd >= 0);
		close(fd);
	}
	if (write(go[1], "x", 1) != 1)
		return 1;
	int status;
	waitpid(child, &status, 0);
	yesno("child exited 0", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	show_ret("restore file-max", write_max(saved) > 0, errno);
	read_nr(&nr, &zero, &nr_max);
	yesno("file-nr below the old limit again", nr < strtoul(limit, NULL, 10) && nr_max == max);
	done();
	return 0;
}
