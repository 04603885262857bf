/*
 * uts.c — the host and domain names (Linux's init_uts_ns; one name space
 * here). uname(2), sethostname(2), setdomainname(2) and
 * /proc/sys/kernel/{hostname,domainname} all read and write them through
 * these functions, so they always agree. The other uname fields are
 * constants (uts.h).
 *
 * Locks: uts_lock (a spinlock) protects hostname and domainname; it is
 * taken alone and held only to copy a name.
 */
#include <uts.h>

#include <spinlock.h>
#include <string.h>
#include <uapi/errno.h>

static struct spinlock uts_lock = SPINLOCK_INIT("uts");
static char hostname[UTS_NAME_LEN + 1] = UTS_NODENAME;	   /* [uts_lock] */
static char domainname[UTS_NAME_LEN + 1] = UTS_DOMAINNAME; /* [uts_lock] */

static char *uts_field(enum uts_name which)
{
	return which == UTS_NAME_HOST ? hostname : domainname;
}

void uts_get(enum uts_name which, char out[UTS_NAME_LEN + 1])
{
	unsigned long irq = spin_lock_irqsave(&uts_lock);
	memcpy(out, uts_field(which), UTS_NAME_LEN + 1);
	spin_unlock_irqrestore(&uts_lock, irq);
}

void uts_set(enum uts_name which, const char *name, size_t len)
{
	char *field = uts_field(which);
	if (len > UTS_NAME_LEN)
		len = UTS_NAME_LEN;
	unsigned long irq = spin_lock_irqsave(&uts_lock);
	memcpy(field, name, len);
	memset(field + len, 0, UTS_NAME_LEN + 1 - len); /* kernel/sys.c: the rest is zeroed */
	spin_unlock_irqrestore(&uts_lock, irq);
}
