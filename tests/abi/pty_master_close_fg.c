/* pty_master_close_fg: closing a pty's master hangs up its slave (Linux
 * drivers/tty/pty.c pty_close -> tty_vhangup, tty_io.c __tty_hangup,
 * tty_signal_session_leader; tty_jobctrl.c disassociate_ctty): the session
 * leader gets SIGHUP and SIGCONT while the foreground group, a job of its
 * own, gets nothing yet; the tty's foreground group is kept as the
 * leader's tty_old_pgrp, and when the leader exits (here: its SIGHUP
 * handler calls _exit) that group gets SIGHUP and SIGCONT. The job then
 * reads end of file from the slave and gets EIO writing it. Handshakes
 * through pipes; a 20 s alarm only ends a job whose signals never come. */
#include "pty_test.h"
#include <signal.h>

static int report = -1; /* to the parent */
static volatile sig_atomic_t got_hup, got_cont;

static void on_leader_hup(int sig)
{
	(void)sig;
	if (write(report, "leader SIGHUP\n", 14) != 14)
		_exit(2);
	_exit(0); /* the leader exits: disassociate_ctty(1) signals tty_old_pgrp */
}

static void on_job_sig(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_cont = 1;
}

static void job(int slave, int ready)
{
	setpgid(0, 0);
	struct sigaction sa = {.sa_handler = on_job_sig};
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGCONT, &sa, NULL);
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGCONT);
	sigprocmask(SIG_BLOCK, &block, &old);
	if (write(ready, "g", 1) != 1)
		_exit(2);
	close(ready);
	alarm(20);
	while (!(got_hup && got_cont))
		sigsuspend(&old);
	char buf[8];
	ssize_t r = read(slave, buf, sizeof buf);
	int rerr = r < 0 ? errno : 0;
	ssize_t w = write(slave, "x", 1);
	int werr = w < 0 ? errno : 0;
	char line[128];
	int n = snprintf(line, sizeof line, "job SIGHUP and SIGCONT; slave read %zd %s, write %zd %s\n", r,
			 rerr ? errname(rerr) : "-", w, werr ? errname(werr) : "-");
	if (write(report, line, (size_t)n) != n)
		_exit(2);
	_exit(0);
}

static void leader(const char *name, int ready)
{
	setsid();
	int slave = open(name, O_RDWR); /* a session leader without a tty: it becomes the controlling tty */
	if (slave < 0)
		_exit(5);
	struct sigaction sa = {.sa_handler = on_leader_hup};
	sigaction(SIGHUP, &sa, NULL);
	int sync[2];
	if (pipe(sync) != 0)
		_exit(6);
	pid_t g = fork();
	if (g == 0) {
		close(sync[0]);
		job(slave, sync[1]);
	}
	close(sync[1]);
	char c;
	if (read(sync[0], &c, 1) != 1)
		_exit(7);
	setpgid(g, g); /* (the job does it too: whichever runs first) */
	if (tcsetpgrp(slave, g) != 0)
		_exit(4);
	if (write(ready, "r", 1) != 1)
		_exit(3);
	for (;;)
		pause(); /* until the hang-up's SIGHUP */
}

int main(void)
{
	mount_devpts();
	int master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
		say("openpt: %s\n", errname(errno));
		done();
		return 0;
	}
	char name[64];
	snprintf(name, sizeof name, "%s", ptsname(master));
	int rep[2], ready[2];
	if (pipe(rep) != 0 || pipe(ready) != 0)
		say("pipe: %s\n", errname(errno));
	report = rep[1];
	pid_t l = fork();
	if (l == 0) {
		close(rep[0]);
		close(ready[0]);
		close(master);
		leader(name, ready[1]);
	}
	close(rep[1]);
	close(ready[1]);
	char c;
	yesno("leader and job ready", read(ready[0], &c, 1) == 1);
	close(master); /* the hang-up */
	int status = 0;
	waitpid(l, &status, 0);
	say("leader: %s %d\n", WIFEXITED(status) ? "exit" : "signal",
	    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	char buf[512];
	size_t len = 0;
	ssize_t r;
	while (len < sizeof buf - 1 && (r = read(rep[0], buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)r; /* to end of file: the leader and the job have exited */
	buf[len] = 0;
	say("%s", buf);
	done();
	return 0;
}
