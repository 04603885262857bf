/*
 * tty_jobctrl.c — a tty as a controlling terminal (Linux
 * drivers/tty/tty_jobctrl.c): its session, its foreground process group,
 * the background checks that stop readers and writers with SIGTTIN and
 * SIGTTOU, and what happens when the session leader goes away.
 *
 * A process's controlling tty is the tty whose session is the process's
 * (tty.h). It is acquired by a session leader without one, with TIOCSCTTY
 * or by opening a tty without O_NOCTTY (tty_open_proc_set_tty); it is lost
 * when the leader exits (disassociate_ctty: SIGHUP to the foreground
 * group, and SIGCONT too unless the leader is exiting), with TIOCNOTTY
 * from the leader, or when a pty's master closes (the slave hangs up: the
 * session leader gets SIGHUP and SIGCONT).
 *
 * Divergence: TIOCNOTTY from a process that is not the session leader
 * succeeds without detaching only that process (Linux proc_clear_tty), as
 * the controlling tty is found through the session.
 *
 * Locks: tasklist_lock, then tty_ctrl_lock (tty.h).
 */
#include <tty.h>

#include <cred.h>
#include <fs.h>
#include <pid.h>
#include <process.h>
#include <signal.h>
#include <task.h>
#include <uaccess.h>
#include <uapi/errno.h>
#include <uapi/fcntl.h>
#include <uapi/ioctls.h>

struct spinlock tty_ctrl_lock = SPINLOCK_INIT("tty_ctrl");
static struct list_head tty_list = LIST_HEAD_INIT(tty_list); /* every registered tty [tty_ctrl_lock] */

void tty_register(struct tty *tty)
{
	unsigned long irq = spin_lock_irqsave(&tty_ctrl_lock);
	list_add_tail(&tty->node, &tty_list);
	spin_unlock_irqrestore(&tty_ctrl_lock, irq);
}

void tty_unregister(struct tty *tty)
{
	unsigned long irq = spin_lock_irqsave(&tty_ctrl_lock);
	list_del(&tty->node);
	spin_unlock_irqrestore(&tty_ctrl_lock, irq);
}

/* The tty session controls, or NULL. [tty_ctrl_lock] */
static struct tty *tty_of_session(struct pid *session)
{
	ASSERT_HELD(&tty_ctrl_lock);
	struct tty *tty;
	list_for_each_entry(tty, &tty_list, node)
		if (tty->session && tty->session == session)
			return tty;
	return NULL;
}

struct tty *tty_current_ctty(void)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	unsigned long irq2 = spin_lock_irqsave(&tty_ctrl_lock);
	struct tty *tty = tty_of_session(current()->group->session);
	spin_unlock_irqrestore(&tty_ctrl_lock, irq2);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return tty;
}

/* Replaces a held pid reference. */
static void set_pid_ref(struct pid **slot, struct pid *pid)
{
	if (pid)
		pid_get(pid);
	pid_put(*slot);
	*slot = pid;
}

void tty_clear_ctrl(struct tty *tty)
{
	unsigned long irq = spin_lock_irqsave(&tty_ctrl_lock);
	set_pid_ref(&tty->session, NULL);
	set_pid_ref(&tty->pgrp, NULL);
	spin_unlock_irqrestore(&tty_ctrl_lock, irq);
}

/* __proc_set_tty: the caller's session and group take tty. [both locks] */
static void set_ctty(struct tty *tty, struct thread_group *g)
{
	set_pid_ref(&tty->session, g->session);
	set_pid_ref(&tty->pgrp, g->pgrp);
}

static bool is_session_leader(struct thread_group *g)
{
	return g->own_pid && g->session == g->own_pid;
}

void tty_open_set_ctty(struct tty *tty)
{
	struct thread_group *g = current()->group;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	unsigned long irq2 = spin_lock_irqsave(&tty_ctrl_lock);
	if (is_session_leader(g) && !tty_of_session(g->session) && !tty->session)
		set_ctty(tty, g);
	spin_unlock_irqrestore(&tty_ctrl_lock, irq2);
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

/* Sends sig to every process of pgrp (kill_pgrp with priv: SI_KERNEL). [tasklist_lock] */
static void signal_pgrp_locked(struct pid *pgrp, int sig)
{
	ASSERT_HELD(&tasklist_lock);
	struct signal_cause cause = {.code = SI_KERNEL};
	struct thread_group *p;
	list_for_each_entry(p, &pgrp->pgrp_members, pgrp_node)
		thread_group_signal_process(p, sig, &cause);
}

void tty_signal_fg(struct tty *tty, int sig)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	unsigned long irq2 = spin_lock_irqsave(&tty_ctrl_lock);
	struct pid *pgrp = tty->pgrp;
	if (pgrp)
		pid_get(pgrp);
	spin_unlock_irqrestore(&tty_ctrl_lock, irq2);
	if (pgrp) {
		signal_pgrp_locked(pgrp, sig);
		pid_put(pgrp);
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

/* is_ignored: the caller blocks sig or ignores it with SIG_IGN. */
static bool current_ignores(int sig)
{
	struct task *t = current();
	if (t->blocked_signals & (1ull << (sig - 1)))
		return true;
	unsigned long irq = spin_lock_irqsave(&t->sighand->lock);
	bool ign = t->sighand->actions[sig - 1].handler == SIG_IGN;
	spin_unlock_irqrestore(&t->sighand->lock, irq);
	return ign;
}

int tty_check_change(struct tty *tty, int sig)
{
	struct thread_group *g = current()->group;
	int ret = 0;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	unsigned long irq2 = spin_lock_irqsave(&tty_ctrl_lock);
	bool background = tty->session && tty->session == g->session && tty->pgrp && tty->pgrp != g->pgrp;
	spin_unlock_irqrestore(&tty_ctrl_lock, irq2);
	if (background) {
		if (current_ignores(sig)) {
			if (sig == SIGTTIN)
				ret = -EIO;
		} else if (process_pgrp_orphaned(g->pgrp)) {
			ret = -EIO;
		} else {
			signal_pgrp_locked(g->pgrp, sig);
			ret = -ERESTARTSYS;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

/* tiocsctty: steal = 1 takes the tty from another session (CAP_SYS_ADMIN). */
static long tiocsctty(struct tty *tty, struct file *f, u64 steal)
{
	struct thread_group *g = current()->group;
	long err = 0;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	unsigned long irq2 = spin_lock_irqsave(&tty_ctrl_lock);
	if (is_session_leader(g) && tty->session == g->session)
		goto out_unlock; /* already ours */
	if (!is_session_leader(g) || tty_of_session(g->session)) {
		err = -EPERM;
		goto out_unlock;
	}
	if (tty->session) {
		if (steal != 1 || !capable(CAP_SYS_ADMIN)) {
			err = -EPERM;
			goto out_unlock;
		}
	}
	if ((f->flags & O_ACCMODE) == O_WRONLY && !capable(CAP_SYS_ADMIN)) {
		err = -EPERM;
		goto out_unlock;
	}
	set_ctty(tty, g);
out_unlock:
	spin_unlock_irqrestore(&tty_ctrl_lock, irq2);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return err;
}

/* TIOCGPGRP, TIOCGSID: ENOTTY on a tty that is not the caller's
 * controlling tty (a pty master answers for its slave). */
static long get_ctrl(struct tty *tty, struct tty *real_tty, unsigned cmd, u64 arg)
{
	struct thread_group *g = current()->group;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	unsigned long irq2 = spin_lock_irqsave(&tty_ctrl_lock);
	bool ours = real_tty->session && real_tty->session == g->session;
	struct pid *pid = cmd == TIOCGSID ? real_tty->session : real_tty->pgrp;
	int nr = pid ? pid->nr : 0;
	spin_unlock_irqrestore(&tty_ctrl_lock, irq2);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	if (tty == real_tty && !ours)
		return -ENOTTY;
	if (cmd == TIOCGSID && !pid)
		return -ENOTTY;
	return put_user_u32(uaddr_from(arg), (u32)nr) ? -EFAULT : 0;
}

/* tiocspgrp: the caller's controlling tty gets a foreground group of its session. */
static long tiocspgrp(struct tty *real_tty, u64 arg)
{
	int err = tty_check_change(real_tty, SIGTTOU);
	if (err == -EIO)
		return -ENOTTY;
	if (err)
		return err;
	u32 nr;
	if (get_user_u32(&nr, uaddr_from(arg)))
		return -EFAULT;
	struct thread_group *g = current()->group;
	long ret = 0;
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	unsigned long irq2 = spin_lock_irqsave(&tty_ctrl_lock);
	if (!real_tty->session || real_tty->session != g->session) {
		ret = -ENOTTY;
		goto out_unlock;
	}
	if ((int)nr < 0) {
		ret = -EINVAL;
		goto out_unlock;
	}
	struct pid *pgrp = pid_find((int)nr);
	if (!pgrp || list_empty(&pgrp->pgrp_members)) {
		ret = -ESRCH;
		goto out_unlock;
	}
	struct thread_group *member = list_first_entry(&pgrp->pgrp_members, struct thread_group, pgrp_node);
	if (member->session != g->session) {
		ret = -EPERM;
		goto out_unlock;
	}
	set_pid_ref(&real_tty->pgrp, pgrp);
out_unlock:
	spin_unlock_irqrestore(&tty_ctrl_lock, irq2);
	spin_unlock_irqrestore(&tasklist_lock, irq);
	return ret;
}

/* Linux disassociate_ctty: the foreground group gets SIGHUP (and SIGCONT
 * unless the leader is exiting); the tty then controls no session. A
 * leader exiting after a hang-up took its tty sends SIGHUP and SIGCONT to
 * the group that was in the foreground then (tty_old_pgrp). */
static void disassociate(struct thread_group *g, bool on_exit)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	unsigned long irq2 = spin_lock_irqsave(&tty_ctrl_lock);
	struct tty *tty = tty_of_session(g->session);
	struct pid *pgrp = tty ? tty->pgrp : NULL;
	if (pgrp)
		pid_get(pgrp);
	if (tty) {
		set_pid_ref(&tty->session, NULL);
		set_pid_ref(&tty->pgrp, NULL);
	}
	spin_unlock_irqrestore(&tty_ctrl_lock, irq2);
	bool hung_up = !tty && on_exit;
	struct pid *old_pgrp = g->tty_old_pgrp;
	g->tty_old_pgrp = NULL;
	if (pgrp) {
		signal_pgrp_locked(pgrp, SIGHUP);
		if (!on_exit)
			signal_pgrp_locked(pgrp, SIGCONT);
		pid_put(pgrp);
	}
	if (old_pgrp && hung_up) {
		signal_pgrp_locked(old_pgrp, SIGHUP);
		signal_pgrp_locked(old_pgrp, SIGCONT);
	}
	pid_put(old_pgrp);
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

void tty_session_leader_exit(struct thread_group *g)
{
	/* g is the caller's own process, exiting: only its own setsid moves
	 * its session and only its reaping clears own_pid, so the test needs
	 * no tasklist_lock (every exit took that global lock for it) */
	if (is_session_leader(g))
		disassociate(g, true);
}

/* tty_signal_session_leader (a hang-up): every session leader whose
 * controlling tty this is gets SIGHUP and SIGCONT and keeps the foreground
 * group as its tty_old_pgrp (disassociate signals it when the leader
 * exits); the tty is let go. */
void tty_hangup_session(struct tty *tty)
{
	unsigned long irq = spin_lock_irqsave(&tasklist_lock);
	unsigned long irq2 = spin_lock_irqsave(&tty_ctrl_lock);
	struct pid *session = tty->session, *pgrp = tty->pgrp;
	tty->session = NULL; /* its reference is ours now */
	tty->pgrp = NULL;    /* and this one */
	spin_unlock_irqrestore(&tty_ctrl_lock, irq2);
	if (session) {
		struct signal_cause cause = {.code = SI_KERNEL};
		struct thread_group *p;
		list_for_each_entry(p, &session->session_members, session_node) {
			if (!is_session_leader(p))
				continue;
			thread_group_signal_process(p, SIGHUP, &cause);
			thread_group_signal_process(p, SIGCONT, &cause);
			if (pgrp)
				pid_get(pgrp);
			pid_put(p->tty_old_pgrp);
			p->tty_old_pgrp = pgrp;
		}
		pid_put(session);
	}
	pid_put(pgrp);
	spin_unlock_irqrestore(&tasklist_lock, irq);
}

long tty_jobctrl_ioctl(struct tty *tty, struct tty *real_tty, struct file *f, unsigned cmd, u64 arg)
{
	switch (cmd) {
	case TIOCSCTTY: return tiocsctty(real_tty, f, arg);
	case TIOCNOTTY: {
		if (tty_current_ctty() != real_tty)
			return -ENOTTY;
		unsigned long irq = spin_lock_irqsave(&tasklist_lock);
		bool leader = is_session_leader(current()->group);
		spin_unlock_irqrestore(&tasklist_lock, irq);
		if (leader)
			disassociate(current()->group, false);
		return 0;
	}
	case TIOCGPGRP:
	case TIOCGSID: return get_ctrl(tty, real_tty, cmd, arg);
	case TIOCSPGRP: return tiocspgrp(real_tty, arg);
	default: return -ENOIOCTLCMD;
	}
}
