/*
 * netdev.c — network devices and the loopback device (Linux
 * drivers/net/loopback.c, net/core/dev.c netif_rx, net/core/dev_ioctl.c).
 *
 * "lo" is the one device: ifindex 1, MTU 65536, down at boot as on Linux.
 * Setting IFF_UP (SIOCSIFFLAGS) brings it up and gives it 127.0.0.1/8, as
 * Linux's inetdev does for a loopback device; while it is up the whole of
 * 127.0.0.0/8 is local and routed through it, but for 127.255.255.255,
 * which is its broadcast address (netdev_route, udp.c). Its xmit hands the packet
 * to the backlog (netif_queue); the sender then runs the backlog
 * (net_rx_run) once it holds no lock. A packet sent while another is being
 * received (a reply made inside udp_rcv or tcp_rcv) waits on the backlog
 * and is taken by the loop already running, so delivery never recurses
 * (Linux's per-CPU backlog and softirq, run inline here). TCP queues its
 * segments under the socket's lock, so they reach the backlog in sequence
 * order, and runs the backlog after dropping it.
 *
 * One task delivers at a time (backlog_runner), which keeps each flow in
 * order. A sender that finds another task delivering — on another CPU, or
 * preempted on this one — sleeps until every packet queued before it has
 * been delivered (backlog_delivered), so that when send returns its data is
 * in the receiver's queue, as on Linux, whose sender's CPU runs its own
 * backlog from local_bh_enable before the call returns: a MSG_DONTWAIT read
 * right after a loopback write finds the data.
 *
 * netdev_lock protects every device's flags and address; backlog_lock
 * the backlog, its runner and its counts.
 */
#include "inet.h"
#include "netlink.h"

#include <cred.h>
#include <format.h>
#include <kmalloc.h>
#include <string.h>
#include <task.h>
#include <time.h>
#include <uapi/errno.h>
#include <uapi/if_packet.h>
#include <uapi/sockios.h>
#include <vfs.h>

#define LO_BROADCAST 0x7fffffffu /* 127.255.255.255: lo's 127.0.0.0/8 broadcast */

static struct spinlock netdev_lock = SPINLOCK_INIT("netdev");
static struct spinlock backlog_lock = SPINLOCK_INIT("net_backlog");
static struct list_head backlog = LIST_HEAD_INIT(backlog); /* struct pkt [backlog_lock] */
static struct task *backlog_runner;			   /* the task delivering, or NULL [backlog_lock] */
static u64 backlog_queued;				   /* packets ever queued [backlog_lock] */
static u64 backlog_delivered;	 /* of them, delivered [written under backlog_lock; waiters read it atomically] */
static unsigned backlog_waiters; /* senders sleeping on backlog_done [backlog_lock] */
static struct wait_queue backlog_done = WAIT_QUEUE_INIT(backlog_done);

/* The bytes never leave memory: a checksum left partial is as good as
 * checked (loopback_xmit's CHECKSUM_UNNECESSARY). */
static void loopback_xmit(struct netdev *dev, struct pkt *p)
{
	/* loopback_xmit counts the packet after eth_type_trans pulled the
	 * Ethernet header: the IP packet's length */
	__atomic_fetch_add(&dev->packets, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&dev->bytes, p->len - p->mac_len, __ATOMIC_RELAXED);
	p->dev = dev;
	p->csum_valid = !p->mac_len; /* a packet socket's frame has CHECKSUM_NONE */
	netif_queue(p);
}

/* The initial namespace, whose lo is there from boot (loopback_net_init). */
struct net_ns init_net = {
	.refcount = 1,
	.inum = 0xF0000000u, /* what a Debian kernel numbers it at boot */
	.lo =
		{
			.net = &init_net,
			.name = "lo",
			.ifindex = 1,
			.flags = IFF_LOOPBACK,
			.mtu = 65536,
			.hw_csum = true,
			.xmit = loopback_xmit,
		},
};

/* ---- net.ipv4.conf (devinet.c's devconf) ----------------------------------------- */

/* devinet_init_net and inetdev_init: "all" and "default" from init_net's,
 * lo's from the namespace's default. */
void netdev_conf_init(struct net_ns *net)
{
	unsigned long irq = spin_lock_irqsave(&netdev_lock);
	for (int i = 0; i < IPV4_CONF_MAX; i++) {
		net->conf[NET_CONF_ALL][i] = init_net.conf[NET_CONF_ALL][i];
		net->conf[NET_CONF_DEFAULT][i] = init_net.conf[NET_CONF_DEFAULT][i];
		net->conf[NET_CONF_LO][i] = net->conf[NET_CONF_DEFAULT][i];
	}
	spin_unlock_irqrestore(&netdev_lock, irq);
}

size_t net_conf_format(int which, char *buf, size_t cap)
{
	struct net_ns *net = net_ns_current();
	unsigned long irq = spin_lock_irqsave(&netdev_lock);
	int v = net->conf[which / IPV4_CONF_MAX][which % IPV4_CONF_MAX];
	spin_unlock_irqrestore(&netdev_lock, irq);
	return (size_t)snprintf(buf, cap, "%d\n", v);
}

/* A plain integer (proc_dointvec): a write to "default" is what later
 * devices start with, and changes no device there is (Linux's tag). */
int net_conf_store(int which, const char *text, size_t len)
{
	int v;
	int err = sysctl_parse_int(text, len, &v);
	if (err)
		return err;
	struct net_ns *net = net_ns_current();
	unsigned long irq = spin_lock_irqsave(&netdev_lock);
	net->conf[which / IPV4_CONF_MAX][which % IPV4_CONF_MAX] = v;
	spin_unlock_irqrestore(&netdev_lock, irq);
	return 0;
}

/* loopback_net_init: a namespace's lo, down. */
void netdev_init_loopback(struct net_ns *net)
{
	net->lo = init_net.lo;
	net->lo.net = net;
	net->lo.flags = IFF_LOOPBACK;
	net->lo.addr = net->lo.prefix_len = 0;
	net->lo.packets = net->lo.bytes = 0;
}

struct netdev *netdev_by_index(struct net_ns *net, int ifindex)
{
	return ifindex == net->lo.ifindex ? &net->lo : NULL;
}

int netdev_ifindex_by_name(struct net_ns *net, const char *name)
{
	return strcmp(name, net->lo.name) == 0 ? net->lo.ifindex : 0;
}

const char *netdev_name_by_index(struct net_ns *net, int ifindex)
{
	struct netdev *dev = netdev_by_index(net, ifindex);
	return dev ? dev->name : NULL;
}

bool netdev_is_up(struct netdev *dev)
{
	unsigned long irq = spin_lock_irqsave(&netdev_lock);
	bool up = dev->flags & IFF_UP;
	spin_unlock_irqrestore(&netdev_lock, irq);
	return up;
}

bool netdev_has_local_table(struct net_ns *net)
{
	unsigned long irq = spin_lock_irqsave(&netdev_lock);
	bool has = net == &init_net || net->lo.addr; /* lo's address comes with its first IFF_UP and stays */
	spin_unlock_irqrestore(&netdev_lock, irq);
	return has;
}

void netdev_xmit_frame(struct netdev *dev, struct pkt *p)
{
	dev->xmit(dev, p);
	net_rx_run();
}

struct pkt *pkt_alloc(size_t len)
{
	struct pkt *p = kmalloc(sizeof(*p) + len);
	if (!p)
		return NULL;
	memset(p, 0, sizeof(*p)); /* the bytes are the caller's to fill */
	p->len = len;
	p->data = p->buf;
	p->truesize = sizeof(*p) + len;
	return p;
}

void netif_queue(struct pkt *p)
{
	net_ns_get(p->dev->net); /* the device's namespace stays until the packet is taken (frame_rcv) */
	unsigned long irq = spin_lock_irqsave(&backlog_lock);
	list_add_tail(&p->node, &backlog);
	backlog_queued++;
	spin_unlock_irqrestore(&backlog_lock, irq);
}

void netif_rx(struct pkt *p)
{
	netif_queue(p);
	net_rx_run();
}

/*
 * One frame off the backlog: the taps see it leave (dev_queue_xmit_nit)
 * and arrive (__netif_receive_skb's ptype_all), then IP takes it if it is
 * IP to us (eth_type_trans, ip_rcv's PACKET_OTHERHOST check). A packet
 * the stack made has no Ethernet header: lo's, all zeros, is made here.
 */
static void frame_deliver(struct pkt *p);

static void frame_rcv(struct pkt *p)
{
	struct net_ns *net = p->dev->net;
	frame_deliver(p);
	net_ns_put(net); /* netif_queue's */
}

static void frame_deliver(struct pkt *p)
{
	u8 zero_hdr[ETH_HLEN] = {0};
	const u8 *mac = p->mac_len ? p->data : zero_hdr;
	const u8 *payload = p->data + p->mac_len;
	size_t len = p->len - p->mac_len;
	u16 protocol;
	u8 pkttype;
	if (p->mac_len) {
		packet_classify(mac, payload, len, &protocol, &pkttype);
	} else {
		protocol = net16(len && (payload[0] >> 4) == 6 ? ETH_P_IPV6 : ETH_P_IP);
		memcpy(zero_hdr + 2 * ETH_ALEN, &protocol, sizeof(protocol));
		pkttype = PACKET_HOST;
	}
	if (packet_taps_active()) {
		struct packet_frame f = {.dev = p->dev,
					 .mac = mac,
					 .data = payload,
					 .len = len,
					 .protocol = protocol,
					 .pkttype = PACKET_OUTGOING,
					 .csum_partial = p->csum_partial,
					 .csum_valid = p->csum_valid,
					 .origin = p->origin};
		packet_deliver(&f);
		f.pkttype = pkttype;
		packet_deliver(&f);
	}
	if (pkttype != PACKET_HOST || (protocol != net16(ETH_P_IP) && protocol != net16(ETH_P_IPV6))) {
		kfree(p);
		return;
	}
	p->data += p->mac_len;
	p->len -= p->mac_len;
	p->mac_len = 0;
	ip_rcv(p);
}

static bool backlog_delivered_through(u64 count)
{
	return __atomic_load_n(&backlog_delivered, __ATOMIC_ACQUIRE) >= count;
}

void net_rx_run(void)
{
	struct task *self = current();
	unsigned long irq = spin_lock_irqsave(&backlog_lock);
	if (backlog_runner == self) { /* a reply queued from inside delivery: the loop takes it */
		spin_unlock_irqrestore(&backlog_lock, irq);
		return;
	}
	if (backlog_runner) {
		u64 mine = backlog_queued;
		backlog_waiters++;
		spin_unlock_irqrestore(&backlog_lock, irq);
		wait_event(&backlog_done, backlog_delivered_through(mine));
		irq = spin_lock_irqsave(&backlog_lock);
		backlog_waiters--;
		spin_unlock_irqrestore(&backlog_lock, irq);
		return;
	}
	backlog_runner = self;
	for (;;) {
		struct pkt *next = list_first_entry_or_null(&backlog, struct pkt, node);
		if (!next)
			break;
		list_del(&next->node);
		spin_unlock_irqrestore(&backlog_lock, irq);
		frame_rcv(next); /* consumes it */
		irq = spin_lock_irqsave(&backlog_lock);
		__atomic_store_n(&backlog_delivered, backlog_delivered + 1, __ATOMIC_RELEASE);
		if (backlog_waiters) {
			spin_unlock_irqrestore(&backlog_lock, irq);
			wake_up_all(&backlog_done);
			irq = spin_lock_irqsave(&backlog_lock);
		}
	}
	backlog_runner = NULL;
	spin_unlock_irqrestore(&backlog_lock, irq);
}

static bool on_loopback_net(u32 addr)
{
	return (addr >> 24) == 127;
}

static bool lo_is_up(struct net_ns *net)
{
	return netdev_is_up(&net->lo);
}

/* While lo is up, all of 127/8 but its broadcast address is local (the
 * local table's "local 127.0.0.0/8"), and ::1 (addrconf's init_loopback
 * gives lo ::1/128 when it comes up). */
bool netdev_is_local(struct net_ns *net, struct inet_addr addr)
{
	if (!lo_is_up(net))
		return false;
	if (inet_addr_is_v4(addr))
		return on_loopback_net(inet_addr_to_v4(addr)) && inet_addr_to_v4(addr) != LO_BROADCAST;
	return inet_addr_eq(addr, inet_addr_loopback6());
}

/* inet_addr_type's RTN_BROADCAST: the limited broadcast always
 * (ipv4_is_lbcast), lo's subnet broadcast while lo is up (fib_add_ifaddr
 * adds "broadcast 127.255.255.255" to the local table; taking lo down
 * removes it). IPv6 has no broadcast. */
bool netdev_is_broadcast(struct net_ns *net, struct inet_addr addr)
{
	if (!inet_addr_is_v4(addr))
		return false;
	u32 a = inet_addr_to_v4(addr);
	return a == INADDR_BROADCAST || (a == LO_BROADCAST && lo_is_up(net));
}

/* ip_route_output_key_hash_rcu for one device: a local destination is
 * reached through lo from lo's address (the local routes' preferred
 * source), and so is 127.255.255.255, marked broadcast. The limited
 * broadcast has no route: it leaves through the device that owns the
 * socket's bound source address (Linux's "special hack" for an unset
 * oif), so an unbound socket gets ENETUNREACH. */
int netdev_route(struct net_ns *net, struct inet_addr dst, struct inet_addr from, struct inet_route *rt)
{
	bool v4 = inet_addr_is_v4(dst);
	rt->broadcast = netdev_is_broadcast(net, dst);
	rt->dev = &net->lo;
	if (v4 && inet_addr_to_v4(dst) == INADDR_BROADCAST) {
		if (!inet_addr_is_v4(from) || !netdev_is_local(net, from))
			return -ENETUNREACH;
		rt->src = from;
		return 0;
	}
	if (!rt->broadcast && !netdev_is_local(net, dst))
		return -ENETUNREACH; /* no other device, no default route */
	rt->src = v4 ? inet_addr_v4(INADDR_LOOPBACK) : inet_addr_loopback6();
	return 0;
}

static int set_flags(struct netdev *dev, s16 flags)
{
	if (!capable(CAP_NET_ADMIN))
		return -EPERM;
	unsigned long irq = spin_lock_irqsave(&netdev_lock);
	unsigned old = dev->flags;
	bool first_addr = false;
	dev->flags = (old & IFF_LOOPBACK) | ((unsigned)flags & IFF_UP);
	if (dev->flags & IFF_UP) {
		dev->flags |= IFF_RUNNING;
		if (!(old & IFF_UP)) {
			u64 now = time_since_boot_ns();
			first_addr = !dev->addr;
			if (first_addr)
				dev->addr_ns = now; /* inetdev keeps it while down */
			dev->addr6_ns = now;	    /* ::1 is given at each NETDEV_UP */
		}
		dev->addr = INADDR_LOOPBACK;
		dev->prefix_len = 8;
	}
	bool up = (dev->flags & IFF_UP) && !(old & IFF_UP), down = !(dev->flags & IFF_UP) && (old & IFF_UP);
	spin_unlock_irqrestore(&netdev_lock, irq);
	/* the address notifications: 127.0.0.1 when inetdev_event's NETDEV_UP
	 * first gives it (inet_insert_ifa; it stays while down), ::1 at each
	 * up (addrconf's init_loopback) and down (addrconf_ifdown) */
	if (first_addr)
		rtnl_addr_notify(dev->net, false, true);
	if (up || down) {
		rtnl_addr_notify(dev->net, true, up);
		packet_dev_notify(dev, up);
	}
	return 0;
}

int netdev_set_flags(struct net_ns *net, int ifindex, unsigned flags)
{
	struct netdev *dev = netdev_by_index(net, ifindex);
	if (!dev)
		return -ENODEV;
	return set_flags(dev, (s16)flags);
}

bool netdev_info_at(struct net_ns *net, int n, struct netdev_info *out)
{
	if (n != 0)
		return false; /* lo is the only device */
	struct netdev *dev = &net->lo;
	unsigned long irq = spin_lock_irqsave(&netdev_lock);
	bool up = dev->flags & IFF_UP;
	*out = (struct netdev_info){
		.name = dev->name,
		.ifindex = dev->ifindex,
		.flags = dev->flags | (up ? IFF_LOWER_UP : 0),
		.mtu = dev->mtu,
		.addr = dev->addr,
		.prefix_len = dev->prefix_len,
		.has_addr6 = up,
		.activated = dev->addr != 0, /* the address comes with the first IFF_UP and stays */
		.addr_ns = dev->addr_ns,
		.addr6_ns = dev->addr6_ns,
	};
	spin_unlock_irqrestore(&netdev_lock, irq);
	out->packets = __atomic_load_n(&dev->packets, __ATOMIC_RELAXED);
	out->bytes = __atomic_load_n(&dev->bytes, __ATOMIC_RELAXED);
	return true;
}

/* if6_seq_show: one line per IPv6 address — the address in hex, ifindex,
 * prefix length, scope (IFA_HOST 0x10) and flags (IFA_F_PERMANENT) in two
 * hex digits each, the device name right-aligned in 8 columns. */
size_t if_inet6_proc_format(char *buf, size_t cap)
{
	struct proc_net_text text = {buf, cap, 0};
	struct netdev_info dev;
	for (int i = 0; netdev_info_at(net_ns_current(), i, &dev); i++) {
		if (!dev.has_addr6)
			continue;
		struct inet_addr a = inet_addr_loopback6(); /* ::1/128, lo's only one */
		for (int b = 0; b < 16; b++)
			proc_net_printf(&text, "%02x", a.b[b]);
		proc_net_printf(&text, " %02x %02x %02x %02x %8s\n", dev.ifindex, 128, 0x10, 0x80, dev.name);
	}
	return text.len;
}

/* dev_seq_show: the two header lines, then a line of counters per device
 * (lo's: every packet it carries is sent and received, so both sides count
 * it, in bytes without the link header, as loopback_xmit does). */
size_t dev_proc_format(char *buf, size_t cap)
{
	struct proc_net_text text = {buf, cap, 0};
	proc_net_printf(&text, "Inter-|   Receive                                                |  Transmit\n");
	proc_net_printf(&text, " face |bytes    packets errs drop fifo frame compressed multicast|"
			       "bytes    packets errs drop fifo colls carrier compressed\n");
	struct netdev_info dev;
	for (int i = 0; netdev_info_at(net_ns_current(), i, &dev); i++) {
		unsigned long long bytes = dev.bytes, packets = dev.packets;
		proc_net_printf(&text, "%6s:%8llu %7llu %4u %4u %4u %5u %10u %9u ", dev.name, bytes, packets, 0, 0, 0,
				0, 0, 0);
		proc_net_printf(&text, "%8llu %7llu %4u %4u %4u %5u %7u %10u\n", bytes, packets, 0, 0, 0, 0, 0, 0);
	}
	return text.len;
}

/* dev_ifconf and inet_gifconf: one struct ifreq (name and IPv4 address) per
 * address of a device; with no buffer, the length all of them need. */
static long ifconf(struct net_ns *net, u64 arg)
{
	struct ifconf_user ifc;
	if (copy_from_user(&ifc, uaddr_from(arg), sizeof(ifc)))
		return -EFAULT;
	struct netdev *dev = &net->lo;
	unsigned long irq = spin_lock_irqsave(&netdev_lock);
	bool has_addr = dev->addr != 0; /* given when lo first came up, as inetdev keeps it */
	u32 addr = dev->addr;
	spin_unlock_irqrestore(&netdev_lock, irq);
	s32 total = 0;
	if (has_addr) {
		if (!ifc.buf) {
			total = sizeof(struct ifreq_user);
		} else if (ifc.len >= (s32)sizeof(struct ifreq_user)) {
			struct ifreq_user ifr = {0};
			memcpy(ifr.name, dev->name, strlen(dev->name) + 1);
			ifr.addr.sin_family = AF_INET;
			ifr.addr.sin_addr = net32(addr);
			if (copy_to_user(uaddr_from(ifc.buf), &ifr, sizeof(ifr)))
				return -EFAULT;
			total = sizeof(ifr);
		}
	}
	return put_user_u32(uaddr_from(arg), (u32)total) ? -EFAULT : 0;
}

/* SIOCGIFNAME: the name of the device with ifr_ifindex (if_indextoname). */
static long ifname(struct net_ns *net, u64 arg)
{
	struct ifreq_user ifr;
	if (copy_from_user(&ifr, uaddr_from(arg), sizeof(ifr)))
		return -EFAULT;
	struct netdev *dev = netdev_by_index(net, ifr.ivalue);
	if (!dev)
		return -ENODEV;
	memset(ifr.name, 0, sizeof(ifr.name));
	memcpy(ifr.name, dev->name, strlen(dev->name) + 1);
	return copy_to_user(uaddr_from(arg), &ifr, sizeof(ifr)) ? -EFAULT : 0;
}

#define ARPHRD_LOOPBACK 772 /* uapi/linux/if_arp.h: lo's device type */

/* The ifreq requests about lo (dev_ifsioc_locked, devinet_ioctl): the
 * IPv4 ones (address, netmask, broadcast, destination) answer
 * EADDRNOTAVAIL until lo first came up, and its 127.0.0.1/8 after, down or
 * not; the hardware address is lo's type with six zero bytes; metric and
 * map are zero. */
static bool ifreq_cmd(unsigned cmd)
{
	switch (cmd) {
	case SIOCGIFFLAGS:
	case SIOCSIFFLAGS:
	case SIOCGIFADDR:
	case SIOCGIFDSTADDR:
	case SIOCGIFBRDADDR:
	case SIOCGIFNETMASK:
	case SIOCGIFMETRIC:
	case SIOCGIFMTU:
	case SIOCGIFHWADDR:
	case SIOCGIFMAP:
	case SIOCGIFINDEX:
	case SIOCGIFTXQLEN: return true;
	default: return false;
	}
}

static bool ifreq_inet_cmd(unsigned cmd)
{
	return cmd == SIOCGIFADDR || cmd == SIOCGIFDSTADDR || cmd == SIOCGIFBRDADDR || cmd == SIOCGIFNETMASK;
}

long netdev_ioctl(struct net_ns *net, unsigned cmd, u64 arg)
{
	if (cmd == SIOCGIFCONF)
		return ifconf(net, arg);
	if (cmd == SIOCGIFNAME)
		return ifname(net, arg);
	if (!ifreq_cmd(cmd))
		return -ENOIOCTLCMD;
	struct ifreq_user ifr;
	if (copy_from_user(&ifr, uaddr_from(arg), sizeof(ifr)))
		return -EFAULT;
	ifr.name[IFNAMSIZ - 1] = 0;
	struct netdev *dev = &net->lo;
	if (strcmp(ifr.name, dev->name) != 0)
		return -ENODEV;
	if (cmd == SIOCSIFFLAGS)
		return set_flags(dev, ifr.flags);
	unsigned long irq = spin_lock_irqsave(&netdev_lock);
	bool has_addr = dev->addr != 0; /* given at the first IFF_UP, kept when lo goes down (inetdev) */
	switch (cmd) {
	case SIOCGIFFLAGS: ifr.flags = (s16)dev->flags; break;
	case SIOCGIFMTU: ifr.ivalue = (s32)dev->mtu; break;
	case SIOCGIFINDEX: ifr.ivalue = dev->ifindex; break;
	case SIOCGIFTXQLEN: ifr.ivalue = NETDEV_TXQLEN; break;
	case SIOCGIFMETRIC: ifr.ivalue = 0; break;
	case SIOCGIFMAP: memset(ifr.pad, 0, sizeof(ifr.pad)); break;
	case SIOCGIFHWADDR:
		memset(&ifr.hwaddr, 0, sizeof(ifr.hwaddr));
		ifr.hwaddr.family = ARPHRD_LOOPBACK;
		break;
	default: { /* SIOCGIFADDR, SIOCGIFDSTADDR (the address itself: not point-to-point), BRDADDR, NETMASK */
		u32 v = dev->addr;
		if (cmd == SIOCGIFBRDADDR)
			v = 0; /* lo has no broadcast address */
		else if (cmd == SIOCGIFNETMASK)
			v = dev->prefix_len ? ~0u << (32 - dev->prefix_len) : 0;
		memset(&ifr.addr, 0, sizeof(ifr.addr));
		ifr.addr.sin_family = AF_INET;
		ifr.addr.sin_addr = net32(v);
		break;
	}
	}
	spin_unlock_irqrestore(&netdev_lock, irq);
	if (ifreq_inet_cmd(cmd) && !has_addr)
		return -EADDRNOTAVAIL;
	return copy_to_user(uaddr_from(arg), &ifr, sizeof(ifr)) ? -EFAULT : 0;
}
