/*
 * pty_canon_edit.c — the N_TTY line discipline in canonical mode, through a
 * pty (drivers/tty/n_tty.c): what the slave reads and what is echoed to
 * the master for erase (DEL and ^H), kill (^U), word erase (^W), literal
 * next (^V), reprint (^R), EOF (^D), control characters shown as ^X
 * (ECHOCTL), ECHOE off, ECHO off, ICRNL/IGNCR/INLCR, ONLCR, and FIONREAD.
 * Each case ends with a newline, so reading the slave's line shows that
 * the input was processed before the echo is collected.
 */
#include "pty_test.h"

static int master, slave;

static void set_flags(tcflag_t iflag_on, tcflag_t iflag_off, tcflag_t lflag_on, tcflag_t lflag_off)
{
	struct termios t;
	tcgetattr(slave, &t);
	t.c_iflag = (t.c_iflag | iflag_on) & ~iflag_off;
	t.c_lflag = (t.c_lflag | lflag_on) & ~lflag_off;
	if (tcsetattr(slave, TCSANOW, &t))
		say("tcsetattr: %s\n", errname(errno));
}

/* Types input, reads one line on the slave, shows it and the echo. */
static void line_case(const char *label, const char *input)
{
	say("-- %s\n", label);
	type_in(master, input);
	show_read("read", slave);
	show_echo("echo", master, slave);
}

int main(void)
{
	if (open_pty(&master, &slave, O_RDWR | O_NOCTTY))
		return 1;
	struct termios t;
	tcgetattr(slave, &t);
	say("slave lflag %#o iflag %#o oflag %#o VERASE %d\n", (unsigned)t.c_lflag, (unsigned)t.c_iflag,
	    (unsigned)t.c_oflag, t.c_cc[VERASE]);
	tcgetattr(master, &t);
	say("master view lflag %#o (the slave's)\n", (unsigned)t.c_lflag);

	line_case("plain", "hello\n");
	line_case("erase DEL", "abx\x7f"
			       "c\n");
	line_case("erase ^H", "ab\bc\n");
	line_case("erase past start", "\x7f\x7f"
				      "a\n");
	line_case("kill ^U", "junk words\x15ok\n");
	line_case("word erase ^W", "one two  \x17three\n");
	line_case("control char ECHOCTL", "a\x01"
					  "b\n");
	line_case("erase a control char", "a\x01\x7f"
					  "b\n");
	line_case("tab erase", "ab\t\x7f"
			       "c\n");
	line_case("literal next ^V", "x\x16\x7fy\n");
	line_case("reprint ^R", "abc\x12"
				"d\n");
	line_case("carriage return ICRNL", "cr\r");

	say("-- EOF\n");
	type_in(master, "xy\x04");
	show_read("read before EOF", slave);
	type_in(master, "\x04");
	show_read("read at EOF", slave);
	show_echo("echo", master, slave);

	say("-- FIONREAD and a partial read\n");
	type_in(master, "12345\n");
	char buf[4];
	ssize_t n = read(slave, buf, 3);
	show_bytes("read 3", buf, n);
	int avail = -1;
	ioctl(slave, FIONREAD, &avail);
	say("FIONREAD: %d\n", avail);
	show_read("rest", slave);
	show_echo("echo", master, slave);

	set_flags(0, 0, 0, ECHOE);
	line_case("ECHOE off", "ab\x7f"
			       "c\n");
	set_flags(0, 0, 0, ECHOCTL);
	line_case("ECHOCTL off", "a\x01"
				 "b\n");
	set_flags(0, 0, ECHOCTL | ECHOE, ECHOKE);
	line_case("kill with ECHOKE off", "abc\x15"
					  "d\n");
	set_flags(0, 0, ECHOKE, ECHO);
	line_case("ECHO off", "secret\n");
	set_flags(0, 0, ECHO | ECHONL, 0);
	set_flags(IGNCR, 0, 0, 0);
	line_case("IGNCR", "a\rb\n");
	set_flags(INLCR, IGNCR | ICRNL, 0, 0);
	type_in(master, "n\nl\x04"); /* NL becomes CR: ^D ends the line */
	say("-- INLCR\n");
	show_read("read", slave);
	show_echo("echo", master, slave);
	set_flags(ICRNL, INLCR, 0, 0);

	say("-- output processing\n");
	type_in(slave, "out\n");
	type_in(slave, "~");
	char obuf[64];
	show_bytes("ONLCR", obuf, read_until_mark(master, obuf, sizeof(obuf)));
	tcgetattr(slave, &t);
	t.c_oflag &= ~ONLCR;
	tcsetattr(slave, TCSANOW, &t);
	type_in(slave, "raw\n~");
	show_bytes("no ONLCR", obuf, read_until_mark(master, obuf, sizeof(obuf)));
	done();
	return 0;
}
