/*
 * fcntl_async_pty.c — O_ASYNC on terminals (Linux drivers/tty/tty_io.c
 * __tty_fasync, drivers/tty/n_tty.c n_tty_receive_handle_newline and
 * __receive_buf): input arriving at a pty master or slave signals its
 * O_ASYNC files with POLL_IN — in canonical mode once for each line that
 * ends, with partial lines silent, in non-canonical mode once for each
 * piece of input. Turning O_ASYNC on makes the tty's foreground process
 * group the owner, or the caller's process when the tty has none.
 * Signals are blocked and taken by sigtimedwait: a pty's input reaches the
 * other side's line discipline from a worker on Linux, so each expected
 * signal is waited for (5 s) and any more counted with a zero timeout.
 */
#include "async_test.h"
#include "pty_test.h"

#include "fs_test.h"

#include <signal.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>

#define RTSIG (SIGRTMIN + 3)

static void async_on(const char *label, int fd, int sig)
{
	errno = 0;
	int r = fcntl(fd, F_SETSIG, sig) | fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC);
	say("%s: O_ASYNC on: %s, F_GETOWN is %s\n", label, r == 0 ? "ok" : errname(errno),
	    fcntl(fd, F_GETOWN) == getpid() ? "the caller" : "something else");
}

static void echo_off(int fd, int canon)
{
	struct termios t;
	tcgetattr(fd, &t);
	t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	if (!canon) {
		t.c_lflag &= ~(tcflag_t)ICANON;
		t.c_cc[VMIN] = 1;
		t.c_cc[VTIME] = 0;
	}
	tcsetattr(fd, TCSANOW, &t);
}

/* A child in a new session whose controlling tty is the slave: O_ASYNC
 * makes the foreground group the owner (F_GETOWN negative). */
static void foreground_owner(const char *slave)
{
	pid_t pid = fork();
	if (pid == 0) {
		setsid();
		int s = open(slave, O_RDWR); /* becomes the controlling tty */
		fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_ASYNC);
		int own = fcntl(s, F_GETOWN);
		say("O_ASYNC on a controlling tty: F_GETOWN is %s\n", own == -getpgrp() ? "minus the foreground group"
								      : own == getpid() ? "the caller"
											: "something else");
		fcntl(s, F_SETOWN, 0);
		fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_ASYNC); /* no change of O_ASYNC: the owner stays */
		say("O_ASYNC set again after F_SETOWN 0: F_GETOWN is %d\n", fcntl(s, F_GETOWN));
		fcntl(s, F_SETFL, fcntl(s, F_GETFL) & ~O_ASYNC);
		fcntl(s, F_SETFL, fcntl(s, F_GETFL) | O_ASYNC); /* on the list again: the group again */
		own = fcntl(s, F_GETOWN);
		say("O_ASYNC off and on: F_GETOWN is %s\n", own == -getpgrp() ? "minus the foreground group"
							    : own == getpid() ? "the caller"
									      : "something else");
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
}

int main(void)
{
	block_signals(RTSIG, SIGIO, 0);

	int m, s;
	if (open_pty(&m, &s, O_RDWR | O_NOCTTY))
		return 1;
	char name[64];
	snprintf(name, sizeof name, "%s", ptsname(m));
	echo_off(s, 1);

	async_on("master", m, RTSIG);
	R("write 5 bytes to the slave", write(s, "hello", 5));
	collect_signals("master after the slave wrote", RTSIG, 1, m);

	async_on("slave (canonical)", s, RTSIG);
	R("write a partial line", write(m, "ab", 2));
	R("write the rest of the line", write(m, "c\n", 2));
	collect_signals("slave after one line", RTSIG, 1, s);
	R("write two lines at once", write(m, "x\ny\n", 4));
	collect_signals("slave after two lines", RTSIG, 2, s);
	char buf[64];
	R("read", read(s, buf, sizeof buf));
	R("read", read(s, buf, sizeof buf));
	R("read", read(s, buf, sizeof buf));

	echo_off(s, 0);
	R("write 2 bytes (non-canonical)", write(m, "zz", 2));
	collect_signals("slave after 2 bytes", RTSIG, 1, s);
	R("read", read(s, buf, sizeof buf));

	R("F_SETSIG 0 on the slave", fcntl(s, F_SETSIG, 0));
	R("write 1 byte", write(m, "q", 1));
	collect_signals("slave, plain SIGIO", SIGIO, 1, s);
	R("read", read(s, buf, sizeof buf));

	R("O_ASYNC off on the slave", fcntl(s, F_SETFL, fcntl(s, F_GETFL) & ~O_ASYNC));
	R("write 1 byte", write(m, "r", 1));
	R("read it", read(s, buf, sizeof buf)); /* it came: any signal was sent before */
	collect_signals("slave without O_ASYNC", SIGIO, 0, s);
	close(s);

	foreground_owner(name);
	close(m);
	done();
	return 0;
}
