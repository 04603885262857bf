/*
 * key_internal.h — what proc/key.c (keys, keyrings, searches, quotas) and
 * proc/process_keys.c (the process's keyrings, lookups of key ids,
 * request_key) share. Functions named *_locked expect key_lock held.
 */
#pragma once

#include <key.h>
#include <spinlock.h>

#define KEY_NEGATIVE_TIMEOUT 60 /* Linux key_negative_timeout */

extern struct spinlock key_lock;

struct key_user {
	struct list_head node; /* key_users [key_lock] */
	u32 uid;
	u32 nkeys, nbytes;	     /* charged [key_lock] */
	struct key *uid_keyring;     /* "_uid.UID", made on first use [key_lock] */
	struct key *session_keyring; /* "_uid_ses.UID" [key_lock] */
};

struct key_search {
	const struct key_type *type; /* match on type and description, */
	const char *desc;
	const struct key *target; /* or on this key (possession) */
	bool check_state;	  /* skip unusable keys, remembering why */
	const struct cred *cred;
	bool possessed;
	s64 now;
	int err; /* why the last match was skipped; -EAGAIN: none */
};

s64 key_now_seconds(void);
void key_get_locked(struct key *k);
void key_put_locked(struct key *k);
struct key_user *key_user_find_locked(u32 uid);
struct key_user *key_user_get_locked(u32 uid);
struct key *key_find_serial_locked(s32 serial);
int key_alloc(const struct key_type *type, const char *desc, u32 uid, u32 gid, u32 perm, bool overrun,
	      struct key **out);
int keyring_alloc(const char *desc, u32 uid, u32 gid, u32 perm, bool overrun, struct key **out);
int key_permission_locked(const struct key *k, bool possessed, unsigned need, const struct cred *c);
int key_validate_locked(const struct key *k, s64 now);
int key_link_locked(struct key *ring, struct key *k);
struct key *key_user_session_keyring_locked(const struct cred *c);
int key_search_process_keyrings_locked(struct key_search *s, struct key **out);
bool key_possessed_locked(const struct key *k, const struct cred *c);
/* find_keyring_by_name: the oldest keyring of this name that is not revoked
 * and grants c search permission without possession; referenced, or NULL. */
struct key *key_find_keyring_by_name(const char *name, const struct cred *c);
