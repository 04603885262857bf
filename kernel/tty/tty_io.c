/*
 * tty_io.c — a tty as an open file (Linux drivers/tty/tty_io.c and
 * tty_ioctl.c): read, write and poll go to the line discipline (n_tty.c),
 * ioctls are the termios ones here, the job-control ones in
 * tty_jobctrl.c and the pty ones in pty.c. f->private is a struct tty_file:
 * the struct tty and the tty's vhangup count when the file was opened; a
 * file opened before a later vhangup is hung up (Linux swaps its file
 * operations for hung_up_tty_fops): reads end of file, writes and ioctls
 * EIO (TIOCSPGRP ENOTTY), poll every event; closing it closes the tty.
 *
 * On a pty master, the termios, window-size and job-control ioctls act on
 * the slave (tty_pair_get_tty, tty_mode_ioctl's real_tty), as on Linux.
 * Output is written synchronously, so TCSETSW/TCSBRK have nothing to wait
 * for and TIOCOUTQ is 0.
 */
#include <tty.h>

#include <cred.h>
#include <fs.h>
#include <kmalloc.h>
#include <signal.h>
#include <string.h>
#include <task.h>
#include <uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/ioctls.h>
#include <uapi/stat.h>

/* tty_std_termios (tty_io.c) and INIT_C_CC (include/linux/tty.h). */
void tty_init(struct tty *tty, const struct tty_driver_ops *ops, const char *name, u32 cflag)
{
	static const u8 init_cc[NCCS] = {3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0};
	tty->ops = ops;
	tty->name = name;
	list_init(&tty->node);
	spin_lock_init(&tty->lock, "tty");
	tty->termios.c_iflag = ICRNL | IXON;
	tty->termios.c_oflag = OPOST | ONLCR;
	tty->termios.c_cflag = cflag;
	tty->termios.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	memcpy(tty->termios.c_cc, init_cc, sizeof(init_cc));
	mutex_init(&tty->write_mutex, "tty_write");
	wait_queue_init(&tty->read_wait, "tty_read");
	wait_queue_init(&tty->write_wait, "tty_write");
	fasync_list_init(&tty->fasync);
}

struct tty_file {
	struct tty *tty;
	unsigned hangup_gen; /* tty->hangup_gen when opened */
};

static struct tty *file_tty(struct file *f)
{
	return ((struct tty_file *)f->private)->tty;
}

bool tty_file_hung_up(struct tty *tty, struct file *f)
{
	struct tty_file *tf = f->private;
	return tty->hung_up || tf->hangup_gen != __atomic_load_n(&tty->hangup_gen, __ATOMIC_ACQUIRE);
}

void tty_vhangup(struct tty *tty)
{
	__atomic_add_fetch(&tty->hangup_gen, 1, __ATOMIC_RELEASE);
	fasync_list_drop_all(&tty->fasync); /* __tty_hangup: hung-up files signal no more */
	n_tty_flush_input(tty);		    /* tty_ldisc_hangup: the line discipline's buffer goes */
	if (tty->reset_termios)
		n_tty_set_termios(tty, &tty->init_termios); /* the window size stays, as on Linux */
	wake_up_all(&tty->read_wait);
	wake_up_all(&tty->write_wait);
	tty_hangup_session(tty);
}

int tty_file_open(struct tty *tty, struct file *f, bool noctty)
{
	struct tty_file *tf = kmalloc(sizeof(*tf));
	if (!tf)
		return -ENOMEM;
	tf->tty = tty;
	tf->hangup_gen = __atomic_load_n(&tty->hangup_gen, __ATOMIC_ACQUIRE);
	f->ops = &tty_file_ops;
	f->private = tf;
	unsigned long irq = spin_lock_irqsave(&tty_ctrl_lock);
	tty->open_count++;
	spin_unlock_irqrestore(&tty_ctrl_lock, irq);
	if (!noctty && !(f->flags & O_NOCTTY))
		tty_open_set_ctty(tty);
	return 0;
}

bool tty_put_open(struct tty *tty)
{
	unsigned long irq = spin_lock_irqsave(&tty_ctrl_lock);
	bool last = --tty->open_count == 0;
	spin_unlock_irqrestore(&tty_ctrl_lock, irq);
	return last;
}

static void tty_file_release(struct file *f)
{
	if (!f->private)
		return; /* tty_file_open failed */
	struct tty *tty = file_tty(f);
	kfree(f->private);
	if (tty->ops->release)
		tty->ops->release(tty);
	else
		(void)tty_put_open(tty);
}

#define CHUNK 256

static ssize_t tty_file_read(struct file *f, struct iobuf *dst, size_t len, u64 pos)
{
	struct tty *tty = file_tty(f);
	if (tty_file_hung_up(tty, f))
		return 0; /* hung_up_tty_read */
	char buf[CHUNK];
	ssize_t n = n_tty_read(tty, f, buf, MIN(len, sizeof(buf)));
	if (n <= 0)
		return n;
	return iobuf_copy_out(dst, 0, buf, (size_t)n);
}

static ssize_t tty_file_write(struct file *f, struct iobuf *src, size_t len, u64 pos)
{
	struct tty *tty = file_tty(f);
	if (tty_file_hung_up(tty, f))
		return -EIO; /* hung_up_tty_write */
	char buf[CHUNK];
	size_t done = 0;
	while (done < len) {
		size_t n = MIN(len - done, sizeof(buf));
		if (iobuf_copy_in(buf, src, done, n) < 0)
			return done ? (ssize_t)done : -EFAULT;
		ssize_t w = n_tty_write(tty, f, buf, n);
		if (w < 0)
			return done ? (ssize_t)done : w;
		done += (size_t)w;
		if ((size_t)w < n)
			break;
	}
	return (ssize_t)done;
}

static int tty_file_stat(struct file *f, struct kstat *st)
{
	vfs_fill_stat(f->inode, st);
	st->st_blksize = 1024; /* a tty's, as Linux reports it */
	return 0;
}

static short tty_file_poll(struct file *f, struct poll_table *pt)
{
	return n_tty_poll(file_tty(f), f, pt);
}

/* __tty_fasync: a file newly on the list gets an owner at once, the tty's
 * foreground process group, or the caller's process when it has none. A
 * hung-up file is -ENOTTY either way (hung_up_tty_fasync; the hangup took it
 * off the list already), so F_SETFL leaves O_ASYNC as it was. */
static int tty_file_fasync(struct file *f, int fd, bool on)
{
	struct tty *tty = file_tty(f);
	if (tty_file_hung_up(tty, f))
		return -ENOTTY;
	int added = fasync_helper(&tty->fasync, f, fd, on);
	if (added <= 0)
		return added;
	unsigned long irq = spin_lock_irqsave(&tty_ctrl_lock);
	struct pid *pgrp = tty->pgrp;
	if (pgrp)
		pid_get(pgrp);
	spin_unlock_irqrestore(&tty_ctrl_lock, irq);
	file_owner_set_pid(f, pgrp ? pgrp : current()->pid, pgrp != NULL);
	pid_put(pgrp);
	return 0;
}

/* TCSETS*: a background process gets SIGTTOU (tty_check_change); TCSETSF
 * flushes the input first. */
static long set_termios(struct tty *tty, unsigned cmd, uaddr_t uarg)
{
	int err = tty_check_change(tty, SIGTTOU);
	if (err)
		return err;
	struct termios_user t;
	if (copy_from_user(&t, uarg, sizeof(t)))
		return -EFAULT;
	if (cmd == TCSETSF)
		n_tty_flush_input(tty);
	n_tty_set_termios(tty, &t);
	return 0;
}

/* TCGETA (kernel_termios_to_user_termio): the low 16 bits of each flag word,
 * the line discipline and the first NCC control characters. */
static long get_termio(struct tty *tty, uaddr_t uarg)
{
	unsigned long irq = spin_lock_irqsave(&tty->lock);
	struct termios_user t = tty->termios;
	spin_unlock_irqrestore(&tty->lock, irq);
	struct termio_user old = {.c_iflag = (u16)t.c_iflag,
				  .c_oflag = (u16)t.c_oflag,
				  .c_cflag = (u16)t.c_cflag,
				  .c_lflag = (u16)t.c_lflag,
				  .c_line = t.c_line};
	memcpy(old.c_cc, t.c_cc, NCC);
	return copy_to_user(uarg, &old, TERMIO_BYTES) ? -EFAULT : 0;
}

/* TCSETA, TCSETAW, TCSETAF (user_termio_to_kernel_termios): the termio
 * replaces the low 16 bits of each flag word, the line discipline and the
 * first NCC control characters; the rest of the termios stays. */
static long set_termio(struct tty *tty, unsigned cmd, uaddr_t uarg)
{
	int err = tty_check_change(tty, SIGTTOU);
	if (err)
		return err;
	struct termio_user old;
	if (copy_from_user(&old, uarg, TERMIO_BYTES))
		return -EFAULT;
	unsigned long irq = spin_lock_irqsave(&tty->lock);
	struct termios_user t = tty->termios;
	spin_unlock_irqrestore(&tty->lock, irq);
	t.c_iflag = (t.c_iflag & 0xffff0000u) | old.c_iflag;
	t.c_oflag = (t.c_oflag & 0xffff0000u) | old.c_oflag;
	t.c_cflag = (t.c_cflag & 0xffff0000u) | old.c_cflag;
	t.c_lflag = (t.c_lflag & 0xffff0000u) | old.c_lflag;
	t.c_line = old.c_line;
	memcpy(t.c_cc, old.c_cc, NCC);
	if (cmd == TCSETAF)
		n_tty_flush_input(tty);
	n_tty_set_termios(tty, &t);
	return 0;
}

/* TIOCSWINSZ (tiocswinsz): a change sends SIGWINCH to the foreground group. */
static long set_winsize(struct tty *tty, uaddr_t uarg)
{
	struct winsize_user ws;
	if (copy_from_user(&ws, uarg, sizeof(ws)))
		return -EFAULT;
	unsigned long irq = spin_lock_irqsave(&tty->lock);
	bool changed = memcmp(&ws, &tty->winsize, sizeof(ws)) != 0;
	tty->winsize = ws;
	spin_unlock_irqrestore(&tty->lock, irq);
	if (changed)
		tty_signal_fg(tty, SIGWINCH);
	return 0;
}

/* TCXONC (n_tty_ioctl_helper): stop or start output, or send STOP/START. */
static long flow_control(struct tty *tty, u64 arg)
{
	int err = tty_check_change(tty, SIGTTOU);
	if (err)
		return err;
	switch (arg) {
	case TCOOFF: tty_stop(tty); return 0;
	case TCOON: tty_start(tty); return 0;
	case TCIOFF:
	case TCION: {
		char c = (char)tty->termios.c_cc[arg == TCIOFF ? VSTOP : VSTART];
		if (c)
			tty->ops->write(tty, &c, 1);
		return 0;
	}
	default: return -EINVAL;
	}
}

/* TCFLSH (tty_perform_flush): output is never queued, so only input. */
static long flush(struct tty *tty, u64 arg)
{
	int err = tty_check_change(tty, SIGTTOU);
	if (err)
		return err;
	switch (arg) {
	case TCIFLUSH:
	case TCIOFLUSH: n_tty_flush_input(tty); return 0;
	case TCOFLUSH: return 0;
	default: return -EINVAL;
	}
}

/* TIOCSTI (tiocsti): one byte as if typed; root only, or the caller's ctty. */
static long simulate_input(struct tty *tty, uaddr_t uarg)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM; /* Linux without CONFIG_LEGACY_TIOCSTI (Debian's): root only */
	u8 c;
	if (copy_from_user(&c, uarg, 1))
		return -EFAULT;
	tty_receive(tty, (const char *)&c, 1);
	return 0;
}

static long tty_file_ioctl(struct file *f, unsigned cmd, u64 arg)
{
	struct tty *tty = file_tty(f);
	if (tty_file_hung_up(tty, f) && !tty->hung_up)
		return cmd == TIOCSPGRP ? -ENOTTY : -EIO; /* hung_up_tty_ioctl */
	struct tty *real_tty = tty->is_pty_master ? tty->link : tty;
	long ret = tty_jobctrl_ioctl(tty, real_tty, f, cmd, arg);
	if (ret != -ENOIOCTLCMD)
		return ret;
	ret = pty_ioctl(tty, f, cmd, arg);
	if (ret != -ENOIOCTLCMD)
		return ret;
	uaddr_t uarg = uaddr_from(arg); /* the argument of the commands that take a pointer */
	switch (cmd) {
	case TCGETS: {
		struct termios_user t;
		unsigned long irq = spin_lock_irqsave(&real_tty->lock);
		t = real_tty->termios;
		spin_unlock_irqrestore(&real_tty->lock, irq);
		return copy_to_user(uarg, &t, sizeof(t)) ? -EFAULT : 0;
	}
	case TCSETS:
	case TCSETSW:
	case TCSETSF: return set_termios(real_tty, cmd, uarg);
	case TCGETA: return get_termio(real_tty, uarg);
	case TCSETA:
	case TCSETAW:
	case TCSETAF: return set_termio(real_tty, cmd, uarg);
	case TIOCGWINSZ: {
		struct winsize_user ws;
		unsigned long irq = spin_lock_irqsave(&real_tty->lock);
		ws = real_tty->winsize;
		spin_unlock_irqrestore(&real_tty->lock, irq);
		return copy_to_user(uarg, &ws, sizeof(ws)) ? -EFAULT : 0;
	}
	case TIOCSWINSZ: return set_winsize(real_tty, uarg);
	case FIONREAD: return put_user_u32(uarg, (u32)n_tty_input_count(tty)) ? -EFAULT : 0;
	case TIOCOUTQ: return put_user_u32(uarg, 0) ? -EFAULT : 0;
	case TCSBRK:
	case TCSBRKP: return tty_check_change(tty, SIGTTOU); /* output is already drained */
	case TCXONC: return flow_control(tty, arg);
	case TCFLSH: return flush(tty, arg);
	case TIOCSTI: return simulate_input(tty, uarg);
	case TIOCGETD: return put_user_u32(uarg, N_TTY) ? -EFAULT : 0;
	case TIOCSETD: {
		u32 ldisc;
		if (get_user_u32(&ldisc, uarg))
			return -EFAULT;
		return ldisc == N_TTY ? 0 : -EINVAL; /* the only line discipline built in */
	}
	default: return -ENOTTY;
	}
}

const struct file_ops tty_file_ops = {
	.fasync = tty_file_fasync,
	.read = tty_file_read,
	.write = tty_file_write,
	.stat = tty_file_stat,
	.ioctl = tty_file_ioctl,
	.poll = tty_file_poll,
	.release = tty_file_release,
};
