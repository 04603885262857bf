/*
 * net_ns.c — network namespaces (man 7 network_namespaces; Linux
 * net/core/net_namespace.c copy_net_ns, net/ipv4/devinet.c's devconf).
 *
 * A namespace (struct net_ns, inet.h) is made by clone(CLONE_NEWNET) or
 * unshare(CLONE_NEWNET) (proc/cred.c: the cred holds it, as it holds the
 * UTS and IPC namespaces) and joined by setns on /proc/PID/ns/net
 * (fs/nsfs.c). What is per namespace is found through it: its loopback
 * device (netdev.c: lo, ifindex 1, down, as loopback_net_init makes it),
 * the sockets (each holds a reference in sock.net; the socket tables of
 * TCP, UDP, ICMP, netlink and AF_PACKET are shared lists whose lookups
 * and bind checks compare the namespace, as Linux's hash tables compare
 * net_eq), rtnetlink's answers, /proc/net and net.ipv4.conf.*. A packet
 * belongs to the namespace of the device it is on.
 *
 * The namespace is freed with its last reference: creds, sockets (and
 * TIME_WAIT records), namespace files, and packets on the receive backlog
 * (netdev.c holds one for each). Nothing else points into it.
 *
 * Locks: none of its own; refcount is atomic, and the conf values are
 * under netdev_lock (netdev.c) like the device they configure.
 */
#include "inet.h"

#include <cred.h>
#include <kmalloc.h>
#include <uapi/errno.h>
#include <uts.h>

struct net_ns *net_ns_get(struct net_ns *ns)
{
	if (ns && ns != &init_net) /* init_net is never freed: not counted */
		__atomic_fetch_add(&ns->refcount, 1, __ATOMIC_RELAXED);
	return ns;
}

void net_ns_put(struct net_ns *ns)
{
	if (ns && ns != &init_net && __atomic_sub_fetch(&ns->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(ns);
}

/* copy_net_ns: a fresh namespace. Its IPv4 "default" and "all"
 * configuration start as init_net's (devinet_init_net with
 * net.core.devconf_inherit_init_net 0), and lo's as its default. */
int net_ns_new(struct net_ns **out)
{
	struct net_ns *ns = kzalloc(sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	ns->refcount = 1;
	ns->inum = uts_alloc_inum(); /* proc_alloc_inum: one sequence for every kind */
	netdev_init_loopback(ns);
	netdev_conf_init(ns);
	*out = ns;
	return 0;
}

struct net_ns *net_ns_of(const struct cred *c)
{
	return c->net_ns ? c->net_ns : &init_net;
}

struct net_ns *net_ns_current(void)
{
	return net_ns_of(cred_current());
}

u32 net_ns_inum(const struct net_ns *ns)
{
	return ns->inum;
}
