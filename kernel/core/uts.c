/*
 * uts.c — the host and domain names, one pair per UTS namespace (Linux
 * kernel/utsname.c; init_uts_ns is the initial one). uname(2),
 * sethostname(2), setdomainname(2) and /proc/sys/kernel/{hostname,
 * domainname} all read and write the caller's namespace through these
 * functions, so they always agree. The other uname fields are constants
 * (uts.h). A namespace is made by unshare or clone with CLONE_NEWUTS (a
 * copy of the caller's names) and freed with its last reference, a cred
 * (proc/cred.c).
 *
 * Locks: uts_lock (a spinlock) protects every namespace's names; it is
 * taken alone and held only to copy a name.
 */
#include <uts.h>

#include <spinlock.h>
#include <string.h>

static struct spinlock uts_lock = SPINLOCK_INIT("uts");
static struct uts_ns init_uts_ns = {.refcount = 1, .inum = 0xEFFFFFFEu, .names = {UTS_NODENAME, UTS_DOMAINNAME}};

static u32 next_inum = 0xF0000002u; /* atomic */

u32 uts_alloc_inum(void)
{
	return __atomic_fetch_add(&next_inum, 1, __ATOMIC_RELAXED);
}

static struct uts_ns *ns_or_init(const struct uts_ns *ns)
{
	return ns ? (struct uts_ns *)ns : &init_uts_ns;
}

void uts_get(const struct uts_ns *ns, enum uts_name which, char out[UTS_NAME_LEN + 1])
{
	unsigned long irq = spin_lock_irqsave(&uts_lock);
	memcpy(out, ns_or_init(ns)->names[which], UTS_NAME_LEN + 1);
	spin_unlock_irqrestore(&uts_lock, irq);
}

void uts_set(struct uts_ns *ns, enum uts_name which, const char *name, size_t len)
{
	char *field = ns_or_init(ns)->names[which];
	if (len > UTS_NAME_LEN)
		len = UTS_NAME_LEN;
	unsigned long irq = spin_lock_irqsave(&uts_lock);
	memcpy(field, name, len);
	memset(field + len, 0, UTS_NAME_LEN + 1 - len); /* kernel/sys.c: the rest is zeroed */
	spin_unlock_irqrestore(&uts_lock, irq);
}

void uts_copy_names(struct uts_ns *to, const struct uts_ns *from)
{
	unsigned long irq = spin_lock_irqsave(&uts_lock);
	memcpy(to->names, ns_or_init(from)->names, sizeof(to->names));
	spin_unlock_irqrestore(&uts_lock, irq);
}

u32 uts_ns_inum(const struct uts_ns *ns)
{
	return ns_or_init(ns)->inum;
}
