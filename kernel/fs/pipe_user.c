/*
 * pipe_user.c — the pipe pages each user holds (Linux fs/pipe.c
 * account_pipe_buffers, too_many_pipe_buffers_soft/_hard and the
 * fs.pipe-user-pages-soft and fs.pipe-user-pages-hard sysctls).
 *
 * Every pipe is charged its ring's slots (pages) to the real uid that made
 * it, from creation (alloc_pipe_info) through F_SETPIPE_SZ (pipe_set_size)
 * to its end. pipe.c asks here: past the soft limit (default 16,384 pages,
 * 0: none) a new pipe of an unprivileged user gets 2 slots instead of 16;
 * past the hard limit (default 0: none) it gets none (ENFILE) and growing a
 * pipe is EPERM. "Unprivileged" is without CAP_SYS_RESOURCE and
 * CAP_SYS_ADMIN (pipe_is_unprivileged_user).
 *
 * The counts live in a fixed table of users (uids with pipe pages now); a
 * slot whose count dropped to 0 is reused. If every slot is taken by a user
 * holding pages, a further user is not counted (no limit applies to it),
 * rather than allocating under the lock. users_lock protects the table.
 */
#include <fs.h>

#include <spinlock.h>
#include <types.h>

#define PIPE_USERS 64

struct pipe_user {
	u32 uid;
	u64 pages; /* 0: a free slot */
};

static struct spinlock users_lock = SPINLOCK_INIT("pipe_users");
static struct pipe_user users[PIPE_USERS]; /* [users_lock] */
static u64 pages_soft = 16 * 1024;	   /* PIPE_DEF_BUFFERS * INR_OPEN_CUR [atomic] */
static u64 pages_hard;			   /* [atomic] */

/* uid's slot, taking a free one; NULL: the table is full. [users_lock] */
static struct pipe_user *user_slot(u32 uid)
{
	struct pipe_user *free = NULL;
	for (int i = 0; i < PIPE_USERS; i++) {
		if (users[i].pages && users[i].uid == uid)
			return &users[i];
		if (!users[i].pages && !free)
			free = &users[i];
	}
	if (free)
		free->uid = uid;
	return free;
}

u64 pipe_user_account(u32 uid, u64 old_pages, u64 new_pages)
{
	unsigned long irq = spin_lock_irqsave(&users_lock);
	struct pipe_user *u = user_slot(uid);
	u64 total = 0;
	if (u) {
		u->pages = u->pages + new_pages - MIN(old_pages, u->pages);
		total = u->pages;
	}
	spin_unlock_irqrestore(&users_lock, irq);
	return total;
}

bool pipe_user_too_many(u64 total, bool hard)
{
	u64 limit = __atomic_load_n(hard ? &pages_hard : &pages_soft, __ATOMIC_RELAXED);
	return limit && total > limit;
}

u64 pipe_user_pages_limit(bool hard)
{
	return __atomic_load_n(hard ? &pages_hard : &pages_soft, __ATOMIC_RELAXED);
}

void pipe_user_pages_set_limit(bool hard, u64 pages)
{
	__atomic_store_n(hard ? &pages_hard : &pages_soft, pages, __ATOMIC_RELAXED);
}
