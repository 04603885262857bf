/*
 * snmp.c — the IPv4, TCP and UDP counters of /proc/net/snmp (Linux
 * net/ipv4/proc.c snmp_seq_show, the MIBs of RFC 4293, 4022 and 4113).
 *
 * One array of atomic counters, incremented where the stack does what
 * each counts (net_mib_inc's callers): Ip InReceives, InHdrErrors,
 * InAddrErrors, InUnknownProtos, InDelivers and OutRequests for IPv4
 * packets (IPv6's are /proc/net/snmp6's, below); Tcp
 * ActiveOpens, PassiveOpens, AttemptFails, EstabResets, InSegs, OutSegs,
 * InErrs and OutRsts for both versions, CurrEstab counted from the table
 * when the file is read (the connections in ESTABLISHED, what Linux's
 * counter tracks); Udp InDatagrams, NoPorts, InErrors, OutDatagrams and
 * RcvbufErrors for IPv4. Nothing is retransmitted and there is no ICMP,
 * fragmentation or forwarding, so those counters stay 0, as on a Linux
 * loopback that never needed them.
 *
 * /proc/net/snmp6 (net/ipv6/proc.c snmp6_seq_show): one "name value" line
 * per counter, the name padded to 32 columns and a tab: Ip6 (RFC 4293's
 * ipSystemStats for IPv6), Icmp6 (all 0: no ICMPv6 here), Udp6 and
 * UdpLite6.
 */
#include "tcp.h"

static u64 mib[MIB_MAX]; /* atomic */

void net_mib_inc(enum net_mib m)
{
	net_mib_add(m, 1);
}

void net_mib_add(enum net_mib m, u64 n)
{
	__atomic_fetch_add(&mib[m], n, __ATOMIC_RELAXED);
}

static unsigned long get(enum net_mib m)
{
	return (unsigned long)__atomic_load_n(&mib[m], __ATOMIC_RELAXED);
}

/* The number of TCP connections in ESTABLISHED. */
static unsigned long curr_estab(void)
{
	unsigned long n = 0;
	unsigned long irq = spin_lock_irqsave(&tcp_table_lock);
	struct tcp_sock *t;
	list_for_each_entry(t, &tcp_socks, node) {
		if (__atomic_load_n(&t->state, __ATOMIC_RELAXED) == TCP_ESTABLISHED)
			n++;
	}
	spin_unlock_irqrestore(&tcp_table_lock, irq);
	return n;
}

/* snmp_seq_show_ipstats, icmp_put, snmp_seq_show_tcp_udp: names, then
 * values; Forwarding 2 (not a router), DefaultTTL 64, RtoAlgorithm 1
 * (other), RtoMin and RtoMax in ms, MaxConn -1 (dynamic). */
size_t snmp_proc_format(char *buf, size_t cap)
{
	struct proc_net_text text = {buf, cap, 0};
	proc_net_line(&text, 0,
		      "Ip: Forwarding DefaultTTL InReceives InHdrErrors InAddrErrors ForwDatagrams InUnknownProtos "
		      "InDiscards InDelivers OutRequests OutDiscards OutNoRoutes ReasmTimeout ReasmReqds ReasmOKs "
		      "ReasmFails FragOKs FragFails FragCreates");
	proc_net_line(&text, 0, "Ip: 2 64 %lu %lu %lu 0 %lu 0 %lu %lu 0 0 0 0 0 0 0 0 0", get(MIB_IP_INRECEIVES),
		      get(MIB_IP_INHDRERRORS), get(MIB_IP_INADDRERRORS), get(MIB_IP_INUNKNOWNPROTOS),
		      get(MIB_IP_INDELIVERS), get(MIB_IP_OUTREQUESTS));
	proc_net_line(&text, 0,
		      "Icmp: InMsgs InErrors InCsumErrors InDestUnreachs InTimeExcds InParmProbs InSrcQuenchs "
		      "InRedirects InEchos InEchoReps InTimestamps InTimestampReps InAddrMasks InAddrMaskReps OutMsgs "
		      "OutErrors OutRateLimitGlobal OutRateLimitHost OutDestUnreachs OutTimeExcds OutParmProbs "
		      "OutSrcQuenchs OutRedirects OutEchos OutEchoReps OutTimestamps OutTimestampReps OutAddrMasks "
		      "OutAddrMaskReps");
	proc_net_line(&text, 0, "Icmp: 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0");
	proc_net_line(&text, 0,
		      "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets "
		      "CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors");
	proc_net_line(&text, 0, "Tcp: 1 200 120000 -1 %lu %lu %lu %lu %lu %lu %lu 0 %lu %lu %lu",
		      get(MIB_TCP_ACTIVEOPENS), get(MIB_TCP_PASSIVEOPENS), get(MIB_TCP_ATTEMPTFAILS),
		      get(MIB_TCP_ESTABRESETS), curr_estab(), get(MIB_TCP_INSEGS), get(MIB_TCP_OUTSEGS),
		      get(MIB_TCP_INERRS), get(MIB_TCP_OUTRSTS), get(MIB_TCP_INCSUMERRORS));
	static const char udp_names[] = "InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors "
					"InCsumErrors IgnoredMulti MemErrors";
	proc_net_line(&text, 0, "Udp: %s", udp_names);
	proc_net_line(&text, 0, "Udp: %lu %lu %lu %lu %lu 0 %lu 0 0", get(MIB_UDP_INDATAGRAMS), get(MIB_UDP_NOPORTS),
		      get(MIB_UDP_INERRORS), get(MIB_UDP_OUTDATAGRAMS), get(MIB_UDP_RCVBUFERRORS),
		      get(MIB_UDP_INCSUMERRORS));
	proc_net_line(&text, 0, "UdpLite: %s", udp_names);
	proc_net_line(&text, 0, "UdpLite: 0 0 0 0 0 0 0 0 0");
	return text.len;
}

/* snmp6_ipstats_list, snmp6_icmp6_list, snmp6_udp6_list, snmp6_udplite6_list:
 * each name with its counter, MIB_MAX for one that stays 0 here. */
static const struct {
	const char *name;
	enum net_mib m;
} snmp6_list[] = {
	{"Ip6InReceives", MIB_IP6_INRECEIVES},
	{"Ip6InHdrErrors", MIB_IP6_INHDRERRORS},
	{"Ip6InTooBigErrors", MIB_MAX},
	{"Ip6InNoRoutes", MIB_MAX},
	{"Ip6InAddrErrors", MIB_IP6_INADDRERRORS},
	{"Ip6InUnknownProtos", MIB_IP6_INUNKNOWNPROTOS},
	{"Ip6InTruncatedPkts", MIB_IP6_INTRUNCATEDPKTS},
	{"Ip6InDiscards", MIB_MAX},
	{"Ip6InDelivers", MIB_IP6_INDELIVERS},
	{"Ip6OutForwDatagrams", MIB_MAX},
	{"Ip6OutRequests", MIB_IP6_OUTREQUESTS},
	{"Ip6OutDiscards", MIB_MAX},
	{"Ip6OutNoRoutes", MIB_IP6_OUTNOROUTES},
	{"Ip6ReasmTimeout", MIB_IP6_REASMTIMEOUT},
	{"Ip6ReasmReqds", MIB_IP6_REASMREQDS},
	{"Ip6ReasmOKs", MIB_IP6_REASMOKS},
	{"Ip6ReasmFails", MIB_IP6_REASMFAILS},
	{"Ip6FragOKs", MIB_IP6_FRAGOKS},
	{"Ip6FragFails", MIB_MAX},
	{"Ip6FragCreates", MIB_IP6_FRAGCREATES},
	{"Ip6InMcastPkts", MIB_MAX},
	{"Ip6OutMcastPkts", MIB_MAX},
	{"Ip6InOctets", MIB_IP6_INOCTETS},
	{"Ip6OutOctets", MIB_IP6_OUTOCTETS},
	{"Ip6InMcastOctets", MIB_MAX},
	{"Ip6OutMcastOctets", MIB_MAX},
	{"Ip6InBcastOctets", MIB_MAX},
	{"Ip6OutBcastOctets", MIB_MAX},
	{"Ip6InNoECTPkts", MIB_IP6_INNOECTPKTS},
	{"Ip6InECT1Pkts", MIB_IP6_INECT1PKTS},
	{"Ip6InECT0Pkts", MIB_IP6_INECT0PKTS},
	{"Ip6InCEPkts", MIB_IP6_INCEPKTS},
	{"Icmp6InMsgs", MIB_MAX},
	{"Icmp6InErrors", MIB_MAX},
	{"Icmp6OutMsgs", MIB_MAX},
	{"Icmp6OutErrors", MIB_MAX},
	{"Icmp6InCsumErrors", MIB_MAX},
	{"Icmp6OutRateLimitHost", MIB_MAX},
	{"Icmp6InDestUnreachs", MIB_MAX},
	{"Icmp6InPktTooBigs", MIB_MAX},
	{"Icmp6InTimeExcds", MIB_MAX},
	{"Icmp6InParmProblems", MIB_MAX},
	{"Icmp6InEchos", MIB_MAX},
	{"Icmp6InEchoReplies", MIB_MAX},
	{"Icmp6InGroupMembQueries", MIB_MAX},
	{"Icmp6InGroupMembResponses", MIB_MAX},
	{"Icmp6InGroupMembReductions", MIB_MAX},
	{"Icmp6InRouterSolicits", MIB_MAX},
	{"Icmp6InRouterAdvertisements", MIB_MAX},
	{"Icmp6InNeighborSolicits", MIB_MAX},
	{"Icmp6InNeighborAdvertisements", MIB_MAX},
	{"Icmp6InRedirects", MIB_MAX},
	{"Icmp6InMLDv2Reports", MIB_MAX},
	{"Icmp6OutDestUnreachs", MIB_MAX},
	{"Icmp6OutPktTooBigs", MIB_MAX},
	{"Icmp6OutTimeExcds", MIB_MAX},
	{"Icmp6OutParmProblems", MIB_MAX},
	{"Icmp6OutEchos", MIB_MAX},
	{"Icmp6OutEchoReplies", MIB_MAX},
	{"Icmp6OutGroupMembQueries", MIB_MAX},
	{"Icmp6OutGroupMembResponses", MIB_MAX},
	{"Icmp6OutGroupMembReductions", MIB_MAX},
	{"Icmp6OutRouterSolicits", MIB_MAX},
	{"Icmp6OutRouterAdvertisements", MIB_MAX},
	{"Icmp6OutNeighborSolicits", MIB_MAX},
	{"Icmp6OutNeighborAdvertisements", MIB_MAX},
	{"Icmp6OutRedirects", MIB_MAX},
	{"Icmp6OutMLDv2Reports", MIB_MAX},
	{"Udp6InDatagrams", MIB_UDP6_INDATAGRAMS},
	{"Udp6NoPorts", MIB_UDP6_NOPORTS},
	{"Udp6InErrors", MIB_UDP6_INERRORS},
	{"Udp6OutDatagrams", MIB_UDP6_OUTDATAGRAMS},
	{"Udp6RcvbufErrors", MIB_UDP6_RCVBUFERRORS},
	{"Udp6SndbufErrors", MIB_MAX},
	{"Udp6InCsumErrors", MIB_UDP6_INCSUMERRORS},
	{"Udp6IgnoredMulti", MIB_MAX},
	{"Udp6MemErrors", MIB_MAX},
	{"UdpLite6InDatagrams", MIB_MAX},
	{"UdpLite6NoPorts", MIB_MAX},
	{"UdpLite6InErrors", MIB_MAX},
	{"UdpLite6OutDatagrams", MIB_MAX},
	{"UdpLite6RcvbufErrors", MIB_MAX},
	{"UdpLite6SndbufErrors", MIB_MAX},
	{"UdpLite6InCsumErrors", MIB_MAX},
	{"UdpLite6MemErrors", MIB_MAX},
};

size_t snmp6_proc_format(char *buf, size_t cap)
{
	struct proc_net_text text = {buf, cap, 0};
	for (size_t i = 0; i < sizeof(snmp6_list) / sizeof(snmp6_list[0]); i++) {
		enum net_mib m = snmp6_list[i].m;
		proc_net_printf(&text, "%-32s\t%lu\n", snmp6_list[i].name, m == MIB_MAX ? 0UL : get(m));
	}
	return text.len;
}
