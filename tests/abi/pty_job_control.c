/*
 * pty_job_control.c — a pty slave as a controlling terminal
 * (drivers/tty/tty_jobctrl.c, n_tty.c):
 *   - TIOCSCTTY by a session leader, TIOCGSID, TIOCNOTTY (the leader lets
 *     go: its foreground group gets SIGHUP and SIGCONT);
 *   - a session leader opening the slave without O_NOCTTY acquires it;
 *   - ^C, ^\ and ^Z typed on the master: SIGINT, SIGQUIT (si_code
 *     SI_KERNEL) to the foreground group, SIGTSTP stops it;
 *   - a background process: tcgetpgrp works, reading stops it with
 *     SIGTTIN (EIO if it ignores SIGTTIN), writing works unless TOSTOP
 *     (then SIGTTOU, unless it ignores SIGTTOU), tcsetattr and tcsetpgrp
 *     give SIGTTOU;
 *   - TIOCSWINSZ sends SIGWINCH to the foreground group when the size
 *     changes;
 *   - when the session leader exits, its foreground group gets SIGHUP and
 *     the tty controls no session (TIOCGSID on the master: ENOTTY).
 * Every step is ordered by pipes between the processes; the master's echo
 * is read before each signal character that would flush it.
 */
#include "pty_test.h" /* first: _GNU_SOURCE */

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

static int master, slave;
static char slave_name[64];
static int to_parent[2], to_child[2];
static int alive[2]; /* held by the leader's last child only: end of file when it dies */

static void send_byte(int fd, char c)
{
	if (write(fd, &c, 1) != 1)
		_exit(90);
}

static char recv_byte(int fd)
{
	char c = 0;
	if (read(fd, &c, 1) != 1)
		return 0;
	return c;
}

/* Waits for sig (blocked) and shows how it came. */
static void wait_signal(int sig)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	siginfo_t info;
	int got = sigwaitinfo(&set, &info);
	say("got %s code %#x\n",
	    got == SIGINT     ? "SIGINT"
	    : got == SIGQUIT  ? "SIGQUIT"
	    : got == SIGWINCH ? "SIGWINCH"
			      : "?",
	    info.si_code);
}

static void block(int sig)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_BLOCK, &set, NULL);
}

/* A background child of the session leader does one thing; how it ended. */
static void background(const char *label, char action)
{
	int report[2];
	pipe(report);
	pid_t g = fork();
	if (g == 0) {
		setpgid(0, 0);
		char buf[8];
		struct termios t;
		long r = 0;
		switch (action) {
		case 'g': r = tcgetpgrp(slave) == getppid(); break;
		case 'R': signal(SIGTTIN, SIG_IGN); /* fall through */
		case 'r': r = read(slave, buf, sizeof(buf)); break;
		case 'W': signal(SIGTTOU, SIG_IGN); /* fall through */
		case 'w': r = write(slave, "bg\n", 3); break;
		case 's':
			tcgetattr(slave, &t);
			r = tcsetattr(slave, TCSANOW, &t);
			break;
		case 'p': r = tcsetpgrp(slave, getpid()); break;
		}
		dprintf(report[1], "%ld %s", r, r < 0 ? errname(errno) : "");
		_exit(0);
	}
	setpgid(g, g);
	close(report[1]);
	int status;
	waitpid(g, &status, WUNTRACED);
	if (WIFSTOPPED(status)) {
		say("%s: stopped by %s\n", label,
		    WSTOPSIG(status) == SIGTTOU	  ? "SIGTTOU"
		    : WSTOPSIG(status) == SIGTTIN ? "SIGTTIN"
						  : "?");
		kill(g, SIGKILL);
		waitpid(g, &status, 0);
	} else {
		char buf[64] = {0};
		read(report[0], buf, sizeof(buf) - 1);
		say("%s: returned %s\n", label, buf);
	}
	close(report[0]);
}

/* TIOCSCTTY and TIOCNOTTY in a session of its own. */
static void sctty_child(void)
{
	setsid();
	signal(SIGHUP, SIG_IGN);
	int sid = 0;
	expect_err("TIOCGSID before", ioctl(slave, TIOCGSID, &sid), errno, ENOTTY);
	show_ret("TIOCSCTTY", ioctl(slave, TIOCSCTTY, 0), errno);
	show_ret("TIOCGSID", ioctl(slave, TIOCGSID, &sid), errno);
	yesno("sid is mine", sid == getpid());
	show_ret("TIOCSCTTY again", ioctl(slave, TIOCSCTTY, 0), errno);
	int fd = open("/dev/tty", O_RDWR);
	yesno("/dev/tty opens", fd >= 0);
	close(fd);
	show_ret("TIOCNOTTY", ioctl(slave, TIOCNOTTY), errno);
	expect_err("TIOCGSID after", ioctl(slave, TIOCGSID, &sid), errno, ENOTTY);
	expect_err("/dev/tty without one", open("/dev/tty", O_RDWR), errno, ENXIO);
	_exit(0);
}

/* The session leader of the slave. */
static void leader(void)
{
	setsid();
	block(SIGINT);
	block(SIGQUIT);
	block(SIGWINCH);
	close(alive[0]);
	int fd = open(slave_name, O_RDWR); /* acquires it */
	int sid = 0, pgrp = 0;
	show_ret("leader TIOCGSID", ioctl(fd, TIOCGSID, &sid), errno);
	yesno("sid is mine", sid == getpid());
	pgrp = tcgetpgrp(fd);
	yesno("foreground group is mine", pgrp == getpid());

	send_byte(to_parent[1], 'C'); /* type ^C */
	wait_signal(SIGINT);
	send_byte(to_parent[1], 'Q'); /* type ^\ */
	wait_signal(SIGQUIT);

	background("bg tcgetpgrp", 'g');
	background("bg read", 'r');
	background("bg read, SIGTTIN ignored", 'R');
	background("bg write", 'w');
	background("bg tcsetattr", 's');
	background("bg tcsetpgrp", 'p');
	struct termios t;
	tcgetattr(fd, &t);
	t.c_lflag |= TOSTOP;
	tcsetattr(fd, TCSANOW, &t);
	background("bg write, TOSTOP", 'w');
	background("bg write, TOSTOP, SIGTTOU ignored", 'W');

	say("-- ^Z\n");
	pid_t g = fork();
	if (g == 0) {
		setpgid(0, 0);
		for (;;)
			pause();
	}
	setpgid(g, g);
	show_ret("tcsetpgrp child", tcsetpgrp(fd, g), errno);
	send_byte(to_parent[1], 'Z'); /* type ^Z */
	int status;
	waitpid(g, &status, WUNTRACED);
	say("fg child stopped by SIGTSTP: %d\n", WIFSTOPPED(status) && WSTOPSIG(status) == SIGTSTP);
	block(SIGTTOU); /* as a shell does to take the terminal back */
	show_ret("tcsetpgrp back", tcsetpgrp(fd, getpgrp()), errno);
	kill(g, SIGKILL);
	waitpid(g, &status, 0);

	say("-- window size\n");
	send_byte(to_parent[1], 'W'); /* set 24x80 */
	wait_signal(SIGWINCH);
	struct winsize ws;
	ioctl(fd, TIOCGWINSZ, &ws);
	say("winsize %dx%d\n", ws.ws_row, ws.ws_col);
	send_byte(to_parent[1], 'w'); /* the same size again */
	recv_byte(to_child[0]);
	sigset_t pending;
	sigpending(&pending);
	say("SIGWINCH for the same size: %d\n", sigismember(&pending, SIGWINCH));

	say("-- leader exits\n");
	g = fork();
	if (g == 0) {
		signal(SIGHUP, SIG_DFL);
		sigset_t all;
		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		struct sigaction sa = {.sa_handler = SIG_DFL};
		sigaction(SIGHUP, &sa, NULL);
		send_byte(to_child[1], 'r'); /* ready */
		for (;;)
			pause();
	}
	close(alive[1]);
	recv_byte(to_child[0]);
	send_byte(to_parent[1], '0'); /* done: exits */
	_exit(0);
}

/* The master's echo up to the slave's mark, once `want` has come (2 s at
 * most: else what came is shown and the mark read as show_echo does). */
static void show_echo_after(const char *label, const char *want)
{
	char buf[512];
	size_t n = 0, len = strlen(want);
	struct pollfd p = {.fd = master, .events = POLLIN};
	while (n < sizeof(buf) && !(n >= len && memcmp(buf + n - len, want, len) == 0) && poll(&p, 1, 2000) == 1) {
		if (read(master, &buf[n], 1) != 1)
			break;
		n++;
	}
	char mark = MARK;
	if (write(slave, &mark, 1) != 1)
		say("write mark: %s\n", errname(errno));
	long more = read_until_mark(master, buf + n, sizeof(buf) - n);
	show_bytes(label, buf, (long)n + (more > 0 ? more : 0));
}

int main(void)
{
	if (open_pty(&master, &slave, O_RDWR | O_NOCTTY))
		return 1;
	snprintf(slave_name, sizeof(slave_name), "%s", ptsname(master));
	pipe(to_parent);
	pipe(to_child);

	pid_t d = fork();
	if (d == 0)
		sctty_child();
	waitpid(d, NULL, 0);

	pipe(alive);
	pid_t c = fork();
	if (c == 0)
		leader();
	close(alive[1]);
	char step;
	while ((step = recv_byte(to_parent[0])) != '0') {
		if (step == 'C')
			type_in(master, "partial\x03");
		else if (step == 'Q' || step == 'Z') {
			/* A signal character flushes what the master has not
			 * read yet (n_tty isig -> pty_flush_buffer); the echoes
			 * so far are read first, else whether they survive
			 * depends on when the master's side took them in (Linux
			 * under two CPUs lost the ^C echo). The last signal
			 * character's echo is awaited before the mark: Linux
			 * sends the signal before it echoes the character
			 * (n_tty_receive_signal_char), so the mark the slave
			 * writes once the leader has the signal could overtake
			 * the echo (seen on Linux under two CPUs). */
			show_echo_after(step == 'Q' ? "echo before ^\\" : "echo before ^Z", step == 'Q' ? "^C" : "^\\");
			type_in(master, step == 'Q' ? "\x1c" : "\x1a");
		} else if (step == 'W' || step == 'w') {
			struct winsize ws = {.ws_row = 24, .ws_col = 80};
			if (ioctl(master, TIOCSWINSZ, &ws)) /* silent: the leader prints now */
				say("TIOCSWINSZ on the master: %s\n", errname(errno));
			if (step == 'w')
				send_byte(to_child[1], 'k');
		} else {
			say("unexpected step\n");
			break;
		}
	}
	int status;
	waitpid(c, &status, 0);
	say("leader exited: %d\n", WIFEXITED(status));
	/* the leader's foreground group (its own) got SIGHUP, which kills its
	 * last child: the pipe only that child holds ends */
	char c1;
	say("its child is gone: %d\n", (int)read(alive[0], &c1, 1));
	int sid = 0;
	expect_err("TIOCGSID on the master", ioctl(master, TIOCGSID, &sid), errno, ENOTTY);
	show_echo("echo", master, slave);
	done();
	return 0;
}
