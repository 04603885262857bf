/*
 * snmp.c — the IPv4, TCP and UDP counters of /proc/net/snmp (Linux
 * net/ipv4/proc.c snmp_seq_show, the MIBs of RFC 4293, 4022 and 4113).
 *
 * One array of atomic counters, incremented where the stack does what
 * each counts (net_mib_inc's callers): Ip InReceives, InHdrErrors,
 * InAddrErrors, InUnknownProtos, InDelivers and OutRequests for IPv4
 * packets (IPv6's go to /proc/net/snmp6 on Linux, which is not here); Tcp
 * ActiveOpens, PassiveOpens, AttemptFails, EstabResets, InSegs, OutSegs,
 * InErrs and OutRsts for both versions, CurrEstab counted from the table
 * when the file is read (the connections in ESTABLISHED, what Linux's
 * counter tracks); Udp InDatagrams, NoPorts, InErrors, OutDatagrams and
 * RcvbufErrors for IPv4. Nothing is retransmitted and there is no ICMP,
 * fragmentation or forwarding, so those counters stay 0, as on a Linux
 * loopback that never needed them.
 */
#include "tcp.h"

static u64 mib[MIB_MAX]; /* atomic */

void net_mib_inc(enum net_mib m)
{
	__atomic_fetch_add(&mib[m], 1, __ATOMIC_RELAXED);
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
