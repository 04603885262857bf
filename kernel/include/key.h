/*
 * key.h — the kernel's key retention service (Linux security/keys/, man 7
 * keyrings): keys of the types "user", "logon" and "keyring", each with a
 * serial number, an owner, a permission mask, an optional expiry time and a
 * payload; keyrings hold links to keys. A process finds keys through the
 * keyrings its credentials name (thread, process, session) and its user's
 * keyrings (proc/key.c). The system calls are syscall/sys_keyctl.c.
 *
 * A key is reference counted (key_get/key_put): each keyring link, each
 * cred that names it as a keyring and each caller holding it counts; the
 * last put destroys it and gives back its quota. Every field that can change
 * is protected by key_lock (proc/key.c), a spinlock taken with interrupts
 * off and never held across user memory access or allocation.
 */
#pragma once

#include <list.h>
#include <types.h>

struct cred;

#define KEY_FLAG_REVOKED 0x1u
#define KEY_FLAG_INVALIDATED 0x2u
#define KEY_FLAG_NEGATIVE 0x4u /* negatively instantiated: reject_error */
#define KEY_FLAG_QUOTA_OVERRUN 0x8u

/* what a lookup needs (Linux enum key_need_perm): one permission bit, or */
#define KEY_NEED_VIEW 0x01u
#define KEY_NEED_READ 0x02u
#define KEY_NEED_WRITE 0x04u
#define KEY_NEED_SEARCH 0x08u
#define KEY_NEED_LINK 0x10u
#define KEY_NEED_SETATTR 0x20u
#define KEY_NEED_UNLINK 0x100u	    /* no check on the key at all (KEYCTL_UNLINK) */
#define KEY_DEFER_PERM_CHECK 0x200u /* the caller checks (KEYCTL_READ) */
/* lookup flags (Linux KEY_LOOKUP_*) */
#define KEY_LOOKUP_CREATE 0x1u	/* make the special keyring if there is none */
#define KEY_LOOKUP_PARTIAL 0x2u /* a negative key is acceptable */

#define KEY_MAX_DESC_SIZE 4096 /* with its NUL */
#define KEY_TYPE_NAME_MAX 32   /* with its NUL */

struct key_type {
	const char *name;
	bool is_keyring;
	bool can_update;   /* KEYCTL_UPDATE and add_key of an existing key */
	bool can_read;	   /* KEYCTL_READ (a "logon" key cannot be read back) */
	bool needs_prefix; /* "logon": the description is "service:name" */
};

struct key_user;

struct key {
	struct list_head node; /* all_keys, oldest first [key_lock] */
	struct key *next_dead; /* key_put's list of keys to free [key_lock] */
	s32 serial;	       /* fixed */
	const struct key_type *type;
	char *description;	 /* fixed, NUL-terminated */
	int usage;		 /* [key_lock] */
	u32 uid, gid, perm;	 /* [key_lock] */
	u32 flags;		 /* KEY_FLAG_* [key_lock] */
	int reject_error;	 /* a negative key's error [key_lock] */
	s64 expiry;		 /* CLOCK_REALTIME seconds, 0: never [key_lock] */
	struct key_user *user;	 /* whose quota it is charged to [key_lock] */
	u32 quota_bytes;	 /* bytes charged [key_lock] */
	u8 *data;		 /* user/logon payload [key_lock] */
	u32 datalen;		 /* [key_lock] */
	struct key **links;	 /* keyring: the keys it links to [key_lock] */
	u32 nr_links, max_links; /* [key_lock] */
};

/* A key found by a lookup, and whether the caller possesses it (found it
 * through its own keyrings: the possessor permission bits then apply). */
struct key_ref {
	struct key *key;
	bool possessed;
};

/* Boot: root's user keyrings exist from the start, as on Linux. */
void key_init(void);

void key_get(struct key *k);
void key_put(struct key *k);

/* The key type of this name, NULL if none (Linux key_type_lookup). */
const struct key_type *key_type_find(const char *name);

/* lookup_user_key: a special id or a serial, checked for need (a KEY_NEED_*
 * bit), which installs a special keyring when it must; the found key is
 * referenced in *out. */
int __attribute__((warn_unused_result)) key_lookup_user(s32 id, unsigned lflags, unsigned need, struct key_ref *out);
/* 0 or -EACCES: does the caller have the permission need on ref? */
int key_permission(struct key_ref ref, unsigned need);
/* key_validate: 0, or why the key cannot be used (ENOKEY, EKEYREVOKED, EKEYEXPIRED). */
int key_validate(struct key *k);

/* key_read_state: a negative key's error, else 0. */
int key_read_state(struct key *k);

/* key_create_or_update: into keyring (the caller checked it is writable). */
int __attribute__((warn_unused_result))
key_create_or_update(struct key_ref keyring, const struct key_type *type, const char *desc, const void *payload,
		     size_t plen, s32 *serial);
int key_update(struct key_ref ref, const void *payload, size_t plen);
void key_revoke(struct key *k);
void key_invalidate(struct key *k);
void key_set_timeout(struct key *k, u32 seconds);
int key_set_perm(struct key *k, u32 perm);
int key_chown(struct key *k, u32 uid, u32 gid);
int keyring_clear(struct key *keyring);
int key_link(struct key *keyring, struct key *k);
int key_unlink(struct key *keyring, struct key *k);
/* KEYCTL_MOVE (Linux key_move): k's link in from becomes a link in to, in
 * one step under key_lock; -ENOENT if from does not link k, -EEXIST with
 * excl when to holds a key of k's type and description. */
int key_move(struct key *k, struct key *from, struct key *to, bool excl);
/* Copies the payload (a keyring: its keys' serials) into buf if it fits in
 * buflen; returns the whole length, or a negative errno. */
long key_read(struct key *k, void *buf, size_t buflen);
/* "type;uid;gid;perm;description" with its NUL into buf (size cap); its length + 1. */
int key_describe(struct key *k, char *buf, size_t cap);

/* keyring_search over keyring (KEYCTL_SEARCH); -EAGAIN when nothing matched. */
int keyring_search(struct key_ref keyring, const struct key_type *type, const char *desc, struct key_ref *out);
/* request_key(2) after its arguments are read (request_key_and_link). */
int key_request(const struct key_type *type, const char *desc, const char *callout, struct key *dest, s32 *serial);

/* KEYCTL_JOIN_SESSION_KEYRING (name NULL: a new anonymous one). */
long key_join_session(const char *name);
/* KEYCTL_SET_REQKEY_KEYRING: the old setting or -errno. */
long key_set_reqkey_keyring(int which);

/* The credentials' keyrings at clone and exec (Linux copy_creds,
 * prepare_exec_creds): new is a private copy being made. */
void key_cred_clone(struct cred *new, bool thread);
void key_cred_exec(struct cred *new);
/* A cred copy takes references on its keyrings; a freed cred drops them. */
void key_cred_get(const struct cred *c);
void key_cred_put(const struct cred *c);

/* /proc/keys: the keys the caller may view, with snprintf's rules (the
 * whole length is returned). */
size_t key_proc_format(char *buf, size_t cap);
/* /proc/key-users: a line per user owning keys, in uid order. */
size_t key_users_proc_format(char *buf, size_t cap);

/* /proc/sys/kernel/keys/NAME: maxkeys, maxbytes, root_maxkeys, root_maxbytes, gc_delay */
enum key_sysctl {
	KEY_SYSCTL_MAXKEYS,
	KEY_SYSCTL_MAXBYTES,
	KEY_SYSCTL_ROOT_MAXKEYS,
	KEY_SYSCTL_ROOT_MAXBYTES,
	KEY_SYSCTL_GC_DELAY
};
size_t key_sysctl_format(int which, char *buf, size_t cap);
/* A new value (procfs parsed it): 0 or -EINVAL when out of range. */
int key_sysctl_set(int which, u64 value);
