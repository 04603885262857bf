/*
 * epoll_nested_close.c — an epoll fd inside another, and what closing
 * does (Linux fs/eventpoll.c): the outer epoll reports the inner one
 * readable while an item of the inner one is ready, and a blocked
 * epoll_wait on the outer one wakes when a pipe watched by the inner one
 * gets data; watching in a cycle, or nesting deeper than 5 levels, is
 * ELOOP. Items belong to the open file: closing one of two dup'd fds keeps
 * the item (still reported with its data), DEL by the closed number is
 * EBADF, by the dup's number ENOENT (the key is file and fd); closing the
 * last fd removes it.
 */
#include <sys/epoll.h>
#include <sys/wait.h>

#include "lvtest.h"

static void wait_show(int ep, const char *what, int timeout)
{
	struct epoll_event out[8];
	int n = epoll_wait(ep, out, 8, timeout);
	say("%s: %d", what, n);
	for (int i = 0; i < n; i++)
		say(" [data %llu events %#x]", (unsigned long long)out[i].data.u64, out[i].events);
	say("\n");
}

static int add(int ep, int fd, unsigned long long data)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = data};
	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
}

int main(void)
{
	int p[2];
	pipe(p);
	int inner = epoll_create1(0), outer = epoll_create1(0);
	add(inner, p[0], 1);
	add(outer, inner, 2);
	wait_show(outer, "outer, nothing", 0);
	write(p[1], "x", 1);
	wait_show(outer, "outer, pipe has data", 0);
	wait_show(inner, "inner", 0);
	char c;
	read(p[0], &c, 1);
	wait_show(outer, "outer, drained", 0);

	/* a blocked wait on the outer one wakes from the inner one's pipe */
	pid_t child = fork();
	if (child == 0) {
		write(p[1], "y", 1); /* the parent is waiting, or will find it ready */
		_exit(0);
	}
	wait_show(outer, "outer, woken", -1);
	waitpid(child, NULL, 0);
	read(p[0], &c, 1);

	say("cycle: %s\n", add(inner, outer, 3) < 0 ? errname(errno) : "ok");
	/* a chain: e[0] <- e[1] <- ... each watching the one before */
	int e[7];
	for (int i = 0; i < 7; i++) {
		e[i] = epoll_create1(0);
		if (i > 0) {
			int r = add(e[i], e[i - 1], 100 + i);
			say("chain level %d: %s\n", i, r < 0 ? errname(errno) : "ok");
		}
	}

	/* dup'd fds: the item lives while the file is open */
	int q[2];
	pipe(q);
	int ep = epoll_create1(0);
	add(ep, q[0], 50);
	int d = dup(q[0]);
	close(q[0]);
	write(q[1], "z", 1);
	wait_show(ep, "original closed, dup open", 0);
	say("del closed number: %s\n", epoll_ctl(ep, EPOLL_CTL_DEL, q[0], NULL) < 0 ? errname(errno) : "ok");
	say("del dup number: %s\n", epoll_ctl(ep, EPOLL_CTL_DEL, d, NULL) < 0 ? errname(errno) : "ok");
	close(d);
	wait_show(ep, "all closed", 0);
	/* the same number reused by a new file is a new item */
	int r[2];
	pipe(r);
	say("reused number %s: add %s\n", r[0] == q[0] ? "same" : "other",
	    add(ep, r[0], 60) < 0 ? errname(errno) : "ok");
	write(r[1], "w", 1);
	wait_show(ep, "new file", 0);
	/* closing an epoll fd that another watches */
	close(inner);
	write(p[1], "v", 1);
	wait_show(outer, "inner closed", 0);
	say("done\n");
	return 0;
}
