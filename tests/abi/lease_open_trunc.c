/*
 * lease_open_trunc.c — what open(O_RDONLY | O_TRUNC) does to leases (Linux
 * 6.1 fs/open.c do_dentry_open calls break_lease with the open's flags, so a
 * read-only open breaks only write leases; fs/namei.c handle_truncate then
 * truncates through notify_change, whose try_break_deleg breaks NFS
 * delegations, not leases). So a read lease survives the truncation and its
 * holder gets no signal, while a write lease is broken as by any reader:
 * with O_NONBLOCK the open is EWOULDBLOCK and the file keeps its bytes.
 */
#include "async_test.h"
#include "fs_test.h"

#include <signal.h>
#include <time.h>

#define PATH "/tmp/lease_open_trunc"

static const char *lease_name(long t)
{
	return t == F_RDLCK ? "F_RDLCK" : t == F_WRLCK ? "F_WRLCK" : t == F_UNLCK ? "F_UNLCK" : "?";
}

static void state(const char *label, int fd)
{
	struct stat st;
	stat(PATH, &st);
	long t = fcntl(fd, F_GETLEASE);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGIO);
	struct timespec zero = {0, 0};
	int sig = sigtimedwait(&set, NULL, &zero);
	say("%s: size %ld, F_GETLEASE %s, SIGIO %s\n", label, (long)st.st_size, t < 0 ? errname(errno) : lease_name(t),
	    sig == SIGIO ? "yes" : "no");
}

static void fill(void)
{
	int w = open(PATH, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	R("write", write(w, "0123456789", 10));
	close(w);
}

int main(void)
{
	block_signals(SIGIO, 0);

	fill();
	int fd = open(PATH, O_RDONLY);
	R("F_SETLEASE F_RDLCK", fcntl(fd, F_SETLEASE, F_RDLCK));
	int t = open(PATH, O_RDONLY | O_TRUNC | O_NONBLOCK);
	say("open O_RDONLY|O_TRUNC|O_NONBLOCK over a read lease: %s\n", t >= 0 ? "ok" : errname(errno));
	state("read lease", fd);
	if (t >= 0)
		close(t);
	R("F_SETLEASE F_UNLCK", fcntl(fd, F_SETLEASE, F_UNLCK));

	fill();
	R("F_SETLEASE F_WRLCK", fcntl(fd, F_SETLEASE, F_WRLCK));
	t = open(PATH, O_RDONLY | O_TRUNC | O_NONBLOCK);
	say("open O_RDONLY|O_TRUNC|O_NONBLOCK over a write lease: %s\n", t >= 0 ? "ok" : errname(errno));
	state("write lease", fd);
	if (t >= 0)
		close(t);
	R("F_SETLEASE F_UNLCK", fcntl(fd, F_SETLEASE, F_UNLCK));
	close(fd);

	fill();
	fd = open(PATH, O_RDONLY);
	R("F_SETLEASE F_RDLCK", fcntl(fd, F_SETLEASE, F_RDLCK));
	t = open(PATH, O_WRONLY | O_TRUNC | O_NONBLOCK);
	say("open O_WRONLY|O_TRUNC|O_NONBLOCK over a read lease: %s\n", t >= 0 ? "ok" : errname(errno));
	state("read lease, writer", fd);
	if (t >= 0)
		close(t);
	close(fd);
	unlink(PATH);
	done();
	return 0;
}
