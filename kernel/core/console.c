/*
 * console.c — serialises output to the console device.
 *
 * Locking: console_lock protects the device. Output is polled (the UART
 * FIFO drains at emulator speed). Input goes to the serial tty
 * (tty/serial.c), not through here.
 */
#include <console.h>

#include <spinlock.h>

static struct spinlock console_lock = SPINLOCK_INIT("console");
static const struct console_ops *console_dev;

void console_register(const struct console_ops *ops)
{
	console_dev = ops;
}

void console_lock_write_raw(const char *buf, size_t len)
{
	if (!console_dev)
		return;
	unsigned long flags = spin_lock_irqsave(&console_lock);
	for (size_t i = 0; i < len; i++)
		console_dev->putc(buf[i]);
	spin_unlock_irqrestore(&console_lock, flags);
}

void console_write(const char *buf, size_t len, bool onlcr)
{
	if (!console_dev)
		return;
	unsigned long flags = spin_lock_irqsave(&console_lock);
	for (size_t i = 0; i < len; i++) {
		if (onlcr && buf[i] == '\n')
			console_dev->putc('\r');
		console_dev->putc(buf[i]);
	}
	spin_unlock_irqrestore(&console_lock, flags);
}
