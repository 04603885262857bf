/*
 * pl011.c — Arm PrimeCell UART (PL011), the console on QEMU -M virt.
 * Reference: ARM DDI 0183 (PL011 TRM). QEMU's model needs no baud setup.
 * Received bytes go to the receiver pl011_enable_rx_irq was given (the
 * serial tty's, tty/serial.c: init/main.c joins the two).
 *
 * The FIFOs are on (LCR_H.FEN, 8-bit words), as Linux's amba-pl011.c sets
 * them in pl011_startup: with them off the receiver holds one byte, so a
 * burst of typed keys arrives one interrupt per byte and a program that
 * polls between keys (BusyBox vi redraws whenever no key is pending) sees
 * each byte alone where Linux hands it the whole burst. The receive
 * interrupt (RXIS, or RTIS for bytes left below the FIFO level) is cleared
 * first, then the FIFO drained: a byte that arrives after the last read
 * raises it again.
 *
 * A BREAK condition on the line comes as a received word with DR.BE (bit
 * 10) set and data 0 (QEMU: the ^A b of a multiplexed stdio chardev); it
 * is not a byte: it goes to the break handler (the serial tty's, which
 * starts a magic SysRq key as Linux's serial core does).
 */
#include <drivers.h>

#include <console.h>
#include <irq.h>

#define UARTDR 0x00
#define UARTFR 0x18
#define UARTIMSC 0x38
#define UARTICR 0x44
#define UARTLCR_H 0x2c
#define UARTCR 0x30
#define LCR_H_FEN (1 << 4)
#define LCR_H_WLEN_8 (3 << 5)
#define FR_TXFF (1 << 5)
#define FR_RXFE (1 << 4)
#define DR_BE (1 << 10) /* break error: the line was held low a whole frame */
#define INT_RX (1 << 4)
#define INT_RT (1 << 6)

static volatile u32 *pl011_regs;
static pl011_receive_fn pl011_receive; /* set once, before the interrupt is enabled */
static void (*pl011_break)(void);      /* likewise */

static inline u32 reg_read(unsigned off)
{
	return pl011_regs[off / 4];
}

static inline void reg_write(unsigned off, u32 v)
{
	pl011_regs[off / 4] = v;
}

static void pl011_putc(char c)
{
	while (reg_read(UARTFR) & FR_TXFF)
		;
	reg_write(UARTDR, (u8)c);
}

static const struct console_ops pl011_console = {.putc = pl011_putc};

void pl011_init_early(void *regs)
{
	pl011_regs = regs;
	console_register(&pl011_console);
}

static void pl011_irq(unsigned irq, void *arg)
{
	/* clear first: a byte that arrives while the FIFO drains raises it again */
	reg_write(UARTICR, INT_RX | INT_RT);
	char buf[32]; /* the PL011 receive FIFO holds 32 bytes */
	size_t n = 0;
	while (!(reg_read(UARTFR) & FR_RXFE)) {
		u32 dr = reg_read(UARTDR);
		if (dr & DR_BE) { /* in order: the bytes before it first */
			if (n)
				pl011_receive(buf, n);
			n = 0;
			pl011_break();
			continue;
		}
		buf[n++] = (char)(dr & 0xff);
		if (n == sizeof(buf)) {
			pl011_receive(buf, n); /* input beyond the tty's buffer is lost */
			n = 0;
		}
	}
	if (n)
		pl011_receive(buf, n);
}

void pl011_enable_rx_irq(unsigned irq, pl011_receive_fn receive, void (*on_break)(void))
{
	pl011_receive = receive;
	pl011_break = on_break;
	irq_register(irq, "uart-pl011", pl011_irq, NULL);
	/* enabling the FIFOs empties them: nothing reads input before this */
	reg_write(UARTLCR_H, LCR_H_FEN | LCR_H_WLEN_8);
	reg_write(UARTIMSC, INT_RX | INT_RT);
}
