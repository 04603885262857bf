/*
 * n_tty.c — the N_TTY line discipline (Linux drivers/tty/n_tty.c), between
 * a tty's file and its driver.
 *
 * Input: the driver calls tty_receive() with bytes. Each goes through input
 * processing (ISTRIP, IXON ^S/^Q, ISIG ^C ^\ ^Z, IGNCR/ICRNL/INLCR) and,
 * in canonical mode, line editing (ERASE ^H/DEL, KILL ^U, WERASE ^W,
 * LNEXT ^V, REPRINT ^R, EOF ^D, EOL) before it lands in read_buf. A byte
 * that ends a line has its bit set in line_end; canon_head is the end of
 * the last complete line, so a canonical reader takes bytes only up to
 * there, and the bytes after it are the line being edited. EOF ends a
 * line and is stored as a marker byte (0) that read() does not return.
 *
 * Echoes (ECHO, ECHOE, ECHOK, ECHOKE, ECHOCTL, ECHONL) go through output
 * processing at once, under tty->lock, into echo_buf, so the output column
 * the tab eraser needs is always right; they reach the driver after the
 * lock is dropped (n_tty_flush_echoes). write() output gets the same
 * processing (OPOST: ONLCR, OCRNL, ONOCR, ONLRET, OLCUC, XTABS).
 *
 * A signal character's signal is sent after the lock is dropped too
 * (pending_signal; tty.h gives the lock order).
 *
 * Non-canonical reads follow VMIN and VTIME as Linux's n_tty_read does:
 * MIN=0 TIME=0 returns what is there; MIN=0 TIME>0 waits up to TIME tenths
 * for a byte; MIN>0 TIME=0 waits for MIN bytes; MIN>0 TIME>0 waits for a
 * first byte, then at most TIME between bytes.
 */
#include <tty.h>

#include <fs.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>

#define BUF_MASK (N_TTY_BUF_SIZE - 1)
#define DISABLED_CHAR 0 /* _POSIX_VDISABLE on Linux; also the EOF marker byte */

static bool lflag(const struct tty *tty, u32 bit)
{
	return tty->termios.c_lflag & bit;
}

static bool iflag(const struct tty *tty, u32 bit)
{
	return tty->termios.c_iflag & bit;
}

/* Is c the (enabled) control character cc[index]? */
static bool is_cc(const struct tty *tty, int index, u8 c)
{
	u8 v = tty->termios.c_cc[index];
	return v != DISABLED_CHAR && c == v;
}

static bool is_cntrl(u8 c)
{
	return c < 32 || c == 127;
}

static bool is_alnum(u8 c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static size_t read_count(const struct tty *tty)
{
	return tty->read_head - tty->read_tail;
}

static u8 buf_at(const struct tty *tty, size_t pos)
{
	return (u8)tty->read_buf[pos & BUF_MASK];
}

static bool is_line_end(const struct tty *tty, size_t pos)
{
	size_t i = pos & BUF_MASK;
	return tty->line_end[i / 8] & (1u << (i % 8));
}

static void set_line_end(struct tty *tty, size_t pos, bool on)
{
	size_t i = pos & BUF_MASK;
	if (on)
		tty->line_end[i / 8] |= (u8)(1u << (i % 8));
	else
		tty->line_end[i / 8] &= (u8) ~(1u << (i % 8));
}

/* ---- output processing (do_output_char, opost) -------------------------- */

/* Appends c to out[*n] as OPOST says, tracking the column. [tty->lock] */
static void opost_char(struct tty *tty, u8 c, char *out, size_t *n)
{
	const struct termios_user *t = &tty->termios;
	if (!(t->c_oflag & OPOST)) {
		out[(*n)++] = (char)c;
		return;
	}
	switch (c) {
	case '\n':
		if (t->c_oflag & ONLRET)
			tty->column = 0;
		if (t->c_oflag & ONLCR) {
			tty->column = tty->canon_column = 0;
			out[(*n)++] = '\r';
		}
		out[(*n)++] = '\n';
		return;
	case '\r':
		if ((t->c_oflag & ONOCR) && tty->column == 0)
			return;
		if (t->c_oflag & OCRNL) {
			c = '\n';
			if (t->c_oflag & ONLRET)
				tty->column = tty->canon_column = 0;
		} else {
			tty->column = tty->canon_column = 0;
		}
		break;
	case '\t': {
		unsigned spaces = 8 - (tty->column & 7);
		if ((t->c_oflag & TABDLY) == XTABS) {
			tty->column += spaces;
			while (spaces--)
				out[(*n)++] = ' ';
			return;
		}
		tty->column += spaces;
		break;
	}
	case '\b':
		if (tty->column > 0)
			tty->column--;
		break;
	default:
		if (!is_cntrl(c)) {
			if ((t->c_oflag & OLCUC) && c >= 'a' && c <= 'z')
				c = (u8)(c - 'a' + 'A');
			tty->column++;
		}
		break;
	}
	out[(*n)++] = (char)c;
}

/* ---- echoes ---------------------------------------------------------------- */

/* Queues c for echo, output-processed. [tty->lock] */
static void echo_raw(struct tty *tty, u8 c)
{
	if (tty->echo_len + 8 > sizeof(tty->echo_buf))
		return; /* nobody reads the echoes fast enough: drop (Linux overwrites) */
	opost_char(tty, c, tty->echo_buf, &tty->echo_len);
}

/* echo_char: a control character shows as ^X with ECHOCTL (not tab, not newline). */
static void echo_char(struct tty *tty, u8 c)
{
	if (lflag(tty, ECHOCTL) && is_cntrl(c) && c != '\t' && c != '\n') {
		echo_raw(tty, '^');
		echo_raw(tty, c ^ 0100); /* both printable: two columns */
		return;
	}
	echo_raw(tty, c);
}

/* The first echo of a new line records where it starts (echo_set_canon_col). */
static void echo_line_char(struct tty *tty, u8 c)
{
	if (tty->canon_head == tty->read_head)
		tty->canon_column = tty->column;
	echo_char(tty, c);
}

void n_tty_flush_echoes(struct tty *tty)
{
	char buf[TTY_ECHO_BUF_SIZE];
	unsigned long irq = spin_lock_irqsave(&tty->lock);
	size_t n = tty->echo_len;
	memcpy(buf, tty->echo_buf, n);
	tty->echo_len = 0;
	spin_unlock_irqrestore(&tty->lock, irq);
	if (n)
		tty->ops->write(tty, buf, n); /* a full pty peer drops echoes, as Linux's */
}

/* ---- canonical editing (eraser) --------------------------------------- */

/* The column the line's text from canon_head to end starts its last byte at. */
static unsigned line_column(const struct tty *tty, size_t end)
{
	unsigned col = tty->canon_column;
	for (size_t pos = tty->canon_head; pos != end; pos++) {
		u8 c = buf_at(tty, pos);
		if (c == '\t')
			col = (col | 7) + 1;
		else if (is_cntrl(c))
			col += lflag(tty, ECHOCTL) ? 2 : 0;
		else
			col++;
	}
	return col;
}

/* Echo for erasing one byte c at position pos (the new read_head). */
static void echo_erase(struct tty *tty, u8 c, size_t pos, bool erase_key)
{
	if (erase_key && !lflag(tty, ECHOE)) {
		echo_char(tty, tty->termios.c_cc[VERASE]);
		return;
	}
	if (c == '\t') {
		unsigned before = line_column(tty, pos);
		unsigned after = (before | 7) + 1;
		for (unsigned i = before; i < after; i++)
			echo_raw(tty, '\b');
		return;
	}
	int rubs = is_cntrl(c) ? (lflag(tty, ECHOCTL) ? 2 : 0) : 1;
	for (int i = 0; i < rubs; i++) {
		echo_raw(tty, '\b');
		echo_raw(tty, ' ');
		echo_raw(tty, '\b');
	}
}

enum erase_kind { ERASE_CHAR, ERASE_WORD, ERASE_LINE };

/* ERASE, WERASE or KILL (Linux eraser; WERASE as BSD's ALTWERASE). */
static void eraser(struct tty *tty, u8 key)
{
	if (tty->read_head == tty->canon_head)
		return;
	enum erase_kind kind = is_cc(tty, VERASE, key)	  ? ERASE_CHAR
			       : is_cc(tty, VWERASE, key) ? ERASE_WORD
							  : ERASE_LINE;
	bool echo = lflag(tty, ECHO);
	if (kind == ERASE_LINE) {
		if (!echo) {
			tty->read_head = tty->canon_head;
			return;
		}
		if (!lflag(tty, ECHOK) || !lflag(tty, ECHOKE) || !lflag(tty, ECHOE)) {
			tty->read_head = tty->canon_head;
			echo_char(tty, key);
			if (lflag(tty, ECHOK))
				echo_raw(tty, '\n');
			return;
		}
	}
	int seen_alnums = 0;
	while (tty->read_head != tty->canon_head) {
		size_t pos = tty->read_head - 1;
		u8 c = buf_at(tty, pos);
		if (kind == ERASE_WORD) {
			if (is_alnum(c) || c == '_')
				seen_alnums++;
			else if (seen_alnums)
				break;
		}
		tty->read_head = pos;
		if (echo)
			echo_erase(tty, c, pos, kind == ERASE_CHAR);
		if (kind == ERASE_CHAR)
			break;
	}
}

/* ---- input ------------------------------------------------------------------- */

static void put_byte(struct tty *tty, u8 c)
{
	set_line_end(tty, tty->read_head, false);
	tty->read_buf[tty->read_head & BUF_MASK] = (char)c;
	tty->read_head++;
}

/* A line ends at c (newline, EOL, or the EOF marker). */
static void end_line(struct tty *tty, u8 c)
{
	set_line_end(tty, tty->read_head, true);
	tty->read_buf[tty->read_head & BUF_MASK] = (char)c;
	tty->read_head++;
	tty->canon_head = tty->read_head;
}

/* ISIG: the signal goes to the foreground group once the lock is dropped;
 * the input (and, Linux says, pending output) is flushed unless NOFLSH. */
static void receive_signal_char(struct tty *tty, int sig, u8 c)
{
	tty->pending_signal = sig;
	if (!lflag(tty, NOFLSH)) {
		tty->read_head = tty->read_tail = tty->canon_head;
		tty->echo_len = 0;
	}
	if (iflag(tty, IXON))
		tty->stopped = false;
	if (lflag(tty, ECHO))
		echo_char(tty, c);
}

/* Canonical-mode special characters; true if c was consumed. */
static bool receive_canon_special(struct tty *tty, u8 c)
{
	if (is_cc(tty, VERASE, c) || is_cc(tty, VKILL, c) || (is_cc(tty, VWERASE, c) && lflag(tty, IEXTEN))) {
		eraser(tty, c);
		return true;
	}
	if (is_cc(tty, VLNEXT, c) && lflag(tty, IEXTEN)) {
		tty->lnext = true;
		if (lflag(tty, ECHO) && lflag(tty, ECHOCTL)) {
			echo_raw(tty, '^');
			echo_raw(tty, '\b');
		}
		return true;
	}
	if (is_cc(tty, VREPRINT, c) && lflag(tty, ECHO) && lflag(tty, IEXTEN)) {
		echo_char(tty, c);
		echo_raw(tty, '\n');
		tty->canon_column = tty->column;
		for (size_t pos = tty->canon_head; pos != tty->read_head; pos++)
			echo_char(tty, buf_at(tty, pos));
		return true;
	}
	if (c == '\n') {
		if (lflag(tty, ECHO) || lflag(tty, ECHONL))
			echo_raw(tty, '\n');
		end_line(tty, c);
		return true;
	}
	if (is_cc(tty, VEOF, c)) {
		end_line(tty, DISABLED_CHAR); /* not echoed, not returned by read */
		return true;
	}
	if (is_cc(tty, VEOL, c) || (is_cc(tty, VEOL2, c) && lflag(tty, IEXTEN))) {
		if (lflag(tty, ECHO))
			echo_line_char(tty, c);
		end_line(tty, c);
		return true;
	}
	return false;
}

/* One input byte (n_tty_receive_char_special and its fast path). [tty->lock] */
static void receive_char(struct tty *tty, u8 c)
{
	bool canon = lflag(tty, ICANON);
	if (iflag(tty, ISTRIP))
		c &= 0x7f;
	if (tty->lnext) { /* ^V: the byte as it is, echoed as ^X */
		tty->lnext = false;
		if (lflag(tty, ECHO))
			echo_line_char(tty, c); /* over the "^\b" the ^V left */
		put_byte(tty, c);
		return;
	}
	if (iflag(tty, IXON)) {
		if (is_cc(tty, VSTART, c)) {
			tty->stopped = false;
			return;
		}
		if (is_cc(tty, VSTOP, c)) {
			tty->stopped = true;
			return;
		}
	}
	if (lflag(tty, ISIG)) {
		int sig = is_cc(tty, VINTR, c)	 ? SIGINT
			  : is_cc(tty, VQUIT, c) ? SIGQUIT
			  : is_cc(tty, VSUSP, c) ? SIGTSTP
						 : 0;
		if (sig) {
			receive_signal_char(tty, sig, c);
			return;
		}
	}
	if (tty->stopped && iflag(tty, IXON) && iflag(tty, IXANY))
		tty->stopped = false;
	if (c == '\r') {
		if (iflag(tty, IGNCR))
			return;
		if (iflag(tty, ICRNL))
			c = '\n';
	} else if (c == '\n' && iflag(tty, INLCR)) {
		c = '\r';
	}
	if (canon && receive_canon_special(tty, c))
		return;
	if (lflag(tty, ECHO)) {
		if (c == '\n')
			echo_raw(tty, '\n');
		else
			echo_line_char(tty, c);
	} else if (c == '\n' && lflag(tty, ECHONL)) {
		echo_raw(tty, '\n');
	}
	put_byte(tty, c);
	if (!canon)
		tty->canon_head = tty->read_head;
}

/* Room for c? Canonical mode keeps the last byte for a line end. [tty->lock] */
static bool has_room(const struct tty *tty)
{
	size_t used = read_count(tty);
	if (!lflag(tty, ICANON))
		return used < N_TTY_BUF_SIZE - 1;
	return used < N_TTY_BUF_SIZE - 2 || (used < N_TTY_BUF_SIZE - 1 && tty->canon_head == tty->read_head);
}

size_t tty_receive(struct tty *tty, const char *buf, size_t len)
{
	size_t taken = 0;
	unsigned long irq = spin_lock_irqsave(&tty->lock);
	bool was_stopped = tty->stopped;
	unsigned lines = 0; /* canonical lines ended: one SIGIO each (n_tty_receive_handle_newline) */
	for (; taken < len; taken++) {
		if (!has_room(tty)) {
			/* a canonical line that fills the buffer cannot end:
			 * drop the byte (Linux does) rather than hold the writer forever */
			if (lflag(tty, ICANON) && tty->canon_head == tty->read_tail)
				continue;
			break;
		}
		size_t canon_head = tty->canon_head;
		receive_char(tty, (u8)buf[taken]);
		lines += lflag(tty, ICANON) && tty->canon_head != canon_head;
	}
	if (!lflag(tty, ICANON) && read_count(tty))
		lines = 1; /* non-canonical: once for the whole buffer (__receive_buf) */
	int sig = tty->pending_signal;
	tty->pending_signal = 0;
	bool restarted = was_stopped && !tty->stopped;
	bool readable = tty->canon_head != tty->read_tail || (!lflag(tty, ICANON) && read_count(tty));
	spin_unlock_irqrestore(&tty->lock, irq);
	/* the echo (^C, ^Z...) is out before the signal: Linux's n_tty signals
	 * first, but within one pass of its flush work, long before a woken
	 * process can write; here the woken group may run at once on another
	 * CPU, and its own output came out ahead of the echo */
	n_tty_flush_echoes(tty);
	if (sig)
		tty_signal_fg(tty, sig);
	if (readable || sig)
		wake_up_all(&tty->read_wait);
	if (restarted)
		wake_up_all(&tty->write_wait);
	while (lines--)
		kill_fasync(&tty->fasync, POLL_IN);
	return taken;
}

void tty_stop(struct tty *tty)
{
	unsigned long irq = spin_lock_irqsave(&tty->lock);
	tty->stopped = true;
	spin_unlock_irqrestore(&tty->lock, irq);
}

void tty_start(struct tty *tty)
{
	unsigned long irq = spin_lock_irqsave(&tty->lock);
	tty->stopped = false;
	spin_unlock_irqrestore(&tty->lock, irq);
	wake_up_all(&tty->write_wait);
}

/* tty_wakeup with n_tty_write_wakeup: room for tty's writers, and POLL_OUT to
 * its O_ASYNC files if a write ran out of room. No spinlock held. */
static void tty_wakeup(struct tty *tty)
{
	if (__atomic_exchange_n(&tty->write_wakeup, false, __ATOMIC_RELAXED))
		kill_fasync(&tty->fasync, POLL_OUT);
	wake_up_all(&tty->write_wait);
}

void n_tty_flush_input(struct tty *tty)
{
	unsigned long irq = spin_lock_irqsave(&tty->lock);
	tty->read_head = tty->read_tail = tty->canon_head = 0;
	tty->lnext = false;
	spin_unlock_irqrestore(&tty->lock, irq);
	if (tty->link)
		tty_wakeup(tty->link); /* room for the peer's writer */
}

/* n_tty_set_termios: leaving canonical mode makes the line being edited
 * readable; entering it starts a new line after what is buffered. */
void n_tty_set_termios(struct tty *tty, const struct termios_user *t)
{
	unsigned long irq = spin_lock_irqsave(&tty->lock);
	bool was_canon = lflag(tty, ICANON);
	tty->termios = *t;
	if (was_canon != !!(t->c_lflag & ICANON)) {
		tty->canon_head = tty->read_head;
		tty->lnext = false;
	}
	bool restart = tty->stopped && !(t->c_iflag & IXON);
	if (restart)
		tty->stopped = false;
	spin_unlock_irqrestore(&tty->lock, irq);
	wake_up_all(&tty->read_wait);
	if (restart)
		wake_up_all(&tty->write_wait);
}

size_t n_tty_input_count(struct tty *tty)
{
	unsigned long irq = spin_lock_irqsave(&tty->lock);
	size_t n = lflag(tty, ICANON) ? tty->canon_head - tty->read_tail : read_count(tty);
	spin_unlock_irqrestore(&tty->lock, irq);
	return n;
}

/* ---- read ---------------------------------------------------------------- */

/* Bytes a reader may take now (input_available_p). [tty->lock] */
static bool input_available(const struct tty *tty)
{
	if (lflag(tty, ICANON))
		return tty->canon_head != tty->read_tail;
	return read_count(tty) > 0;
}

/* Takes up to len bytes; in canonical mode at most one line, without the
 * EOF marker (canon_copy_from_read_buf). Sets *line_done at a line end. [lock] */
static size_t take_input(struct tty *tty, char *out, size_t len, bool *line_done)
{
	size_t n = 0;
	bool canon = lflag(tty, ICANON);
	size_t end = canon ? tty->canon_head : tty->read_head;
	while (n < len && tty->read_tail != end) {
		size_t pos = tty->read_tail++;
		u8 c = buf_at(tty, pos);
		if (canon && is_line_end(tty, pos)) {
			set_line_end(tty, pos, false);
			*line_done = true;
			if (c != DISABLED_CHAR)
				out[n++] = (char)c;
			break;
		}
		out[n++] = (char)c;
	}
	return n;
}

static bool read_should_return(struct tty *tty, struct file *f)
{
	unsigned long irq = spin_lock_irqsave(&tty->lock);
	bool ready = input_available(tty) || tty_file_hung_up(tty, f) || tty->other_closed;
	spin_unlock_irqrestore(&tty->lock, irq);
	return ready;
}

ssize_t n_tty_read(struct tty *tty, struct file *f, char *buf, size_t len)
{
	int err = tty_check_change(tty, SIGTTIN);
	if (err)
		return err;
	unsigned long irq = spin_lock_irqsave(&tty->lock);
	bool canon = lflag(tty, ICANON);
	size_t minimum = canon ? 1 : tty->termios.c_cc[VMIN];
	u64 time_ns = (u64)tty->termios.c_cc[VTIME] * 100000000ull;
	spin_unlock_irqrestore(&tty->lock, irq);
	u64 deadline = ~0ull; /* MIN>0: the first byte may take forever */
	if (!canon && minimum == 0) {
		minimum = 1;
		deadline = time_since_boot_ns() + time_ns; /* TIME=0: just check */
	}
	size_t done = 0;
	while (done < len) {
		bool line_done = false;
		irq = spin_lock_irqsave(&tty->lock);
		size_t n = take_input(tty, buf + done, len - done, &line_done);
		bool hung_up = tty_file_hung_up(tty, f), other_closed = tty->other_closed;
		spin_unlock_irqrestore(&tty->lock, irq);
		if (n || line_done) {
			if (tty->link)
				tty_wakeup(tty->link); /* n_tty_check_unthrottle of a pty */
			done += n;
			if (canon || done >= minimum)
				break;
			if (time_ns)
				deadline = time_since_boot_ns() + time_ns; /* the inter-byte timer */
			continue;
		}
		if (hung_up)
			break; /* end of file */
		if (other_closed) {
			if (!done)
				return -EIO; /* a pty master whose slave is gone (TTY_OTHER_CLOSED) */
			break;
		}
		if (deadline != ~0ull && time_since_boot_ns() >= deadline)
			break;
		if (f->flags & O_NONBLOCK) {
			if (!done)
				return -EAGAIN;
			break;
		}
		err = wait_event_interruptible_timeout(&tty->read_wait, read_should_return(tty, f), deadline);
		if (err == -ERESTARTSYS)
			return done ? (ssize_t)done : err;
	}
	return (ssize_t)done;
}

/* ---- write --------------------------------------------------------------- */

static bool write_may_go(struct tty *tty, struct file *f)
{
	unsigned long irq = spin_lock_irqsave(&tty->lock);
	bool go = !tty->stopped || tty_file_hung_up(tty, f);
	spin_unlock_irqrestore(&tty->lock, irq);
	return go;
}

/* May a writer of tty (by f) go on: room in its pty peer, or a hang-up? */
static bool peer_has_room(struct tty *tty, struct file *f)
{
	struct tty *peer = tty->link;
	if (!peer || tty_file_hung_up(tty, f))
		return true;
	unsigned long irq = spin_lock_irqsave(&peer->lock);
	bool room = has_room(peer);
	spin_unlock_irqrestore(&peer->lock, irq);
	return room;
}

/* Sends out[0..n) to the driver, waiting for room (a pty peer's buffer). */
static ssize_t push_output(struct tty *tty, struct file *f, const char *out, size_t n)
{
	size_t sent = 0;
	while (sent < n) {
		size_t took = tty->ops->write(tty, out + sent, n - sent);
		sent += took;
		if (took)
			continue;
		if (tty_file_hung_up(tty, f))
			return -EIO;
		if (f->flags & O_NONBLOCK)
			return sent ? (ssize_t)sent : -EAGAIN;
		int err = wait_event_interruptible(&tty->write_wait, peer_has_room(tty, f));
		if (err)
			return sent ? (ssize_t)sent : err;
	}
	return (ssize_t)sent;
}

#define OUT_CHUNK 256

ssize_t n_tty_write(struct tty *tty, struct file *f, const char *buf, size_t len)
{
	if (lflag(tty, TOSTOP)) {
		int err = tty_check_change(tty, SIGTTOU);
		if (err)
			return err;
	}
	mutex_lock(&tty->write_mutex);
	ssize_t ret = 0;
	size_t done = 0;
	while (done < len) {
		if (tty_file_hung_up(tty, f)) {
			ret = -EIO;
			break;
		}
		if (!write_may_go(tty, f)) {
			if (f->flags & O_NONBLOCK) {
				ret = -EAGAIN;
				break;
			}
			ret = wait_event_interruptible(&tty->write_wait, write_may_go(tty, f));
			if (ret)
				break;
		}
		/* each input byte can become up to 8 (a tab with XTABS) */
		char out[OUT_CHUNK * 8];
		size_t n = 0, in = MIN(len - done, (size_t)OUT_CHUNK);
		unsigned long irq = spin_lock_irqsave(&tty->lock);
		for (size_t i = 0; i < in; i++)
			opost_char(tty, (u8)buf[done + i], out, &n);
		spin_unlock_irqrestore(&tty->lock, irq);
		ssize_t sent = push_output(tty, f, out, n);
		if (sent < (ssize_t)n) {
			ret = sent < 0 ? sent : 0;
			break; /* what was processed but not sent is lost, as a signal cuts it */
		}
		done += in;
	}
	if (done < len && fasync_active(&tty->fasync))
		__atomic_store_n(&tty->write_wakeup, true, __ATOMIC_RELAXED); /* n_tty_write's break_out */
	mutex_unlock(&tty->write_mutex);
	return done ? (ssize_t)done : ret;
}

short n_tty_poll(struct tty *tty, struct file *f, struct poll_table *pt)
{
	poll_wait(pt, &tty->read_wait);
	poll_wait(pt, &tty->write_wait);
	short mask = 0;
	unsigned long irq = spin_lock_irqsave(&tty->lock);
	if (input_available(tty))
		mask |= POLLIN | POLLRDNORM;
	if (tty_file_hung_up(tty, f)) { /* hung_up_tty_poll */
		spin_unlock_irqrestore(&tty->lock, irq);
		return POLLIN | POLLOUT | POLLERR | POLLHUP | POLLRDNORM | POLLWRNORM;
	}
	if (tty->other_closed)
		mask |= POLLHUP;
	bool stopped = tty->stopped;
	spin_unlock_irqrestore(&tty->lock, irq);
	if (!stopped && peer_has_room(tty, f))
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}
