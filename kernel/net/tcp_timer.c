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
 *
 * The timer runs from the timer interrupt: it takes only the socket's
 * sk.lock (always taken with interrupts off) and runs the receive backlog
 * afterwards, as a sender does. It never takes the table out of the
 * socket's table or drops a reference: a connect that timed out stays in
 * the table in TCP_CLOSE (a lookup skips it) until connect, close or a
 * second connect takes it out in process context. It does nothing for an
 * orphan: close cancels it under sk.lock (tcp_timer_stop) and
 * tcp_destroy waits for it (ktimer_cancel_sync).
 */
#include "tcp.h"

#include <time.h>
#include <uapi/errno.h>

#define TCP_TIMEOUT_INIT_NS 1000000000ull /* the first RTO of a SYN (RFC 6298 2.1) */
#define TCP_RTO_MAX_NS 120000000000ull
#define TCP_CORK_CEILING_NS 200000000ull
#define MS_NS 1000000ull

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
	tcp_send_ctl(t, t->iss, TH_SYN);
	u64 rto = TCP_TIMEOUT_INIT_NS << t->syn_retries;
	if (rto > TCP_RTO_MAX_NS)
		rto = TCP_RTO_MAX_NS;
	if (user && elapsed + rto > user)
		rto = user - elapsed;
	t->timer_ns = now + rto;
	ktimer_arm(&t->timer, t->timer_ns, tcp_timer_fired);
	return false;
}

void tcp_timer_fired(struct ktimer *kt)
{
	struct tcp_sock *t = container_of(kt, struct tcp_sock, timer);
	u64 now = time_since_boot_ns();
	bool wake = false;
	unsigned long irq = spin_lock_irqsave(&t->sk.lock);
	if (t->orphan || !t->timer_ns) {
		spin_unlock_irqrestore(&t->sk.lock, irq);
		return;
	}
	t->timer_ns = 0;
	if (t->state == TCP_SYN_SENT)
		wake = syn_timeout(t, now);
	else
		tcp_push_all(t); /* the cork ceiling */
	spin_unlock_irqrestore(&t->sk.lock, irq);
	net_rx_run();
	if (wake)
		wake_up_all(&t->sk.wq);
}

static void timer_start(struct tcp_sock *t, u64 delay_ns)
{
	t->timer_ns = time_since_boot_ns() + delay_ns;
	ktimer_arm(&t->timer, t->timer_ns, tcp_timer_fired);
}

void tcp_timer_syn(struct tcp_sock *t)
{
	t->syn_retries = 0;
	t->syn_start_ns = time_since_boot_ns();
	u64 rto = TCP_TIMEOUT_INIT_NS, user = (u64)t->user_timeout * MS_NS;
	timer_start(t, user && user < rto ? user : rto);
}

void tcp_timer_cork(struct tcp_sock *t)
{
	if (!t->timer_ns)
		timer_start(t, TCP_CORK_CEILING_NS);
}

void tcp_timer_stop(struct tcp_sock *t)
{
	t->timer_ns = 0;
	ktimer_cancel(&t->timer);
}
