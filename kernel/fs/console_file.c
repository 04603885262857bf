/*
 * console_file.c — the console as an open file: /dev/console, the first
 * process's stdin, stdout and stderr. A character device (5,1) as on Linux,
 * and a tty: the termios settings start as Linux's serial port has them
 * (tty_std_termios at 9600 baud, drivers/tty/tty_io.c) and can be read and
 * set with TCGETS/TCSETS*; the window size is 0x0 until set, as on a
 * serial line. Output honours OPOST|ONLCR; input editing (ICANON, ECHO)
 * comes with the tty issue.
 *
 * Controlling terminal (drivers/tty/tty_jobctrl.c): a session leader makes
 * the console its session's controlling tty with TIOCSCTTY; TIOCGSID and
 * TIOCGPGRP answer for processes of that session. With one tty in the
 * system, "a process's controlling tty" is "the console, if the console's
 * session is the process's". The session is not yet dropped when its
 * leader exits (that comes with the process table's SIGHUP work).
 */
#include <fs.h>

#include <console.h>
#include <printk.h>
#include <spinlock.h>
#include <string.h>
#include <task.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/misc.h>
#include <uapi/stat.h>

#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541b
#define TIOCSCTTY 0x540e
#define TIOCGPGRP 0x540f
#define TIOCGSID 0x5429
#define OPOST 01
#define ONLCR 04

/* Linux's serial tty defaults (tty_std_termios, 9600 baud):
 * c_iflag ICRNL|IXON, c_oflag OPOST|ONLCR, c_cflag B9600|CS8|CREAD|HUPCL|CLOCAL,
 * c_lflag ISIG|ICANON|ECHO|ECHOE|ECHOK|ECHOCTL|ECHOKE|IEXTEN, c_cc INIT_C_CC. */
#define DEFAULT_TERMIOS                                                                             \
	{                                                                                           \
		.c_iflag = 02400, .c_oflag = 05, .c_cflag = 06275, .c_lflag = 0105073, .c_line = 0, \
		.c_cc = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0},             \
	}

/* The console's line settings (one console), replaced whole by TCSETS*. */
static struct termios_user console_termios = DEFAULT_TERMIOS;
static struct winsize_user console_winsize;

static struct spinlock ctty_lock = SPINLOCK_INIT("console_ctty");
static int ctty_session; /* sid of the session it controls, 0: none [ctty_lock] */
static int ctty_pgrp;	 /* that session's foreground process group [ctty_lock] */

/* TIOCSCTTY (tiocsctty): steal = 1 takes it from another session (root only). */
static long console_set_ctty(struct file *f, u64 steal)
{
	struct thread_group *g = current()->group;
	int sid = thread_group_sid(g), pgid = thread_group_pgid(g); /* before ctty_lock: tasklist_lock */
	long err = 0;
	unsigned long irq = spin_lock_irqsave(&ctty_lock);
	if (sid == g->pid && ctty_session == sid)
		goto out_unlock; /* already ours */
	if (sid != g->pid)
		err = -EPERM; /* only a session leader, whose session has no tty yet */
	else if (ctty_session && steal != 1)
		err = -EPERM; /* another session's: every process is root, so steal works */
	/* Linux also wants the file open for reading unless the caller has
	 * CAP_SYS_ADMIN, which every process has until credentials exist */
	if (!err) {
		ctty_session = sid;
		ctty_pgrp = pgid;
	}
out_unlock:
	spin_unlock_irqrestore(&ctty_lock, irq);
	return err;
}

/* TIOCGSID and TIOCGPGRP: ENOTTY unless the console is the caller's controlling tty. */
static long console_get_ctty(unsigned cmd, u64 arg)
{
	int sid = thread_group_sid(current()->group);
	unsigned long irq = spin_lock_irqsave(&ctty_lock);
	int value = cmd == TIOCGSID ? ctty_session : ctty_pgrp;
	bool ours = ctty_session && ctty_session == sid;
	spin_unlock_irqrestore(&ctty_lock, irq);
	if (!ours)
		return -ENOTTY;
	return put_user_u32(arg, (u32)value) ? -EFAULT : 0;
}

#define CHUNK 256

static ssize_t console_file_write(struct file *f, struct iobuf *src, size_t len, u64 pos)
{
	char buf[CHUNK];
	size_t done = 0;
	while (done < len) {
		size_t n = MIN(len - done, sizeof(buf));
		if (iobuf_copy_in(buf, src, done, n) < 0)
			return done ? (ssize_t)done : -EFAULT;
		bool onlcr = (console_termios.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR);
		console_write(buf, n, onlcr);
		done += n;
	}
	return (ssize_t)done;
}

static ssize_t console_file_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	char buf[CHUNK];
	long n = console_read(buf, MIN(len, sizeof(buf)));
	if (n <= 0)
		return n;
	return iobuf_copy_out(dst, 0, buf, (size_t)n);
}

static int console_file_stat(struct file *f, struct kstat *st)
{
	vfs_fill_stat(f->inode, st);
	st->st_blksize = 1024; /* a tty's, as Linux reports it */
	return 0;
}

static long console_file_ioctl(struct file *f, unsigned cmd, u64 arg)
{
	switch (cmd) {
	case TCGETS: return copy_to_user(arg, &console_termios, sizeof(console_termios)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF: {
		struct termios_user t;
		if (copy_from_user(&t, arg, sizeof(t)))
			return -EFAULT;
		console_termios = t; /* output is written synchronously: nothing to drain */
		return 0;
	}
	case TIOCGWINSZ: return copy_to_user(arg, &console_winsize, sizeof(console_winsize)) ? -EFAULT : 0;
	case TIOCSWINSZ: return copy_from_user(&console_winsize, arg, sizeof(console_winsize)) ? -EFAULT : 0;
	case FIONREAD: {
		u32 n = (u32)console_input_count();
		return put_user_u32(arg, n) ? -EFAULT : 0;
	}
	case TIOCSCTTY: return console_set_ctty(f, arg);
	case TIOCGSID:
	case TIOCGPGRP: return console_get_ctty(cmd, arg);
	default: return -ENOTTY;
	}
}

static short console_file_poll(struct file *f, struct poll_table *pt)
{
	console_poll_wait(pt);
	return POLLOUT | POLLWRNORM | (console_has_input() ? POLLIN | POLLRDNORM : 0);
}

const struct file_ops console_file_ops = {
	.poll = console_file_poll,
	.read = console_file_read,
	.write = console_file_write,
	.stat = console_file_stat,
	.ioctl = console_file_ioctl,
};

/* /dev/console, opened by name as the first process's stdin/stdout/stderr. */
struct file *console_file_open(void)
{
	struct file *f;
	if (vfs_open("/dev/console", O_RDWR | O_LARGEFILE, &f) == 0)
		return f;
	f = file_alloc(&console_file_ops, NULL, S_IFCHR | 0600); /* no /dev: a console all the same */
	if (f) {
		f->flags = O_RDWR | O_LARGEFILE;
		f->inode->rdev = (5 << 8) | 1;
	}
	return f;
}
