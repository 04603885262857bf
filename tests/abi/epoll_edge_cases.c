/*
 * epoll_edge_cases.c — epoll readiness rules (Linux fs/eventpoll.c
 * ep_send_events, ep_poll_callback): level-triggered items are reported
 * while ready; edge-triggered ones once per new event, so a partial read
 * does not report again until more data comes; EPOLLONESHOT reports once
 * and is rearmed by EPOLL_CTL_MOD; maxevents cuts the list and level-
 * triggered items rotate; a hang-up is EPOLLHUP even when not asked for.
 */
#include <sys/epoll.h>

#include "lvtest.h"

static int ep;

static void wait_show(const char *what, int max)
{
	struct epoll_event out[8];
	int n = epoll_wait(ep, out, max, 0);
	say("%s: %d", what, n);
	for (int i = 0; i < n; i++)
		say(" [data %llu events %#x]", (unsigned long long)out[i].data.u64, out[i].events);
	say("\n");
}

static void add(int fd, unsigned events, unsigned long long data)
{
	struct epoll_event ev = {.events = events, .data.u64 = data};
	if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev))
		say("add %llu: %s\n", data, errname(errno));
}

int main(void)
{
	char buf[64];
	int lt[2], et[2], one[2];
	pipe(lt);
	pipe(et);
	pipe(one);
	ep = epoll_create1(0);
	add(lt[0], EPOLLIN, 1);
	add(et[0], EPOLLIN | EPOLLET, 2);
	add(one[0], EPOLLIN | EPOLLONESHOT, 3);
	wait_show("nothing yet", 8);

	write(lt[1], "0123456789", 10);
	write(et[1], "0123456789", 10);
	write(one[1], "0123456789", 10);
	wait_show("all written", 8);
	read(lt[0], buf, 5);
	read(et[0], buf, 5);
	read(one[0], buf, 5);
	wait_show("after partial reads", 8);
	wait_show("again", 8);

	write(et[1], "ab", 2);
	wait_show("more for ET", 8);
	wait_show("ET quiet again", 8);

	write(one[1], "ab", 2);
	wait_show("oneshot disarmed", 8);
	struct epoll_event re = {.events = EPOLLIN | EPOLLONESHOT, .data.u64 = 33};
	epoll_ctl(ep, EPOLL_CTL_MOD, one[0], &re);
	wait_show("oneshot rearmed", 8);
	wait_show("oneshot disarmed again", 8);

	read(lt[0], buf, sizeof buf);
	read(et[0], buf, sizeof buf);
	wait_show("drained", 8);

	/* several level-triggered items, one event at a time: they rotate */
	int q[3][2];
	int rot = epoll_create1(0);
	for (int i = 0; i < 3; i++) {
		pipe(q[i]);
		write(q[i][1], "x", 1);
		struct epoll_event ev = {.events = EPOLLIN, .data.u64 = 10 + i};
		epoll_ctl(rot, EPOLL_CTL_ADD, q[i][0], &ev);
	}
	int save = ep;
	ep = rot;
	for (int i = 0; i < 4; i++)
		wait_show("one at a time", 1);
	ep = save;

	/* the writer goes: EPOLLHUP (and still EPOLLIN while data is left) */
	close(lt[1]);
	wait_show("writer closed", 8);
	read(lt[0], buf, sizeof buf);
	wait_show("writer closed, drained", 8);
	/* a writer's end: EPOLLOUT, then EPOLLERR when the reader goes */
	int w[2];
	pipe(w);
	struct epoll_event wev = {.events = EPOLLOUT | EPOLLET, .data.u64 = 9};
	epoll_ctl(ep, EPOLL_CTL_DEL, lt[0], NULL);
	epoll_ctl(ep, EPOLL_CTL_ADD, w[1], &wev);
	wait_show("writable", 8);
	wait_show("writable, ET quiet", 8);
	close(w[0]);
	wait_show("reader closed", 8);
	say("done\n");
	return 0;
}
