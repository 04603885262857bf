/* mmap_shared_anon_fork: a MAP_SHARED|MAP_ANONYMOUS mapping and a
 * MAP_SHARED mapping of /dev/zero stay shared with a child created by fork
 * even for pages neither process touched before the fork (on Linux shmem
 * backs both: mm/shmem.c shmem_zero_setup, drivers/char/mem.c mmap_zero);
 * a MAP_PRIVATE mapping of /dev/zero is private anonymous memory: the
 * child's store stays in the child. */
#include "lvtest.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>

int main(void)
{
	size_t sz = 4 * 4096;
	int *anon = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int fd = open("/dev/zero", O_RDWR);
	yesno("open /dev/zero", fd >= 0);
	int *zero = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	int *priv = mmap(NULL, sz, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	yesno("shared anon mapped", anon != MAP_FAILED);
	yesno("shared /dev/zero mapped", zero != MAP_FAILED);
	yesno("private /dev/zero mapped", priv != MAP_FAILED);
	if (anon == MAP_FAILED || zero == MAP_FAILED || priv == MAP_FAILED) {
		done();
		return 0;
	}
	anon[0] = 1; /* one page touched before the fork, the others not */
	pid_t child = fork();
	if (child == 0) {
		anon[0] = 11;
		anon[1024] = 12; /* second page: first touched in the child */
		anon[3 * 1024 + 5] = 13;
		zero[2048] = 21;
		priv[0] = 31;
		_exit(0);
	}
	int status;
	waitpid(child, &status, 0);
	yesno("child exited 0", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	say("anon: %d %d %d\n", anon[0], anon[1024], anon[3 * 1024 + 5]);
	say("dev/zero shared: %d\n", zero[2048]);
	say("dev/zero private: %d\n", priv[0]);
	done();
	return 0;
}
