/*
 * inet.h — the IPv4 stack's private structures (netdev.c, ipv4.c, udp.c).
 *
 * Packets are real: a UDP send builds a UDP header (with its checksum over
 * the pseudo-header) inside an IPv4 header (with its own checksum) in a
 * struct pkt, hands it to the device the route picks, and the device
 * delivers it back through ip_rcv, which checks both and finds the
 * receiving socket by address and port. The only device is the loopback
 * "lo" (netdev.c), down at boot as on Linux: SIOCSIFFLAGS IFF_UP brings it
 * up with 127.0.0.1/8 and ::1/128. A virtio-net driver would be a second
 * netdev whose xmit puts the packet on its ring and whose interrupt calls
 * netif_rx.
 *
 * Addresses are IPv6-sized everywhere above the IP layer (struct
 * inet_addr): an IPv4 address a.b.c.d is the v4-mapped ::ffff:a.b.c.d
 * (RFC 4291 2.5.5.2), so one socket table serves AF_INET and AF_INET6 and an
 * AF_INET6 socket on :: takes IPv4 peers as Linux's does (IPV6_V6ONLY off).
 * The IP layer sends a packet between two v4-mapped addresses as IPv4
 * (ipv4.c), any other as IPv6 (ipv6.c).
 */
#pragma once

#include <list.h>
#include <mutex.h>
#include <net.h>
#include <string.h>
#include <uapi/in.h>
#include <uapi/if.h>
#include <uapi/sockios.h>

static inline u16 net16(u16 v)
{
	return __builtin_bswap16(v); /* host (little-endian) <-> network order */
}

static inline u32 net32(u32 v)
{
	return __builtin_bswap32(v);
}

/* An IPv6 address, or an IPv4 one v4-mapped, in network byte order (struct in6_addr). */
struct inet_addr {
	u8 b[16];
};

/* a.b.c.d (host order) as ::ffff:a.b.c.d */
static inline struct inet_addr inet_addr_v4(u32 host)
{
	struct inet_addr a = {.b = {[10] = 0xff, [11] = 0xff}};
	u32 n = net32(host);
	memcpy(a.b + 12, &n, sizeof(n));
	return a;
}

/* Is a an IPv4 address (v4-mapped)? */
static inline bool inet_addr_is_v4(struct inet_addr a)
{
	static const u8 prefix[12] = {[10] = 0xff, [11] = 0xff};
	return memcmp(a.b, prefix, sizeof(prefix)) == 0;
}

/* The 32-bit word i (0..3) as it lies in memory: /proc/net prints these. */
static inline u32 inet_addr_word(struct inet_addr a, int i)
{
	u32 w;
	memcpy(&w, a.b + 4 * i, sizeof(w));
	return w;
}

/* The IPv4 address (host order) of a v4-mapped address. */
static inline u32 inet_addr_to_v4(struct inet_addr a)
{
	return net32(inet_addr_word(a, 3));
}

static inline bool inet_addr_eq(struct inet_addr a, struct inet_addr b)
{
	return memcmp(a.b, b.b, sizeof(a.b)) == 0;
}

/* :: (an AF_INET6 socket's wildcard) */
static inline bool inet_addr_is_zero(struct inet_addr a)
{
	static const u8 zero[16];
	return memcmp(a.b, zero, sizeof(zero)) == 0;
}

/* A wildcard: :: or 0.0.0.0 (::ffff:0.0.0.0). */
static inline bool inet_addr_is_any(struct inet_addr a)
{
	return inet_addr_is_zero(a) || (inet_addr_is_v4(a) && inet_addr_to_v4(a) == INADDR_ANY);
}

/* The wildcard of a family: 0.0.0.0 for AF_INET, :: for AF_INET6. */
static inline struct inet_addr inet_addr_any(int family)
{
	return family == AF_INET ? inet_addr_v4(INADDR_ANY) : (struct inet_addr){{0}};
}

/* ::1 */
static inline struct inet_addr inet_addr_loopback6(void)
{
	return (struct inet_addr){.b = {[15] = 1}};
}

/*
 * A packet: len bytes at data, inside buf. The checksum fields are Linux's
 * skb->ip_summed in two flags: csum_partial says the transport checksum is
 * not filled yet (CHECKSUM_PARTIAL: the field at csum_offset from the
 * transport header holds 0 and csum_pseudo is the pseudo-header's sum);
 * ip_queue_xmit fills it unless the device checksums (netdev.hw_csum).
 * csum_valid says the receiver need not check it (CHECKSUM_UNNECESSARY:
 * the loopback device sets it, as Linux's loopback_xmit does, since the
 * bytes never left memory).
 */
struct pkt {
	struct list_head node;
	struct netdev *dev;
	size_t len;
	u8 *data;
	size_t truesize; /* the memory it takes: struct and buffer (Linux's skb->truesize) */
	bool csum_partial, csum_valid;
	u16 csum_offset;
	u32 csum_pseudo;
	bool ip_no_df;	 /* send: IPv4 without DF (an ICMP reply, as icmp_reply's socket sends) */
	u8 ip_tos;	 /* send: IPv4's type of service, IPv6's traffic class */
	bool ip_ttl_set; /* send: ip_ttl is the TTL or hop limit (else the default, 64) */
	u8 ip_ttl;
	u8 hop_limit;  /* receive: the IP header's TTL or hop limit */
	u8 rx_tos;     /* receive: its TOS or traffic class */
	u64 tstamp_ns; /* receive, TCP: the arrival of its newest bytes (SO_TIMESTAMP*), 0: none */
	u8 *net_hdr;   /* receive: the IPv4 header (raw sockets copy it; Linux's network_header) */
	/* ETH_HLEN: data starts with the frame's Ethernet header (a packet
	 * socket's frame); 0: data is an IP packet, whose header lo makes */
	u16 mac_len;
	const struct sock *origin; /* the packet socket that sent it (compared only, never used) */
	u8 buf[];
};

/* A packet of len bytes; only the struct is zeroed, not the bytes. Its
 * buffer ends at buf + truesize - sizeof(struct pkt). */
struct pkt *pkt_alloc(size_t len);

/* Room after a packet's data in its own buffer. */
static inline size_t pkt_tailroom(const struct pkt *p)
{
	return (size_t)((const u8 *)p + p->truesize - (p->data + p->len));
}

#define NETDEV_TXQLEN 1000 /* tx_queue_len: DEFAULT_TX_QUEUE_LEN, lo's too (IFLA_TXQLEN, SIOCGIFTXQLEN) */

struct netdev {
	struct net_ns *net; /* the namespace it is in (no reference: the namespace holds it) */
	const char *name;
	int ifindex;
	unsigned flags; /* IFF_* [netdev_lock] */
	u32 mtu;
	u32 addr, prefix_len;  /* IPv4 address (host order) while up [netdev_lock] */
	u64 addr_ns, addr6_ns; /* when the IPv4 and IPv6 addresses were given (IFA_CACHEINFO) [netdev_lock] */
	u64 packets, bytes;    /* sent, which on lo is also received (loopback_get_stats64) [atomic] */
	bool hw_csum;	       /* fills csum_partial checksums itself (NETIF_F_HW_CSUM) */
	/* Sends p (consumes it). */
	void (*xmit)(struct netdev *dev, struct pkt *p);
};

/*
 * A network namespace (Linux's struct net, man 7 network_namespaces):
 * its own loopback device — with the addresses and routes that come with
 * it — and its own view of everything keyed by it: sockets (each holds a
 * reference, sock.net) bind and find each other only within their
 * namespace, rtnetlink and /proc/net show the caller's, and the IPv4
 * device configuration (net.ipv4.conf.*) is its own. init_net is the
 * initial one; a new one starts with lo down (net_ns_new).
 */
struct net_ns {
	int refcount; /* creds, sockets, namespace files [atomic] */
	u32 inum;     /* /proc/PID/ns/net's number */
	struct netdev lo;
	/* net.ipv4.conf.{all,default,lo}: the entries kept (IPV4_DEVCONF_*) [netdev_lock] */
	int conf[NET_CONF_DEVS][IPV4_CONF_MAX];
};
extern struct net_ns init_net;

/* netdev.c */
/* A namespace's lo, down, and its net.ipv4.conf values (net_ns_new). */
void netdev_init_loopback(struct net_ns *net);
void netdev_conf_init(struct net_ns *net);
/* The device of a namespace with that index, or NULL (dev_get_by_index;
 * devices live as long as their namespace, which the caller holds). */
struct netdev *netdev_by_index(struct net_ns *net, int ifindex);
bool netdev_is_up(struct netdev *dev);
/* Has net an IPv4 local table (fib_new_table)? init_net has from boot, a
 * new namespace once its lo first comes up. */
bool netdev_has_local_table(struct net_ns *net);
/* A packet socket's frame (p->mac_len = ETH_HLEN) out of dev (consumes
 * it); the backlog runs before it returns. */
void netdev_xmit_frame(struct netdev *dev, struct pkt *p);
/* What rtnetlink reports about a device (a copy taken under netdev_lock). */
struct netdev_info {
	const char *name;
	int ifindex;
	unsigned flags; /* IFF_*, with IFF_LOWER_UP while up (dev_get_flags) */
	u32 mtu;
	u32 addr, prefix_len; /* IPv4 (host order); addr 0: none */
	bool has_addr6;	      /* ::1/128 (while up) */
	bool activated;	      /* up once: its queueing discipline is noqueue, no more noop (dev_activate) */
	u64 addr_ns, addr6_ns;
	u64 packets, bytes;
};
/* dev_change_flags for the device with that index: IFF_UP is taken, the
 * other flags are not kept (-ENODEV without such a device, -EPERM without
 * CAP_NET_ADMIN). The caller holds no lock. */
int netdev_set_flags(struct net_ns *net, int ifindex, unsigned flags);
/* The device at position n (0, 1, ...) of the device list: false past the end. */
bool netdev_info_at(struct net_ns *net, int n, struct netdev_info *out);
/* A route to a destination (Linux's struct rtable): the device, the source
 * address it prefers (of dst's family) and whether dst is a broadcast
 * address (RTCF_BROADCAST: sending needs SO_BROADCAST, TCP never goes). */
struct inet_route {
	struct netdev *dev;
	struct inet_addr src;
	bool broadcast;
};
/* The route to dst for a socket bound to from (any: unbound), or
 * -ENETUNREACH; 255.255.255.255 is routed only from a local address. */
int __must_check netdev_route(struct net_ns *net, struct inet_addr dst, struct inet_addr from, struct inet_route *rt);
/* Is addr one of ours (a device that is up; a broadcast address is not)? */
bool netdev_is_local(struct net_ns *net, struct inet_addr addr);
/* Is addr a broadcast address: 255.255.255.255, or 127.255.255.255 while lo
 * is up (inet_addr_type's RTN_BROADCAST)? */
bool netdev_is_broadcast(struct net_ns *net, struct inet_addr addr);
/* A device received p: ip_rcv runs now, or after the receive in progress. */
void netif_rx(struct pkt *p);
/* Puts p on the receive backlog without delivering it (any context, spinlocks held). */
void netif_queue(struct pkt *p);
/* Delivers the backlog unless a delivery loop is already running (no lock held). */
void net_rx_run(void);

/* ipv4.c */
u16 inet_checksum(const void *data, size_t len, u32 sum);
/* The pseudo-header's partial sum for inet_checksum: IPv4's (RFC 768, 793)
 * when both addresses are IPv4, else IPv6's (RFC 8200 8.1). */
u32 inet_pseudo_sum(struct inet_addr src, struct inet_addr dst, u8 proto, size_t len);
/* Sends payload (already in p after NET_HDR_ROOM bytes of room for the IP
 * header) from src to dst, as IPv4 when both are v4-mapped, else as IPv6,
 * and runs the receive backlog: the caller holds no lock. ENETUNREACH when
 * only one of them is IPv4. */
int __must_check ip_output(struct net_ns *net, struct pkt *p, struct inet_addr src, struct inet_addr dst, u8 proto);
/* The same without running the backlog (callable under spinlocks; the caller
 * calls net_rx_run after dropping them). */
int __must_check ip_queue_xmit(struct net_ns *net, struct pkt *p, struct inet_addr src, struct inet_addr dst, u8 proto);
#define IP_HDR_LEN 20
#define IPV6_HDR_LEN 40
#define NET_HDR_ROOM IPV6_HDR_LEN /* the room a packet keeps for either header */
/* Either version's packet from a device (consumes it). */
void ip_rcv(struct pkt *p);
/* Hands a packet's payload (at p->data) to TCP or UDP; drops other protocols. */
void ip_deliver(struct pkt *p, u8 proto, struct inet_addr src, struct inet_addr dst);

/* ipv6.c */
struct ipv6hdr {
	u32 ver_tc_flow; /* version 6, traffic class, flow label */
	u16 payload_len;
	u8 nexthdr;
	u8 hop_limit;
	u8 saddr[16];
	u8 daddr[16];
};
_Static_assert(sizeof(struct ipv6hdr) == IPV6_HDR_LEN, "IPv6 header");
#define NEXTHDR_FRAGMENT 44
/* Writes the IPv6 header for p (after ip_queue_xmit's route and MTU checks). */
void ipv6_build_header(struct pkt *p, struct inet_addr src, struct inet_addr dst, u8 proto);
void ipv6_rcv(struct pkt *p);
/* ipv6_frag.c: p, a whole IPv6 packet (header built, checksum complete)
 * larger than dev's MTU, sent as fragments; consumes p. */
int ipv6_fragment(struct pkt *p, struct netdev *dev);
/* A fragment for us (p->data at its fragment header): kept until its
 * packet is whole, which then goes to ip_deliver; consumes p. */
void ipv6_frag_rcv(struct pkt *p, struct inet_addr src, struct inet_addr dst);

/* proc_dointvec_minmax's parse of up to two integers in min..max: numbers
 * separated by white space, at least one (vals keeps what is not given).
 * Text after the second is not read: returns the bytes up to it (0 when
 * all were taken), or -EINVAL. */
int sysctl_parse_pair(const char *text, size_t len, long min, long max, long vals[2]);

/* Ephemeral ports: /proc/sys/net/ipv4/ip_local_port_range's default; the
 * current range is inet_port_range's (net.h). */
#define PORT_LOW 32768
#define PORT_HIGH 60999

/*
 * IP-level socket options (level IPPROTO_IP) a TCP or UDP socket keeps
 * (Linux's inet_sock tos and uc_ttl). [the socket's sk.lock]
 */
#define INET_ECN_MASK 3 /* the low two bits of the TOS byte or traffic class (RFC 3168) */
struct inet_opts {
	u8 tos;	      /* IP_TOS */
	int ttl;      /* IP_TTL: -1 is net.ipv4.ip_default_ttl */
	bool pktinfo; /* IP_PKTINFO: UDP's recvmsg adds a struct in_pktinfo */
	u8 pmtudisc;  /* IP_MTU_DISCOVER: IP_PMTUDISC_*; DONT (and for TCP PROBE..OMIT) sends without DF */
	/* IPV6_V6ONLY (AF_INET6 only): set before bind, read by the tables under
	 * their lock without sk.lock (atomic) */
	bool v6only;
	int hops;  /* IPV6_UNICAST_HOPS: -1 is net.ipv6.conf.all.hop_limit */
	u8 tclass; /* IPV6_TCLASS */
	/* UDP's recvmsg adds: IP_RECVTTL, IP_RECVTOS (an IPv4 datagram's TTL
	 * and TOS); IPV6_RECVPKTINFO, IPV6_RECVHOPLIMIT, IPV6_RECVTCLASS
	 * (AF_INET6 only; the last two for an IPv6 datagram) [atomic] */
	bool recvttl, recvtos, recvpktinfo6, recvhoplimit, recvtclass;
	/* IP_RECVERR (inet->recverr: ICMP errors) and IPV6_RECVERR
	 * (np->recverr: ICMPv6 errors): UDP queues them on the error queue and
	 * keeps every one, connected or not, as the pending error [atomic] */
	bool recverr, recverr6;
	/* IP_FREEBIND and IP_TRANSPARENT (also IPV6_FREEBIND and
	 * IPV6_TRANSPARENT: one flag each, as Linux keeps them in inet_sock):
	 * either lets bind take an address that is not local; only
	 * IP_TRANSPARENT lets an IPv4 packet leave from one [atomic] */
	bool freebind, transparent;
	/* IP_BIND_ADDRESS_NO_PORT: bind to port 0 keeps the address and takes
	 * no port; connect, the first send or listen takes one [atomic] */
	bool bind_no_port;
	/* IP_RECVORIGDSTADDR (an IPv4 datagram's destination as a sockaddr_in
	 * control message) and IPV6_RECVORIGDSTADDR (an IPv6 one's); IP_RECVOPTS,
	 * IP_RETOPTS, IP_PASSSEC, IP_CHECKSUM and IP_RECVFRAGSIZE, whose control
	 * messages need what no packet here has (IP options, a security label,
	 * CHECKSUM_COMPLETE, fragments): kept and reported [atomic] */
	bool recvorigdst, recvorigdst6, recvopts, retopts, passsec, checksum, recvfragsize;
	/* IP_MINTTL, IPV6_MINHOPCOUNT: TCP drops segments that arrive with a
	 * smaller TTL or hop limit (tcp_v4_rcv, tcp_v6_rcv) [atomic] */
	u8 minttl, minhops;
};
/* inet_can_nonlocal_bind: IP_FREEBIND or IP_TRANSPARENT (net.ipv4.ip_nonlocal_bind is 0). */
static inline bool inet_nonlocal_bind(const struct inet_opts *o)
{
	return __atomic_load_n(&o->freebind, __ATOMIC_RELAXED) || __atomic_load_n(&o->transparent, __ATOMIC_RELAXED);
}
#define INET_OPTS_INIT ((struct inet_opts){.tos = 0, .ttl = -1, .pmtudisc = IP_PMTUDISC_WANT, .hops = -1})
/* A socket's header options onto a packet it sends to dst (ip_queue_xmit,
 * ip6_xmit): IP_TTL and IP_TOS to an IPv4 peer (an AF_INET6 socket's
 * ::ffff: peers too), IPV6_UNICAST_HOPS and IPV6_TCLASS to an IPv6 one.
 * Read without the socket's lock (each a word or a byte). */
void inet_pkt_opts(struct pkt *p, const struct inet_opts *o, struct inet_addr dst);
/* Whether an IPv4 packet of a socket with these options carries DF (Linux's
 * ip_dont_fragment for TCP's ip_queue_xmit, plus DO and PROBE for the
 * datagrams of ip_make_skb): WANT and DO always, PROBE for datagrams. The
 * option is read without the socket's lock (one byte). */
static inline bool inet_sets_df(const struct inet_opts *o, bool datagram)
{
	u8 mode = __atomic_load_n(&o->pmtudisc, __ATOMIC_RELAXED);
	return mode == IP_PMTUDISC_WANT || mode == IP_PMTUDISC_DO || (datagram && mode == IP_PMTUDISC_PROBE);
}
/* do_ip_setsockopt / do_ip_getsockopt for the options above (stream: a
 * SOCK_STREAM socket, which keeps its ECN bits); ENOPROTOOPT for others. */
int ip_setsockopt(struct sock *sk, struct inet_opts *o, int name, const void *val, int len);
int ip_getsockopt(struct sock *sk, struct inet_opts *o, int name, void *val, int *len);
/* IP_MTU of an AF_INET socket (do_ip_getsockopt): the MTU of the route a
 * connected socket keeps (has_route: UDP connected, TCP past connect and
 * not closed) — every route here is lo's, 65536 capped at IPv4's 65535 —,
 * else ENOTCONN. */
/* A TCP or UDP send of flags that succeeded: with MSG_ZEROCOPY on a socket
 * with SO_ZEROCOPY, it takes the next number and completes at once (its
 * data was copied: SO_EE_CODE_ZEROCOPY_COPIED) through the error queue,
 * extending the newest entry when that one ends with the number before
 * (msg_zerocopy_realloc, __msg_zerocopy_callback,
 * skb_zerocopy_notify_extend). */
void sock_zerocopy_sent(struct sock *sk, int flags);
int ip_mtu_getsockopt(struct sock *sk, bool has_route, void *val, int *len);
/* Is (level, name) IP_MTU on an AF_INET socket or IPV6_MTU on an AF_INET6
 * one (whose answer is lo's 65536 uncapped: ipv6_getsockopt's dst_mtu)? */
bool inet_is_mtu_opt(struct sock *sk, int level, int name);

/* Level IPPROTO_IP (ip_setsockopt) or, on an AF_INET6 socket,
 * IPPROTO_IPV6 (ipv6_setsockopt: IPV6_V6ONLY, EINVAL once bound); other
 * levels ENOPROTOOPT. */
int inet_setsockopt(struct sock *sk, struct inet_opts *o, bool bound, int level, int name, const void *val, int len);
bool inet6_is_addrform(const struct sock *sk, int level, int name);
int inet6_addrform_get(bool connected, void *val, int *len);
int inet6_addrform_check(const struct inet_opts *o, bool busy, bool connected, struct inet_addr peer, const void *val,
			 int len);
int inet_getsockopt(struct sock *sk, struct inet_opts *o, int level, int name, void *val, int *len);

/* ipv6.c: socket addresses and the local-address rules of both families */
/* The address and port of a sockaddr_in (an AF_INET socket: EINVAL if
 * short, EAFNOSUPPORT for another family, AF_UNSPEC with INADDR_ANY allowed
 * when allow_unspec, as inet_bind does) or a sockaddr_in6 (an AF_INET6
 * socket: EINVAL under 24 bytes, SIN6_LEN_RFC2133; EAFNOSUPPORT unless
 * AF_INET6), as inet_bind, inet6_bind and tcp_v[46]_connect check them. */
int __must_check inet_get_name(int family, const void *addr, int len, struct inet_addr *ip, u16 *port,
			       bool allow_unspec);
/* Writes the socket's family's sockaddr for (ip, port) to addr; returns its length. */
int inet_put_name(int family, void *addr, struct inet_addr ip, u16 port);
/* inet_bind / inet6_bind's address checks: EINVAL for a v4-mapped address on
 * a v6-only socket, EADDRNOTAVAIL for one not ours unless nonlocal
 * (inet_nonlocal_bind); EACCES for a port under 1024 without
 * CAP_NET_BIND_SERVICE. */
int __must_check inet_bind_check(struct net_ns *net, struct inet_addr ip, u16 port, bool v6only, bool nonlocal);
/* netdev_route for a socket with options o bound to from: an IPv4 source
 * that is not local (bound with IP_FREEBIND) is ENETUNREACH unless
 * IP_TRANSPARENT lets it leave (ip_route_output_key_hash_rcu's check
 * without FLOWI_FLAG_ANYSRC); IPv6 routes by the destination alone. */
int __must_check inet_route(struct net_ns *net, const struct inet_opts *o, struct inet_addr dst, struct inet_addr from,
			    struct inet_route *rt);
/* A destination for connect or sendto from a socket bound to bound: a
 * v4-mapped one on a v6-only socket is ENETUNREACH; a wildcard means this
 * host: :: is ::1 (tcp_v6_connect, ip6_datagram_connect, udpv6_sendmsg),
 * ::ffff:127.0.0.1 if bound to a v4-mapped address, and 0.0.0.0 the bound
 * address or 127.0.0.1 (ip_route_output_key_hash_rcu). */
int __must_check inet_dst_check(struct inet_addr *dst, struct inet_addr bound, bool v6only);
/* SO_REUSEPORT (reuseport_select_sock): which of n sockets of a group —
 * one family, IPV6_V6ONLY setting, owner, address and port — takes a flow:
 * a hash of its four-tuple with a per-boot secret, so one flow always
 * reaches the same member; 0..n-1. */
u32 inet_reuseport_pick(struct inet_addr src, u16 sport, struct inet_addr dst, u16 dport, u32 n);
/* The group member of a socket table (list, in bind order) that takes the
 * flow: member(node, first) says whether a node is in first's group; first
 * itself when none is. The caller holds the table's lock. */
struct list_head *inet_reuseport_select(struct list_head *list, struct list_head *first,
					bool (*member)(struct list_head *node, struct list_head *first),
					struct inet_addr src, u16 sport, struct inet_addr dst, u16 dport);
/* Does a socket bound to laddr (with IPV6_V6ONLY v6only) take a packet sent to dst? */
bool inet_local_match(struct inet_addr laddr, bool v6only, struct inet_addr dst);
/* Do two local addresses overlap, so that they may not share a port
 * (inet_rcv_saddr_equal with wildcards: 0.0.0.0 covers IPv4, :: IPv6 and,
 * without IPV6_V6ONLY, IPv4 too)? */
bool inet_locals_overlap(struct inet_addr a, bool a_v6only, struct inet_addr b, bool b_v6only);
/* An address as /proc/net shows it: one word in hex for AF_INET, four for AF_INET6. */
void inet_proc_addr(char out[33], int family, struct inet_addr a);

/* snmp.c: the counters of /proc/net/snmp */
enum net_mib {
	MIB_IP_INRECEIVES,
	MIB_IP_INHDRERRORS,
	MIB_IP_INADDRERRORS,
	MIB_IP_INUNKNOWNPROTOS,
	MIB_IP_INDELIVERS,
	MIB_IP_OUTREQUESTS,
	MIB_TCP_ACTIVEOPENS,
	MIB_TCP_PASSIVEOPENS,
	MIB_TCP_ATTEMPTFAILS,
	MIB_TCP_ESTABRESETS,
	MIB_TCP_INSEGS,
	MIB_TCP_OUTSEGS,
	MIB_TCP_INERRS,
	MIB_TCP_OUTRSTS,
	MIB_TCP_INCSUMERRORS,
	MIB_UDP_INDATAGRAMS,
	MIB_UDP_NOPORTS,
	MIB_UDP_INERRORS,
	MIB_UDP_OUTDATAGRAMS,
	MIB_UDP_RCVBUFERRORS,
	MIB_UDP_INCSUMERRORS,
	/* /proc/net/snmp6: UDP's in the same order as IPv4's (udp_mib adds the distance) */
	MIB_UDP6_INDATAGRAMS,
	MIB_UDP6_NOPORTS,
	MIB_UDP6_INERRORS,
	MIB_UDP6_OUTDATAGRAMS,
	MIB_UDP6_RCVBUFERRORS,
	MIB_UDP6_INCSUMERRORS,
	MIB_UDP_IGNOREDMULTI, /* IPv4 only: IPv6 has no broadcast (and no multicast here) */
	MIB_IP6_INRECEIVES,
	MIB_IP6_INHDRERRORS,
	MIB_IP6_INADDRERRORS,
	MIB_IP6_INUNKNOWNPROTOS,
	MIB_IP6_INTRUNCATEDPKTS,
	MIB_IP6_INDELIVERS,
	MIB_IP6_OUTREQUESTS,
	MIB_IP6_OUTNOROUTES,
	MIB_IP6_REASMTIMEOUT,
	MIB_IP6_REASMREQDS,
	MIB_IP6_REASMOKS,
	MIB_IP6_REASMFAILS,
	MIB_IP6_FRAGOKS,
	MIB_IP6_FRAGCREATES,
	MIB_IP6_INOCTETS,
	MIB_IP6_OUTOCTETS,
	MIB_IP6_INNOECTPKTS,
	MIB_IP6_INECT1PKTS,
	MIB_IP6_INECT0PKTS,
	MIB_IP6_INCEPKTS,
	/* icmp_mib_list and icmpv6_mib_list: what is not counted per type */
	MIB_ICMP_INMSGS,
	MIB_ICMP_INERRORS,
	MIB_ICMP_INCSUMERRORS,
	MIB_ICMP_OUTMSGS,
	MIB_ICMP6_INMSGS,
	MIB_ICMP6_INERRORS,
	MIB_ICMP6_OUTMSGS,
	MIB_ICMP6_INCSUMERRORS,
	MIB_MAX,
};
void net_mib_inc(enum net_mib m);
void net_mib_add(enum net_mib m, u64 n);

/* dgram.c: the receive queue of UDP, ping and raw sockets */
struct inet_dgram {
	struct list_head node;
	struct inet_addr saddr, daddr; /* daddr: where it was sent (IP_PKTINFO) */
	u16 sport;		       /* UDP's source port */
	u8 hop_limit;		       /* the IP header's TTL or hop limit (IPV6_HOPLIMIT) */
	u16 dport;		       /* IP_ORIGDSTADDR's port: UDP's destination port, bytes 2-3 of ICMP's */
	u8 tos;			       /* its TOS or traffic class (IP_RECVTOS, IPV6_RECVTCLASS) */
	u16 ll_protocol;	       /* AF_PACKET: the frame's protocol (network order) */
	u8 ll_pkttype;		       /* AF_PACKET: PACKET_HOST... */
	u8 ll_addr[6];		       /* AF_PACKET: the sender's link address */
	int ll_ifindex;		       /* AF_PACKET: the device */
	u64 tstamp_ns;		       /* its arrival (SO_TIMESTAMP*), 0: not stamped */
	u32 drops;		       /* its socket's drops when it was queued (SO_RXQ_OVFL) */
	bool peeked;		       /* an empty one was peeked at: a peek at offset 0 passes it [sk.lock] */
	size_t len;
	u8 data[];
};
struct dgram_queue {
	struct list_head list; /* struct inet_dgram [sk.lock] */
	size_t bytes;	       /* the payload bytes queued [sk.lock] */
	u64 added;	       /* datagrams ever queued: a peek past the queue waits for a new one [sk.lock] */
	struct mutex readlock; /* one reader at a time */
};
void dgram_queue_init(struct dgram_queue *q, const char *name);
/* A datagram of len bytes copied from data (a part of packet p), with p's
 * TTL or hop limit and TOS or class, the rest of its header zero; NULL
 * without memory. */
struct inet_dgram *inet_dgram_alloc(const struct pkt *p, const void *data, size_t len, struct inet_addr src,
				    struct inet_addr dst);
/* Queues d on sk (consumed): false, and d freed, when the socket is
 * released or SO_RCVBUF would be passed. No spinlock held. */
bool dgram_enqueue(struct sock *sk, struct dgram_queue *q, struct inet_dgram *d);
/* The next datagram, off the queue unless MSG_PEEK (the caller frees it
 * then), waiting as MSG_DONTWAIT and SO_RCVTIMEO say; a pending error comes
 * first. With q->readlock held (it is dropped while waiting). */
int __must_check dgram_next(struct sock *sk, struct dgram_queue *q, int flags, struct inet_dgram **out);
/* dgram_next for a peek *off bytes into the queue (SO_PEEK_OFF; -1 or no
 * MSG_PEEK: the head), as __skb_try_recv_from_queue: whole datagrams the
 * offset covers are passed over, and *off becomes the offset into the one
 * returned; past the queue's end it waits for a new datagram. */
int __must_check dgram_next_at(struct sock *sk, struct dgram_queue *q, int flags, int *off, struct inet_dgram **out);
/* Copies d's data to the reader, with its arrival time for SO_TIMESTAMP*:
 * the bytes copied (the datagram's length with the MSG_TRUNC flag;
 * MSG_TRUNC in out_flags when cut), or -EFAULT. */
ssize_t dgram_copy_out(struct sock *sk, struct sock_msg *m, const struct inet_dgram *d, size_t len);
/* dgram_copy_out from off bytes into d, as udp_recvmsg copies: MSG_TRUNC
 * unless the buffer holds all from off, or all of d. */
ssize_t dgram_copy_out_at(struct sock *sk, struct sock_msg *m, const struct inet_dgram *d, size_t off, size_t len);
/* ip_cmsg_recv for an IPv4 datagram d (UDP, ping, raw): IP_PKTINFO, then
 * IP_RECVTTL's TTL (an int) and IP_RECVTOS's TOS (a byte), as o asks. */
void dgram_put_ip4_cmsgs(struct sock *sk, const struct inet_opts *o, struct sock_msg *m, const struct inet_dgram *d);
/* datagram_poll: always writable, readable with a datagram queued. */
short dgram_poll(struct sock *sk, struct dgram_queue *q, struct poll_table *pt);
/* SIOCINQ (the next datagram's size) and SIOCOUTQ (0); -ENOIOCTLCMD for others. */
long dgram_ioctl(struct sock *sk, struct dgram_queue *q, unsigned cmd, u64 arg);
/* inet_shutdown: the bits are set; ENOTCONN unless connected. */
int dgram_shutdown(struct sock *sk, int mode, bool connected);
/* The file's last close: no more datagrams are queued, and those queued are freed. */
void dgram_release(struct sock *sk, struct dgram_queue *q);

/* udp.c */
#define UDP_HDR_LEN 8
void udp_rcv(struct pkt *p, struct inet_addr src, struct inet_addr dst);
/* An ICMP or ICMPv6 error as icmp.c read it, for the transport that sent
 * the datagram it quotes (icmp_unreach's and icmpv6_notify's arguments). */
struct icmp_err {
	int err;		   /* the errno (icmp_err_convert, icmpv6_err_convert); 0: ignored */
	bool hard;		   /* a fatal one: reported to a connected socket without IP_RECVERR */
	bool v6;		   /* ICMPv6 (SO_EE_ORIGIN_ICMP6), else ICMP */
	bool frag_needed;	   /* ICMP's FRAG_NEEDED: hard, or ignored under IP_PMTUDISC_DONT */
	u8 type, code;		   /* the message's */
	u32 info;		   /* ee_info: the MTU of FRAG_NEEDED and PKT_TOOBIG, PARAMETERPROB's pointer */
	struct inet_addr offender; /* the message's source */
	const u8 *payload;	   /* the quoted datagram past its UDP header */
	size_t payload_len;
};
/* __udp4_lib_err / __udp6_lib_err: an ICMP error quoting a datagram we sent
 * from (src, sport) to (dst, dport). With IP_RECVERR (ICMP) or IPV6_RECVERR
 * (ICMPv6) the socket queues it on its error queue (ip_icmp_error,
 * ipv6_icmp_error) and takes its errno as the pending error; without, only
 * a connected socket takes a hard one (SO_ERROR, the next send or receive).
 * False when no socket has that address (Linux counts the ICMP message in
 * InErrors then). */
bool udp_err(struct net_ns *net, struct inet_addr src, u16 sport, struct inet_addr dst, u16 dport,
	     const struct icmp_err *e);

/* icmp.c: an ICMP (IPv4) or ICMPv6 message for us, at p->data; raw
 * sockets get their copies, echo requests are answered, echo replies go to
 * ping sockets. */
void icmp_rcv(struct pkt *p, struct inet_addr src, struct inet_addr dst);
/* icmp_send / icmp6_send of ICMP_PORT_UNREACH / ICMPV6_PORT_UNREACH for p,
 * a UDP datagram (p->data at its UDP header) from src to dst that no socket
 * took; p is not consumed. The caller holds no lock. */
void icmp_send_port_unreach(const struct pkt *p, struct inet_addr src, struct inet_addr dst);
/* socket(AF_INET, SOCK_DGRAM or SOCK_RAW, IPPROTO_ICMP) and AF_INET6 with IPPROTO_ICMPV6. */
int icmp_create(int family, int type, int protocol, struct sock **out);
/* The per-type counters of /proc/net/snmp's IcmpMsg lines and snmp6's
 * Icmp6InTypeN/OutTypeN lines (index: type, plus 256 for sent). */
u64 icmp_msg_count(bool v6, int index);

/* tcp.c */
#define TCP_HDR_LEN 20
/* socket(AF_INET or AF_INET6, SOCK_STREAM, 0 or IPPROTO_TCP). */
int tcp_create(int family, struct sock **out);
void tcp_rcv(struct pkt *p, struct inet_addr src, struct inet_addr dst);

/* af_packet.c: the taps. A frame as the devices see it: its Ethernet
 * header (mac, 14 bytes) and its payload. */
struct packet_frame {
	struct netdev *dev;
	const u8 *mac;
	const u8 *data;
	size_t len;
	u16 protocol; /* network order (skb->protocol) */
	u8 pkttype;   /* PACKET_HOST, PACKET_OUTGOING... */
	bool csum_partial, csum_valid;
	const struct sock *origin; /* a packet socket's own frame: not tapped on the way out */
};
/* Is any packet socket receiving? (a cheap test before packet_deliver) */
bool packet_taps_active(void);
/* The frame to every packet socket that wants it; the caller holds no lock. */
void packet_deliver(const struct packet_frame *f);
/* eth_type_trans for lo: the protocol (network order) and packet type of a
 * received frame with Ethernet header mac and payload. */
void packet_classify(const u8 *mac, const u8 *payload, size_t len, u16 *protocol, u8 *pkttype);
/* packet_notifier: dev went up or down. */
void packet_dev_notify(struct netdev *dev, bool up);
