/* mmap_dev_zero: mapping /dev/zero (Linux drivers/char/mem.c mmap_zero):
 * MAP_PRIVATE is anonymous memory (zeros, a child's writes stay its own),
 * MAP_SHARED is new shared memory the size of the mapping (zeros, shared
 * with a forked child, two such mappings separate), and the access checks (EACCES). */
#include "lvtest.h"
#include <sys/mman.h>
#include <sys/wait.h>

int main(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	int fd = open("/dev/zero", O_RDWR);
	char *priv = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *sh = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	yesno("private mapped", priv != MAP_FAILED);
	yesno("shared mapped", sh != MAP_FAILED);
	if (priv == MAP_FAILED || sh == MAP_FAILED)
		return 1;
	yesno("zeros", priv[0] == 0 && priv[2 * pg - 1] == 0 && sh[0] == 0 && sh[2 * pg - 1] == 0);
	pid_t pid = fork();
	if (pid == 0) {
		strcpy(priv, "child private");
		strcpy(sh + pg, "child shared");
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	say("private after child: \"%s\"\n", priv);
	say("shared after child: \"%s\"\n", sh + pg);
	char *sh3 = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	strcpy(sh, "first");
	say("second shared mapping separate: \"%s\"\n", sh3);
	char buf[8];
	say("read still zeros: %zd %d\n", read(fd, buf, sizeof(buf)), buf[0] == 0 && buf[7] == 0);
	int ro = open("/dev/zero", O_RDONLY);
	errno = 0;
	expect_err("shared writable on O_RDONLY", (long)mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0),
		   errno, EACCES);
	show_ret("shared read-only on O_RDONLY", mmap(NULL, pg, PROT_READ, MAP_SHARED, ro, 0) == MAP_FAILED ? -1 : 0,
		 errno);
	show_ret("private writable on O_RDONLY",
		 mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, ro, 0) == MAP_FAILED ? -1 : 0, errno);
	int wo = open("/dev/zero", O_WRONLY);
	errno = 0;
	expect_err("O_WRONLY", (long)mmap(NULL, pg, PROT_READ, MAP_PRIVATE, wo, 0), errno, EACCES);
	done();
	return 0;
}
