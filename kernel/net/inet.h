/*
 * inet.h — the IPv4 stack's private structures (netdev.c, ipv4.c, udp.c).
 *
 * Packets are real: a UDP send builds a UDP header (with its checksum over
 * the pseudo-header) inside an IPv4 header (with its own checksum) in a
 * struct pkt, hands it to the device the route picks, and the device
 * delivers it back through ip_rcv, which checks both and finds the
 * receiving socket by address and port. The only device is the loopback
 * "lo" (netdev.c), down at boot as on Linux: SIOCSIFFLAGS IFF_UP brings it
 * up with 127.0.0.1/8. A virtio-net driver would be a second netdev whose
 * xmit puts the packet on its ring and whose interrupt calls netif_rx.
 */
#pragma once

#include <list.h>
#include <net.h>
#include <uapi/sockios.h>

static inline u16 net16(u16 v)
{
	return __builtin_bswap16(v); /* host (little-endian) <-> network order */
}

static inline u32 net32(u32 v)
{
	return __builtin_bswap32(v);
}

#define IPPROTO_IP 0
#define IPPROTO_ICMP 1
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define INADDR_ANY 0u
#define INADDR_LOOPBACK 0x7f000001u /* host order */

struct sockaddr_in_user {
	u16 sin_family;
	u16 sin_port; /* network order */
	u32 sin_addr; /* network order */
	u8 sin_zero[8];
};

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

#define IFF_UP 0x1
#define IFF_LOOPBACK 0x8
#define IFF_RUNNING 0x40

struct netdev {
	const char *name;
	int ifindex;
	unsigned flags; /* IFF_* [netdev_lock] */
	u32 mtu;
	u32 addr, prefix_len; /* IPv4 address (host order) while up [netdev_lock] */
	bool hw_csum;	      /* fills csum_partial checksums itself (NETIF_F_HW_CSUM) */
	/* Sends p (consumes it). */
	void (*xmit)(struct netdev *dev, struct pkt *p);
};

/* netdev.c */
/* The device that reaches dst (host order), with the source address to use, or -ENETUNREACH. */
int __must_check netdev_route(u32 dst, u32 *src, struct netdev **dev);
/* Is addr (host order) one of ours (a device that is up)? */
bool netdev_is_local(u32 addr);
/* A device received p: ip_rcv runs now, or after the receive in progress. */
void netif_rx(struct pkt *p);
/* Puts p on the receive backlog without delivering it (any context, spinlocks held). */
void netif_queue(struct pkt *p);
/* Delivers the backlog unless a delivery loop is already running (no lock held). */
void net_rx_run(void);

/* ipv4.c */
u16 inet_checksum(const void *data, size_t len, u32 sum);
/* Sends payload (len bytes, already in p after room for the IP header) and
 * runs the receive backlog: the caller holds no lock. */
int __must_check ip_output(struct pkt *p, u32 src, u32 dst, u8 proto);
/* The same without running the backlog (callable under spinlocks; the caller
 * calls net_rx_run after dropping them). */
int __must_check ip_queue_xmit(struct pkt *p, u32 src, u32 dst, u8 proto);
#define IP_HDR_LEN 20
void ip_rcv(struct pkt *p);

/* Ephemeral ports: /proc/sys/net/ipv4/ip_local_port_range's default; the
 * current range is inet_port_range's (net.h). */
#define PORT_LOW 32768
#define PORT_HIGH 60999

/*
 * IP-level socket options (level IPPROTO_IP) a TCP or UDP socket keeps
 * (Linux's inet_sock tos and uc_ttl). [the socket's sk.lock]
 */
struct inet_opts {
	u8 tos;	      /* IP_TOS */
	int ttl;      /* IP_TTL: -1 is net.ipv4.ip_default_ttl */
	bool pktinfo; /* IP_PKTINFO: UDP's recvmsg adds a struct in_pktinfo */
};
#define IP_PKTINFO 8
#define INET_OPTS_INIT ((struct inet_opts){.tos = 0, .ttl = -1})
/* do_ip_setsockopt / do_ip_getsockopt for the options above (stream: a
 * SOCK_STREAM socket, which keeps its ECN bits); ENOPROTOOPT for others. */
int ip_setsockopt(struct sock *sk, struct inet_opts *o, int name, const void *val, int len);
int ip_getsockopt(struct sock *sk, struct inet_opts *o, int name, void *val, int *len);

/* udp.c */
/* A sockaddr_in from the caller: EINVAL if short, EAFNOSUPPORT for another
 * family (AF_UNSPEC with INADDR_ANY allowed when allow_unspec, as inet_bind does). */
int get_sin(const void *addr, int len, u32 *ip, u16 *port, bool allow_unspec);
/* Writes a sockaddr_in for (ip, port) to addr; returns its length. */
int put_sin(void *addr, u32 ip, u16 port);

#define UDP_HDR_LEN 8
void udp_rcv(struct pkt *p, u32 src, u32 dst);

/* tcp.c */
#define TCP_HDR_LEN 20
/* socket(AF_INET, SOCK_STREAM, 0 or IPPROTO_TCP). */
int tcp_create(struct sock **out);
void tcp_rcv(struct pkt *p, u32 src, u32 dst);
