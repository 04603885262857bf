/*
 * key.c — keys and keyrings (design in key.h; Linux security/keys/key.c,
 * keyring.c, permission.c, process_keys.c and request_key.c, man 7 keyrings).
 *
 * Every key is on all_keys, found by serial number (a random positive
 * number of 31 bits, at least 3, as Linux key_alloc_serial draws them).
 * A keyring's payload is an array of referenced keys, at most one per
 * (type, description): linking a key replaces the link to another key of
 * the same type and description. Linking a keyring into a keyring it can
 * reach is EDEADLK, so the links form no cycle and reference counting frees
 * everything; a keyring tree deeper than KEYRING_MAX_DEPTH is ELOOP.
 *
 * Quotas (Linux key_user, /proc/sys/kernel/keys): each key is charged to
 * its owner's uid: one key, and its description's length + 1 plus its
 * payload's length in bytes (a keyring: 4 bytes a link); root has the larger
 * limits. The thread, process and session keyrings may go over the quota.
 *
 * Possession: a key is possessed when the caller's own keyrings reach it
 * (the thread, process and session keyring, or the user session keyring if
 * there is no session keyring), through keyrings and to a key that grant
 * the caller search permission; the special ids are possessed. The
 * possessor bits of the permission mask then add to the others.
 *
 * Negative keys: request_key with callout information asks user space to
 * make the key. LevitateOS has no upcall (Linux's call_usermodehelper of
 * /sbin/request-key), so it answers as Linux does when that program does
 * not exist: ENOENT, and the key is left negative (ENOKEY) for 60 seconds.
 * Keys are never half-made (Linux's uninstantiated state), so nothing
 * waits for a key.
 *
 * Keys are freed as soon as nothing references them (Linux frees them from
 * its garbage collector, a little later): a revoked or expired key stays
 * until it is unlinked, as on Linux until gc_delay has passed.
 *
 * Locks: key_lock (a spinlock, interrupts off) protects all_keys, key_users,
 * the quotas and every key's changing fields; it is taken alone or before
 * heap_lock (kmalloc and kfree are called under it: the heap never sleeps),
 * and never around user memory access or a cred change (cred_commit takes
 * tasklist_lock; key_cred_put may run under it, and takes key_lock).
 */
#include <key.h>

#include "key_internal.h"

#include <cred.h>
#include <format.h>
#include <stdarg.h>
#include <kmalloc.h>
#include <printk.h>
#include <random.h>
#include <spinlock.h>
#include <string.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/keyctl.h>

#define KEYRING_MAX_DEPTH 6	   /* Linux KEYRING_SEARCH_MAX_DEPTH */
#define KEY_LINK_BYTES 4	   /* Linux KEYQUOTA_LINK_BYTES */
#define KEY_USER_PAYLOAD_MAX 32767 /* user_defined.c: user_preparse */
#define KEY_PERM_BITS 0x3fu

struct spinlock key_lock = SPINLOCK_INIT("keys");
static struct list_head all_keys = LIST_HEAD_INIT(all_keys);   /* [key_lock] */
static struct list_head key_users = LIST_HEAD_INIT(key_users); /* [key_lock] */
/* Linux 6.1's defaults (security/keys/key.c) [key_lock] */
static u32 quota_maxkeys = 200, quota_maxbytes = 20000;
static u32 quota_root_maxkeys = 1000000, quota_root_maxbytes = 25000000;
static u32 gc_delay = 5 * 60;

static const struct key_type key_types[] = {
	{.name = "keyring", .is_keyring = true, .can_read = true},
	{.name = "user", .can_update = true, .can_read = true},
	{.name = "logon", .can_update = true, .needs_prefix = true},
};

const struct key_type *key_type_find(const char *name)
{
	for (size_t i = 0; i < sizeof(key_types) / sizeof(key_types[0]); i++)
		if (!strcmp(key_types[i].name, name))
			return &key_types[i];
	return NULL;
}

s64 key_now_seconds(void)
{
	return (s64)(time_realtime_ns() / 1000000000u);
}

/* ---- references ------------------------------------------------------------------ */

void key_get_locked(struct key *k)
{
	ASSERT_HELD(&key_lock);
	k->usage++;
}

void key_get(struct key *k)
{
	unsigned long irq = spin_lock_irqsave(&key_lock);
	key_get_locked(k);
	spin_unlock_irqrestore(&key_lock, irq);
}

static void quota_release_locked(struct key *k)
{
	ASSERT_HELD(&key_lock);
	k->user->nkeys--;
	k->user->nbytes -= k->quota_bytes;
}

/* Drops a reference; the last one frees the key, and a keyring's links are
 * dropped in turn (a work list, not recursion). */
void key_put_locked(struct key *k)
{
	ASSERT_HELD(&key_lock);
	if (--k->usage > 0)
		return;
	k->next_dead = NULL;
	for (struct key *dead = k; dead;) {
		struct key *next = dead->next_dead;
		for (u32 i = 0; i < dead->nr_links; i++) {
			struct key *child = dead->links[i];
			if (--child->usage == 0) {
				child->next_dead = next;
				next = child;
			}
		}
		list_del(&dead->node);
		quota_release_locked(dead);
		kfree(dead->links);
		kfree(dead->data);
		kfree(dead->description);
		kfree(dead);
		dead = next;
	}
}

void key_put(struct key *k)
{
	if (!k)
		return;
	unsigned long irq = spin_lock_irqsave(&key_lock);
	key_put_locked(k);
	spin_unlock_irqrestore(&key_lock, irq);
}

/* ---- quotas ------------------------------------------------------------------------ */

struct key_user *key_user_find_locked(u32 uid)
{
	ASSERT_HELD(&key_lock);
	struct key_user *u;
	list_for_each_entry(u, &key_users, node)
		if (u->uid == uid)
			return u;
	return NULL;
}

/* The quota record of uid, made on first use (never freed: one per uid). */
struct key_user *key_user_get_locked(u32 uid)
{
	ASSERT_HELD(&key_lock);
	struct key_user *u = key_user_find_locked(uid);
	if (u)
		return u;
	u = kzalloc(sizeof(*u));
	if (!u)
		return NULL;
	u->uid = uid;
	list_add_tail(&u->node, &key_users);
	return u;
}

/* key_alloc's and key_payload_reserve's check: may u take nkeys more keys and
 * bytes more bytes? */
static int quota_charge_locked(struct key_user *u, u32 nkeys, s64 bytes, bool overrun)
{
	ASSERT_HELD(&key_lock);
	u32 maxkeys = u->uid == 0 ? quota_root_maxkeys : quota_maxkeys;
	u32 maxbytes = u->uid == 0 ? quota_root_maxbytes : quota_maxbytes;
	if (!overrun && (u->nkeys + nkeys > maxkeys || (bytes > 0 && (s64)u->nbytes + bytes > maxbytes)))
		return -EDQUOT;
	u->nkeys += nkeys;
	u->nbytes = (u32)((s64)u->nbytes + bytes);
	return 0;
}

/* key_payload_reserve: the key's charge becomes its description + payload. */
static int key_reserve_locked(struct key *k, u32 payload_bytes)
{
	ASSERT_HELD(&key_lock);
	u32 want = (u32)strlen(k->description) + 1 + payload_bytes;
	s64 delta = (s64)want - (s64)k->quota_bytes;
	int err = quota_charge_locked(k->user, 0, delta, (k->flags & KEY_FLAG_QUOTA_OVERRUN) && delta <= 0);
	if (!err)
		k->quota_bytes = want;
	return err;
}

/* ---- making keys -------------------------------------------------------------------- */

struct key *key_find_serial_locked(s32 serial)
{
	ASSERT_HELD(&key_lock);
	struct key *k;
	list_for_each_entry(k, &all_keys, node)
		if (k->serial == serial)
			return k;
	return NULL;
}

/* key_alloc: a key owned by uid/gid, charged to uid, with no payload yet;
 * one reference for the caller. */
int key_alloc(const struct key_type *type, const char *desc, u32 uid, u32 gid, u32 perm, bool overrun, struct key **out)
{
	struct key *k = kzalloc(sizeof(*k));
	size_t len = strlen(desc);
	char *d = kmalloc(len + 1);
	if (!k || !d) {
		kfree(k);
		kfree(d);
		return -ENOMEM;
	}
	memcpy(d, desc, len + 1);
	k->type = type;
	k->description = d;
	k->usage = 1;
	k->uid = uid;
	k->gid = gid;
	k->perm = perm;
	k->flags = overrun ? KEY_FLAG_QUOTA_OVERRUN : 0;
	unsigned long irq = spin_lock_irqsave(&key_lock);
	int err = -ENOMEM;
	k->user = key_user_get_locked(uid);
	if (k->user)
		err = quota_charge_locked(k->user, 1, (s64)len + 1, overrun);
	if (!err) {
		k->quota_bytes = (u32)len + 1;
		do { /* key_alloc_serial */
			u32 r;
			random_get_bytes(&r, sizeof(r));
			k->serial = (s32)(r >> 1);
		} while (k->serial < 3 || key_find_serial_locked(k->serial));
		list_add_tail(&k->node, &all_keys);
	}
	spin_unlock_irqrestore(&key_lock, irq);
	if (err) {
		kfree(d);
		kfree(k);
		return err;
	}
	*out = k;
	return 0;
}

/* keyring_alloc for the kernel's own keyrings (thread, process, session, user). */
int keyring_alloc(const char *desc, u32 uid, u32 gid, u32 perm, bool overrun, struct key **out)
{
	return key_alloc(&key_types[0], desc, uid, gid, perm, overrun, out);
}

/* ---- permissions and state ---------------------------------------------------------- */

int key_permission_locked(const struct key *k, bool possessed, unsigned need, const struct cred *c)
{
	ASSERT_HELD(&key_lock);
	if (need & (KEY_NEED_UNLINK | KEY_DEFER_PERM_CHECK))
		return 0;
	u32 kperm;
	if (k->uid == c->fsuid) /* permission.c key_task_permission */
		kperm = k->perm >> 16;
	else if (k->gid != INVALID_UID && (k->perm & KEY_GRP_ALL) && cred_in_group_of(c, k->gid))
		kperm = k->perm >> 8;
	else
		kperm = k->perm;
	if (possessed)
		kperm |= k->perm >> 24;
	return (kperm & need & KEY_PERM_BITS) ? 0 : -EACCES;
}

int key_permission(struct key_ref ref, unsigned need)
{
	unsigned long irq = spin_lock_irqsave(&key_lock);
	int err = key_permission_locked(ref.key, ref.possessed, need, cred_current());
	spin_unlock_irqrestore(&key_lock, irq);
	return err;
}

int key_validate_locked(const struct key *k, s64 now)
{
	ASSERT_HELD(&key_lock);
	if (k->flags & KEY_FLAG_INVALIDATED)
		return -ENOKEY;
	if (k->flags & KEY_FLAG_REVOKED)
		return -EKEYREVOKED;
	if (k->expiry && now >= k->expiry)
		return -EKEYEXPIRED;
	return 0;
}

int key_validate(struct key *k)
{
	unsigned long irq = spin_lock_irqsave(&key_lock);
	int err = key_validate_locked(k, key_now_seconds());
	spin_unlock_irqrestore(&key_lock, irq);
	return err;
}

int key_read_state(struct key *k)
{
	unsigned long irq = spin_lock_irqsave(&key_lock);
	int state = (k->flags & KEY_FLAG_NEGATIVE) ? k->reject_error : 0;
	spin_unlock_irqrestore(&key_lock, irq);
	return state;
}

/* ---- searching ---------------------------------------------------------------------- */

static bool search_matches(const struct key *k, const struct key_search *s)
{
	if (s->target)
		return k == s->target;
	return k->type == s->type && !strcmp(k->description, s->desc);
}

/* keyring_search_iterator: is this match usable? */
static int search_check(const struct key *k, struct key_search *s)
{
	if (s->check_state) {
		if (k->flags & KEY_FLAG_INVALIDATED)
			return -EAGAIN;
		int err = key_validate_locked(k, s->now);
		if (err)
			return err;
	}
	if (key_permission_locked(k, s->possessed, KEY_NEED_SEARCH, s->cred))
		return -EACCES;
	if (s->check_state && (k->flags & KEY_FLAG_NEGATIVE))
		return k->reject_error;
	return 0;
}

/* search_nested_keyrings: the keys of ring first, then the keyrings it links
 * to that grant search, to KEYRING_MAX_DEPTH. */
static struct key *search_keyring_locked(struct key *ring, struct key_search *s, int depth)
{
	ASSERT_HELD(&key_lock);
	for (u32 i = 0; i < ring->nr_links; i++) {
		struct key *k = ring->links[i];
		if (!search_matches(k, s))
			continue;
		int err = search_check(k, s);
		if (!err)
			return k;
		if (err != -EAGAIN)
			s->err = err;
	}
	if (depth >= KEYRING_MAX_DEPTH)
		return NULL;
	for (u32 i = 0; i < ring->nr_links; i++) {
		struct key *k = ring->links[i];
		if (!k->type->is_keyring || key_permission_locked(k, s->possessed, KEY_NEED_SEARCH, s->cred))
			continue;
		struct key *found = search_keyring_locked(k, s, depth + 1);
		if (found)
			return found;
	}
	return NULL;
}

/* keyring_search_rcu: the root must grant search; it may match itself.
 * Returns 0 with *out (not referenced), or the reason (-EAGAIN: no match). */
static int search_root_locked(struct key *root, struct key_search *s, struct key **out)
{
	ASSERT_HELD(&key_lock);
	if (!root->type->is_keyring)
		return -ENOTDIR;
	if (key_permission_locked(root, s->possessed, KEY_NEED_SEARCH, s->cred))
		return -EACCES;
	s->err = -EAGAIN;
	if (search_matches(root, s)) {
		int err = search_check(root, s);
		if (!err) {
			*out = root;
			return 0;
		}
		if (err != -EAGAIN)
			s->err = err;
	}
	*out = search_keyring_locked(root, s, 1);
	return *out ? 0 : s->err;
}

struct key *key_user_session_keyring_locked(const struct cred *c)
{
	ASSERT_HELD(&key_lock);
	struct key_user *u = key_user_find_locked(c->uid);
	return u ? u->session_keyring : NULL;
}

/* search_cred_keyrings_rcu: thread, process, then session keyring (or the
 * user session keyring); a negative key is preferred to no key, and no key
 * to other reasons, as Linux prefers them. Returns 0 with *out (not referenced). */
int key_search_process_keyrings_locked(struct key_search *s, struct key **out)
{
	ASSERT_HELD(&key_lock);
	const struct cred *c = s->cred;
	struct key *roots[3] = {c->thread_keyring, c->process_keyring,
				c->session_keyring ? c->session_keyring : key_user_session_keyring_locked(c)};
	int ret = 0, err = -EAGAIN;
	s->possessed = true;
	for (int i = 0; i < 3; i++) {
		if (!roots[i])
			continue;
		int r = search_root_locked(roots[i], s, out);
		if (!r)
			return 0;
		if (r == -ENOKEY || (r == -EAGAIN && !ret)) /* a negative key before none */
			ret = r;
		else if (r != -EAGAIN)
			err = r;
	}
	return ret ? ret : err;
}

bool key_possessed_locked(const struct key *k, const struct cred *c)
{
	ASSERT_HELD(&key_lock);
	struct key_search s = {.target = k, .cred = c, .now = key_now_seconds()};
	struct key *found;
	return key_search_process_keyrings_locked(&s, &found) == 0;
}

int keyring_search(struct key_ref keyring, const struct key_type *type, const char *desc, struct key_ref *out)
{
	struct key_search s = {.type = type,
			       .desc = desc,
			       .check_state = true,
			       .cred = cred_current(),
			       .possessed = keyring.possessed};
	unsigned long irq = spin_lock_irqsave(&key_lock);
	s.now = key_now_seconds();
	struct key *found;
	int err = search_root_locked(keyring.key, &s, &found);
	if (!err) {
		key_get_locked(found);
		out->key = found;
		out->possessed = keyring.possessed;
	}
	spin_unlock_irqrestore(&key_lock, irq);
	return err;
}

struct key *key_find_keyring_by_name(const char *name, const struct cred *c)
{
	struct key *ring = NULL, *k;
	unsigned long irq = spin_lock_irqsave(&key_lock);
	list_for_each_entry(k, &all_keys, node) {
		if (k->type->is_keyring && !(k->flags & KEY_FLAG_REVOKED) && !strcmp(k->description, name) &&
		    !key_permission_locked(k, false, KEY_NEED_SEARCH, c)) {
			ring = k;
			key_get_locked(ring);
			break;
		}
	}
	spin_unlock_irqrestore(&key_lock, irq);
	return ring;
}

/* ---- links ---------------------------------------------------------------------------- */

/* Can ring be reached from k (a cycle if k is linked into ring), or is k's
 * tree too deep? (keyring_detect_cycle) */
static int check_cycle_locked(const struct key *k, const struct key *ring, int depth)
{
	ASSERT_HELD(&key_lock);
	if (k == ring)
		return -EDEADLK;
	if (depth > KEYRING_MAX_DEPTH)
		return -ELOOP;
	for (u32 i = 0; i < k->nr_links; i++) {
		if (!k->links[i]->type->is_keyring)
			continue;
		int err = check_cycle_locked(k->links[i], ring, depth + 1);
		if (err)
			return err;
	}
	return 0;
}

/* __key_link_begin/__key_link: ring gets a link to k in place of a link to
 * another key of the same type and description. */
int key_link_locked(struct key *ring, struct key *k)
{
	ASSERT_HELD(&key_lock);
	if (!ring->type->is_keyring)
		return -ENOTDIR;
	if (ring->flags & KEY_FLAG_REVOKED)
		return -EKEYREVOKED;
	for (u32 i = 0; i < ring->nr_links; i++) {
		struct key *old = ring->links[i];
		if (old->type != k->type || strcmp(old->description, k->description))
			continue;
		if (old != k) {
			int err = k->type->is_keyring ? check_cycle_locked(k, ring, 1) : 0;
			if (err)
				return err;
			key_get_locked(k);
			ring->links[i] = k;
			key_put_locked(old);
		}
		return 0;
	}
	if (k->type->is_keyring) {
		int err = check_cycle_locked(k, ring, 1);
		if (err)
			return err;
	}
	if (ring->nr_links == ring->max_links) {
		u32 max = ring->max_links ? ring->max_links * 2 : 8;
		struct key **links = kmalloc(max * sizeof(*links));
		if (!links)
			return -ENOMEM;
		if (ring->nr_links)
			memcpy(links, ring->links, ring->nr_links * sizeof(*links));
		kfree(ring->links);
		ring->links = links;
		ring->max_links = max;
	}
	int err = key_reserve_locked(ring, (ring->nr_links + 1) * KEY_LINK_BYTES);
	if (err)
		return err;
	key_get_locked(k);
	ring->links[ring->nr_links++] = k;
	return 0;
}

int key_link(struct key *keyring, struct key *k)
{
	unsigned long irq = spin_lock_irqsave(&key_lock);
	int err = key_link_locked(keyring, k);
	spin_unlock_irqrestore(&key_lock, irq);
	return err;
}

static int key_unlink_locked(struct key *ring, struct key *k)
{
	ASSERT_HELD(&key_lock);
	if (!ring->type->is_keyring)
		return -ENOTDIR;
	for (u32 i = 0; i < ring->nr_links; i++) {
		if (ring->links[i] != k)
			continue;
		ring->links[i] = ring->links[--ring->nr_links];
		(void)key_reserve_locked(ring, ring->nr_links * KEY_LINK_BYTES); /* a decrease cannot fail */
		key_put_locked(k);
		return 0;
	}
	return -ENOENT;
}

int key_unlink(struct key *keyring, struct key *k)
{
	unsigned long irq = spin_lock_irqsave(&key_lock);
	int err = key_unlink_locked(keyring, k);
	spin_unlock_irqrestore(&key_lock, irq);
	return err;
}

int key_move(struct key *k, struct key *from, struct key *to, bool excl)
{
	if (from == to)
		return 0;
	unsigned long irq = spin_lock_irqsave(&key_lock);
	int err = -ENOTDIR;
	if (!from->type->is_keyring || !to->type->is_keyring)
		goto out_unlock;
	err = -ENOENT; /* __key_unlink_begin: not linked there */
	for (u32 i = 0; i < from->nr_links; i++)
		if (from->links[i] == k)
			err = 0;
	for (u32 i = 0; !err && excl && i < to->nr_links; i++)
		if (to->links[i]->type == k->type && !strcmp(to->links[i]->description, k->description))
			err = -EEXIST; /* __key_link_begin found the index key: KEYCTL_MOVE_EXCL */
	if (!err)
		err = key_link_locked(to, k);
	if (!err)
		(void)key_unlink_locked(from, k); /* linked there, checked above */
out_unlock:
	spin_unlock_irqrestore(&key_lock, irq);
	return err;
}

static void keyring_clear_locked(struct key *ring)
{
	ASSERT_HELD(&key_lock);
	while (ring->nr_links)
		key_put_locked(ring->links[--ring->nr_links]);
	(void)key_reserve_locked(ring, 0);
}

int keyring_clear(struct key *keyring)
{
	if (!keyring->type->is_keyring)
		return -ENOTDIR;
	unsigned long irq = spin_lock_irqsave(&key_lock);
	keyring_clear_locked(keyring);
	spin_unlock_irqrestore(&key_lock, irq);
	return 0;
}

/* ---- changing keys -------------------------------------------------------------------- */

/* The payload checks of the type's preparse (user_preparse, keyring_preparse). */
static int payload_check(const struct key_type *type, const void *payload, size_t plen)
{
	if (type->is_keyring)
		return plen ? -EINVAL : 0;
	if (plen == 0 || plen > KEY_USER_PAYLOAD_MAX || !payload)
		return -EINVAL;
	return 0;
}

/* Replaces k's payload (user_update): a negative key becomes positive, and
 * an update removes the expiry time. */
static int key_set_payload(struct key *k, const void *payload, size_t plen)
{
	u8 *data = kmalloc(plen);
	if (!data)
		return -ENOMEM;
	memcpy(data, payload, plen);
	unsigned long irq = spin_lock_irqsave(&key_lock);
	int err = key_reserve_locked(k, (u32)plen);
	if (!err) {
		u8 *old = k->data;
		k->data = data;
		k->datalen = (u32)plen;
		k->flags &= ~KEY_FLAG_NEGATIVE;
		k->reject_error = 0;
		k->expiry = 0;
		data = old;
	}
	spin_unlock_irqrestore(&key_lock, irq);
	kfree(data);
	return err;
}

int key_update(struct key_ref ref, const void *payload, size_t plen)
{
	int err = key_permission(ref, KEY_NEED_WRITE);
	if (err)
		return err;
	if (!ref.key->type->can_update)
		return -EOPNOTSUPP;
	err = payload_check(ref.key->type, payload, plen);
	return err ? err : key_set_payload(ref.key, payload, plen);
}

int key_create_or_update(struct key_ref keyring, const struct key_type *type, const char *desc, const void *payload,
			 size_t plen, s32 *serial)
{
	if (!keyring.key->type->is_keyring)
		return -ENOTDIR;
	int err = payload_check(type, payload, plen);
	if (err)
		return err;
	if (!desc)
		return -EINVAL;
	if (type->needs_prefix && (!strchr(desc, ':') || desc[0] == ':')) /* logon_vet_description */
		return -EINVAL;
	if (type->can_update) { /* find_key_to_update */
		struct key *old = NULL;
		unsigned long irq = spin_lock_irqsave(&key_lock);
		for (u32 i = 0; i < keyring.key->nr_links && !old; i++) {
			struct key *k = keyring.key->links[i];
			if (k->type == type && !strcmp(k->description, desc) &&
			    !(k->flags & (KEY_FLAG_REVOKED | KEY_FLAG_INVALIDATED))) {
				old = k;
				key_get_locked(old);
			}
		}
		spin_unlock_irqrestore(&key_lock, irq);
		if (old) {
			err = key_update((struct key_ref){old, keyring.possessed}, payload, plen);
			*serial = old->serial;
			key_put(old);
			return err;
		}
	}
	/* key_create_or_update's default permissions */
	u32 perm = KEY_POS_VIEW | KEY_POS_SEARCH | KEY_POS_LINK | KEY_POS_SETATTR | KEY_USR_VIEW;
	if (type->can_read)
		perm |= KEY_POS_READ;
	if (type->is_keyring || type->can_update)
		perm |= KEY_POS_WRITE;
	const struct cred *c = cred_current();
	struct key *k;
	err = key_alloc(type, desc, c->fsuid, c->fsgid, perm, false, &k);
	if (err)
		return err;
	if (!type->is_keyring)
		err = key_set_payload(k, payload, plen);
	if (!err)
		err = key_link(keyring.key, k);
	*serial = k->serial;
	key_put(k);
	return err;
}

void key_revoke(struct key *k)
{
	unsigned long irq = spin_lock_irqsave(&key_lock);
	if (!(k->flags & KEY_FLAG_REVOKED)) {
		s64 now = key_now_seconds();
		k->flags |= KEY_FLAG_REVOKED;
		if (!k->expiry || k->expiry > now)
			k->expiry = now;   /* it shows as expired in /proc/keys */
		if (k->type->is_keyring) { /* keyring_revoke */
			keyring_clear_locked(k);
		} else { /* user_revoke: the payload goes */
			kfree(k->data);
			k->data = NULL;
			k->datalen = 0;
			(void)key_reserve_locked(k, 0);
		}
	}
	spin_unlock_irqrestore(&key_lock, irq);
}

/* key_invalidate: the key is unusable at once, and (Linux's garbage
 * collector, here at once) every keyring drops its link to it. The caller
 * holds a reference, so no unlink here frees a key (all_keys stays intact). */
void key_invalidate(struct key *k)
{
	unsigned long irq = spin_lock_irqsave(&key_lock);
	k->flags |= KEY_FLAG_INVALIDATED;
	struct key *ring;
	list_for_each_entry(ring, &all_keys, node) {
		if (ring != k && ring->type->is_keyring)
			while (key_unlink_locked(ring, k) == 0)
				;
	}
	spin_unlock_irqrestore(&key_lock, irq);
}

void key_set_timeout(struct key *k, u32 seconds)
{
	unsigned long irq = spin_lock_irqsave(&key_lock);
	k->expiry = seconds ? key_now_seconds() + seconds : 0;
	spin_unlock_irqrestore(&key_lock, irq);
}

int key_set_perm(struct key *k, u32 perm)
{
	int err = -EACCES;
	unsigned long irq = spin_lock_irqsave(&key_lock);
	if (k->uid == cred_fsuid()) { /* keyctl_setperm_key: only the owner */
		k->perm = perm;
		err = 0;
	}
	spin_unlock_irqrestore(&key_lock, irq);
	return err;
}

/* keyctl_chown_key: only CAP_SYS_ADMIN gives a key away or to a group the
 * caller is not in; the key's quota moves to its new owner. */
int key_chown(struct key *k, u32 uid, u32 gid)
{
	bool admin = capable(CAP_SYS_ADMIN);
	unsigned long irq = spin_lock_irqsave(&key_lock);
	int err = -EACCES;
	if (!admin &&
	    ((uid != INVALID_UID && uid != k->uid) || (gid != INVALID_UID && gid != k->gid && !cred_in_group(gid))))
		goto out;
	if (uid != INVALID_UID && uid != k->uid) {
		struct key_user *to = key_user_get_locked(uid);
		err = to ? quota_charge_locked(to, 1, k->quota_bytes, false) : -ENOMEM;
		if (err)
			goto out;
		quota_release_locked(k);
		k->user = to;
		k->uid = uid;
	}
	if (gid != INVALID_UID)
		k->gid = gid;
	err = 0;
out:
	spin_unlock_irqrestore(&key_lock, irq);
	return err;
}

long key_read(struct key *k, void *buf, size_t buflen)
{
	long len;
	unsigned long irq = spin_lock_irqsave(&key_lock);
	int err = key_validate_locked(k, key_now_seconds()); /* __keyctl_read_key */
	if (err) {
		len = err;
	} else if (k->type->is_keyring) { /* keyring_read: the serials */
		len = (long)k->nr_links * 4;
		if (buf && (size_t)len <= buflen)
			for (u32 i = 0; i < k->nr_links; i++)
				memcpy((u8 *)buf + 4 * i, &k->links[i]->serial, 4);
	} else {
		len = k->datalen;
		if (buf && (size_t)len <= buflen)
			memcpy(buf, k->data, k->datalen);
	}
	spin_unlock_irqrestore(&key_lock, irq);
	return len;
}

int key_describe(struct key *k, char *buf, size_t cap)
{
	unsigned long irq = spin_lock_irqsave(&key_lock);
	/* an unset gid shows as the overflow gid, 65534 (from_kgid_munged) */
	int len = snprintf(buf, cap, "%s;%u;%u;%08x;%s", k->type->name, k->uid, k->gid == INVALID_UID ? 65534 : k->gid,
			   k->perm, k->description);
	spin_unlock_irqrestore(&key_lock, irq);
	return len + 1;
}

/* ---- /proc/keys ------------------------------------------------------------------------ */

/* Text with snprintf's rules: what fits goes to buf, len counts it all. */
struct key_text {
	char *buf;
	size_t cap, len;
};

static void key_text_put(struct key_text *t, const char *str, size_t len)
{
	if (t->buf && t->len < t->cap)
		memcpy(t->buf + t->len, str, MIN(len, t->cap - t->len));
	t->len += len;
}

__attribute__((format(printf, 2, 3))) static void key_text_printf(struct key_text *t, const char *fmt, ...)
{
	char line[128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		key_text_put(t, line, MIN((size_t)n, sizeof(line) - 1));
}

/* The key with the smallest serial above after, or NULL. */
static struct key *next_by_serial_locked(s32 after)
{
	ASSERT_HELD(&key_lock);
	struct key *best = NULL, *k;
	list_for_each_entry(k, &all_keys, node)
		if (k->serial > after && (!best || k->serial < best->serial))
			best = k;
	return best;
}

/* proc_keys_show's timeout column: perm, expd, or what is left in s/m/h/d/w. */
static void key_expiry_text(const struct key *k, s64 now, char out[8])
{
	s64 left = k->expiry - now;
	if (!k->expiry)
		snprintf(out, 8, "perm");
	else if (left <= 0)
		snprintf(out, 8, "expd");
	else if (left < 60)
		snprintf(out, 8, "%lds", (long)left);
	else if (left < 60 * 60)
		snprintf(out, 8, "%ldm", (long)(left / 60));
	else if (left < 60 * 60 * 24)
		snprintf(out, 8, "%ldh", (long)(left / (60 * 60)));
	else if (left < 60 * 60 * 24 * 7)
		snprintf(out, 8, "%ldd", (long)(left / (60 * 60 * 24)));
	else
		snprintf(out, 8, "%ldw", (long)(left / (60 * 60 * 24 * 7)));
}

/* /proc/keys (security/keys/proc.c proc_keys_show): every key the reader may
 * view, possession counted, one line each; the usage column is this
 * kernel's reference count, not Linux's. */
size_t key_proc_format(char *buf, size_t cap)
{
	struct key_text t = {.buf = buf, .cap = cap};
	const struct cred *c = cred_current();
	unsigned long irq = spin_lock_irqsave(&key_lock);
	s64 now = key_now_seconds();
	/* in serial order, as Linux walks its tree of serials */
	for (struct key *k = next_by_serial_locked(0); k; k = next_by_serial_locked(k->serial)) {
		bool possessed = (k->perm & KEY_POS_VIEW) && key_possessed_locked(k, c);
		if (key_permission_locked(k, possessed, KEY_NEED_VIEW, c))
			continue;
		char expiry[8];
		key_expiry_text(k, now, expiry);
		key_text_printf(&t, "%08x I%c-Q-%c%c %5d %4s %08x %5d %5d %-9.9s ", (u32)k->serial,
				(k->flags & KEY_FLAG_REVOKED) ? 'R' : '-', (k->flags & KEY_FLAG_NEGATIVE) ? 'N' : '-',
				(k->flags & KEY_FLAG_INVALIDATED) ? 'i' : '-', k->usage, expiry, k->perm, (int)k->uid,
				k->gid == INVALID_UID ? 65534 : (int)k->gid, k->type->name);
		key_text_put(&t, k->description, strlen(k->description));
		if (k->flags & KEY_FLAG_NEGATIVE)
			key_text_put(&t, "\n", 1);
		else if (k->type->is_keyring && !k->nr_links)
			key_text_printf(&t, ": empty\n");
		else
			key_text_printf(&t, ": %u\n", k->type->is_keyring ? k->nr_links : k->datalen);
	}
	spin_unlock_irqrestore(&key_lock, irq);
	return t.len;
}

/*
 * /proc/key-users (security/keys/proc.c proc_key_users_show): uid, usage,
 * keys/instantiated keys, keys/maxkeys, bytes/maxbytes of each user that
 * owns keys, in uid order. Here every key is charged to its owner's quota
 * and instantiated (or negative) when made, and Linux's usage is one
 * reference per key, so the first four numbers are the same count.
 */
size_t key_users_proc_format(char *buf, size_t cap)
{
	struct key_text t = {.buf = buf, .cap = cap};
	unsigned long irq = spin_lock_irqsave(&key_lock);
	struct key_user *u, *next;
	for (s64 after = -1;; after = next->uid) { /* the next uid above after: a sorted walk */
		next = NULL;
		list_for_each_entry(u, &key_users, node)
			if (u->nkeys && (s64)u->uid > after && (!next || u->uid < next->uid))
				next = u;
		if (!next)
			break;
		u32 maxkeys = next->uid == 0 ? quota_root_maxkeys : quota_maxkeys;
		u32 maxbytes = next->uid == 0 ? quota_root_maxbytes : quota_maxbytes;
		key_text_printf(&t, "%5u: %5d %d/%d %d/%d %d/%d\n", next->uid, (int)next->nkeys, (int)next->nkeys,
				(int)next->nkeys, (int)next->nkeys, (int)maxkeys, (int)next->nbytes, (int)maxbytes);
	}
	spin_unlock_irqrestore(&key_lock, irq);
	return t.len;
}

/* ---- /proc/sys/kernel/keys --------------------------------------------------------------- */

static u32 *key_sysctl_value(int which)
{
	switch (which) {
	case KEY_SYSCTL_MAXKEYS: return &quota_maxkeys;
	case KEY_SYSCTL_MAXBYTES: return &quota_maxbytes;
	case KEY_SYSCTL_ROOT_MAXKEYS: return &quota_root_maxkeys;
	case KEY_SYSCTL_ROOT_MAXBYTES: return &quota_root_maxbytes;
	default: return &gc_delay;
	}
}

size_t key_sysctl_format(int which, char *buf, size_t cap)
{
	unsigned long irq = spin_lock_irqsave(&key_lock);
	u32 value = *key_sysctl_value(which);
	spin_unlock_irqrestore(&key_lock, irq);
	return (size_t)snprintf(buf, cap, "%u\n", value);
}

/* security/keys/sysctl.c: proc_dointvec_minmax, from 1 (gc_delay from 0) to INT_MAX */
int key_sysctl_set(int which, u64 value)
{
	if (value > 0x7fffffff || (value < 1 && which != KEY_SYSCTL_GC_DELAY))
		return -EINVAL;
	unsigned long irq = spin_lock_irqsave(&key_lock);
	*key_sysctl_value(which) = (u32)value;
	spin_unlock_irqrestore(&key_lock, irq);
	return 0;
}
