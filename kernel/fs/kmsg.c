/*
 * kmsg.c — reading and writing the kernel log from user space: syslog(2)
 * and /dev/kmsg (Linux kernel/printk/printk.c do_syslog, devkmsg_*).
 *
 * syslog(2) reads records as text lines "<P>[ sec.usec] text\n", P being
 * facility * 8 + level, each line of a record's text getting the prefix
 * (Linux's record_print_text with printk.time on). Actions:
 *   0 CLOSE, 1 OPEN: nothing, 0;
 *   2 READ: waits for a record not read yet by READ, copies whole lines
 *     (at least part of one), remembers where it stopped;
 *   3 READ_ALL, 4 READ_CLEAR: the newest lines since the last CLEAR that
 *     fit in len (whole records), 4 then clears;
 *   5 CLEAR; 6 CONSOLE_OFF; 7 CONSOLE_ON; 8 CONSOLE_LEVEL (1..8, else
 *     EINVAL); 9 SIZE_UNREAD: bytes READ would give; 10 SIZE_BUFFER.
 * READ* with a NULL buffer or a negative len is EINVAL, len 0 gives 0.
 * Every action needs CAP_SYSLOG (Debian sets dmesg_restrict = 1); 10
 * and READ_ALL are allowed to CAP_SYS_ADMIN too, as check_syslog_permissions.
 *
 * /dev/kmsg (char 1,11): each read returns one record
 * "P,SEQ,USEC,FLAG;text\n" with non-printable bytes and backslash as \xNN
 * (msg_print_ext_body), EINVAL if it does not fit (and the record is
 * skipped, as Linux 6.1 does), EPIPE once when records
 * were dropped before the reader got to them, EAGAIN with O_NONBLOCK at the
 * end, else it waits. A reader starts at the oldest record. Each write is
 * one record: a leading "<N>" sets the level (N & 7) and, when N >> 3 is not
 * 0, the facility; the default is level 4 (default_message_loglevel) with
 * facility 1 (user). lseek is not supported (ESPIPE) — Linux's SEEK_SET/
 * SEEK_END/SEEK_DATA positions are not implemented.
 *
 * Locking: the ring is printk.c's (log_lock); syslog_lock here protects the
 * READ position (syslog_seq, syslog_partial) and clear_seq; a /dev/kmsg
 * reader's position is its file's f->pos, read and moved with atomics.
 */
#include <printk.h>

#include <cred.h>
#include <format.h>
#include <fs.h>
#include <kmalloc.h>
#include <poll.h>
#include <spinlock.h>
#include <string.h>
#include <syscall.h>
#include <task.h>
#include <uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>
#include <wait.h>

enum {
	SYSLOG_ACTION_CLOSE,
	SYSLOG_ACTION_OPEN,
	SYSLOG_ACTION_READ,
	SYSLOG_ACTION_READ_ALL,
	SYSLOG_ACTION_READ_CLEAR,
	SYSLOG_ACTION_CLEAR,
	SYSLOG_ACTION_CONSOLE_OFF,
	SYSLOG_ACTION_CONSOLE_ON,
	SYSLOG_ACTION_CONSOLE_LEVEL,
	SYSLOG_ACTION_SIZE_UNREAD,
	SYSLOG_ACTION_SIZE_BUFFER,
};

static struct spinlock syslog_lock = SPINLOCK_INIT("syslog");
static u64 syslog_seq;	      /* next record READ gives [syslog_lock] */
static size_t syslog_partial; /* bytes of it already given [syslog_lock] */
static u64 clear_seq;	      /* READ_ALL starts here [syslog_lock] */

/* r as syslog lines into out (struct reader's text); returns the length. */
static size_t syslog_text(const struct log_record *r, char *out)
{
	size_t len = 0, start = 0;
	unsigned long sec = (unsigned long)(r->ts_ns / 1000000000), usec = (unsigned long)(r->ts_ns / 1000 % 1000000);
	for (size_t i = 0; i <= r->text_len; i++) {
		if (i < r->text_len && r->text[i] != '\n')
			continue;
		len += (size_t)snprintf(out + len, 40, "<%u>[%5lu.%06lu] ", (unsigned)(r->facility << 3 | r->level),
					sec, usec);
		memcpy(out + len, r->text + start, i - start);
		len += i - start;
		out[len++] = '\n';
		start = i + 1;
	}
	return len;
}

/* A buffer for one record's syslog or /dev/kmsg text, and the record: at
 * most LOG_LINE_MAX + 1 lines, each with a prefix "<NNN>[sssss.uuuuuu] "
 * (under 40 bytes) and a newline; or a /dev/kmsg header and 4 bytes a byte. */
struct reader {
	struct log_record rec;
	char text[(LOG_LINE_MAX + 1) * 41];
};

/* Bytes the records from seq on take as syslog text (all if upto is ~0). */
static size_t text_bytes(struct reader *rd, u64 seq, u64 upto)
{
	size_t total = 0;
	while (seq < upto && log_read_record(&seq, &rd->rec) != -EAGAIN) {
		total += syslog_text(&rd->rec, rd->text);
		seq++;
	}
	return total;
}

/* READ_ALL / READ_CLEAR (syslog_print_all): the newest whole records that fit. */
static long syslog_read_all(struct reader *rd, uaddr_t ubuf, size_t size, bool clear)
{
	u64 first, next;
	log_seq_range(&first, &next);
	unsigned long irq = spin_lock_irqsave(&syslog_lock);
	u64 seq = MAX(clear_seq, first);
	spin_unlock_irqrestore(&syslog_lock, irq);
	/* drop the oldest until the rest fits */
	size_t total = text_bytes(rd, seq, next);
	while (total > size && seq < next) {
		u64 s = seq;
		if (log_read_record(&s, &rd->rec) == -EAGAIN)
			break;
		total -= syslog_text(&rd->rec, rd->text);
		seq = s + 1;
	}
	size_t copied = 0;
	long err = 0;
	for (; seq < next; seq++) {
		if (log_read_record(&seq, &rd->rec) == -EAGAIN)
			break;
		size_t n = syslog_text(&rd->rec, rd->text);
		if (copied + n > size)
			break;
		if (copy_to_user(uaddr_add(ubuf, copied), rd->text, n)) {
			err = -EFAULT;
			break;
		}
		copied += n;
	}
	if (clear) {
		irq = spin_lock_irqsave(&syslog_lock);
		clear_seq = next;
		spin_unlock_irqrestore(&syslog_lock, irq);
	}
	return err ? err : (long)copied;
}

static bool syslog_has_unread(void)
{
	u64 first, next;
	log_seq_range(&first, &next);
	return __atomic_load_n(&syslog_seq, __ATOMIC_RELAXED) < next;
}

/* READ (syslog_print): waits for unread records, gives what fits. */
static long syslog_read(struct reader *rd, uaddr_t ubuf, size_t size)
{
	int err = wait_event_interruptible(&log_wait, syslog_has_unread());
	if (err)
		return err;
	size_t copied = 0;
	while (copied < size) {
		unsigned long irq = spin_lock_irqsave(&syslog_lock);
		u64 seq = syslog_seq;
		size_t skip = syslog_partial;
		int r = log_read_record(&seq, &rd->rec);
		if (r == -EPIPE)
			skip = 0; /* dropped: on at the oldest */
		spin_unlock_irqrestore(&syslog_lock, irq);
		if (r == -EAGAIN)
			break;
		size_t n = syslog_text(&rd->rec, rd->text) - skip;
		if (copied && n > size - copied)
			break; /* only the first record may be given in parts */
		n = MIN(n, size - copied);
		if (copy_to_user(uaddr_add(ubuf, copied), rd->text + skip, n))
			return copied ? (long)copied : -EFAULT;
		copied += n;
		irq = spin_lock_irqsave(&syslog_lock);
		if (skip + n < syslog_text(&rd->rec, rd->text)) {
			syslog_seq = seq;
			syslog_partial = skip + n;
		} else {
			syslog_seq = seq + 1;
			syslog_partial = 0;
		}
		spin_unlock_irqrestore(&syslog_lock, irq);
	}
	return (long)copied;
}

static long syslog_size_unread(struct reader *rd)
{
	u64 first, next;
	log_seq_range(&first, &next);
	unsigned long irq = spin_lock_irqsave(&syslog_lock);
	if (syslog_seq < first) {
		syslog_seq = first;
		syslog_partial = 0;
	}
	u64 seq = syslog_seq;
	size_t partial = syslog_partial;
	spin_unlock_irqrestore(&syslog_lock, irq);
	return (long)(text_bytes(rd, seq, next) - partial);
}

SYSCALL_DEFINE3(syslog, int, type, uaddr_t, ubuf, int, len)
{
	/* check_syslog_permissions: CAP_SYSLOG; with dmesg_restrict set, the
	 * unprivileged READ_ALL / SIZE_BUFFER are refused too */
	if (type != SYSLOG_ACTION_CLOSE && type != SYSLOG_ACTION_OPEN && !capable(CAP_SYSLOG) &&
	    !capable(CAP_SYS_ADMIN))
		return -EPERM;
	bool reads = type == SYSLOG_ACTION_READ || type == SYSLOG_ACTION_READ_ALL || type == SYSLOG_ACTION_READ_CLEAR;
	if (reads) {
		if (uaddr_is_null(ubuf) || len < 0)
			return -EINVAL;
		if (!len)
			return 0;
		if (!access_ok(ubuf, (size_t)len))
			return -EFAULT;
	}
	struct reader *rd = NULL;
	if (reads || type == SYSLOG_ACTION_SIZE_UNREAD) {
		rd = kmalloc(sizeof(*rd));
		if (!rd)
			return -ENOMEM;
	}
	long ret = 0;
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN: break;
	case SYSLOG_ACTION_READ: ret = syslog_read(rd, ubuf, (size_t)len); break;
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		ret = syslog_read_all(rd, ubuf, (size_t)len, type == SYSLOG_ACTION_READ_CLEAR);
		break;
	case SYSLOG_ACTION_CLEAR: {
		u64 first, next;
		log_seq_range(&first, &next);
		unsigned long irq = spin_lock_irqsave(&syslog_lock);
		clear_seq = next;
		spin_unlock_irqrestore(&syslog_lock, irq);
		break;
	}
	case SYSLOG_ACTION_CONSOLE_OFF: printk_console_off(); break;
	case SYSLOG_ACTION_CONSOLE_ON: printk_console_on(); break;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		if (len < 1 || len > 8)
			ret = -EINVAL;
		else
			printk_console_level(len);
		break;
	case SYSLOG_ACTION_SIZE_UNREAD: ret = syslog_size_unread(rd); break;
	case SYSLOG_ACTION_SIZE_BUFFER: ret = (long)log_buffer_size(); break;
	default: ret = -EINVAL;
	}
	kfree(rd);
	return ret;
}

/*
 * /dev/kmsg. f->pos holds the next record's sequence number; f->private
 * is set once the reader was told about dropped records (EPIPE once).
 */

/* r as a /dev/kmsg record into out (at least LOG_LINE_MAX * 4 + 64 bytes). */
static size_t kmsg_text(const struct log_record *r, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t len = (size_t)snprintf(out, 64, "%u,%lu,%lu,-;", (unsigned)(r->facility << 3 | r->level),
				      (unsigned long)r->seq, (unsigned long)(r->ts_ns / 1000));
	for (size_t i = 0; i < r->text_len; i++) {
		u8 c = (u8)r->text[i];
		if (c < ' ' || c >= 127 || c == '\\') {
			out[len++] = '\\';
			out[len++] = 'x';
			out[len++] = hex[c >> 4];
			out[len++] = hex[c & 15];
		} else {
			out[len++] = (char)c;
		}
	}
	out[len++] = '\n';
	return len;
}

static bool kmsg_has_record(struct file *f)
{
	u64 first, next;
	log_seq_range(&first, &next);
	return __atomic_load_n(&f->pos, __ATOMIC_RELAXED) < next;
}

static ssize_t kmsg_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	struct reader *rd = kmalloc(sizeof(*rd));
	if (!rd)
		return -ENOMEM;
	ssize_t ret;
	for (;;) {
		u64 seq = __atomic_load_n(&f->pos, __ATOMIC_RELAXED);
		int r = log_read_record(&seq, &rd->rec);
		if (r == -EPIPE) {
			__atomic_store_n(&f->pos, seq, __ATOMIC_RELAXED);
			ret = -EPIPE; /* devkmsg_read: the reader lost records */
			goto out;
		}
		if (r == 0)
			break;
		if (f->flags & O_NONBLOCK) {
			ret = -EAGAIN;
			goto out;
		}
		int err = wait_event_interruptible(&log_wait, kmsg_has_record(f));
		if (err) {
			ret = err;
			goto out;
		}
	}
	/* devkmsg_read moves past the record before it checks the size: a
	 * record too long for the buffer is lost to this reader (EINVAL) */
	__atomic_store_n(&f->pos, rd->rec.seq + 1, __ATOMIC_RELAXED);
	size_t n = kmsg_text(&rd->rec, rd->text);
	if (n > len) {
		ret = -EINVAL;
		goto out;
	}
	ret = iobuf_copy_out(dst, 0, rd->text, n);
	if (ret >= 0)
		ret = (ssize_t)n;
out:
	kfree(rd);
	return ret;
}

/* One write, one record (devkmsg_write). */
static ssize_t kmsg_write(struct file *f, struct iobuf *src, size_t len, u64 pos)
{
	if (len > LOG_LINE_MAX)
		return -EINVAL;
	char *text = kmalloc(LOG_LINE_MAX + 1);
	if (!text)
		return -ENOMEM;
	ssize_t ret = iobuf_copy_in(text, src, 0, len);
	if (ret < 0)
		goto out;
	text[len] = '\0';
	int level = 4, facility = 1; /* default_message_loglevel, LOG_USER */
	const char *line = text;
	if (len && line[0] == '<') {
		/* simple_strtoul then '>': "<N>" sets level and maybe facility */
		const char *p = line + 1;
		unsigned long u = 0;
		while (*p >= '0' && *p <= '9')
			u = u * 10 + (unsigned long)(*p++ - '0');
		if (*p == '>') {
			level = (int)(u & 7);
			if (u >> 3)
				facility = (int)((u >> 3) & 0xff);
			line = p + 1;
		}
	}
	log_store(facility, level, line, len - (size_t)(line - text));
	ret = (ssize_t)len;
out:
	kfree(text);
	return ret;
}

static short kmsg_poll(struct file *f, struct poll_table *pt)
{
	poll_wait(pt, &log_wait);
	u64 first, next, pos = __atomic_load_n(&f->pos, __ATOMIC_RELAXED);
	log_seq_range(&first, &next);
	if (pos < first)
		return POLLIN | POLLRDNORM | POLLERR | POLLPRI;
	return pos < next ? POLLIN | POLLRDNORM : 0;
}

static int kmsg_open(struct inode *inode, struct file *f)
{
	u64 first, next;
	log_seq_range(&first, &next);
	f->pos = first; /* devkmsg_open: from the oldest record */
	return 0;
}

const struct file_ops kmsg_file_ops = {
	.no_read_iter = true,
	.read = kmsg_read,
	.write = kmsg_write,
	.poll = kmsg_poll,
	.open = kmsg_open,
};
