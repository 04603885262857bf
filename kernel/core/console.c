/*
 * console.c — serialises output to the console device and buffers input.
 *
 * Locking: console_lock protects the device and input_ring. Output is
 * polled (the UART FIFO drains at emulator speed); input arrives by
 * interrupt into a ring and readers sleep on console_wait.
 */
#include <console.h>

#include <spinlock.h>
#include <uapi/errno.h>
#include <poll.h>
#include <wait.h>

static struct spinlock console_lock = SPINLOCK_INIT("console");
static const struct console_ops *console_dev;

#define INPUT_RING_SIZE 1024
static char input_ring[INPUT_RING_SIZE]; /* guarded by console_lock */
static size_t input_head, input_tail;	 /* guarded by console_lock */
static struct wait_queue console_wait = WAIT_QUEUE_INIT(console_wait);

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

void console_write_user(const char *buf, size_t len)
{
	console_write(buf, len, true);
}

size_t console_input_count(void)
{
	unsigned long flags = spin_lock_irqsave(&console_lock);
	size_t n = (input_head + INPUT_RING_SIZE - input_tail) % INPUT_RING_SIZE;
	spin_unlock_irqrestore(&console_lock, flags);
	return n;
}

void console_receive(char c)
{
	unsigned long flags = spin_lock_irqsave(&console_lock);
	size_t next = (input_head + 1) % INPUT_RING_SIZE;
	if (next != input_tail) {
		input_ring[input_head] = c;
		input_head = next;
	}
	spin_unlock_irqrestore(&console_lock, flags);
	wake_up_all(&console_wait);
}

void console_poll_wait(struct poll_table *pt)
{
	poll_wait(pt, &console_wait);
}

bool console_has_input(void)
{
	return input_head != input_tail;
}

static size_t console_take_input(char *buf, size_t len)
{
	size_t n = 0;
	unsigned long flags = spin_lock_irqsave(&console_lock);
	while (n < len && input_tail != input_head) {
		buf[n++] = input_ring[input_tail];
		input_tail = (input_tail + 1) % INPUT_RING_SIZE;
	}
	spin_unlock_irqrestore(&console_lock, flags);
	return n;
}

long console_read(char *buf, size_t len)
{
	if (len == 0)
		return 0;
	for (;;) {
		size_t n = console_take_input(buf, len);
		if (n > 0)
			return (long)n;
		int err = wait_event_interruptible(&console_wait, console_has_input());
		if (err)
			return err;
	}
}
