/*
 * tty.h — the TTY layer (Linux's drivers/tty: tty_io.c, tty_jobctrl.c,
 * n_tty.c, pty.c), in Linux's shape:
 *
 *   file (read/write/ioctl/poll) -> struct tty -> line discipline (n_tty.c)
 *                                              -> driver (serial.c, pty.c)
 *
 * A driver gives output bytes to the device with ops->write and hands input
 * bytes to the line discipline with tty_receive(). The line discipline
 * (N_TTY, the only one) keeps the input buffer, edits lines in canonical
 * mode, echoes, turns ^C/^Z/^\ into signals for the foreground process
 * group and processes output (OPOST).
 *
 * Job control (tty_jobctrl.c): a tty is the controlling terminal of at most
 * one session and has a foreground process group of that session. A
 * process's controlling tty is "the tty whose session is the process's
 * session" (Linux keeps a pointer in signal_struct; with a handful of ttys
 * a search is as good and cannot dangle).
 *
 * Locks, in order (after tasklist_lock, pid.h):
 *   tasklist_lock → tty_ctrl_lock → tty.lock → wait-queue locks.
 * tty_ctrl_lock (one for all ttys) protects tty_list and every tty's
 * session, pgrp and open counts. tty.lock protects the line discipline's
 * state, termios and winsize; it is taken from the UART interrupt, so
 * always with interrupts off. Nothing calls a driver's write or another
 * tty's receive with a tty.lock held: echoes are queued under the lock and
 * sent after it is dropped (so a pty pair never nests its two locks).
 */
#pragma once

#include <fs.h>
#include <list.h>
#include <mutex.h>
#include <spinlock.h>
#include <types.h>
#include <uapi/misc.h>
#include <uapi/termbits.h> /* the termios bits the line discipline acts on */
#include <wait.h>

struct file;
struct pid;
struct poll_table;
struct thread_group;
struct tty;

#define N_TTY_BUF_SIZE 4096 /* the input buffer (n_tty.c), a power of two */
#define TTY_ECHO_BUF_SIZE 512

struct tty_driver_ops {
	/* Sends len output bytes to the device; returns how many it took
	 * (a pty takes what fits in its peer's input buffer). Process context
	 * or the receive path, never with a tty.lock held. */
	size_t (*write)(struct tty *tty, const char *buf, size_t len);
	/* A file of this tty closed (NULL: tty_file_release counts it down
	 * itself). The driver drops the count with tty_put_open under its own
	 * lock, so that the last close and the freeing of the tty are one step
	 * (pty: under pty_mutex; hang up the peer on the last one). */
	void (*release)(struct tty *tty);
};

struct tty {
	const struct tty_driver_ops *ops;
	const char *name;   /* "ttyAMA0", "ptm", "pts" */
	int index;	    /* pty number */
	bool is_pty_master; /* the master of a pty pair */
	/* Linux TTY_DRIVER_RESET_TERMIOS (ptys): a vhangup puts init_termios
	 * back (tty_reset_termios); both set before the tty is in use */
	bool reset_termios;
	struct termios_user init_termios;
	struct tty *link;      /* the other end of a pty pair; NULL otherwise */
	struct list_head node; /* in tty_list [tty_ctrl_lock] */
	int open_count;	       /* open files [tty_ctrl_lock] */

	/* job control [tty_ctrl_lock]; each holds a reference */
	struct pid *session; /* the session it controls, NULL: none */
	struct pid *pgrp;    /* the foreground process group */

	struct spinlock lock;	     /* everything below */
	struct termios_user termios; /* [lock] */
	struct winsize_user winsize; /* [lock] */
	bool hung_up;		     /* pty master gone: reads 0, writes EIO [lock] */
	unsigned hangup_gen;	     /* vhangups so far: a file opened before the last one is hung up [atomic] */
	bool other_closed;	     /* pty master: every slave file closed after one was opened [lock] */
	bool locked;		     /* pty slave: TIOCSPTLCK, open gives EIO [lock] */
	bool stopped;		     /* output stopped by ^S or TCOOFF [lock] */

	/* line discipline state (n_tty.c) [lock]; positions count up forever,
	 * a buffer index is position & (N_TTY_BUF_SIZE - 1) */
	char read_buf[N_TTY_BUF_SIZE];
	u8 line_end[N_TTY_BUF_SIZE / 8];  /* bit: this byte ends a canonical line */
	size_t read_head, read_tail;	  /* bytes in [read_tail, read_head) */
	size_t canon_head;		  /* end of the last complete line */
	bool lnext;			  /* the next byte is literal (^V) */
	unsigned column;		  /* output column, for tab erase */
	unsigned canon_column;		  /* column where the line being edited starts */
	char echo_buf[TTY_ECHO_BUF_SIZE]; /* echoes, already processed for output */
	size_t echo_len;
	int pending_signal; /* ISIG: sent to the foreground group after the lock */

	struct mutex write_mutex;     /* one writer at a time (Linux atomic_write_lock) */
	struct wait_queue read_wait;  /* readers and input pollers */
	struct wait_queue write_wait; /* writers waiting for room or ^Q, output pollers */
	/* O_ASYNC files (tty_fasync): POLL_IN when input becomes readable, as
	 * n_tty's receive path signals (its own lock, taken after tty.lock is dropped) */
	struct fasync_list fasync;
	/* TTY_DO_WRITE_WAKEUP: a write ended without room while files were on
	 * fasync; the next room (tty_wakeup) sends them POLL_OUT once [atomic] */
	bool write_wakeup;
};

/* The settings Linux gives a new tty (tty_std_termios, INIT_C_CC) with cflag. */
void tty_init(struct tty *tty, const struct tty_driver_ops *ops, const char *name, u32 cflag);
/* Adds tty to tty_list (the ttys that can be controlling terminals). */
void tty_register(struct tty *tty);
void tty_unregister(struct tty *tty);

/* The driver's input path: runs the line discipline over buf; returns the
 * bytes taken (fewer when the input buffer is full). Interrupt-safe. */
size_t tty_receive(struct tty *tty, const char *buf, size_t len);

/* A tty opened as a file: f->private = a struct tty_file (tty_io.c) with the
 * tty. noctty: do not make it the caller's controlling tty (O_NOCTTY,
 * /dev/console, a pty master). */
int tty_file_open(struct tty *tty, struct file *f, bool noctty);
/* One file of tty fewer (its driver's release); true if it was the last. */
bool tty_put_open(struct tty *tty);
/* Is f, a file open on tty, hung up: the pty master gone (tty->hung_up),
 * or a vhangup since f was opened (Linux gives such a file hung_up_tty_fops:
 * reads 0, writes and ioctls EIO)? */
bool tty_file_hung_up(struct tty *tty, struct file *f);
/* Linux tty_vhangup: every file now open on tty is hung up, its input is
 * flushed, blocked readers and writers wake, and the session it controls
 * loses it (its leaders get SIGHUP and SIGCONT). Opened again, it works. */
void tty_vhangup(struct tty *tty);
extern const struct file_ops tty_file_ops;

/* n_tty.c: the line discipline */
ssize_t n_tty_read(struct tty *tty, struct file *f, char *buf, size_t len);
ssize_t n_tty_write(struct tty *tty, struct file *f, const char *buf, size_t len);
short n_tty_poll(struct tty *tty, struct file *f, struct poll_table *pt);
size_t n_tty_input_count(struct tty *tty); /* FIONREAD */
void n_tty_flush_input(struct tty *tty);
void n_tty_set_termios(struct tty *tty, const struct termios_user *t);
/* Sends the queued echoes; called without tty->lock. */
void n_tty_flush_echoes(struct tty *tty);
/* Output control (TCXONC, ^S/^Q). */
void tty_stop(struct tty *tty);
void tty_start(struct tty *tty);

/* tty_jobctrl.c */
/* The controlling tty of the caller's session, or NULL; a pty may be freed
 * once the pointer is returned unless pty_mutex is held (pty.c). */
struct tty *tty_current_ctty(void);
/* Makes tty the caller's controlling tty on open (tty_open_proc_set_tty). */
void tty_open_set_ctty(struct tty *tty);
/* Background checks (__tty_check_change): 0 to go on, -EIO, or
 * -ERESTARTSYS after sending sig to the caller's process group. */
int tty_check_change(struct tty *tty, int sig);
/* Job-control ioctls; -ENOIOCTLCMD if cmd is not one. */
long tty_jobctrl_ioctl(struct tty *tty, struct tty *real_tty, struct file *f, unsigned cmd, u64 arg);
/* Sends sig to tty's foreground process group (kill_pgrp, SI_KERNEL). */
void tty_signal_fg(struct tty *tty, int sig);
/* Process g, the caller's own, exits: if it leads a session, its tty is let go (disassociate_ctty(1)). */
void tty_session_leader_exit(struct thread_group *g);
/* A pty master closed: the slave hangs up (tty_vhangup). */
void tty_hangup_session(struct tty *tty);
/* Drops the session and group references (a pty pair being freed). */
void tty_clear_ctrl(struct tty *tty);
extern struct spinlock tty_ctrl_lock;

/* serial.c: the PL011 serial port (/dev/ttyAMA0, /dev/console) */
extern struct tty serial_tty;
void serial_tty_init(void);
/* pl011.c's receiver: bytes from the UART (interrupt context). */
void serial_receive(const char *buf, size_t n);
/* A BREAK on the serial line: the next byte within 5 s is a magic SysRq key. */
void serial_break(void);

/* pty.c: pseudo-terminals */
int ptmx_open(struct file *f);
int pty_slave_open(unsigned index, struct file *f, bool noctty);
/* Opens /dev/tty: the caller's controlling tty, -ENXIO without one. */
int tty_open_ctty(struct file *f);
/* vhangup: tty_vhangup of the caller's controlling tty, if it has one. */
void tty_vhangup_current(void);
long pty_ioctl(struct tty *tty, struct file *f, unsigned cmd, u64 arg);
struct super_block *devpts_sb(void);
#define PTY_SLAVE_MAJOR 136
