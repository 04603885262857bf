/* fd_table_huge: an fd past a million once fs.nr_open and RLIMIT_NOFILE
 * allow it. The table then needs more than 8 MiB of file pointers, more
 * than one contiguous block of the page allocator (Linux's fdtable comes
 * from kvmalloc, fs/file.c alloc_fdtable). dup2 and dup3 reach it, the
 * close-on-exec flag is kept, /proc/self/fd lists it and its link names
 * the same file as fd 0, a forked child inherits it, and dup still gives
 * the lowest free fd. fs.nr_open is put back at the end (the next test of
 * the batch runs on the same kernel). Prints only facts. */
#include "lvtest.h"
#include <dirent.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define HIGH 1048600

static int write_nr_open(const char *value)
{
	int fd = open("/proc/sys/fs/nr_open", O_WRONLY);
	if (fd < 0)
		return -errno;
	ssize_t n = write(fd, value, strlen(value));
	int err = n < 0 ? -errno : 0;
	close(fd);
	return err;
}

static int listed(int want)
{
	DIR *d = opendir("/proc/self/fd");
	if (!d)
		return -errno;
	int found = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (atoi(e->d_name) == want)
			found = 1;
	closedir(d);
	return found;
}

static int same_link(int a, int b)
{
	char pa[64], pb[64], la[256] = "", lb[256] = "";
	snprintf(pa, sizeof(pa), "/proc/self/fd/%d", a);
	snprintf(pb, sizeof(pb), "/proc/self/fd/%d", b);
	ssize_t na = readlink(pa, la, sizeof(la) - 1), nb = readlink(pb, lb, sizeof(lb) - 1);
	return na > 0 && na == nb && memcmp(la, lb, (size_t)na) == 0;
}

int main(void)
{
	say("nr_open 1100000: %s\n", errname(-write_nr_open("1100000\n")));
	struct rlimit rl = {.rlim_cur = 1100000, .rlim_max = 1100000};
	errno = 0;
	int r = setrlimit(RLIMIT_NOFILE, &rl);
	say("setrlimit NOFILE 1100000: %d %s\n", r, errname(r ? errno : 0));
	errno = 0;
	int fd = dup2(0, HIGH);
	say("dup2(0, %d): %s\n", HIGH, fd == HIGH ? "that fd" : errname(errno));
	errno = 0;
	int fd2 = dup3(0, HIGH + 1, O_CLOEXEC);
	say("dup3(0, %d, O_CLOEXEC): %s, F_GETFD %d\n", HIGH + 1, fd2 == HIGH + 1 ? "that fd" : errname(errno),
	    fcntl(HIGH + 1, F_GETFD));
	say("F_GETFD of %d: %d\n", HIGH, fcntl(HIGH, F_GETFD));
	say("/proc/self/fd lists %d: %d, %d: %d\n", HIGH, listed(HIGH), HIGH + 1, listed(HIGH + 1));
	say("/proc/self/fd/%d names fd 0's file: %d\n", HIGH, same_link(HIGH, 0));
	pid_t pid = fork();
	if (pid == 0)
		_exit(fcntl(HIGH, F_GETFD) == 0 && fcntl(HIGH + 1, F_GETFD) == FD_CLOEXEC ? 0 : 1);
	int status = 0;
	waitpid(pid, &status, 0);
	say("forked child has both: %s\n", WIFEXITED(status) && WEXITSTATUS(status) == 0 ? "yes" : "no");
	int low = dup(0);
	say("dup gives fd %d\n", low);
	close(low);
	say("close %d: %d, close %d: %d\n", HIGH, close(HIGH), HIGH + 1, close(HIGH + 1));
	say("nr_open back to 1048576: %s\n", errname(-write_nr_open("1048576\n")));
	done();
	return 0;
}
