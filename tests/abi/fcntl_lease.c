/*
 * fcntl_lease.c — file leases (fcntl(2) "Leases"; Linux fs/locks.c
 * fcntl_setlease, generic_add_lease, check_conflicting_open, __break_lease,
 * time_out_leases, lease_modify; /proc/locks lock_get_status;
 * fs.lease-break-time and fs.leases-enable).
 *
 * Read and write leases and their errors; a breaker with O_NONBLOCK gets
 * EWOULDBLOCK (the holder still gets its SIGIO); a reader blocked by a write
 * lease until the holder downgrades, a writer blocked by a read lease until
 * the holder unlocks (a downgrade is refused then), a truncate(2) that
 * waits out lease-break-time; the F_SETSIG signal's si_code, si_fd and
 * si_band; F_GETLEASE during a break; the owner cleared by an unlock; the
 * lines of /proc/locks. Each breaker is a child; the parent learns it is
 * breaking from the lease signal (sigtimedwait) and the child reports by
 * exiting, so nothing depends on timing except the one forced break, which
 * waits for lease-break-time (1 second) to pass.
 */
#include "async_test.h"
#include "fs_test.h"

#include <signal.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>

#define PATH "/tmp/fcntl_lease"
#define RTSIG (SIGRTMIN + 2)
#define BREAK_TIME "/proc/sys/fs/lease-break-time"
#define ENABLE "/proc/sys/fs/leases-enable"

static const char *lease_name(long t)
{
	return t == F_RDLCK ? "F_RDLCK" : t == F_WRLCK ? "F_WRLCK" : t == F_UNLCK ? "F_UNLCK" : "?";
}

static void getlease(const char *label, int fd)
{
	long t = fcntl(fd, F_GETLEASE);
	say("%s: F_GETLEASE %s\n", label, t < 0 ? errname(errno) : lease_name(t));
}

/* Waits up to 10 s for sig and shows what came. */
static void expect_signal(const char *label, int sig, int fd)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	struct timespec ts = {10, 0};
	siginfo_t si;
	int got = sigtimedwait(&set, &si, &ts);
	if (got != sig) {
		say("%s: no signal (%s)\n", label, errname(errno));
		return;
	}
	say("%s: %s si_code %d", label, sig == SIGIO ? "SIGIO" : "RTSIG", si.si_code);
	if (si.si_code != SI_KERNEL)
		say(" si_fd is the fd %d si_band 0x%lx", si.si_fd == fd, (long)si.si_band);
	say("\n");
}

/* Nothing more of sig is pending. */
static void expect_no_signal(const char *label, int sig)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	struct timespec ts = {0, 0};
	yesno(label, sigtimedwait(&set, NULL, &ts) == sig);
}

/* The LEASE lines of /proc/locks, the pid and device:inode checked, not printed. */
static void show_locks(const char *label)
{
	static char buf[8192];
	if (slurp_file("/proc/locks", buf, sizeof buf) < 0) {
		say("%s: /proc/locks: %s\n", label, errname(errno));
		return;
	}
	struct stat st;
	stat(PATH, &st);
	char want[64];
	snprintf(want, sizeof want, " %d %02x:%02x:%lu 0 EOF", getpid(), major(st.st_dev), minor(st.st_dev),
		 (unsigned long)st.st_ino);
	int n = 0;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		char *body = strstr(line, ": ");
		if (!body || strncmp(body + 2, "LEASE", 5))
			continue;
		body += 2;
		char *ours = strstr(body, want);
		if (ours)
			*ours = 0;
		say("%s: [%s] %s\n", label, body, ours ? "pid and file ok" : "other");
		n++;
	}
	say("%s: %d lease lines\n", label, n);
}

/* A child that opens (or truncates, flags -1) the file and exits 0 when that worked. */
static pid_t breaker(int flags)
{
	pid_t pid = fork();
	if (pid == 0) {
		int r = flags < 0 ? truncate(PATH, 3) : open(PATH, flags);
		_exit(r < 0 ? 1 : 0);
	}
	return pid;
}

static void reap(const char *label, pid_t pid)
{
	int status;
	waitpid(pid, &status, 0);
	say("%s: child exit %d\n", label, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

int main(void)
{
	block_signals(SIGIO, RTSIG, 0);
	char buf[64];
	slurp_file(BREAK_TIME, buf, sizeof buf);
	say("lease-break-time: %s", buf);
	slurp_file(ENABLE, buf, sizeof buf);
	say("leases-enable: %s", buf);

	unlink(PATH);
	int fd = open(PATH, O_CREAT | O_RDWR, 0644);
	R("write", write(fd, "hello", 5));
	close(fd);

	/* read lease: errors and the plain SIGIO of a non-blocking breaker */
	fd = open(PATH, O_RDONLY);
	getlease("no lease", fd);
	R("F_SETLEASE F_UNLCK without a lease", fcntl(fd, F_SETLEASE, F_UNLCK));
	R("F_SETLEASE 7", fcntl(fd, F_SETLEASE, 7));
	R("F_SETLEASE F_RDLCK", fcntl(fd, F_SETLEASE, F_RDLCK));
	getlease("read lease", fd);
	say("F_GETOWN is the caller: %d\n", fcntl(fd, F_GETOWN) == getpid());
	show_locks("read lease");
	int fd2 = open(PATH, O_RDONLY);
	say("another reader opens: %d\n", fd2 >= 0);
	R("a write lease with another reader", fcntl(fd2, F_SETLEASE, F_WRLCK));
	R("a second read lease", fcntl(fd2, F_SETLEASE, F_RDLCK));
	show_locks("two read leases");
	R("F_SETLEASE F_UNLCK on the second", fcntl(fd2, F_SETLEASE, F_UNLCK));
	close(fd2);
	R("open O_WRONLY|O_NONBLOCK", open(PATH, O_WRONLY | O_NONBLOCK));
	expect_signal("after the non-blocking writer", SIGIO, fd);
	getlease("unlock pending", fd);
	show_locks("unlock pending");
	fd2 = open(PATH, O_RDONLY);
	R("a read lease while one is being broken", fcntl(fd2, F_SETLEASE, F_RDLCK));
	close(fd2);
	R("open O_RDWR|O_TRUNC|O_NONBLOCK", open(PATH, O_RDWR | O_TRUNC | O_NONBLOCK));
	struct stat st;
	stat(PATH, &st);
	say("size after the refused O_TRUNC: %ld\n", (long)st.st_size);
	expect_no_signal("a second signal for the same break", SIGIO);
	R("F_SETLEASE F_UNLCK", fcntl(fd, F_SETLEASE, F_UNLCK));
	getlease("after the unlock", fd);
	say("F_GETOWN after the unlock: %d\n", fcntl(fd, F_GETOWN));
	show_locks("no lease");

	/* write lease: a blocked reader until the holder downgrades */
	R("F_SETSIG RTSIG", fcntl(fd, F_SETSIG, RTSIG));
	R("F_SETLEASE F_WRLCK", fcntl(fd, F_SETLEASE, F_WRLCK));
	getlease("write lease", fd);
	show_locks("write lease");
	pid_t child = breaker(O_RDONLY);
	expect_signal("a reader breaks the write lease", RTSIG, fd);
	getlease("downgrade pending", fd);
	show_locks("downgrade pending");
	R("F_SETLEASE F_RDLCK (downgrade)", fcntl(fd, F_SETLEASE, F_RDLCK));
	reap("the reader", child);
	getlease("after the downgrade", fd);

	/* a blocked writer: downgrading is not enough, the holder must unlock */
	child = breaker(O_WRONLY);
	expect_signal("a writer breaks the read lease", RTSIG, fd);
	getlease("unlock pending", fd);
	R("F_SETLEASE F_RDLCK with a writer waiting", fcntl(fd, F_SETLEASE, F_RDLCK));
	R("F_SETLEASE F_UNLCK", fcntl(fd, F_SETLEASE, F_UNLCK));
	reap("the writer", child);
	say("F_GETSIG after the unlock: %d\n", fcntl(fd, F_GETSIG));

	/* truncate(2) waits out lease-break-time */
	R("lease-break-time 1", write_sysctl(BREAK_TIME, "1\n"));
	R("F_SETLEASE F_RDLCK", fcntl(fd, F_SETLEASE, F_RDLCK));
	child = breaker(-1);
	expect_signal("truncate breaks the lease", SIGIO, fd);
	reap("the truncate", child);
	getlease("after lease-break-time", fd);
	stat(PATH, &st);
	say("size after the truncate: %ld\n", (long)st.st_size);
	close(fd);

	/* the last close drops the lease */
	fd = open(PATH, O_RDONLY);
	R("F_SETLEASE F_WRLCK", fcntl(fd, F_SETLEASE, F_WRLCK));
	close(fd);
	fd = open(PATH, O_WRONLY | O_NONBLOCK);
	say("open for writing after the holder closed: %d\n", fd >= 0);
	R("F_SETLEASE F_WRLCK on an O_WRONLY fd", fcntl(fd, F_SETLEASE, F_WRLCK));
	R("F_SETLEASE F_RDLCK on an O_WRONLY fd", fcntl(fd, F_SETLEASE, F_RDLCK));
	R("F_SETLEASE F_UNLCK", fcntl(fd, F_SETLEASE, F_UNLCK));
	close(fd);

	/* not a regular file; not the owner; leases disabled; the sysctls */
	int p[2];
	R("pipe", pipe(p));
	R("F_SETLEASE on a pipe", fcntl(p[0], F_SETLEASE, F_RDLCK));
	R("F_GETLEASE on a pipe", fcntl(p[0], F_GETLEASE));
	R("F_SETLEASE on a directory", fcntl(open("/tmp", O_RDONLY | O_DIRECTORY), F_SETLEASE, F_RDLCK));
	R("F_SETLEASE on O_PATH", fcntl(open(PATH, O_PATH), F_SETLEASE, F_RDLCK));
	child = fork();
	if (child == 0) {
		if (setuid(65534) != 0)
			_exit(2);
		int nfd = open(PATH, O_RDONLY);
		R("F_SETLEASE F_RDLCK by another user", fcntl(nfd, F_SETLEASE, F_RDLCK));
		R("F_GETLEASE by another user", fcntl(nfd, F_GETLEASE));
		_exit(0);
	}
	reap("the other user", child);
	R("leases-enable 0", write_sysctl(ENABLE, "0"));
	fd = open(PATH, O_RDONLY);
	R("F_SETLEASE F_RDLCK with leases disabled", fcntl(fd, F_SETLEASE, F_RDLCK));
	R("leases-enable 1", write_sysctl(ENABLE, "1"));
	R("F_SETLEASE F_RDLCK enabled again", fcntl(fd, F_SETLEASE, F_RDLCK));
	R("leases-enable 0", write_sysctl(ENABLE, "0"));
	R("F_SETLEASE F_RDLCK again while disabled (a change)", fcntl(fd, F_SETLEASE, F_RDLCK));
	R("leases-enable 1", write_sysctl(ENABLE, "1"));
	close(fd);
	R("lease-break-time -5", write_sysctl(BREAK_TIME, "-5"));
	slurp_file(BREAK_TIME, buf, sizeof buf);
	say("lease-break-time: %s", buf);
	R("lease-break-time abc", write_sysctl(BREAK_TIME, "abc"));
	R("lease-break-time - 5", write_sysctl(BREAK_TIME, "- 5"));
	R("lease-break-time 2147483648", write_sysctl(BREAK_TIME, "2147483648"));
	R("lease-break-time -2147483648", write_sysctl(BREAK_TIME, "-2147483648"));
	R("lease-break-time 45", write_sysctl(BREAK_TIME, "45"));
	slurp_file(BREAK_TIME, buf, sizeof buf);
	say("lease-break-time: %s", buf);
	unlink(PATH);
	done();
	return 0;
}
