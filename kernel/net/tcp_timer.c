/*
 * tcp_timer.c — a connection's one timer (Linux tcp_timer.c's
 * retransmission timer, for the two jobs a lossless loopback leaves it):
 *
 * - SYN retransmission (tcp_retransmit_timer in SYN_SENT): a SYN nobody
 *   answers (a listener whose accept queue is full drops it, as
 *   tcp_conn_request does) is sent again after 1 s, then 2, 4, ... (the
 *   RTO doubles from TCP_TIMEOUT_INIT, at most TCP_RTO_MAX); after
 *   TCP_SYNCNT retransmissions (default net.ipv4.tcp_syn_retries = 6), or
 *   once TCP_USER_TIMEOUT has passed (the RTO is clamped to what is left
 *   of it, tcp_clamp_rto_to_user_timeout), the connection fails with
 *   ETIMEDOUT (tcp_write_timeout).
 * - The TCP_CORK ceiling: corked partial data is sent 200 ms after it was
 *   held (TCP_CORK's "200 millisecond ceiling", tcp(7)).
 * - The delayed ACK (Linux's separate delack timer, tcp_delack_timer):
 *   its own deadline `dack_ns` beside `timer_ns`.
 * - Keepalive (Linux's tcp_keepalive_timer, also separate there): its own
 *   deadline `keep_ns`. With SO_KEEPALIVE, once nothing was received for
 *   TCP_KEEPIDLE seconds (7200), a probe goes — a bare ACK with sequence
 *   number snd_una - 1 (tcp_write_wakeup's tcp_xmit_probe_skb), which the
 *   peer answers with an ACK since it is old (tcp_validate_incoming's
 *   tcp_send_dupack); any acceptable segment that comes resets the count
 *   and the idle time (tcp_ack: icsk_probes_out, rcv_tstamp). The next
 *   probe follows TCP_KEEPINTVL (75) later; with TCP_KEEPCNT (9) probes
 *   unanswered — or TCP_USER_TIMEOUT passed with one out — the connection
 *   is reset: a RST goes and the error is ETIMEDOUT (tcp_write_err). No
 *   probe while data is in flight or queued (the timer looks again
 *   TCP_KEEPINTVL later).
 * - FIN_WAIT2 after close (Linux's tcp_fin_time, the FIN_WAIT2 substate
 *   of its timewait socket): an orphan whose FIN was acknowledged waits
 *   for the peer's FIN at most TCP_LINGER2 or net.ipv4.tcp_fin_timeout
 *   seconds (60; never less than 3.5 RTOs), then goes silently; its own
 *   deadline `fin2_ns`, the one deadline kept for an orphan.
 *   The timer is armed for the earliest of the deadlines, and the
 *   work re-arms it for the others.
 *
 * Two halves, as Linux's tcp_write_timer defers to process context when
 * the socket is busy: the ktimer's callback runs in the timer interrupt and
 * only queues the socket's `timer_work` (workqueue.h); the worker thread
 * then runs tcp_timer_work in process context, which takes sk.lock, does
 * the job, runs the receive backlog (the segments it sent) and wakes the
 * waiters. No TCP state is touched in interrupt context.
 *
 * References (Linux's sk_reset_timer / sk_stop_timer): an armed timer
 * holds one reference on the socket, taken when it is armed from unarmed
 * (ktimer_arm says whether it was); the callback hands it to the work it
 * queues (or drops it when the work is already pending: that one holds its
 * own); the work drops it when done — possibly the last one, which is
 * fine in process context. tcp_timer_stop drops it when it takes an armed
 * timer off (its caller holds another). So a socket whose timer is armed,
 * firing or whose work is pending or running cannot be freed, whichever
 * CPU closes it meanwhile; tcp_destroy needs no wait. `timer_ns` (under
 * sk.lock) says what the owner wants: the work does its job only if the
 * deadline it holds has come — a timer stopped (0) or re-armed later after
 * this firing leaves the work nothing to do. It does nothing for an orphan
 * but end its FIN_WAIT2: close stops the timer under sk.lock. A connect that timed out stays in
 * the table in TCP_CLOSE (a lookup skips it) until connect, close or a
 * second connect takes it out.
 */
#include "tcp.h"

#include <time.h>
#include <uapi/errno.h>

#define TCP_TIMEOUT_INIT_NS 1000000000ull /* the first RTO of a SYN (RFC 6298 2.1) */
#define TCP_RTO_MAX_NS 120000000000ull
#define TCP_CORK_CEILING_NS 200000000ull
#define MS_NS 1000000ull

/* [interrupt] The armed timer's reference goes to the work. */
static void tcp_timer_fired(struct ktimer *kt)
{
	struct tcp_sock *t = container_of(kt, struct tcp_sock, timer);
	if (!work_queue(&t->timer_work))
		sock_put_not_last(&t->sk); /* the pending work holds one */
}

/* Arms the timer for the earliest of timer_ns, dack_ns and keep_ns. Lazily, as
 * Linux leaves its delack timer armed when an ACK goes
 * (inet_csk_clear_xmit_timer): a deadline cleared leaves the timer armed,
 * to fire and find nothing to do, and a deadline later than the one the
 * timer is armed for (`armed_ns`) waits for that firing, whose work arms it
 * again — so an interactive connection, which sets and clears its delayed
 * ACK every round trip, touches the timer once per ato, not twice per
 * round trip. [sk.lock] */
static void timer_rearm(struct tcp_sock *t)
{
	u64 deadline = t->timer_ns;
	if (t->dack_ns && (!deadline || t->dack_ns < deadline))
		deadline = t->dack_ns;
	if (t->keep_ns && (!deadline || t->keep_ns < deadline))
		deadline = t->keep_ns;
	if (t->fin2_ns && (!deadline || t->fin2_ns < deadline))
		deadline = t->fin2_ns;
	if (!deadline || (t->armed_ns && t->armed_ns <= deadline))
		return;
	t->armed_ns = deadline;
	if (!ktimer_arm(&t->timer, deadline, tcp_timer_fired))
		sock_hold(&t->sk); /* the caller holds one: never from zero */
}

/* The SYN or cork timer fires at deadline (monotonic ns). [sk.lock] */
static void timer_arm(struct tcp_sock *t, u64 deadline)
{
	t->timer_ns = deadline;
	timer_rearm(t);
}

void tcp_timer_dack(struct tcp_sock *t)
{
	timer_rearm(t);
}

/* The SYN timed out, or is sent again. [sk.lock] Returns whether to wake waiters. */
static bool syn_timeout(struct tcp_sock *t, u64 now)
{
	int limit = t->syncnt ? t->syncnt : TCP_SYN_RETRIES;
	u64 elapsed = now - t->syn_start_ns, user = (u64)t->user_timeout * MS_NS;
	if (t->syn_retries >= limit || (user && elapsed >= user)) {
		t->sk.err = ETIMEDOUT;
		tcp_done(t); /* the caller of connect, or close, takes it out of the table */
		return true;
	}
	t->syn_retries++;
	t->rtt_timing = false; /* Karn's rule: a resent segment gives no sample */
	tcp_send_ctl(t, t->iss, TH_SYN);
	t->rtt_timing = false;
	u64 rto = TCP_TIMEOUT_INIT_NS << t->syn_retries;
	if (rto > TCP_RTO_MAX_NS)
		rto = TCP_RTO_MAX_NS;
	if (user && elapsed + rto > user)
		rto = user - elapsed;
	timer_arm(t, now + rto);
	return false;
}

#define SEC_NS 1000000000ull

/* keepalive_time_when, keepalive_intvl_when, keepalive_probes: the
 * options' values or net.ipv4.tcp_keepalive_{time,intvl,probes}. */
static u64 keep_idle_ns(const struct tcp_sock *t)
{
	return (u64)(t->keepidle ? t->keepidle : 7200) * SEC_NS;
}

static u64 keep_intvl_ns(const struct tcp_sock *t)
{
	return (u64)(t->keepintvl ? t->keepintvl : 75) * SEC_NS;
}

/* Does the state send keepalive probes (tcp_keepalive_timer's test)? */
static bool keep_state_ok(const struct tcp_sock *t)
{
	return !t->orphan && t->state != TCP_CLOSE && t->state != TCP_LISTEN && t->state != TCP_SYN_SENT;
}

void tcp_keepalive_arm(struct tcp_sock *t, u64 from)
{
	t->keep_ns = 0;
	if (!t->sk.keepalive || !keep_state_ok(t))
		return;
	u64 now = time_since_boot_ns(), when = from + keep_idle_ns(t);
	t->keep_ns = when > now ? when : now;
	timer_rearm(t);
}

void tcp_keepalive_set(struct sock *sk, bool on)
{
	struct tcp_sock *t = tcp_sk(sk);
	unsigned long irq = spin_lock_irqsave(&sk->lock);
	if (!on) {
		t->keep_ns = 0; /* inet_csk_delete_keepalive_timer (lazily: the timer may fire for nothing) */
	} else if (!sk->keepalive) {
		sk->keepalive = true; /* tcp_set_keepalive: only when turned on, a full idle time from now */
		tcp_keepalive_arm(t, time_since_boot_ns());
	}
	spin_unlock_irqrestore(&sk->lock, irq);
}

/* The keepalive deadline came (tcp_keepalive_timer). [sk.lock] Returns
 * whether the connection was reset (the caller wakes its waiters); *unhash:
 * the caller takes it out of the table (tcp_done's answer). */
static bool keepalive_fire(struct tcp_sock *t, u64 now, bool *unhash)
{
	if (!t->sk.keepalive || !keep_state_ok(t))
		return false;
	if (t->snd_una != t->snd_nxt || !list_empty(&t->sendq)) {
		t->keep_ns = now + keep_intvl_ns(t); /* data in flight: its ACK will tell */
		return false;
	}
	u64 elapsed = now > t->rcv_tstamp_ns ? now - t->rcv_tstamp_ns : 0, idle = keep_idle_ns(t);
	if (elapsed < idle) {
		t->keep_ns = now + (idle - elapsed);
		return false;
	}
	u64 user = (u64)t->user_timeout * MS_NS;
	int limit = t->keepcnt ? t->keepcnt : 9;
	if ((user && elapsed >= user && t->probes_out > 0) || (!user && t->probes_out >= limit)) {
		tcp_send_ctl(t, t->snd_nxt, TH_RST | TH_ACK); /* tcp_send_active_reset */
		t->sk.err = ETIMEDOUT;			      /* tcp_write_err */
		*unhash = tcp_done(t);
		return true;
	}
	tcp_send_ctl(t, t->snd_una - 1, TH_ACK); /* tcp_xmit_probe_skb: the peer has seen it */
	t->probes_out++;
	t->keep_ns = now + keep_intvl_ns(t);
	return false;
}

/* [process context, the worker] Holds the reference the timer handed over. */
static void tcp_timer_work(struct work *w)
{
	struct tcp_sock *t = container_of(w, struct tcp_sock, timer_work);
	bool wake = false, unhash = false, reset = false, established_child = false;
	unsigned long irq = spin_lock_irqsave(&t->sk.lock);
	/* read under the lock: a segment that came while this waited for it
	 * stamped rcv_tstamp_ns later than an earlier reading, and the
	 * keepalive's now - rcv_tstamp_ns would wrap into a probe */
	u64 now = time_since_boot_ns();
	t->armed_ns = 0; /* it fired (or was re-armed, which this run's rearm repeats harmlessly) */
	if (!t->orphan && t->dack_ns && now >= t->dack_ns) {
		t->dack_ns = 0;
		tcp_delack_fire(t);
	}
	if (!t->orphan && t->timer_ns && now >= t->timer_ns) {
		t->timer_ns = 0;
		if (t->state == TCP_SYN_SENT)
			wake = syn_timeout(t, now);
		else if (t->state == TCP_SYN_RECV && t->defer_acked)
			/* TCP_DEFER_ACCEPT's time is up: Linux resends the SYN-ACK
			 * and takes the peer's ACK to it (reqsk_timer_handler) */
			established_child = tcp_syn_recv_established(t);
		else
			tcp_push_all(t); /* the cork ceiling */
	}
	if (!t->orphan && t->keep_ns && now >= t->keep_ns) {
		t->keep_ns = 0;
		reset = keepalive_fire(t, now, &unhash);
		wake |= reset;
	}
	if (t->orphan && t->fin2_ns && now >= t->fin2_ns) {
		t->fin2_ns = 0;
		if (t->state == TCP_FIN_WAIT2)
			unhash = tcp_done(t); /* no reset: the timewait socket just goes (inet_twsk_kill) */
	}
	if ((!t->orphan && (t->timer_ns || t->dack_ns || t->keep_ns)) || t->fin2_ns)
		timer_rearm(t); /* a deadline still to come (one that fired may have re-armed already) */
	spin_unlock_irqrestore(&t->sk.lock, irq);
	net_rx_run();
	if (established_child)
		tcp_child_to_listener(t, true);
	if (unhash)
		tcp_table_del(t);
	if (wake)
		wake_up_all(&t->sk.wq);
	if (reset)
		sock_wake_async(&t->sk, POLL_ERR); /* tcp_write_err's sk_error_report */
	sock_put(&t->sk);
}

void tcp_timer_init(struct tcp_sock *t)
{
	work_init(&t->timer_work, tcp_timer_work);
}

void tcp_timer_syn(struct tcp_sock *t)
{
	t->syn_retries = 0;
	t->syn_start_ns = time_since_boot_ns();
	u64 rto = TCP_TIMEOUT_INIT_NS, user = (u64)t->user_timeout * MS_NS;
	timer_arm(t, t->syn_start_ns + (user && user < rto ? user : rto));
}

void tcp_timer_cork(struct tcp_sock *t)
{
	if (!t->timer_ns)
		timer_arm(t, time_since_boot_ns() + TCP_CORK_CEILING_NS);
}

void tcp_timer_defer(struct tcp_sock *t)
{
	timer_arm(t, time_since_boot_ns() + (u64)tcp_defer_secs(t->defer_accept) * SEC_NS);
}

void tcp_timer_stop(struct tcp_sock *t)
{
	t->timer_ns = 0;
	t->dack_ns = 0; /* closed, or the SYN answered: no delayed ACK either */
	t->keep_ns = 0;
	t->fin2_ns = 0;
	t->armed_ns = 0;
	if (ktimer_cancel(&t->timer))
		sock_put_not_last(&t->sk); /* the caller holds one */
}

static int fin_timeout_secs = 60; /* net.ipv4.tcp_fin_timeout [atomic] */

int tcp_fin_timeout_get(void)
{
	return __atomic_load_n(&fin_timeout_secs, __ATOMIC_RELAXED);
}

void tcp_fin_timeout_set(int secs)
{
	__atomic_store_n(&fin_timeout_secs, secs, __ATOMIC_RELAXED);
}

void tcp_orphan_fin_wait2(struct tcp_sock *t)
{
	/* tcp_fin_time: TCP_LINGER2 or the sysctl, at least 3.5 RTOs */
	s64 secs = t->linger2 > 0 ? t->linger2 : tcp_fin_timeout_get();
	u64 rto_ns = (u64)tcp_rto_us(t) * 1000, floor = 4 * rto_ns - rto_ns / 2;
	u64 tmo = secs > 0 && (u64)secs * SEC_NS > floor ? (u64)secs * SEC_NS : floor;
	t->fin2_ns = time_since_boot_ns() + tmo;
	timer_rearm(t);
}

/* ---- the round-trip estimate (RFC 6298; Linux tcp_rtt_estimator, tcp_set_rto) -------- */

#define TCP_RTO_MIN_US 200000 /* tcp_rto_min: Linux's floor for the variance term */

void tcp_rtt_start(struct tcp_sock *t, u32 end)
{
	if (t->rtt_timing)
		return;
	t->rtt_timing = true;
	t->rtt_seq = end;
	t->rtt_start_ns = time_since_boot_ns();
}

/* RFC 6298 2.2 and 2.3: the first sample R gives SRTT = R, RTTVAR = R/2;
 * later ones RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R|, then SRTT = 7/8 SRTT +
 * 1/8 R. Samples are whole microseconds, at least 1 (tcp_clock_us). No
 * segment is ever sent again here but a SYN, whose timing syn_timeout
 * drops (Karn's rule). */
void tcp_rtt_ack(struct tcp_sock *t, u32 ack)
{
	if (!t->rtt_timing || seq_before(ack, t->rtt_seq))
		return;
	t->rtt_timing = false;
	u64 us = (time_since_boot_ns() - t->rtt_start_ns) / 1000;
	u32 r = (u32)MIN(MAX(us, 1ull), 0xffffffffull);
	if (!t->srtt_us) {
		t->srtt_us = r;
		t->rttvar_us = r / 2;
		return;
	}
	u32 delta = t->srtt_us > r ? t->srtt_us - r : r - t->srtt_us;
	t->rttvar_us = (u32)(((u64)t->rttvar_us * 3 + delta) / 4);
	t->srtt_us = (u32)(((u64)t->srtt_us * 7 + r) / 8);
}

/* RFC 6298 2.4: RTO = SRTT + max(G, 4 RTTVAR), 1 s before any sample
 * (2.1); the variance term at least 200 ms as Linux's tcp_set_rto has it
 * (RFC 6298 puts a 1 s floor on the whole), at most 120 s (2.5). */
u32 tcp_rto_us(const struct tcp_sock *t)
{
	if (!t->srtt_us)
		return (u32)(TCP_TIMEOUT_INIT_NS / 1000);
	u64 rto = (u64)t->srtt_us + MAX(4 * (u64)t->rttvar_us, (u64)TCP_RTO_MIN_US);
	return (u32)MIN(rto, TCP_RTO_MAX_NS / 1000);
}
