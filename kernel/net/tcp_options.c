/*
 * tcp_options.c — setsockopt and getsockopt at level IPPROTO_TCP (Linux
 * tcp.c's do_tcp_setsockopt and do_tcp_getsockopt): the values programs set
 * are checked as Linux checks them, kept and reported; TCP_INFO gives the
 * state, MSS and unacknowledged bytes.
 */
#include "tcp.h"

#include <format.h>
#include <string.h>
#include <uapi/errno.h>
#include <uapi/tcp.h>
#define MAX_TCP_KEEPIDLE 32767
#define MAX_TCP_KEEPINTVL 32767
#define MAX_TCP_KEEPCNT 127
#define MAX_TCP_SYNCNT 127

#define TCP_CA_NAME_MAX 16

/*
 * Congestion control: the names Debian's kernel builds in (reno and cubic;
 * others are modules, which a boot without modules cannot load: ENOENT).
 * The name is only kept and reported: segments go out as the window
 * allows, whatever it says (the loopback loses nothing, tcp.c).
 * net.ipv4.tcp_congestion_control is the default of new sockets, one for
 * the system (Linux: per network namespace); available and allowed list
 * both, read-only here.
 */
static const char *const tcp_cong_names[] = {"reno", "cubic"};
static int cong_default = 1; /* [atomic] */

int tcp_cong_default(void)
{
	return __atomic_load_n(&cong_default, __ATOMIC_RELAXED);
}

/* The index of name (len bytes, not terminated), or -ENOENT. */
static int cong_find(const char *name, size_t len)
{
	for (int i = 0; i < (int)ARRAY_SIZE(tcp_cong_names); i++)
		if (strlen(tcp_cong_names[i]) == len && !memcmp(tcp_cong_names[i], name, len))
			return i;
	return -ENOENT;
}

size_t tcp_cong_format(int which, char *buf, size_t cap)
{
	if (which == TCP_CONG_SYSCTL_DEFAULT)
		return (size_t)snprintf(buf, cap, "%s\n", tcp_cong_names[tcp_cong_default()]);
	return (size_t)snprintf(buf, cap, "%s %s\n", tcp_cong_names[0], tcp_cong_names[1]);
}

int tcp_cong_store(int which, const char *text, size_t len)
{
	while (len && (text[len - 1] == '\n' || text[len - 1] == 0))
		len--;
	int i = cong_find(text, len);
	if (i < 0)
		return i;
	__atomic_store_n(&cong_default, i, __ATOMIC_RELAXED);
	return 0;
}

/*
 * TCP_DEFER_ACCEPT's seconds as SYN-ACK retransmissions and back (Linux's
 * secs_to_retrans and retrans_to_secs, with TCP_TIMEOUT_INIT 1 s doubling
 * up to TCP_RTO_MAX 120 s): a value reads back as the end of the
 * retransmission it falls in (5 -> 3 retransmissions -> 7).
 */
static u8 secs_to_retrans(int seconds)
{
	if (seconds <= 0)
		return 0;
	int timeout = 1, period = 1;
	u8 n = 1;
	while (seconds > period && n < 255) {
		n++;
		timeout = MIN(timeout * 2, 120);
		period += timeout;
	}
	return n;
}

int tcp_defer_secs(u8 n)
{
	if (!n)
		return 0;
	int timeout = 1, period = 1;
	while (--n) {
		timeout = MIN(timeout * 2, 120);
		period += timeout;
	}
	return period;
}

/* Sends what TCP_CORK held (uncorking, or TCP_NODELAY's push). */
static void push_pending(struct tcp_sock *t)
{
	unsigned long irq = spin_lock_irqsave(&t->sk.lock);
	tcp_push_all(t);
	spin_unlock_irqrestore(&t->sk.lock, irq);
	net_rx_run();
}

/* IPV6_ADDRFORM on an IPv6 TCP socket: only ESTABLISHED (ipv6.c
 * inet6_addrform_check). The family changes under sk.lock. */
static int tcp_addrform(struct tcp_sock *t, const void *val, int len)
{
	unsigned long irq = spin_lock_irqsave(&t->sk.lock);
	unsigned long irq2 = spin_lock_irqsave(&tcp_table_lock);
	struct inet_addr peer = t->faddr;
	spin_unlock_irqrestore(&tcp_table_lock, irq2);
	int err = inet6_addrform_check(&t->inet, false, t->state == TCP_ESTABLISHED, peer, val, len);
	if (!err)
		__atomic_store_n(&t->sk.family, AF_INET, __ATOMIC_RELAXED);
	spin_unlock_irqrestore(&t->sk.lock, irq);
	return err;
}

/* tcp_setsockopt: the options programs set; values are kept and reported. */
int tcp_setsockopt(struct sock *sk, int level, int name, const void *val, int len)
{
	struct tcp_sock *t = tcp_sk(sk);
	if (inet6_is_addrform(sk, level, name))
		return tcp_addrform(t, val, len);
	if (level != IPPROTO_TCP) /* bound: inet6's "inet_num" test for IPV6_V6ONLY */
		return inet_setsockopt(sk, &t->inet, __atomic_load_n(&t->in_table, __ATOMIC_RELAXED), level, name, val,
				       len);
	if (name == TCP_CONGESTION) { /* a name, not an int: at most 15 bytes of it, to a NUL */
		if (len < 1)
			return -EINVAL;
		size_t n = strnlen(val, MIN((size_t)len, (size_t)TCP_CA_NAME_MAX - 1));
		int i = cong_find(val, n);
		if (i >= 0)
			t->cong = (u8)i;
		return i < 0 ? i : 0;
	}
	if (len < (int)sizeof(int))
		return -EINVAL;
	int v;
	memcpy(&v, val, sizeof(v));
	switch (name) {
	case TCP_NODELAY: /* setting it pushes what is queued, corked or not (TCP_NAGLE_PUSH) */
		t->nodelay = v != 0;
		if (v)
			push_pending(t);
		return 0;
	case TCP_CORK:
		t->cork = v != 0;
		if (!v)
			push_pending(t);
		return 0;
	case TCP_SYNCNT:
		if (v < 1 || v > MAX_TCP_SYNCNT)
			return -EINVAL;
		t->syncnt = v;
		return 0;
	case TCP_QUICKACK: {
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		tcp_set_quickack(t, v);
		spin_unlock_irqrestore(&sk->lock, irq);
		net_rx_run();
		return 0;
	}
	case TCP_MAXSEG:
		if (v && (v < 88 || v > 32767)) /* TCP_MIN_MSS .. MAX_TCP_WINDOW */
			return -EINVAL;
		t->user_mss = v;
		return 0;
	case TCP_KEEPIDLE:
		if (v < 1 || v > MAX_TCP_KEEPIDLE)
			return -EINVAL;
		{
			unsigned long irq = spin_lock_irqsave(&sk->lock);
			t->keepidle = v;
			tcp_keepalive_arm(t, t->rcv_tstamp_ns); /* tcp_sock_set_keepidle_locked */
			spin_unlock_irqrestore(&sk->lock, irq);
			return 0;
		}
	case TCP_KEEPINTVL:
		if (v < 1 || v > MAX_TCP_KEEPINTVL)
			return -EINVAL;
		t->keepintvl = v;
		return 0;
	case TCP_KEEPCNT:
		if (v < 1 || v > MAX_TCP_KEEPCNT)
			return -EINVAL;
		t->keepcnt = v;
		return 0;
	case TCP_USER_TIMEOUT:
		if (v < 0)
			return -EINVAL;
		t->user_timeout = v;
		return 0;
	case TCP_INQ:
		if (v < 0 || v > 1)
			return -EINVAL;
		t->recvmsg_inq = v;
		return 0;
	case TCP_LINGER2: /* -1: no FIN_WAIT2 after close; above the ceiling: the ceiling */
		t->linger2 = v < 0 ? -1 : MIN(v, TCP_FIN_TIMEOUT_MAX_SECS);
		return 0;
	case TCP_DEFER_ACCEPT: t->defer_accept = secs_to_retrans(v); return 0;
	case TCP_NOTSENT_LOWAT: { /* sk_write_space: writers and pollers look again */
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		t->notsent_lowat = (u32)v;
		spin_unlock_irqrestore(&sk->lock, irq);
		wake_up_all(&sk->wq);
		return 0;
	}
	case TCP_WINDOW_CLAMP: { /* tcp_set_window_clamp */
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		int err = 0;
		if (!v && t->state != TCP_CLOSE) {
			err = -EINVAL;
		} else if (!v) {
			t->window_clamp = 0;
			t->window_clamp_set = false;
		} else {
			/* compared unsigned, as Linux's int against a size_t:
			 * a negative value is kept as it is */
			t->window_clamp = (unsigned)v < SOCK_MIN_RCVBUF / 2 ? SOCK_MIN_RCVBUF / 2 : (u32)v;
			t->window_clamp_set = true;
			t->rcv_ssthresh = MIN(t->rcv_ssthresh, t->window_clamp);
		}
		spin_unlock_irqrestore(&sk->lock, irq);
		return err;
	}
	default: return -ENOPROTOOPT;
	}
}

int tcp_getsockopt(struct sock *sk, int level, int name, void *val, int *len)
{
	struct tcp_sock *t = tcp_sk(sk);
	if (inet_is_mtu_opt(sk, level, name)) {
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		bool routed = t->state != TCP_CLOSE && t->state != TCP_LISTEN;
		spin_unlock_irqrestore(&sk->lock, irq);
		return ip_mtu_getsockopt(sk, routed, val, len);
	}
	if (inet6_is_addrform(sk, level, name)) {
		unsigned long irq = spin_lock_irqsave(&sk->lock);
		bool established = t->state == TCP_ESTABLISHED;
		spin_unlock_irqrestore(&sk->lock, irq);
		return inet6_addrform_get(established, val, len);
	}
	if (level != IPPROTO_TCP)
		return inet_getsockopt(sk, &t->inet, level, name, val, len);
	int v;
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	int state = t->state;
	u16 mss = t->mss_cache;
	u32 unacked = t->snd_nxt - t->snd_una;
	/* before a sample Linux's mdev is TCP_TIMEOUT_INIT (tcp_init_sock), a quarter of which it shows */
	u32 rto = tcp_rto_us(t), rtt = t->srtt_us, rttvar = t->srtt_us ? t->rttvar_us : 1000000 / 4;
	u32 accept_len = (u32)t->accept_len, backlog = (u32)t->backlog;
	bool pingpong = tcp_in_pingpong(t);
	spin_unlock_irqrestore(&sk->lock, irq);
	*len = sizeof(int);
	switch (name) {
	case TCP_NODELAY: v = t->nodelay; break;
	case TCP_CORK: v = t->cork; break;
	case TCP_QUICKACK: v = !pingpong; break;
	case TCP_MAXSEG: /* mss_cache (536 until connected), or the user's on a closed or listening socket */
		v = (state == TCP_CLOSE || state == TCP_LISTEN) && t->user_mss ? t->user_mss : mss;
		break;
	case TCP_KEEPIDLE: v = t->keepidle ? t->keepidle : 7200; break; /* tcp_keepalive_time */
	case TCP_KEEPINTVL: v = t->keepintvl ? t->keepintvl : 75; break;
	case TCP_KEEPCNT: v = t->keepcnt ? t->keepcnt : 9; break;
	case TCP_USER_TIMEOUT: v = t->user_timeout; break;
	case TCP_INQ: v = t->recvmsg_inq; break;
	case TCP_NOTSENT_LOWAT: v = (int)t->notsent_lowat; break;
	case TCP_DEFER_ACCEPT: v = tcp_defer_secs(t->defer_accept); break;
	case TCP_WINDOW_CLAMP: v = (int)t->window_clamp; break;
	case TCP_CONGESTION: { /* the name in TCP_CA_NAME_MAX bytes, NUL-padded; a shorter buffer a prefix */
		char ca_name[TCP_CA_NAME_MAX] = {0};
		memcpy(ca_name, tcp_cong_names[t->cong], strlen(tcp_cong_names[t->cong]));
		memcpy(val, ca_name, sizeof(ca_name)); /* the caller copies at most its length */
		*len = sizeof(ca_name);
		return 0;
	}
	case TCP_LINGER2: v = t->linger2 < 0 ? -1 : t->linger2 ? t->linger2 : tcp_fin_timeout_get(); break;
	case TCP_SYNCNT: v = t->syncnt ? t->syncnt : TCP_SYN_RETRIES; break;
	case TCP_INFO: { /* minimal struct tcp_info: state, RTO, MSS, unacknowledged, RTT */
		struct tcp_info_user info = {.tcpi_state = (u8)state};
		if (state == TCP_LISTEN) { /* tcp_get_info: a listener's accept queue and backlog, no more */
			info.tcpi_unacked = accept_len;
			info.tcpi_sacked = backlog;
			memcpy(val, &info, sizeof(info));
			*len = sizeof(info);
			return 0;
		}
		info = (struct tcp_info_user){.tcpi_state = (u8)state,
					      .tcpi_rto = rto,
					      .tcpi_snd_mss = mss,
					      .tcpi_rcv_mss = mss,
					      .tcpi_unacked = unacked,
					      .tcpi_rtt = rtt,
					      .tcpi_rttvar = rttvar};
		memcpy(val, &info, sizeof(info));
		*len = sizeof(info);
		return 0;
	}
	default: return -ENOPROTOOPT;
	}
	memcpy(val, &v, sizeof(v));
	return 0;
}
