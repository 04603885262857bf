/*
 * smp_tty_esc_poll.c — a full-screen editor's key reading on a terminal in
 * raw mode (VMIN=1, VTIME=0), the shape of BusyBox's read_key and vi's main
 * loop (issue #15): block in poll(2) for a key, read one byte; after an ESC,
 * wait for the rest of an escape sequence with a 50 ms poll (or select(2))
 * and take a lone ESC when none comes; after each key, a zero-timeout poll
 * asks whether another key is pending (vi redraws only when none is).
 *
 * A child reads the pty slave that way and prints each key it decodes; the
 * parent types on the master and waits for the child's acknowledgement (a
 * pipe) before typing on, so the child sleeps in its poll when a key
 * comes: the wake-up of a poller by the tty, and the 50 ms timeout, each
 * 30 times, with two CPUs. Keys typed in one write are all there when the
 * first is read (a pty delivers a write whole), so "pending" is fixed too.
 */
#include "pty_test.h" /* first: _GNU_SOURCE */

#include <poll.h>
#include <sys/select.h>
#include <time.h>

#define LONE_ESC_ROUNDS 30

static int master, slave, ack[2];

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Is a byte readable within ms (-1: wait forever)? Through select(2) when use_select. */
static int readable(int ms, int use_select)
{
	if (use_select) {
		fd_set in;
		FD_ZERO(&in);
		FD_SET(slave, &in);
		struct timeval tv = {ms / 1000, (ms % 1000) * 1000};
		return select(slave + 1, &in, NULL, NULL, ms < 0 ? NULL : &tv);
	}
	struct pollfd p = {.fd = slave, .events = POLLIN};
	return poll(&p, 1, ms);
}

static int read_byte(void)
{
	unsigned char c;
	ssize_t n = read(slave, &c, 1);
	return n == 1 ? c : -1;
}

/* One key, as read_key decodes it: a byte, or ESC [ X / ESC O X, or a lone ESC. */
static void next_key(char *name, size_t size, int use_select)
{
	if (readable(-1, use_select) != 1) {
		snprintf(name, size, "poll failed: %s", errname(errno));
		return;
	}
	int c = read_byte();
	if (c != 27) {
		snprintf(name, size, c == 'q' ? "quit" : "'%c'", c);
		return;
	}
	long long start = now_ms();
	int r = readable(50, use_select);
	if (r == 0) {
		long long waited = now_ms() - start;
		snprintf(name, size, "lone ESC (waited %s 50 ms)", waited >= 50 ? "at least" : "LESS THAN");
		return;
	}
	int c2 = read_byte();
	if ((c2 == '[' || c2 == 'O') && readable(50, use_select) == 1) {
		int c3 = read_byte();
		const char *arrow = c3 == 'A'	? "up"
				    : c3 == 'B' ? "down"
				    : c3 == 'C' ? "right"
				    : c3 == 'D' ? "left"
						: "?";
		snprintf(name, size, "ESC %c %c (%s)", c2, c3, arrow);
		return;
	}
	snprintf(name, size, "ESC then '%c'", c2);
}

static void reader(void)
{
	struct termios t;
	tcgetattr(slave, &t);
	cfmakeraw(&t);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	tcsetattr(slave, TCSANOW, &t);
	if (write(ack[1], "r", 1) != 1) /* raw mode set: type */
		_exit(1);
	for (int i = 0;; i++) {
		char name[64];
		next_key(name, sizeof(name), i % 2);
		int pending = readable(0, 0); /* vi's mysleep(0) */
		say("key %s, another pending: %s\n", name, pending ? "yes" : "no");
		if (write(ack[1], "k", 1) != 1 || !strcmp(name, "quit"))
			break;
	}
}

/* Types s in one write and waits for the child to report keys keys. */
static void type_keys(const char *s, int keys)
{
	type_in(master, s);
	for (int i = 0; i < keys; i++) {
		char c;
		if (read(ack[0], &c, 1) != 1) {
			say("no acknowledgement\n");
			return;
		}
	}
}

int main(void)
{
	if (open_pty(&master, &slave, O_RDWR | O_NOCTTY) || pipe(ack))
		return 1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		reader();
		_exit(0);
	}
	char c;
	if (read(ack[0], &c, 1) != 1)
		say("reader did not start\n");
	type_keys("abc", 3);
	for (int i = 0; i < LONE_ESC_ROUNDS; i++)
		type_keys("\x1b", 1);
	type_keys("x\x1b", 2);
	type_keys("\x1b[A", 1);
	type_keys("\x1bOB", 1);
	type_keys("\x1bj", 1);
	type_keys("q", 1);
	int status;
	waitpid(pid, &status, 0);
	say("reader: exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	say("done\n");
	return 0;
}
