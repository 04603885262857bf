/*
 * sys_keyctl.c — add_key(2), request_key(2) and keyctl(2) (Linux
 * security/keys/keyctl.c): each reads its arguments from user memory, looks
 * the keys up with the permission Linux asks for each operation, and calls
 * proc/key.c (design in key.h).
 *
 * Not here: the operations of the request-key upcall (INSTANTIATE, NEGATE,
 * REJECT and INSTANTIATE_IOV need the authorization key only a running
 * /sbin/request-key holds, so they are EPERM as for any other caller; no
 * upcall is made, key.c), SESSION_TO_PARENT, GET_PERSISTENT, DH_COMPUTE,
 * the PKEY_* operations, RESTRICT_KEYRING, MOVE, CAPABILITIES and
 * WATCH_KEY, which answer EOPNOTSUPP (Linux's answer to an operation it does
 * not have) and are logged once.
 */
#include <syscall.h>

#include <key.h>
#include <kmalloc.h>
#include <printk.h>
#include <string.h>
#include <uaccess.h>
#include <uapi/errno.h>
#include <uapi/keyctl.h>

#define KEY_ADD_PAYLOAD_MAX (1024 * 1024 - 1) /* add_key */
#define KEY_UPDATE_PAYLOAD_MAX 4096	      /* keyctl_update_key: PAGE_SIZE */
#define KEY_CALLOUT_MAX 4096		      /* request_key: PAGE_SIZE */
#define KEY_DESCRIBE_MAX (KEY_MAX_DESC_SIZE + 128)

/* key_get_type_from_user: the type name, at most 31 characters, not empty,
 * and not one of the kernel's own ("." types). */
static int copy_type(uaddr_t utype, char type[KEY_TYPE_NAME_MAX])
{
	long len = strncpy_from_user(type, utype, KEY_TYPE_NAME_MAX);
	if (len == -ENAMETOOLONG || len == 0)
		return -EINVAL;
	if (len < 0)
		return (int)len;
	return type[0] == '.' ? -EPERM : 0;
}

/* strndup_user: a string of at most max bytes with its NUL (EINVAL if
 * longer), in a kmalloc'd copy. */
static int dup_string(uaddr_t ustr, size_t max, char **out)
{
	char *s = kmalloc(max);
	if (!s)
		return -ENOMEM;
	long len = strncpy_from_user(s, ustr, max);
	if (len < 0) {
		kfree(s);
		return len == -ENAMETOOLONG ? -EINVAL : (int)len;
	}
	*out = s;
	return 0;
}

/* A payload of plen bytes (none: NULL). */
static int copy_payload(uaddr_t upayload, size_t plen, void **out)
{
	*out = NULL;
	if (!plen)
		return 0;
	void *p = kmalloc(plen);
	if (!p)
		return -ENOMEM;
	if (copy_from_user(p, upayload, plen)) {
		kfree(p);
		return -EFAULT;
	}
	*out = p;
	return 0;
}

SYSCALL_DEFINE5(add_key, uaddr_t, utype, uaddr_t, udesc, uaddr_t, upayload, size_t, plen, s32, ringid)
{
	if (plen > KEY_ADD_PAYLOAD_MAX)
		return -EINVAL;
	char type[KEY_TYPE_NAME_MAX];
	int err = copy_type(utype, type);
	if (err)
		return err;
	char *desc = NULL;
	if (!uaddr_is_null(udesc)) {
		err = dup_string(udesc, KEY_MAX_DESC_SIZE, &desc);
		if (err)
			return err;
		if (!desc[0]) {
			kfree(desc);
			desc = NULL;
		} else if (desc[0] == '.' && !strcmp(type, "keyring")) {
			kfree(desc);
			return -EPERM; /* the kernel's own keyrings start with a dot */
		}
	}
	void *payload;
	err = copy_payload(upayload, plen, &payload);
	if (err)
		goto out_desc;
	struct key_ref ring;
	err = key_lookup_user(ringid, KEY_LOOKUP_CREATE, KEY_NEED_WRITE, &ring);
	if (err)
		goto out_payload;
	const struct key_type *ktype = key_type_find(type);
	s32 serial = 0;
	err = ktype ? key_create_or_update(ring, ktype, desc, payload, plen, &serial) : -ENODEV;
	key_put(ring.key);
out_payload:
	kfree(payload);
out_desc:
	kfree(desc);
	return err ? err : serial;
}

SYSCALL_DEFINE4(request_key, uaddr_t, utype, uaddr_t, udesc, uaddr_t, ucallout, s32, destringid)
{
	char type[KEY_TYPE_NAME_MAX];
	int err = copy_type(utype, type);
	if (err)
		return err;
	char *desc = NULL, *callout = NULL;
	err = dup_string(udesc, KEY_MAX_DESC_SIZE, &desc);
	if (err)
		return err;
	if (!uaddr_is_null(ucallout) && (err = dup_string(ucallout, KEY_CALLOUT_MAX, &callout)))
		goto out_desc;
	struct key_ref dest = {NULL, false};
	if (destringid && (err = key_lookup_user(destringid, KEY_LOOKUP_CREATE, KEY_NEED_WRITE, &dest)))
		goto out_callout;
	const struct key_type *ktype = key_type_find(type);
	s32 serial = 0;
	err = ktype ? key_request(ktype, desc, callout, dest.key, &serial) : -ENOKEY; /* key_type_lookup */
	key_put(dest.key);
out_callout:
	kfree(callout);
out_desc:
	kfree(desc);
	return err ? err : serial;
}

/* ---- keyctl --------------------------------------------------------------------------- */

static long keyctl_get_keyring_id(s32 id, u64 create)
{
	struct key_ref ref;
	int err = key_lookup_user(id, create ? KEY_LOOKUP_CREATE : 0, KEY_NEED_SEARCH, &ref);
	if (err)
		return err;
	s32 serial = ref.key->serial;
	key_put(ref.key);
	return serial;
}

static long keyctl_join(uaddr_t uname)
{
	char *name = NULL;
	if (!uaddr_is_null(uname)) {
		int err = dup_string(uname, KEY_MAX_DESC_SIZE, &name);
		if (err)
			return err;
		if (name[0] == '.') { /* the kernel's own keyrings cannot be joined */
			kfree(name);
			return -EPERM;
		}
	}
	long ret = key_join_session(name);
	kfree(name);
	return ret;
}

static long keyctl_update(s32 id, uaddr_t upayload, size_t plen)
{
	if (plen > KEY_UPDATE_PAYLOAD_MAX)
		return -EINVAL;
	void *payload;
	int err = copy_payload(upayload, plen, &payload);
	if (err)
		return err;
	struct key_ref ref;
	err = key_lookup_user(id, 0, KEY_NEED_WRITE, &ref);
	if (!err) {
		err = key_update(ref, payload, plen);
		key_put(ref.key);
	}
	kfree(payload);
	return err;
}

/* A one-key operation after a lookup for need (with lflags). */
enum key_op { OP_REVOKE, OP_INVALIDATE, OP_CLEAR, OP_SETPERM, OP_CHOWN, OP_TIMEOUT };

static long keyctl_simple(enum key_op op, s32 id, unsigned lflags, unsigned need, u64 a3, u64 a4)
{
	struct key_ref ref;
	int err = key_lookup_user(id, lflags, need, &ref);
	if (err == -EACCES && op == OP_REVOKE) /* keyctl_revoke_key: write or setattr */
		err = key_lookup_user(id, lflags, KEY_NEED_SETATTR, &ref);
	if (err)
		return err;
	switch (op) {
	case OP_REVOKE: key_revoke(ref.key); break;
	case OP_INVALIDATE: key_invalidate(ref.key); break;
	case OP_CLEAR: err = keyring_clear(ref.key); break;
	case OP_SETPERM: err = key_set_perm(ref.key, (u32)a3); break;
	case OP_CHOWN: err = key_chown(ref.key, (u32)a3, (u32)a4); break;
	case OP_TIMEOUT: key_set_timeout(ref.key, (u32)a3); break;
	}
	key_put(ref.key);
	return err;
}

static long keyctl_describe(s32 id, uaddr_t ubuf, size_t buflen)
{
	struct key_ref ref;
	int err = key_lookup_user(id, KEY_LOOKUP_PARTIAL, KEY_NEED_VIEW, &ref);
	if (err)
		return err;
	char *text = kmalloc(KEY_DESCRIBE_MAX);
	long len = -ENOMEM;
	if (text) {
		len = key_describe(ref.key, text, KEY_DESCRIBE_MAX);
		if (!uaddr_is_null(ubuf) && buflen >= (size_t)len && copy_to_user(ubuf, text, (size_t)len))
			len = -EFAULT;
		kfree(text);
	}
	key_put(ref.key);
	return len;
}

/* KEYCTL_LINK (unlink false) and KEYCTL_UNLINK. */
static long keyctl_link(s32 id, s32 ringid, bool unlink)
{
	struct key_ref ring, ref;
	int err = key_lookup_user(ringid, unlink ? 0 : KEY_LOOKUP_CREATE, KEY_NEED_WRITE, &ring);
	if (err)
		return err;
	err = unlink ? key_lookup_user(id, KEY_LOOKUP_PARTIAL, KEY_NEED_UNLINK, &ref)
		     : key_lookup_user(id, KEY_LOOKUP_CREATE, KEY_NEED_LINK, &ref);
	if (!err) {
		err = unlink ? key_unlink(ring.key, ref.key) : key_link(ring.key, ref.key);
		key_put(ref.key);
	}
	key_put(ring.key);
	return err;
}

static long keyctl_search(s32 ringid, uaddr_t utype, uaddr_t udesc, s32 destringid)
{
	char type[KEY_TYPE_NAME_MAX], *desc = NULL;
	int err = copy_type(utype, type);
	if (err)
		return err;
	if ((err = dup_string(udesc, KEY_MAX_DESC_SIZE, &desc)))
		return err;
	struct key_ref ring, dest = {NULL, false}, found;
	if ((err = key_lookup_user(ringid, 0, KEY_NEED_SEARCH, &ring)))
		goto out_desc;
	if (destringid && (err = key_lookup_user(destringid, KEY_LOOKUP_CREATE, KEY_NEED_WRITE, &dest)))
		goto out_ring;
	const struct key_type *ktype = key_type_find(type);
	err = ktype ? keyring_search(ring, ktype, desc, &found) : -ENOKEY;
	if (err == -EAGAIN)
		err = -ENOKEY; /* no key, or only a negative one */
	if (!err) {
		if (dest.key && !(err = key_permission(found, KEY_NEED_LINK)))
			err = key_link(dest.key, found.key);
		if (!err)
			err = found.key->serial;
		key_put(found.key);
	}
	key_put(dest.key);
out_ring:
	key_put(ring.key);
out_desc:
	kfree(desc);
	return err;
}

static long read_payload(struct key *k, uaddr_t ubuf, size_t buflen)
{
	for (;;) {
		long len = key_read(k, NULL, 0);
		if (uaddr_is_null(ubuf) || !buflen || (size_t)len > buflen)
			return len;
		void *data = kmalloc(len ? (size_t)len : 1);
		if (!data)
			return -ENOMEM;
		long now = key_read(k, data, (size_t)len);
		long ret = copy_to_user(ubuf, data, (size_t)now) ? -EFAULT : now;
		kfree(data);
		if (now <= len)
			return ret;
		/* it grew meanwhile (nothing was copied): measure again */
	}
}

/* keyctl_read_key: with read permission, or possession. The whole length is
 * returned; the data is copied only when it all fits in buflen. */
static long keyctl_read(s32 id, uaddr_t ubuf, size_t buflen)
{
	struct key_ref ref;
	if (key_lookup_user(id, 0, KEY_DEFER_PERM_CHECK, &ref))
		return -ENOKEY;
	long ret = key_read_state(ref.key);
	if (!ret) {
		ret = key_permission(ref, KEY_NEED_READ);
		if (ret == -EACCES && ref.possessed)
			ret = 0;
	}
	if (!ret && !ref.key->type->can_read)
		ret = -EOPNOTSUPP;
	if (!ret)
		ret = read_payload(ref.key, ubuf, buflen);
	key_put(ref.key);
	return ret;
}

/* keyctl_get_security: no security module labels keys, so the label is "". */
static long keyctl_get_security(s32 id, uaddr_t ubuf, size_t buflen)
{
	struct key_ref ref;
	int err = key_lookup_user(id, KEY_LOOKUP_PARTIAL, KEY_NEED_VIEW, &ref);
	if (err)
		return err;
	key_put(ref.key);
	if (!uaddr_is_null(ubuf) && buflen > 0 && copy_to_user(ubuf, "", 1))
		return -EFAULT;
	return 1;
}

static long keyctl_unsupported(int op)
{
	static bool logged;
	if (!__atomic_exchange_n(&logged, true, __ATOMIC_RELAXED))
		printk(KERN_NOTICE "levitate: keyctl operation %d not implemented (EOPNOTSUPP)", op);
	return -EOPNOTSUPP;
}

/* keyctl_reject_key: an errno, not one of the kernel's restart codes
 * (ERESTARTSYS, ERESTARTNOINTR, ERESTARTNOHAND, ERESTART_RESTARTBLOCK). */
static bool reject_error_valid(u64 error)
{
	return error > 0 && error < 4095 && error != 512 && error != 513 && error != 514 && error != 516;
}

/* keyctl_keyring_move: the key needs link permission, both keyrings write. */
static long keyctl_move(s32 id, s32 from_id, s32 to_id, u64 flags)
{
	if (flags & ~(u64)KEYCTL_MOVE_EXCL)
		return -EINVAL;
	struct key_ref ref, from, to;
	int err = key_lookup_user(id, KEY_LOOKUP_CREATE, KEY_NEED_LINK, &ref);
	if (err)
		return err;
	if ((err = key_lookup_user(from_id, 0, KEY_NEED_WRITE, &from)))
		goto out_key;
	if ((err = key_lookup_user(to_id, KEY_LOOKUP_CREATE, KEY_NEED_WRITE, &to)))
		goto out_from;
	err = key_move(ref.key, from.key, to.key, flags & KEYCTL_MOVE_EXCL);
	key_put(to.key);
out_from:
	key_put(from.key);
out_key:
	key_put(ref.key);
	return err;
}

/* keyctl_capabilities: what this kernel's keyrings do, as many bytes as
 * fit (the rest of the buffer zeroed); returns the size of the whole. */
static long keyctl_capabilities(uaddr_t ubuf, u64 len)
{
	static const u8 caps[2] = {
		KEYCTL_CAPS0_CAPABILITIES | KEYCTL_CAPS0_INVALIDATE | KEYCTL_CAPS0_MOVE,
		KEYCTL_CAPS1_NS_KEYRING_NAME | KEYCTL_CAPS1_NS_KEY_TAG, /* one namespace: names and tags are global */
	};
	if (len) {
		size_t n = MIN(len, sizeof(caps));
		if (copy_to_user(ubuf, caps, n))
			return -EFAULT;
		if (len > n && clear_user(uaddr_add(ubuf, n), len - n))
			return -EFAULT;
	}
	return sizeof(caps);
}

SYSCALL_DEFINE5(keyctl, int, op, u64, a2, u64, a3, u64, a4, u64, a5)
{
	s32 id = (s32)a2;
	switch (op) {
	case KEYCTL_GET_KEYRING_ID: return keyctl_get_keyring_id(id, a3);
	case KEYCTL_JOIN_SESSION_KEYRING: return keyctl_join(uaddr_from(a2));
	case KEYCTL_UPDATE: return keyctl_update(id, uaddr_from(a3), a4);
	case KEYCTL_REVOKE: return keyctl_simple(OP_REVOKE, id, 0, KEY_NEED_WRITE, 0, 0);
	case KEYCTL_CHOWN:
		return keyctl_simple(OP_CHOWN, id, KEY_LOOKUP_CREATE | KEY_LOOKUP_PARTIAL, KEY_NEED_SETATTR, a3, a4);
	case KEYCTL_SETPERM:
		if ((u32)a3 & ~(KEY_POS_ALL | KEY_USR_ALL | KEY_GRP_ALL | KEY_OTH_ALL))
			return -EINVAL;
		return keyctl_simple(OP_SETPERM, id, KEY_LOOKUP_CREATE | KEY_LOOKUP_PARTIAL, KEY_NEED_SETATTR, a3, 0);
	case KEYCTL_DESCRIBE: return keyctl_describe(id, uaddr_from(a3), a4);
	case KEYCTL_CLEAR: return keyctl_simple(OP_CLEAR, id, KEY_LOOKUP_CREATE, KEY_NEED_WRITE, 0, 0);
	case KEYCTL_LINK: return keyctl_link(id, (s32)a3, false);
	case KEYCTL_UNLINK: return keyctl_link(id, (s32)a3, true);
	case KEYCTL_SEARCH: return keyctl_search(id, uaddr_from(a3), uaddr_from(a4), (s32)a5);
	case KEYCTL_READ: return keyctl_read(id, uaddr_from(a3), a4);
	case KEYCTL_INSTANTIATE: /* keyctl_instantiate_key_common */ return a4 > KEY_ADD_PAYLOAD_MAX ? -EINVAL : -EPERM;
	case KEYCTL_INSTANTIATE_IOV:
	case KEYCTL_NEGATE: return -EPERM;
	case KEYCTL_REJECT: return reject_error_valid(a4) ? -EPERM : -EINVAL;
	case KEYCTL_SET_REQKEY_KEYRING: return key_set_reqkey_keyring((int)a2);
	case KEYCTL_SET_TIMEOUT:
		return keyctl_simple(OP_TIMEOUT, id, KEY_LOOKUP_CREATE | KEY_LOOKUP_PARTIAL, KEY_NEED_SETATTR, a3, 0);
	case KEYCTL_ASSUME_AUTHORITY: /* no authorization key exists to assume */
		return id < 0 ? -EINVAL : id == 0 ? 0 : -ENOKEY;
	case KEYCTL_GET_SECURITY: return keyctl_get_security(id, uaddr_from(a3), a4);
	case KEYCTL_INVALIDATE: return keyctl_simple(OP_INVALIDATE, id, 0, KEY_NEED_SEARCH, 0, 0);
	case KEYCTL_MOVE: return keyctl_move(id, (s32)a3, (s32)a4, a5);
	case KEYCTL_CAPABILITIES: return keyctl_capabilities(uaddr_from(a2), a3);
	default: return keyctl_unsupported(op);
	}
}
