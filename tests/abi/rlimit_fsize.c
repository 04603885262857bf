/*
 * rlimit_fsize.c — RLIMIT_FSIZE (mm/filemap.c generic_write_check_limits,
 * fs/attr.c inode_newsize_ok): a write that crosses the limit is cut short
 * at it; a write at or past it fails with EFBIG and sends SIGXFSZ to the
 * writer (si_code SI_USER, si_pid the writer); O_APPEND writes are checked
 * at the end of the file; ftruncate growing past the limit is EFBIG +
 * SIGXFSZ, shrinking or growing up to it is fine; with SIGXFSZ ignored only
 * EFBIG remains; and a child killed by the default action reports SIGXFSZ.
 */
#include "fs_test.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define PATH "/tmp/rlimit_fsize"

static volatile sig_atomic_t caught, caught_code, caught_pid_ok;

static void on_xfsz(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	caught++;
	caught_code = si->si_code;
	caught_pid_ok = si->si_pid == getpid() && sig == SIGXFSZ;
}

static void report(const char *label)
{
	say("%s: SIGXFSZ caught %d, si_code %d, si_pid is the writer %d\n", label, (int)caught, (int)caught_code,
	    (int)caught_pid_ok);
	caught = caught_code = caught_pid_ok = 0;
}

static void file_size(const char *label, int fd)
{
	struct stat st;
	fstat(fd, &st);
	say("%s: size %lld\n", label, (long long)st.st_size);
}

int main(void)
{
	struct sigaction sa = {.sa_sigaction = on_xfsz, .sa_flags = SA_SIGINFO};
	sigaction(SIGXFSZ, &sa, NULL);
	int fd = open(PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
	struct rlimit rl = {.rlim_cur = 1000, .rlim_max = RLIM_INFINITY};
	R("setrlimit RLIMIT_FSIZE 1000", setrlimit(RLIMIT_FSIZE, &rl));

	static char buf[3000];
	memset(buf, 'x', sizeof buf);
	say("write 600: %zd\n", write(fd, buf, 600));
	say("write 600 more (cut at 1000): %zd\n", write(fd, buf, 600));
	report("crossing write");
	file_size("after the crossing write", fd);
	R("write at the limit", write(fd, buf, 10));
	report("write at the limit");
	R("pwrite past the limit", pwrite(fd, buf, 10, 5000));
	report("pwrite past the limit");
	say("pwrite before the limit: %zd\n", pwrite(fd, buf, 3000, 990));
	report("pwrite before the limit");

	int ap = open(PATH, O_WRONLY | O_APPEND);
	R("O_APPEND write at the limit", write(ap, buf, 1));
	report("O_APPEND");
	close(ap);

	R("ftruncate to 500", ftruncate(fd, 500));
	R("ftruncate to 1000", ftruncate(fd, 1000));
	R("ftruncate to 1001", ftruncate(fd, 1001));
	report("ftruncate past the limit");
	R("truncate to 4000", truncate(PATH, 4000));
	report("truncate past the limit");
	file_size("after the truncates", fd);

	signal(SIGXFSZ, SIG_IGN);
	R("write at the limit, SIGXFSZ ignored", pwrite(fd, buf, 1, 1000));
	report("ignored");

	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGXFSZ, SIG_DFL);
		pwrite(fd, buf, 1, 2000);
		_exit(7);
	}
	int status;
	waitpid(pid, &status, 0);
	say("child: signaled %d, signal %d\n", WIFSIGNALED(status), WIFSIGNALED(status) ? WTERMSIG(status) : 0);

	rl.rlim_cur = RLIM_INFINITY;
	R("setrlimit RLIMIT_FSIZE infinity", setrlimit(RLIMIT_FSIZE, &rl));
	say("write past 1000 without a limit: %zd\n", pwrite(fd, buf, 10, 5000));
	close(fd);
	unlink(PATH);
	done();
	return 0;
}
