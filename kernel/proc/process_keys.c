/*
 * process_keys.c — the keyrings a process reaches (design in key.h; Linux
 * security/keys/process_keys.c and request_key.c): the thread, process and
 * session keyrings its credentials name, its user's keyrings, the lookup of
 * a key id for a system call (special ids included), and request_key.
 *
 * The keyrings live in the cred (as in Linux), so installing one is a cred
 * change: a private copy, the keyring put in, cred_commit. Only the calling
 * thread gets it, as on Linux. A child process keeps the session keyring
 * only; a new thread gets its own thread keyring if its creator has one;
 * exec drops the thread and process keyrings (key_cred_clone, key_cred_exec).
 *
 * request_key makes no upcall (key.c's design): a key it must make is
 * linked into the destination keyring negative, and the call fails with
 * ENOENT, Linux's answer when /sbin/request-key does not exist.
 *
 * Locks: key_lock (key.c), never held across a cred change or an allocation
 * of a key (key_alloc takes it).
 */
#include <key.h>

#include "key_internal.h"

#include <cred.h>
#include <format.h>
#include <printk.h>
#include <uapi/errno.h>
#include <uapi/keyctl.h>

/* ---- the process's keyrings ------------------------------------------------------------ */

/* look_up_user_keyrings: the user keyring and user session keyring of the
 * caller's real uid, made on first use (the session one links the other).
 * Returns referenced keys in *uk and *usk (either may be NULL). */
static int user_keyrings(struct key **uk, struct key **usk)
{
	const struct cred *c = cred_current();
	struct key *made[2] = {NULL, NULL};
	for (int attempt = 0; attempt < 2; attempt++) {
		unsigned long irq = spin_lock_irqsave(&key_lock);
		struct key_user *u = key_user_get_locked(c->uid);
		if (u && !u->uid_keyring && made[0]) {
			u->uid_keyring = made[0]; /* the reference passes to u */
			u->session_keyring = made[1];
			made[0] = made[1] = NULL;
			(void)key_link_locked(u->session_keyring, u->uid_keyring);
		}
		bool ready = u && u->uid_keyring;
		if (ready) {
			if (uk)
				key_get_locked(*uk = u->uid_keyring);
			if (usk)
				key_get_locked(*usk = u->session_keyring);
		}
		spin_unlock_irqrestore(&key_lock, irq);
		if (ready || !u) {
			key_put(made[0]); /* another task made them first */
			key_put(made[1]);
			return ready ? 0 : -ENOMEM;
		}
		char name[32];
		u32 perm = (KEY_POS_ALL & ~KEY_POS_SETATTR) | KEY_USR_ALL; /* user_keyring_perm */
		snprintf(name, sizeof(name), "_uid.%u", c->uid);
		int err = keyring_alloc(name, c->uid, INVALID_UID, perm, false, &made[0]);
		snprintf(name, sizeof(name), "_uid_ses.%u", c->uid);
		if (!err)
			err = keyring_alloc(name, c->uid, INVALID_UID, perm, false, &made[1]);
		if (err) {
			key_put(made[0]);
			return err;
		}
	}
	return -ENOMEM; /* not reached: the second attempt installs or finds them */
}

void key_init(void)
{
	if (user_keyrings(NULL, NULL))
		printk(KERN_ERR "keys: no memory for root's keyrings");
}

enum which_keyring { THREAD_KEYRING, PROCESS_KEYRING, SESSION_KEYRING };

static struct key **cred_keyring(struct cred *c, enum which_keyring which)
{
	return which == THREAD_KEYRING	  ? &c->thread_keyring
	       : which == PROCESS_KEYRING ? &c->process_keyring
					  : &c->session_keyring;
}

/* install_{thread,process,session}_keyring_to_cred: ring (referenced, passed
 * over), or a new anonymous keyring when ring is NULL, in the new cred. A
 * thread or process keyring already there stays. */
static int install_keyring_to_cred(struct cred *new, enum which_keyring which, struct key *ring)
{
	struct key **slot = cred_keyring(new, which);
	if (!ring && *slot && which != SESSION_KEYRING)
		return 0;
	if (!ring) {
		static const char *const names[] = {"_tid", "_pid", "_ses"};
		u32 perm = KEY_POS_ALL | KEY_USR_VIEW;
		if (which == SESSION_KEYRING)
			perm |= KEY_USR_READ;
		int err = keyring_alloc(names[which], new->uid, new->gid, perm, true, &ring);
		if (err)
			return err;
	}
	struct key *old = *slot;
	*slot = ring;
	key_put(old);
	return 0;
}

static int install_keyring(enum which_keyring which, struct key *ring)
{
	struct cred *new = cred_prepare();
	if (!new) {
		key_put(ring);
		return -ENOMEM;
	}
	int err = install_keyring_to_cred(new, which, ring);
	if (err) {
		cred_abort(new);
		return err;
	}
	cred_commit(new);
	return 0;
}

long key_join_session(const char *name)
{
	if (!name) {
		int err = install_keyring(SESSION_KEYRING, NULL);
		return err ? err : cred_current()->session_keyring->serial;
	}
	const struct cred *c = cred_current();
	struct key *ring = key_find_keyring_by_name(name, c);
	if (ring && ring == c->session_keyring) {
		key_put(ring);
		return 0; /* join_session_keyring: already the session keyring */
	}
	if (!ring) {
		u32 perm = KEY_POS_ALL | KEY_USR_VIEW | KEY_USR_READ | KEY_USR_LINK;
		int err = keyring_alloc(name, c->uid, c->gid, perm, false, &ring);
		if (err)
			return err;
	}
	s32 serial = ring->serial;
	int err = install_keyring(SESSION_KEYRING, ring);
	return err ? err : serial;
}

long key_set_reqkey_keyring(int which)
{
	const struct cred *c = cred_current();
	int old = c->jit_keyring;
	if (which == KEY_REQKEY_DEFL_NO_CHANGE)
		return old;
	if (which < KEY_REQKEY_DEFL_DEFAULT || which > KEY_REQKEY_DEFL_REQUESTOR_KEYRING ||
	    which == KEY_REQKEY_DEFL_GROUP_KEYRING)
		return -EINVAL;
	struct cred *new = cred_prepare();
	if (!new)
		return -ENOMEM;
	int err = 0;
	if (which == KEY_REQKEY_DEFL_THREAD_KEYRING)
		err = install_keyring_to_cred(new, THREAD_KEYRING, NULL);
	else if (which == KEY_REQKEY_DEFL_PROCESS_KEYRING)
		err = install_keyring_to_cred(new, PROCESS_KEYRING, NULL);
	if (err) {
		cred_abort(new);
		return err;
	}
	new->jit_keyring = (s8)which;
	cred_commit(new);
	return old;
}

/* The special ids of lookup_user_key; installs what CREATE asks for.
 * Returns 1 when the credentials changed and the lookup must start again. */
static int lookup_special(s32 id, unsigned lflags, struct key **out)
{
	const struct cred *c = cred_current();
	bool create = lflags & KEY_LOOKUP_CREATE;
	struct key *k = NULL;
	int err;
	switch (id) {
	case KEY_SPEC_THREAD_KEYRING:
	case KEY_SPEC_PROCESS_KEYRING: {
		enum which_keyring which = id == KEY_SPEC_THREAD_KEYRING ? THREAD_KEYRING : PROCESS_KEYRING;
		k = *cred_keyring((struct cred *)c, which);
		if (!k) {
			if (!create)
				return -ENOKEY;
			err = install_keyring(which, NULL);
			return err ? err : 1;
		}
		key_get(k);
		break;
	}
	case KEY_SPEC_SESSION_KEYRING: {
		struct key *usk;
		unsigned long irq = spin_lock_irqsave(&key_lock);
		bool user_session = c->session_keyring == key_user_session_keyring_locked(c);
		spin_unlock_irqrestore(&key_lock, irq);
		if (!c->session_keyring || (create && user_session)) {
			/* always install a session keyring upon access (a new one with CREATE) */
			err = user_keyrings(NULL, &usk);
			if (err)
				return err;
			if (create) {
				key_put(usk);
				long r = key_join_session(NULL);
				err = r < 0 ? (int)r : 0;
			} else {
				err = install_keyring(SESSION_KEYRING, usk);
			}
			return err ? err : 1;
		}
		k = c->session_keyring;
		key_get(k);
		break;
	}
	case KEY_SPEC_USER_KEYRING:
	case KEY_SPEC_USER_SESSION_KEYRING:
		err = id == KEY_SPEC_USER_KEYRING ? user_keyrings(&k, NULL) : user_keyrings(NULL, &k);
		if (err)
			return err;
		break;
	case KEY_SPEC_GROUP_KEYRING: return -EINVAL; /* "group keyrings are not yet supported" */
	default:
		/* KEY_SPEC_REQKEY_AUTH_KEY, KEY_SPEC_REQUESTOR_KEYRING: an
		 * authorization key exists only while /sbin/request-key runs,
		 * and no upcall is ever made here */
		return -ENOKEY;
	}
	*out = k;
	return 0;
}

int key_lookup_user(s32 id, unsigned lflags, unsigned need, struct key_ref *out)
{
	struct key *k = NULL;
	bool possessed = true;
	if (id < 0) {
		int r;
		for (int tries = 0; (r = lookup_special(id, lflags, &k)) == 1; tries++)
			if (tries == 3)
				return -EAGAIN; /* the keyrings keep changing under us */
		if (r)
			return r;
	} else {
		if (id == 0)
			return -EINVAL;
		unsigned long irq = spin_lock_irqsave(&key_lock);
		k = key_find_serial_locked(id);
		if (k) {
			key_get_locked(k);
			possessed = key_possessed_locked(k, cred_current());
		}
		spin_unlock_irqrestore(&key_lock, irq);
		if (!k)
			return -ENOKEY;
	}
	int err = 0;
	if (need != KEY_NEED_UNLINK) {
		unsigned long irq = spin_lock_irqsave(&key_lock);
		if (!(lflags & KEY_LOOKUP_PARTIAL)) { /* wait_for_key_construction's answer */
			err = (k->flags & KEY_FLAG_NEGATIVE) ? k->reject_error
							     : key_validate_locked(k, key_now_seconds());
			if (need == KEY_DEFER_PERM_CHECK)
				err = 0;
		} else if (need != KEY_DEFER_PERM_CHECK) {
			err = key_validate_locked(k, key_now_seconds());
		}
		if (!err)
			err = key_permission_locked(k, possessed, need, cred_current());
		spin_unlock_irqrestore(&key_lock, irq);
	}
	if (err) {
		key_put(k);
		return err;
	}
	out->key = k;
	out->possessed = possessed;
	return 0;
}

/* ---- request_key ------------------------------------------------------------------------- */

/* construct_get_dest_keyring: where a key request_key makes is linked. */
static int request_dest_keyring(struct key **dest)
{
	const struct cred *c = cred_current();
	struct key *k = NULL;
	switch (c->jit_keyring) {
	case KEY_REQKEY_DEFL_DEFAULT:
	case KEY_REQKEY_DEFL_REQUESTOR_KEYRING: /* no authorization key: as DEFAULT */
	case KEY_REQKEY_DEFL_THREAD_KEYRING:
		if ((k = c->thread_keyring))
			break;
		/* fall through */
	case KEY_REQKEY_DEFL_PROCESS_KEYRING:
		if ((k = c->process_keyring))
			break;
		/* fall through */
	case KEY_REQKEY_DEFL_SESSION_KEYRING:
		if ((k = c->session_keyring))
			break;
		/* fall through */
	case KEY_REQKEY_DEFL_USER_SESSION_KEYRING: return user_keyrings(NULL, dest);
	case KEY_REQKEY_DEFL_USER_KEYRING: return user_keyrings(dest, NULL);
	default: *dest = NULL; return 0;
	}
	key_get(k);
	*dest = k;
	return 0;
}

/* construct_key_and_link without an upcall: the new key is linked into the
 * destination keyring and left negative; the answer is /sbin/request-key's
 * absence, ENOENT. */
static int request_construct(const struct key_type *type, const char *desc, struct key *dest)
{
	struct key *own = NULL; /* the default keyring, referenced here */
	int err = dest ? 0 : request_dest_keyring(&own);
	if (err)
		return err;
	if (!dest && !(dest = own))
		return -ENOKEY;
	err = key_permission((struct key_ref){dest, true}, KEY_NEED_WRITE);
	if (!err) {
		const struct cred *c = cred_current();
		u32 perm = KEY_POS_VIEW | KEY_POS_SEARCH | KEY_POS_LINK | KEY_POS_SETATTR | KEY_USR_VIEW;
		if (type->can_read)
			perm |= KEY_POS_READ;
		if (type->is_keyring || type->can_update)
			perm |= KEY_POS_WRITE;
		struct key *k;
		err = key_alloc(type, desc, c->fsuid, c->fsgid, perm, false, &k);
		if (!err) {
			unsigned long irq = spin_lock_irqsave(&key_lock);
			k->flags |= KEY_FLAG_NEGATIVE; /* key_negate_and_link */
			k->reject_error = -ENOKEY;
			k->expiry = key_now_seconds() + KEY_NEGATIVE_TIMEOUT;
			err = key_link_locked(dest, k);
			key_put_locked(k);
			spin_unlock_irqrestore(&key_lock, irq);
			if (!err)
				err = -ENOENT; /* call_usermodehelper: no /sbin/request-key */
		}
	}
	key_put(own);
	return err;
}

int key_request(const struct key_type *type, const char *desc, const char *callout, struct key *dest, s32 *serial)
{
	struct key_search s = {.type = type, .desc = desc, .check_state = true, .cred = cred_current()};
	unsigned long irq = spin_lock_irqsave(&key_lock);
	s.now = key_now_seconds();
	struct key *found;
	int err = key_search_process_keyrings_locked(&s, &found);
	if (!err) {
		*serial = found->serial;
		if (dest) /* request_key_and_link: the found key is linked too */
			err = key_link_locked(dest, found);
	}
	spin_unlock_irqrestore(&key_lock, irq);
	if (err != -EAGAIN)
		return err;
	if (!callout)
		return -ENOKEY;
	return request_construct(type, desc, dest);
}

/* ---- credentials ---------------------------------------------------------------------- */

void key_cred_get(const struct cred *c)
{
	struct key *rings[3] = {c->thread_keyring, c->process_keyring, c->session_keyring};
	for (int i = 0; i < 3; i++)
		if (rings[i])
			key_get(rings[i]);
}

void key_cred_put(const struct cred *c)
{
	key_put(c->thread_keyring);
	key_put(c->process_keyring);
	key_put(c->session_keyring);
}

void key_cred_clone(struct cred *new, bool thread)
{
	/* copy_creds: a new thread gets its own thread keyring if its creator
	 * had one; a new process inherits neither */
	if (new->thread_keyring) {
		key_put(new->thread_keyring);
		new->thread_keyring = NULL;
		if (thread)
			(void)install_keyring_to_cred(new, THREAD_KEYRING, NULL); /* no memory: none */
	}
	if (!thread) {
		key_put(new->process_keyring);
		new->process_keyring = NULL;
	}
}

void key_cred_exec(struct cred *new)
{
	/* prepare_exec_creds: exec keeps only the session keyring */
	key_put(new->thread_keyring);
	new->thread_keyring = NULL;
	key_put(new->process_keyring);
	new->process_keyring = NULL;
}
