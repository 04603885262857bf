/*
 * strace.c — the built-in system-call tracer: when a line is written, for
 * which tasks, and how it reaches the host.
 *
 * Who is traced: with "levitate.strace=1", the program the host asked for
 * and what it starts. A task becomes traced at its execve when it is a child of PID 1 (the test init): that is "the
 * program the host named", as `strace PROG` starts at PROG's execve.
 * clone() passes tracing on to the child (strace -f).
 *
 * What is written (strace -f's format, decoded by strace_table.c):
 *   openat(AT_FDCWD, "/etc/passwd", O_RDONLY) = 3
 *   [pid 43] read(0,  <unfinished ...>       another traced task wrote
 *   [pid 42] write(1, "x", 1) = 1            a line while 43 was in read
 *   [pid 43] <... read resumed>"a\n", 64) = 2
 *   --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=43, si_uid=0} ---
 *   exit_group(0) = ?
 *   +++ exited with 0 +++
 * "[pid N] " prefixes every line while more than one task is traced.
 *
 * How: at entry a task formats the arguments known then (strace_format_entry)
 * into its own entry buffer and becomes the "open" task, without writing
 * anything. At exit, if it is still open, it writes the whole line; if
 * another traced task wrote in between, that writer first closed it as
 * "<unfinished ...>", so the exit writes "<... NAME resumed>" and the rest.
 * Formatting reads user memory (strace_read_user: copy_from_user, which
 * may fault pages in), so it happens with no lock held; only the decision
 * and the console write happen under strace_lock.
 *
 * Output: each line is one record "\x02LVTRACE <line>\r\n\x03" written whole
 * under the console lock, so it cannot mix with program output or with
 * printk records (printk's start with '['). Everything a program controls
 * is escaped by strace_quote, so no framing byte can appear inside.
 *
 * Locking: strace_lock protects open_task, nr_traced, every task's
 * strace->counted and ->record; lock order strace_lock, then console_lock.
 * A task's entry is written only by the task itself while it is not
 * open_task, and read by others only under strace_lock while it is. Only
 * the task itself sets or frees its t->strace, except that clone sets the
 * child's before the child first runs.
 */
#include <strace.h>

#include <console.h>
#include <kmalloc.h>
#include <mm.h>
#include <printk.h>
#include <process.h>
#include <selftest.h>
#include <spinlock.h>
#include <string.h>
#include <strace_decode.h>
#include <syscall.h>
#include <tracehook.h>
#include <task.h>
#include <uapi/errno.h>

#define RECORD_TAG "\x02LVTRACE "
#define RECORD_MAX (STRACE_LINE_MAX + 48)

struct strace_task {
	u64 nr;			     /* the call in progress [self] */
	u64 args[6];		     /* its arguments as at entry [self] */
	bool in_call;		     /* between entry and exit [self] */
	u64 interrupted;	     /* the call restart_syscall resumes [self] */
	bool counted;		     /* in nr_traced: from its first system call on [strace_lock] */
	char entry[STRACE_LINE_MAX]; /* the entry half, held until the exit (see Locking) */
	char line[STRACE_LINE_MAX];  /* the exit half, or a signal/exit line [self] */
	char record[RECORD_MAX];     /* the record being written [strace_lock] */
};

bool strace_on;

static struct spinlock strace_lock = SPINLOCK_INIT("strace");
static struct task *open_task; /* whose entry is held, not yet written [strace_lock] */
static int nr_traced;	       /* traced tasks seen alive: > 1 gives "[pid N] " [strace_lock] */

static void strace_signal_delivered(int sig, const struct signal_cause *cause);
static void strace_clone(struct task *child);
static void strace_task_exit(struct task *t, int wait_status);

/* The process events the tracer hears of (proc/ calls them, tracehook.h). */
static const struct tracehook_ops strace_hooks = {
	.clone = strace_clone,
	.signal_delivered = strace_signal_delivered,
	.task_exit = strace_task_exit,
};

void strace_init(const char *cmdline)
{
	strace_on = cmdline && strstr_simple(cmdline, "levitate.strace=1");
	if (strace_on)
		tracehook = &strace_hooks;
}

int strace_read_user(void *dst, u64 addr, size_t len)
{
	return copy_from_user(dst, uaddr_from(addr), len) ? -EFAULT : 0;
}

/* Writes one record: prefix, pieces, end. Caller holds strace_lock. */
static void emit(struct task *t, const char *a, const char *b)
{
	ASSERT_HELD(&strace_lock);
	struct strace_out o;
	strace_out_init(&o, t->strace->record, sizeof(t->strace->record) - 6); /* room for "..." "\r\n\x03" */
	strace_puts(&o, RECORD_TAG);
	if (nr_traced > 1)
		strace_printf(&o, "[pid %5d] ", t->tid);
	strace_puts(&o, a);
	if (b)
		strace_puts(&o, b);
	strace_align(&o, sizeof(RECORD_TAG) - 1);
	size_t len = o.len;
	if (o.cut) { /* the line did not fit: say so */
		memcpy(o.buf + len, "...", 3);
		len += 3;
	}
	memcpy(o.buf + len, "\r\n\x03", 3);
	console_lock_write_raw(o.buf, len + 3);
}

/* Another task is about to write: a held entry becomes "<unfinished ...>". */
static void close_open_entry(struct task *writer)
{
	struct task *o = open_task;
	if (!o || o == writer)
		return;
	emit(o, o->strace->entry, " <unfinished ...>");
	open_task = NULL;
}

/*
 * A task counts for the "[pid N] " prefix from its first line on, as
 * strace -f counts a child once it has attached to it: the parent's
 * clone line itself has no prefix yet. Caller holds strace_lock.
 */
static void count_task(struct strace_task *s)
{
	ASSERT_HELD(&strace_lock);
	if (!s->counted) {
		s->counted = true;
		nr_traced++;
	}
}

/* Writes a whole line for t (a signal, an exit, a call that does not return). */
static void write_line(struct task *t, const char *line)
{
	unsigned long irq = spin_lock_irqsave(&strace_lock);
	count_task(t->strace);
	close_open_entry(t);
	if (open_task == t)
		open_task = NULL;
	emit(t, line, NULL);
	spin_unlock_irqrestore(&strace_lock, irq);
}

static int start_tracing(struct task *t)
{
	struct strace_task *s = kzalloc(sizeof(*s));
	if (!s)
		return -ENOMEM;
	unsigned long irq = spin_lock_irqsave(&strace_lock);
	t->strace = s;
	spin_unlock_irqrestore(&strace_lock, irq);
	return 0;
}

/*
 * Is t the program the host named? A child of init (pid 1) calling execve.
 * Only that call is looked at, and init never exits, so reading the parent
 * without tasklist_lock cannot meet a freed parent: a reparented orphan's
 * new parent is init too.
 */
static bool is_named_program(struct task *t, u64 nr)
{
	if (nr != __NR_execve || !t->mm)
		return false;
	struct thread_group *parent = __atomic_load_n(&t->group->parent, __ATOMIC_RELAXED);
	return parent && parent->pid == 1;
}

void strace_syscall_enter(const struct trap_frame *f)
{
	struct task *t = current();
	u64 nr = arch_syscall_nr(f);
	if (!t->strace) {
		if (!is_named_program(t, nr) || start_tracing(t))
			return;
	}
	struct strace_task *s = t->strace;
	s->nr = nr;
	for (int i = 0; i < 6; i++)
		s->args[i] = arch_syscall_arg(f, i);
	if (nr == __NR_restart_syscall)
		s->args[0] = s->interrupted; /* shown as <... resuming interrupted NAME ...> */
	s->in_call = true;
	struct strace_out o;
	strace_out_init(&o, s->entry, sizeof(s->entry));
	strace_format_entry(&o, nr, nr < NR_SYSCALLS ? syscall_names[nr] : NULL, s->args);
	if (strace_syscall_noreturn(nr)) { /* exit, exit_group: written now, "= ?" */
		s->in_call = false;
		strace_putc(&o, ')');
		strace_putc(&o, STRACE_RESULT_MARK);
		strace_puts(&o, "= ?");
		write_line(t, s->entry);
		return;
	}
	unsigned long irq = spin_lock_irqsave(&strace_lock);
	count_task(s);
	close_open_entry(t);
	open_task = t;
	spin_unlock_irqrestore(&strace_lock, irq);
}

static bool is_restart(long ret)
{
	return ret <= -ERESTARTSYS && ret >= -ERESTART_RESTARTBLOCK;
}

void strace_syscall_exit(const struct trap_frame *f, long ret)
{
	(void)f;
	struct task *t = current();
	struct strace_task *s = t->strace;
	if (!s || !s->in_call)
		return;
	s->in_call = false;
	if (ret == -ERESTART_RESTARTBLOCK && s->nr != __NR_restart_syscall)
		s->interrupted = s->nr;
	if (s->nr == __NR_rt_sigreturn)
		s->args[0] = t->blocked_signals; /* shown as {mask=[...]} */
	unsigned long irq;
	if (is_restart(ret) && (t->pending_signals & (1UL << (9 - 1)))) {
		/* SIGKILL ends it before user space sees the result: as strace
		 * shows a killed call, "<unfinished ...>" then "+++ killed" */
		irq = spin_lock_irqsave(&strace_lock);
		if (open_task == t) {
			emit(t, s->entry, " <unfinished ...>");
			open_task = NULL;
		}
		spin_unlock_irqrestore(&strace_lock, irq);
		return;
	}
	struct strace_out o;
	strace_out_init(&o, s->line, sizeof(s->line));
	strace_format_exit(&o, s->nr, s->args, ret);
	irq = spin_lock_irqsave(&strace_lock);
	close_open_entry(t);
	if (open_task == t) {
		emit(t, s->entry, s->line);
		open_task = NULL;
	} else {
		char resumed[48];
		struct strace_out r;
		strace_out_init(&r, resumed, sizeof(resumed));
		strace_puts(&r, "<... ");
		strace_syscall_name(&r, s->nr);
		strace_puts(&r, " resumed>");
		/* the record is built from two pieces: prefix it to the line */
		size_t rl = r.len, ll = strlen(s->line);
		if (rl + ll >= sizeof(s->line))
			ll = sizeof(s->line) - rl - 1;
		memmove(s->line + rl, s->line, ll);
		memcpy(s->line, resumed, rl);
		s->line[rl + ll] = '\0';
		emit(t, s->line, NULL);
	}
	spin_unlock_irqrestore(&strace_lock, irq);
}

static void strace_signal_delivered(int sig, const struct signal_cause *cause)
{
	struct task *t = current();
	if (!t->strace)
		return;
	struct strace_out o;
	strace_out_init(&o, t->strace->line, sizeof(t->strace->line));
	strace_puts(&o, "--- ");
	strace_signal(&o, sig);
	strace_putc(&o, ' ');
	strace_siginfo(&o, sig, cause->code, cause->pid, cause->addr);
	strace_puts(&o, " ---");
	write_line(t, t->strace->line);
}

static void strace_clone(struct task *child)
{
	if (current()->strace)
		(void)start_tracing(child); /* without memory it runs untraced */
}

static void strace_task_exit(struct task *t, int wait_status)
{
	struct strace_task *s = t->strace;
	if (!s)
		return;
	struct thread_group *g = t->group;
	unsigned long irq = spin_lock_irqsave(&g->lock);
	int status = g->group_exiting ? g->exit_status : wait_status;
	spin_unlock_irqrestore(&g->lock, irq);
	struct strace_out o;
	strace_out_init(&o, s->line, sizeof(s->line));
	if (status & 0x7f) {
		strace_puts(&o, "+++ killed by ");
		strace_signal(&o, status & 0x7f);
		strace_puts(&o, (status & 0x80) ? " (core dumped) +++" : " +++");
	} else {
		strace_printf(&o, "+++ exited with %d +++", (status >> 8) & 0xff);
	}
	irq = spin_lock_irqsave(&strace_lock);
	close_open_entry(t);
	if (open_task == t) { /* ended inside a call (a failed exec's point of no return) */
		emit(t, s->entry, " <unfinished ...>");
		open_task = NULL;
	}
	count_task(s);
	emit(t, s->line, NULL);
	nr_traced--;
	t->strace = NULL;
	spin_unlock_irqrestore(&strace_lock, irq);
	kfree(s);
}
