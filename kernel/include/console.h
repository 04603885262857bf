/*
 * console.h — the system console (the PL011 UART on -M virt).
 *
 * console_write_user() applies the tty output rule Linux's default termios
 * has on a serial console (OPOST|ONLCR: "\n" -> "\r\n"); kernel log output
 * goes through console_write_raw() inside printk's framing.
 */
#pragma once

#include <types.h>

struct console_ops {
	void (*putc)(char c);
	int (*getc)(void); /* -1 if nothing is waiting */
};

void console_register(const struct console_ops *ops);
void console_write_user(const char *buf, size_t len);
/* Writes bytes for a program; onlcr: turn "\n" into "\r\n" (tty OPOST|ONLCR). */
void console_write(const char *buf, size_t len, bool onlcr);
void console_lock_write_raw(const char *buf, size_t len);
