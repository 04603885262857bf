/*
 * serial.c — the PL011 serial port as a tty (Linux amba-pl011.c under
 * serial_core): /dev/ttyAMA0 (204,64) and /dev/console (5,1), the same
 * port. Output goes to the UART through the console (console.c serialises
 * it with the kernel log); input comes by the UART's receive interrupt
 * (pl011.c, which init/main.c gives serial_receive) into the line discipline.
 *
 * Its termios starts as Linux's serial ports do: tty_std_termios with
 * cflag B9600|CS8|CREAD|HUPCL|CLOCAL.
 *
 * Magic SysRq (proc/sysrq.c), as Linux's serial core: a BREAK
 * (uart_handle_break), or the bytes SYSRQ_SERIAL_SEQUENCE received in a
 * row (Linux's CONFIG_MAGIC_SYSRQ_SERIAL_SEQUENCE, uart_try_toggle_sysrq),
 * make the next byte, if it comes within 5 s, a SysRq key, taken out of the
 * input; the sequence's own bytes stay input. The sequence is ^_ three
 * times (0x1f, which no line discipline setting or shell binds by
 * default): the test harness, whose serial input is otherwise unused,
 * sends it and `t` before it kills a hung run (docs/testing.md).
 * State [the receive interrupt: one CPU at a time, interrupts off].
 */
#include <tty.h>

#include <console.h>
#include <process.h>
#include <time.h>
#include <fs.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#define SERIAL_CFLAG (B9600 | CS8 | CREAD | HUPCL | CLOCAL)
#define SYSRQ_SERIAL_SEQUENCE "\x1f\x1f\x1f"
#define SYSRQ_WINDOW_NS (5 * NSEC_PER_SEC) /* Linux's sysrq window after a BREAK */

static u64 sysrq_until;	     /* the next byte before this time is a key; 0: none */
static unsigned sysrq_match; /* bytes of SYSRQ_SERIAL_SEQUENCE received in a row */

struct tty serial_tty;

static size_t serial_write(struct tty *tty, const char *buf, size_t len)
{
	console_write(buf, len, false); /* already processed by the line discipline */
	return len;
}

static const struct tty_driver_ops serial_ops = {
	.write = serial_write,
};

void serial_tty_init(void)
{
	tty_init(&serial_tty, &serial_ops, "ttyAMA0", SERIAL_CFLAG);
	tty_register(&serial_tty);
}

void serial_break(void)
{
	sysrq_until = time_since_boot_ns() + SYSRQ_WINDOW_NS;
	sysrq_match = 0;
}

/* Whether c was a SysRq key (handled, not input). */
static bool sysrq_byte(char c)
{
	static const char seq[] = SYSRQ_SERIAL_SEQUENCE;
	if (sysrq_until) {
		bool in_time = time_since_boot_ns() < sysrq_until;
		sysrq_until = 0;
		if (in_time) {
			sysrq_handle(c);
			return true;
		}
	}
	sysrq_match = c == seq[sysrq_match] ? sysrq_match + 1 : c == seq[0];
	if (sysrq_match == sizeof(seq) - 1)
		serial_break();
	return false;
}

/* The UART's received bytes (pl011.c's interrupt) into the line discipline,
 * but a SysRq key. */
void serial_receive(const char *buf, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		if (!sysrq_byte(buf[i]))
			continue;
		if (i > start)
			tty_receive(&serial_tty, buf + start, i - start);
		start = i + 1;
	}
	if (n > start)
		tty_receive(&serial_tty, buf + start, n - start);
}

/* /dev/console, opened by name as the first process's stdin/stdout/stderr. */
struct file *console_file_open(void)
{
	struct file *f;
	if (vfs_open("/dev/console", O_RDWR | O_LARGEFILE, &f) == 0)
		return f;
	f = file_alloc(&tty_file_ops, NULL, S_IFCHR | 0600); /* no /dev: a console all the same */
	if (f) {
		f->flags = O_RDWR | O_LARGEFILE;
		f->inode->rdev = (5 << 8) | 1;
		if (tty_file_open(&serial_tty, f, true)) {
			file_put(f);
			return NULL;
		}
	}
	return f;
}
