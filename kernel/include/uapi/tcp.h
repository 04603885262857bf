/*
 * uapi/tcp.h — the TCP socket ABI (include/uapi/linux/tcp.h): the
 * IPPROTO_TCP option numbers and struct tcp_info as Linux 6.1 has it
 * (232 bytes; the bit-fields of byte 6 and 7 are whole bytes here: the
 * window scales, snd in the low 4 bits, and the delivery-rate flags).
 */
#pragma once

#include <types.h>

#define TCP_NODELAY 1
#define TCP_MAXSEG 2
#define TCP_CORK 3
#define TCP_KEEPIDLE 4
#define TCP_KEEPINTVL 5
#define TCP_KEEPCNT 6
#define TCP_SYNCNT 7
#define TCP_LINGER2 8
#define TCP_DEFER_ACCEPT 9
#define TCP_WINDOW_CLAMP 10
#define TCP_INFO 11
#define TCP_QUICKACK 12
#define TCP_CONGESTION 13
#define TCP_USER_TIMEOUT 18
#define TCP_NOTSENT_LOWAT 25
#define TCP_INQ 36    /* recvmsg tells the bytes left to read ... */
#define TCP_CM_INQ 36 /* ... in this control message (SOL_TCP, an int) */

struct tcp_info_user {
	u8 tcpi_state, tcpi_ca_state, tcpi_retransmits, tcpi_probes, tcpi_backoff, tcpi_options;
	u8 tcpi_wscales;    /* tcpi_snd_wscale : 4, tcpi_rcv_wscale : 4 */
	u8 tcpi_rate_flags; /* tcpi_delivery_rate_app_limited : 1, tcpi_fastopen_client_fail : 2 */
	u32 tcpi_rto, tcpi_ato, tcpi_snd_mss, tcpi_rcv_mss;
	u32 tcpi_unacked, tcpi_sacked, tcpi_lost, tcpi_retrans, tcpi_fackets;
	u32 tcpi_last_data_sent, tcpi_last_ack_sent, tcpi_last_data_recv, tcpi_last_ack_recv;
	u32 tcpi_pmtu, tcpi_rcv_ssthresh, tcpi_rtt, tcpi_rttvar, tcpi_snd_ssthresh, tcpi_snd_cwnd, tcpi_advmss,
		tcpi_reordering;
	u32 tcpi_rcv_rtt, tcpi_rcv_space, tcpi_total_retrans;
	u64 tcpi_pacing_rate, tcpi_max_pacing_rate, tcpi_bytes_acked, tcpi_bytes_received;
	u32 tcpi_segs_out, tcpi_segs_in, tcpi_notsent_bytes, tcpi_min_rtt, tcpi_data_segs_in, tcpi_data_segs_out;
	u64 tcpi_delivery_rate, tcpi_busy_time, tcpi_rwnd_limited, tcpi_sndbuf_limited;
	u32 tcpi_delivered, tcpi_delivered_ce;
	u64 tcpi_bytes_sent, tcpi_bytes_retrans;
	u32 tcpi_dsack_dups, tcpi_reord_seen, tcpi_rcv_ooopack, tcpi_snd_wnd;
};
_Static_assert(sizeof(struct tcp_info_user) == 232, "struct tcp_info of Linux 6.1");
_Static_assert(__builtin_offsetof(struct tcp_info_user, tcpi_snd_mss) == 16 &&
		       __builtin_offsetof(struct tcp_info_user, tcpi_unacked) == 24 &&
		       __builtin_offsetof(struct tcp_info_user, tcpi_pacing_rate) == 104 &&
		       __builtin_offsetof(struct tcp_info_user, tcpi_delivery_rate) == 160 &&
		       __builtin_offsetof(struct tcp_info_user, tcpi_snd_wnd) == 228,
	       "struct tcp_info's layout");
