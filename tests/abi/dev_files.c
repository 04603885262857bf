/*
 * dev_files.c — the standard character devices (drivers/char/mem.c,
 * random.c, tty_io.c): /dev/null reads end of file and takes any write,
 * /dev/zero reads zeros, /dev/full reads zeros and refuses writes with
 * ENOSPC, /dev/urandom and /dev/random read random bytes, /dev/tty and
 * /dev/console are terminals; each has its device number.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "lvtest.h"

static void show_dev(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		say("%s: stat %s\n", path, errname(errno));
		return;
	}
	say("%s: char %d, %u:%u\n", path, S_ISCHR(st.st_mode), major(st.st_rdev), minor(st.st_rdev));
}

int main(void)
{
	const char *paths[] = {"/dev/null",    "/dev/zero", "/dev/full",   "/dev/random",
			       "/dev/urandom", "/dev/tty",  "/dev/console"};
	for (unsigned i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		show_dev(paths[i]);
	char buf[64];
	int fd = open("/dev/null", O_RDWR);
	show_ret("read /dev/null", read(fd, buf, sizeof(buf)), errno);
	show_ret("write /dev/null", write(fd, "abc", 3), errno);
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	memset(buf, 7, sizeof(buf));
	long n = read(fd, buf, sizeof(buf));
	int zeros = 0;
	for (int i = 0; i < 64; i++)
		zeros += buf[i] == 0;
	say("read /dev/zero: %ld bytes, %d zeros\n", n, zeros);
	close(fd);
	fd = open("/dev/full", O_RDWR);
	expect_err("write /dev/full", write(fd, "x", 1), errno, ENOSPC);
	show_ret("read /dev/full", read(fd, buf, 8), errno);
	close(fd);
	fd = open("/dev/urandom", O_RDONLY);
	show_ret("read /dev/urandom", read(fd, buf, 16), errno);
	close(fd);
	fd = open("/dev/tty", O_RDWR);
	say("/dev/tty is a terminal: %d\n", isatty(fd));
	close(fd);
	expect_err("open /dev/nonexistent", open("/dev/nonexistent", O_RDONLY), errno, ENOENT);
	done();
	return 0;
}
