/*
 * serial.c — the PL011 serial port as a tty (Linux amba-pl011.c under
 * serial_core): /dev/ttyAMA0 (204,64) and /dev/console (5,1), the same
 * port. Output goes to the UART through the console (console.c serialises
 * it with the kernel log); input comes by the UART's receive interrupt
 * (pl011.c, which init/main.c gives serial_receive) into the line discipline.
 *
 * Its termios starts as Linux's serial ports do: tty_std_termios with
 * cflag B9600|CS8|CREAD|HUPCL|CLOCAL.
 */
#include <tty.h>

#include <console.h>
#include <fs.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>

#define SERIAL_CFLAG (B9600 | CS8 | CREAD | HUPCL | CLOCAL)

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

/* The UART's received bytes (pl011.c's interrupt) into the line discipline. */
void serial_receive(const char *buf, size_t n)
{
	tty_receive(&serial_tty, buf, n);
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
