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
 * RcvbufErrors for IPv4; Icmp InMsgs, InErrors, InCsumErrors and OutMsgs
 * with the per-type counts (icmp.c) that give its other columns and the
 * IcmpMsg lines. Nothing is retransmitted and there is no fragmentation or
 * forwarding, so those counters stay 0, as on a Linux loopback that never
 * needed them.
 *
 * /proc/net/snmp6 (net/ipv6/proc.c snmp6_seq_show): one "name value" line
 * per counter, the name padded to 32 columns and a tab: Ip6 (RFC 4293's
 * ipSystemStats for IPv6), Icmp6 (messages, errors and the per-type
 * counts, with an Icmp6InTypeN or OutTypeN line for each type seen), Udp6
 * and UdpLite6.
 */
#include "tcp.h"

#include <format.h>

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

/* icmp_put's values: InMsgs, InErrors, InCsumErrors, the In types of
 * icmpmibmap, OutMsgs, OutErrors, the two rate limits, the Out types. */
static void icmp_put(struct proc_net_text *text)
{
	static const u8 types[] = {3, 11, 12, 4, 5, 8, 0, 13, 14, 17, 18}; /* DestUnreachs ... AddrMaskReps */
	proc_net_printf(text, "Icmp: %lu %lu %lu", get(MIB_ICMP_INMSGS), get(MIB_ICMP_INERRORS),
			get(MIB_ICMP_INCSUMERRORS));
	for (size_t i = 0; i < sizeof(types); i++)
		proc_net_printf(text, " %lu", (unsigned long)icmp_msg_count(false, types[i]));
	proc_net_printf(text, " %lu 0 0 0", get(MIB_ICMP_OUTMSGS));
	for (size_t i = 0; i < sizeof(types); i++)
		proc_net_printf(text, " %lu", (unsigned long)icmp_msg_count(false, 256 + types[i]));
	proc_net_printf(text, "\n");
}

/* icmpmsg_put: the types seen, received (InTypeN) then sent (OutTypeN), in
 * pairs of lines of at most 16; none at all before the first ICMP message. */
static void icmpmsg_put(struct proc_net_text *text)
{
	int index[512], n = 0;
	for (int i = 0; i < 512; i++) {
		if (icmp_msg_count(false, i))
			index[n++] = i;
	}
	for (int start = 0; start < n; start += 16) {
		int end = MIN(start + 16, n);
		proc_net_printf(text, "IcmpMsg:");
		for (int j = start; j < end; j++)
			proc_net_printf(text, " %sType%d", index[j] & 256 ? "Out" : "In", index[j] & 255);
		proc_net_printf(text, "\nIcmpMsg:");
		for (int j = start; j < end; j++)
			proc_net_printf(text, " %lu", (unsigned long)icmp_msg_count(false, index[j]));
		proc_net_printf(text, "\n");
	}
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
	icmp_put(&text);
	icmpmsg_put(&text);
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
	proc_net_line(&text, 0, "Udp: %lu %lu %lu %lu %lu 0 %lu %lu 0", get(MIB_UDP_INDATAGRAMS), get(MIB_UDP_NOPORTS),
		      get(MIB_UDP_INERRORS), get(MIB_UDP_OUTDATAGRAMS), get(MIB_UDP_RCVBUFERRORS),
		      get(MIB_UDP_INCSUMERRORS), get(MIB_UDP_IGNOREDMULTI));
	proc_net_line(&text, 0, "UdpLite: %s", udp_names);
	proc_net_line(&text, 0, "UdpLite: 0 0 0 0 0 0 0 0 0");
	return text.len;
}

/* snmp6_ipstats_list, snmp6_icmp6_list, snmp6_udp6_list, snmp6_udplite6_list:
 * each name with its counter, MIB_MAX for one that stays 0 here; icmp6 is
 * 1 + the index of an ICMPv6 type counter (icmp_msg_count: the type, plus
 * 256 for sent), for the names snmp6_seq_show_icmpv6 takes from them. */
static const struct {
	const char *name;
	enum net_mib m;
	int icmp6;
} snmp6_list[] = {
	{"Ip6InReceives", MIB_IP6_INRECEIVES, 0},
	{"Ip6InHdrErrors", MIB_IP6_INHDRERRORS, 0},
	{"Ip6InTooBigErrors", MIB_MAX, 0},
	{"Ip6InNoRoutes", MIB_MAX, 0},
	{"Ip6InAddrErrors", MIB_IP6_INADDRERRORS, 0},
	{"Ip6InUnknownProtos", MIB_IP6_INUNKNOWNPROTOS, 0},
	{"Ip6InTruncatedPkts", MIB_IP6_INTRUNCATEDPKTS, 0},
	{"Ip6InDiscards", MIB_MAX, 0},
	{"Ip6InDelivers", MIB_IP6_INDELIVERS, 0},
	{"Ip6OutForwDatagrams", MIB_MAX, 0},
	{"Ip6OutRequests", MIB_IP6_OUTREQUESTS, 0},
	{"Ip6OutDiscards", MIB_MAX, 0},
	{"Ip6OutNoRoutes", MIB_IP6_OUTNOROUTES, 0},
	{"Ip6ReasmTimeout", MIB_IP6_REASMTIMEOUT, 0},
	{"Ip6ReasmReqds", MIB_IP6_REASMREQDS, 0},
	{"Ip6ReasmOKs", MIB_IP6_REASMOKS, 0},
	{"Ip6ReasmFails", MIB_IP6_REASMFAILS, 0},
	{"Ip6FragOKs", MIB_IP6_FRAGOKS, 0},
	{"Ip6FragFails", MIB_MAX, 0},
	{"Ip6FragCreates", MIB_IP6_FRAGCREATES, 0},
	{"Ip6InMcastPkts", MIB_MAX, 0},
	{"Ip6OutMcastPkts", MIB_MAX, 0},
	{"Ip6InOctets", MIB_IP6_INOCTETS, 0},
	{"Ip6OutOctets", MIB_IP6_OUTOCTETS, 0},
	{"Ip6InMcastOctets", MIB_MAX, 0},
	{"Ip6OutMcastOctets", MIB_MAX, 0},
	{"Ip6InBcastOctets", MIB_MAX, 0},
	{"Ip6OutBcastOctets", MIB_MAX, 0},
	{"Ip6InNoECTPkts", MIB_IP6_INNOECTPKTS, 0},
	{"Ip6InECT1Pkts", MIB_IP6_INECT1PKTS, 0},
	{"Ip6InECT0Pkts", MIB_IP6_INECT0PKTS, 0},
	{"Ip6InCEPkts", MIB_IP6_INCEPKTS, 0},
	{"Icmp6InMsgs", MIB_ICMP6_INMSGS, 0},
	{"Icmp6InErrors", MIB_ICMP6_INERRORS, 0},
	{"Icmp6OutMsgs", MIB_ICMP6_OUTMSGS, 0},
	{"Icmp6OutErrors", MIB_MAX, 0},
	{"Icmp6InCsumErrors", MIB_ICMP6_INCSUMERRORS, 0},
	{"Icmp6OutRateLimitHost", MIB_MAX, 0},
	{"Icmp6InDestUnreachs", MIB_MAX, 2},
	{"Icmp6InPktTooBigs", MIB_MAX, 3},
	{"Icmp6InTimeExcds", MIB_MAX, 4},
	{"Icmp6InParmProblems", MIB_MAX, 5},
	{"Icmp6InEchos", MIB_MAX, 129},
	{"Icmp6InEchoReplies", MIB_MAX, 130},
	{"Icmp6InGroupMembQueries", MIB_MAX, 131},
	{"Icmp6InGroupMembResponses", MIB_MAX, 132},
	{"Icmp6InGroupMembReductions", MIB_MAX, 133},
	{"Icmp6InRouterSolicits", MIB_MAX, 134},
	{"Icmp6InRouterAdvertisements", MIB_MAX, 135},
	{"Icmp6InNeighborSolicits", MIB_MAX, 136},
	{"Icmp6InNeighborAdvertisements", MIB_MAX, 137},
	{"Icmp6InRedirects", MIB_MAX, 138},
	{"Icmp6InMLDv2Reports", MIB_MAX, 144},
	{"Icmp6OutDestUnreachs", MIB_MAX, 258},
	{"Icmp6OutPktTooBigs", MIB_MAX, 259},
	{"Icmp6OutTimeExcds", MIB_MAX, 260},
	{"Icmp6OutParmProblems", MIB_MAX, 261},
	{"Icmp6OutEchos", MIB_MAX, 385},
	{"Icmp6OutEchoReplies", MIB_MAX, 386},
	{"Icmp6OutGroupMembQueries", MIB_MAX, 387},
	{"Icmp6OutGroupMembResponses", MIB_MAX, 388},
	{"Icmp6OutGroupMembReductions", MIB_MAX, 389},
	{"Icmp6OutRouterSolicits", MIB_MAX, 390},
	{"Icmp6OutRouterAdvertisements", MIB_MAX, 391},
	{"Icmp6OutNeighborSolicits", MIB_MAX, 392},
	{"Icmp6OutNeighborAdvertisements", MIB_MAX, 393},
	{"Icmp6OutRedirects", MIB_MAX, 394},
	{"Icmp6OutMLDv2Reports", MIB_MAX, 400},
	{"Udp6InDatagrams", MIB_UDP6_INDATAGRAMS, 0},
	{"Udp6NoPorts", MIB_UDP6_NOPORTS, 0},
	{"Udp6InErrors", MIB_UDP6_INERRORS, 0},
	{"Udp6OutDatagrams", MIB_UDP6_OUTDATAGRAMS, 0},
	{"Udp6RcvbufErrors", MIB_UDP6_RCVBUFERRORS, 0},
	{"Udp6SndbufErrors", MIB_MAX, 0},
	{"Udp6InCsumErrors", MIB_UDP6_INCSUMERRORS, 0},
	{"Udp6IgnoredMulti", MIB_MAX, 0},
	{"Udp6MemErrors", MIB_MAX, 0},
	{"UdpLite6InDatagrams", MIB_MAX, 0},
	{"UdpLite6NoPorts", MIB_MAX, 0},
	{"UdpLite6InErrors", MIB_MAX, 0},
	{"UdpLite6OutDatagrams", MIB_MAX, 0},
	{"UdpLite6RcvbufErrors", MIB_MAX, 0},
	{"UdpLite6SndbufErrors", MIB_MAX, 0},
	{"UdpLite6InCsumErrors", MIB_MAX, 0},
	{"UdpLite6MemErrors", MIB_MAX, 0},
};

size_t snmp6_proc_format(char *buf, size_t cap)
{
	struct proc_net_text text = {buf, cap, 0};
	for (size_t i = 0; i < sizeof(snmp6_list) / sizeof(snmp6_list[0]); i++) {
		enum net_mib m = snmp6_list[i].m;
		if (m == MIB_UDP6_INDATAGRAMS) { /* Icmp6InTypeN and OutTypeN, the nonzero ones, before Udp6 */
			for (int t = 0; t < 512; t++) {
				unsigned long n = (unsigned long)icmp_msg_count(true, t);
				char name[32];
				snprintf(name, sizeof(name), "Icmp6%sType%d", t & 256 ? "Out" : "In", t & 255);
				if (n)
					proc_net_printf(&text, "%-32s\t%lu\n", name, n);
			}
		}
		unsigned long v = snmp6_list[i].icmp6 ? (unsigned long)icmp_msg_count(true, snmp6_list[i].icmp6 - 1)
				  : m == MIB_MAX      ? 0UL
						      : get(m);
		proc_net_printf(&text, "%-32s\t%lu\n", snmp6_list[i].name, v);
	}
	return text.len;
}
