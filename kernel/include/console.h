/*
 * console.h — the system console (the PL011 UART on -M virt).
 *
 * Output only: console_write() applies the tty output rule Linux's default
 * termios has on a serial console when asked (OPOST|ONLCR: "\n" -> "\r\n");
 * kernel log output goes through console_lock_write_raw() inside printk's
 * framing. Input is the serial tty's (tty/serial.c), read by its driver's
 * interrupt.
 */
#pragma once

#include <types.h>

struct console_ops {
	void (*putc)(char c);
};

void console_register(const struct console_ops *ops);
/* Writes bytes for a program; onlcr: turn "\n" into "\r\n" (tty OPOST|ONLCR). */
void console_write(const char *buf, size_t len, bool onlcr);
void console_lock_write_raw(const char *buf, size_t len);
