/*
 * util.c — the System V IPC permission record (Linux ipc/util.c), shared
 * by shared memory (shm.c) and message queues (msg.c). See ipc.h.
 */
#include "ipc.h"

#include <cred.h>
#include <string.h>
#include <time.h>

#define CAP_IPC_OWNER 15

void ipc_perm_init(struct ipc_perm_k *p, s32 key, int flag)
{
	const struct cred *c = cred_current();
	memset(p, 0, sizeof(*p));
	p->key = key;
	p->uid = p->cuid = c->euid;
	p->gid = p->cgid = c->egid;
	p->mode = (u32)flag & 0777;
}

bool ipc_allowed(const struct ipc_perm_k *p, int flag)
{
	const struct cred *c = cred_current();
	int requested = (flag >> 6) | (flag >> 3) | flag;
	u32 granted = p->mode;
	if (c->euid == p->cuid || c->euid == p->uid)
		granted >>= 6;
	else if (cred_in_group(p->cgid) || cred_in_group(p->gid))
		granted >>= 3;
	return !((u32)requested & ~granted & 7) || capable(CAP_IPC_OWNER);
}

bool ipc_owner(const struct ipc_perm_k *p)
{
	const struct cred *c = cred_current();
	return c->euid == p->cuid || c->euid == p->uid || capable(CAP_SYS_ADMIN);
}

void ipc_perm_to_user(const struct ipc_perm_k *p, struct ipc64_perm_user *out)
{
	memset(out, 0, sizeof(*out));
	out->key = p->key;
	out->uid = p->uid;
	out->gid = p->gid;
	out->cuid = p->cuid;
	out->cgid = p->cgid;
	out->mode = p->mode;
	out->seq = p->seq;
}

void ipc_perm_set(struct ipc_perm_k *p, const struct ipc64_perm_user *in)
{
	p->uid = in->uid;
	p->gid = in->gid;
	p->mode = (p->mode & ~0777u) | (in->mode & 0777);
}

s64 ipc_now(void)
{
	return (s64)(time_realtime_ns() / NSEC_PER_SEC);
}
