/*
 * fcntl_record_locks.c — fcntl(2) record locks (fs/locks.c). POSIX locks
 * (F_GETLK/F_SETLK/F_SETLKW) belong to the process: its own never conflict,
 * a new one splits or merges its old ranges (F_GETLK from a child shows the
 * exact ranges, the lowest first), any close of a descriptor of the file
 * drops them all, a child does not inherit them; l_whence SEEK_CUR/SEEK_END and a negative
 * l_len give the range; the errors EINVAL, EBADF, EFAULT, EOVERFLOW, EAGAIN.
 * F_SETLKW sleeps until the holder unlocks, and two processes each waiting
 * for the other's lock: exactly one of them gets EDEADLK. OFD locks
 * (F_OFD_*) belong to the open file description: two descriptions of one
 * process conflict, a dup shares them, the last close drops them, F_GETLK
 * reports pid -1, and POSIX and OFD locks conflict. flock(2) locks are
 * independent of both. Handshakes through pipes.
 */
#include "fs_test.h"

#include <stdint.h>
#include <sys/file.h>
#include <sys/wait.h>

#define PATH "/tmp/fcntl_record_locks"

static int lk(int fd, int cmd, short type, short whence, off_t start, off_t len)
{
	struct flock fl = {.l_type = type, .l_whence = whence, .l_start = start, .l_len = len};
	return fcntl(fd, cmd, &fl);
}

static const char *type_name(int t)
{
	return t == F_RDLCK ? "F_RDLCK" : t == F_WRLCK ? "F_WRLCK" : t == F_UNLCK ? "F_UNLCK" : "?";
}

/* F_GETLK (or F_OFD_GETLK) of a one-byte-or-more write probe; prints what blocks it. */
static void probe(const char *label, int fd, int cmd, off_t start, off_t len, pid_t owner)
{
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
	errno = 0;
	int r = fcntl(fd, cmd, &fl);
	if (r < 0) {
		show_ret(label, r, errno);
		return;
	}
	if (fl.l_type == F_UNLCK)
		say("%s: F_UNLCK\n", label);
	else
		say("%s: %s start=%lld len=%lld whence=%d pid=%s\n", label, type_name(fl.l_type), (long long)fl.l_start,
		    (long long)fl.l_len, fl.l_whence,
		    fl.l_pid == owner ? "owner"
		    : fl.l_pid == -1  ? "-1"
				      : "other");
}

/* Runs fn in a child (which does not own the parent's POSIX locks) and waits for it. */
static void in_child(void (*fn)(int fd, pid_t parent), int fd)
{
	pid_t parent = getpid();
	pid_t pid = fork();
	if (pid == 0) {
		fn(fd, parent);
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
}

static void child_sees_first(int fd, pid_t parent)
{
	probe("child probe [0,1]", fd, F_GETLK, 0, 1, parent);
	probe("child probe [250,250]", fd, F_GETLK, 250, 1, parent);
	probe("child probe [100,199]", fd, F_GETLK, 100, 100, parent);
	struct flock rd = {.l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 250, .l_len = 1};
	R("child F_GETLK read [250]", fcntl(fd, F_GETLK, &rd));
	say("child read probe: %s\n", type_name(rd.l_type));
	R("child F_SETLK write [50,59]", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 50, 10));
	R("child F_SETLK read [250,259]", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 250, 10));
	R("child F_SETLK write [100,199]", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 100, 100));
	R("child close of its copy", close(fd));
}

static void child_sees_split(int fd, pid_t parent)
{
	probe("split [0,0]", fd, F_GETLK, 0, 1, parent);
	probe("split [15,15]", fd, F_GETLK, 15, 1, parent);
	probe("split [45,45]", fd, F_GETLK, 45, 1, parent);
	probe("split [70,70]", fd, F_GETLK, 70, 1, parent);
	probe("split [40,59]", fd, F_GETLK, 40, 20, parent);
}

static void child_sees_merge(int fd, pid_t parent)
{
	probe("merged [0,0]", fd, F_GETLK, 0, 1, parent);
	probe("merged [150,150]", fd, F_GETLK, 150, 1, parent);
	probe("merged [1000,1000]", fd, F_GETLK, 1000, 1, parent);
}

static void child_sees_whence(int fd, pid_t parent)
{
	probe("whence [0,0]", fd, F_GETLK, 0, 1, parent);
	probe("whence [60,60]", fd, F_GETLK, 60, 1, parent);
	probe("whence [4096,4096]", fd, F_GETLK, 4096, 1, parent);
	probe("whence [5000,5000]", fd, F_GETLK, 5000, 1, parent);
}

/* Several conflicts: F_GETLK reports the owner's lowest one (its locks are kept sorted). */
static void child_sees_order(int fd, pid_t parent)
{
	probe("order [0,end]", fd, F_GETLK, 0, 0, parent);
	probe("order [450,end]", fd, F_GETLK, 450, 0, parent);
}

static void child_sees_nothing(int fd, pid_t parent)
{
	probe("after close [0,0]", fd, F_GETLK, 0, 0, parent);
}

/* Both hold one byte and wait for the other's: one gets EDEADLK and lets go. */
static void deadlock(int fd)
{
	int ready[2], result[2];
	if (pipe(ready) || pipe(result))
		return;
	R("parent lock [0]", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	pid_t pid = fork();
	if (pid == 0) {
		int got = lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 1, 1);
		write(ready[1], "r", 1);
		errno = 0;
		int r = lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 0, 1);
		char verdict = r == 0 ? 'L' : errno == EDEADLK ? 'D' : 'X';
		if (verdict == 'D')
			lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 1, 1); /* let the parent have it */
		if (got != 0)
			verdict = 'X';
		write(result[1], &verdict, 1);
		_exit(0); /* the exit drops the child's locks */
	}
	char x;
	read(ready[0], &x, 1);
	errno = 0;
	int r = lk(fd, F_SETLKW, F_WRLCK, SEEK_SET, 1, 1);
	char mine = r == 0 ? 'L' : errno == EDEADLK ? 'D' : 'X';
	if (mine == 'D')
		lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 1); /* let the child have it */
	char theirs = 'X';
	read(result[0], &theirs, 1);
	int status;
	waitpid(pid, &status, 0);
	int deadlocks = (mine == 'D') + (theirs == 'D'), locked = (mine == 'L') + (theirs == 'L');
	say("deadlock: EDEADLK %d, acquired after waiting %d, other %d\n", deadlocks, locked,
	    (mine == 'X') + (theirs == 'X'));
	R("parent unlock all", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));
	close(ready[0]);
	close(ready[1]);
	close(result[0]);
	close(result[1]);
}

/* A child's F_SETLKW sleeps until the parent unlocks. */
static void setlkw_waits(int fd)
{
	int ready[2], go[2];
	if (pipe(ready) || pipe(go))
		return;
	R("parent lock [0,9] for the waiter", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	pid_t pid = fork();
	if (pid == 0) {
		R("child F_SETLK [5] while held", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 5, 1));
		write(ready[1], "r", 1);
		int r = lk(fd, F_SETLKW, F_RDLCK, SEEK_SET, 5, 1);
		char x;
		/* the parent writes to go only after unlocking: it must be there */
		say("child F_SETLKW returned %d after the unlock: %s\n", r, read(go[0], &x, 1) == 1 ? "yes" : "no");
		_exit(0);
	}
	char x;
	read(ready[0], &x, 1);
	lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 10);
	write(go[1], "g", 1);
	int status;
	waitpid(pid, &status, 0);
	say("waiter exit %d\n", WEXITSTATUS(status));
	close(ready[0]);
	close(ready[1]);
	close(go[0]);
	close(go[1]);
}

static void errors(int fd)
{
	struct flock fl = {.l_type = F_UNLCK, .l_whence = SEEK_SET};
	R("F_GETLK of F_UNLCK", fcntl(fd, F_GETLK, &fl));
	R("F_SETLK type 7", lk(fd, F_SETLK, 7, SEEK_SET, 0, 1));
	R("F_SETLK whence 5", lk(fd, F_SETLK, F_WRLCK, 5, 0, 1));
	R("F_SETLK negative start", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, -1, 1));
	R("F_SETLK len past start 0", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 5, -6));
	R("F_SETLK start overflow", lk(fd, F_SETLK, F_WRLCK, SEEK_CUR, INT64_MAX, 1));
	R("F_SETLK len overflow", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, INT64_MAX - 1, 3));
	R("F_SETLK bad pointer", fcntl(fd, F_SETLK, (void *)8));
	R("F_GETLK bad pointer", fcntl(fd, F_GETLK, (void *)8));
	R("F_SETLK bad fd", lk(99, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	int ro = open(PATH, O_RDONLY), wo = open(PATH, O_WRONLY);
	R("F_WRLCK on O_RDONLY", lk(ro, F_SETLK, F_WRLCK, SEEK_SET, 0, 1));
	R("F_RDLCK on O_RDONLY", lk(ro, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	R("F_RDLCK on O_WRONLY", lk(wo, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	R("F_UNLCK on O_WRONLY", lk(wo, F_SETLK, F_UNLCK, SEEK_SET, 0, 1));
	struct flock probe_ro = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
	R("F_GETLK write probe on O_RDONLY", fcntl(ro, F_GETLK, &probe_ro));
	close(ro);
	close(wo);
	int path = open(PATH, O_PATH);
	R("F_SETLK on O_PATH", lk(path, F_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	close(path);
	struct flock ofd = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_pid = 1};
	R("F_OFD_SETLK with l_pid", fcntl(fd, F_OFD_SETLK, &ofd));
	R("F_OFD_GETLK with l_pid", fcntl(fd, F_OFD_GETLK, &ofd));
}

static void ofd_locks(void)
{
	int a = open(PATH, O_RDWR), b = open(PATH, O_RDWR);
	pid_t me = getpid();
	R("a F_OFD_SETLK [0,9]", lk(a, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	R("a F_OFD_SETLK again (same description)", lk(a, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 10));
	R("b F_OFD_SETLK [0,9]", lk(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 10));
	probe("b F_OFD_GETLK", b, F_OFD_GETLK, 0, 1, me);
	probe("a F_OFD_GETLK", a, F_OFD_GETLK, 0, 1, me);
	probe("POSIX F_GETLK vs OFD", b, F_GETLK, 3, 1, me);
	R("POSIX F_SETLK vs OFD", lk(b, F_SETLK, F_RDLCK, SEEK_SET, 3, 1));
	R("POSIX F_SETLK [20,29]", lk(b, F_SETLK, F_WRLCK, SEEK_SET, 20, 10));
	R("a F_OFD_SETLK vs POSIX", lk(a, F_OFD_SETLK, F_RDLCK, SEEK_SET, 25, 1));
	probe("a F_OFD_GETLK vs POSIX", a, F_OFD_GETLK, 25, 1, me);
	lk(b, F_SETLK, F_UNLCK, SEEK_SET, 0, 0);
	int c = dup(a);
	R("dup F_OFD_SETLK (shared)", lk(c, F_OFD_SETLK, F_RDLCK, SEEK_SET, 0, 1));
	close(c);
	R("b after closing the dup", lk(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 5, 1));
	R("flock on b (independent)", flock(b, LOCK_EX | LOCK_NB));
	flock(b, LOCK_UN);
	R("a F_OFD_SETLK F_UNLCK [0,0]", lk(a, F_OFD_SETLK, F_UNLCK, SEEK_SET, 0, 1));
	probe("b F_OFD_GETLK after unlock of [0]", b, F_OFD_GETLK, 0, 2, me);
	close(a);
	R("b after a's last close", lk(b, F_OFD_SETLK, F_WRLCK, SEEK_SET, 0, 0));
	close(b);
}

int main(void)
{
	int fd = open(PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
	R("F_SETLK write [0,99]", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 0, 100));
	R("F_SETLK read [200,299]", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 200, 100));
	probe("own probe [0,1000]", fd, F_GETLK, 0, 1000, getpid());
	in_child(child_sees_first, fd);

	/* split: a hole, a read lock inside the write lock */
	R("unlock [40,59]", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 40, 20));
	R("read [10,19]", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 10, 10));
	in_child(child_sees_split, fd);

	/* merge: fill the hole and extend to the read lock's end, make [10,19] a write lock again */
	R("write [40,59]", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 40, 20));
	R("write [10,19]", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 10, 10));
	R("read [100,199]", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 100, 100));
	R("read [300,0=eof]", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 300, 0));
	in_child(child_sees_merge, fd);
	R("unlock everything", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));

	/* set in decreasing order of start */
	R("write [500,509]", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 500, 10));
	R("read [400,409]", lk(fd, F_SETLK, F_RDLCK, SEEK_SET, 400, 10));
	R("write [300,309]", lk(fd, F_SETLK, F_WRLCK, SEEK_SET, 300, 10));
	in_child(child_sees_order, fd);
	R("unlock everything again", lk(fd, F_SETLK, F_UNLCK, SEEK_SET, 0, 0));

	/* whence and negative lengths */
	if (ftruncate(fd, 4096) || lseek(fd, 50, SEEK_SET) != 50)
		say("setup failed\n");
	R("SEEK_CUR +10 len -10", lk(fd, F_SETLK, F_WRLCK, SEEK_CUR, 10, -10));
	R("SEEK_END 0 len 904", lk(fd, F_SETLK, F_RDLCK, SEEK_END, 0, 904));
	in_child(child_sees_whence, fd);

	/* any close of any descriptor of the file drops the process's locks */
	int other = open(PATH, O_RDONLY);
	close(other);
	in_child(child_sees_nothing, fd);

	errors(fd);
	setlkw_waits(fd);
	deadlock(fd);
	ofd_locks();
	close(fd);
	unlink(PATH);
	done();
	return 0;
}
