/* opath_and_sockopt_errors: calls that need a usable file refuse an O_PATH
 * descriptor as Linux's fdget does (accept, getsockopt, epoll_ctl on
 * either side, epoll_wait, signalfd, timerfd_gettime, inotify_add_watch:
 * EBADF; poll: POLLNVAL), and getsockopt's answer for a level a socket
 * does not have: an IPv4 socket EOPNOTSUPP (ip_getsockopt), an IPv6 one
 * ENOPROTOOPT (ipv6_getsockopt), setsockopt ENOPROTOOPT; UDP's own level
 * answers its options (udp_lib_getsockopt) and ENOPROTOOPT for others. */
#include "lvtest.h"
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>

static void show(const char *label, long r)
{
	say("%s: %ld %s\n", label, r, r < 0 ? errname(errno) : "");
}

int main(void)
{
	int path = open("/", O_PATH | O_DIRECTORY);
	int ep = epoll_create1(0), sock = socket(AF_INET, SOCK_STREAM, 0);
	struct epoll_event ev = {.events = EPOLLIN};
	show("accept on O_PATH", accept(path, NULL, NULL));
	int v = 0;
	socklen_t n = sizeof v;
	show("getsockopt on O_PATH", getsockopt(path, SOL_SOCKET, SO_TYPE, &v, &n));
	show("epoll_ctl O_PATH target", epoll_ctl(ep, EPOLL_CTL_ADD, path, &ev));
	show("epoll_ctl O_PATH epoll", epoll_ctl(path, EPOLL_CTL_ADD, sock, &ev));
	show("epoll_wait O_PATH", epoll_wait(path, &ev, 1, 0));
	sigset_t set;
	sigemptyset(&set);
	show("signalfd O_PATH", signalfd(path, &set, 0));
	struct itimerspec its;
	show("timerfd_gettime O_PATH", timerfd_gettime(path, &its));
	show("inotify_add_watch O_PATH", inotify_add_watch(path, "/", IN_ALL_EVENTS));
	struct pollfd p = {.fd = path, .events = POLLIN};
	show("poll O_PATH", poll(&p, 1, 0));
	say("revents %#x\n", p.revents);

	const int types[] = {SOCK_STREAM, SOCK_DGRAM};
	const int levels[] = {500, IPPROTO_UDP, IPPROTO_TCP};
	for (int t = 0; t < 2; t++) {
		for (int l = 0; l < 3; l++) {
			int s = socket(AF_INET, types[t], 0);
			char label[80];
			snprintf(label, sizeof label, "%s level %d get 9999", types[t] == SOCK_STREAM ? "tcp" : "udp",
				 levels[l]);
			n = sizeof v;
			show(label, getsockopt(s, levels[l], 9999, &v, &n));
			snprintf(label, sizeof label, "%s level %d set 9999", types[t] == SOCK_STREAM ? "tcp" : "udp",
				 levels[l]);
			show(label, setsockopt(s, levels[l], 9999, &v, sizeof v));
			close(s);
		}
	}
	int udp = socket(AF_INET, SOCK_DGRAM, 0);
	const int udp_opts[] = {1 /* UDP_CORK */, 10, 11, 100, 101, 102, 103, 104, 2, 105};
	for (int i = 0; i < 10; i++) {
		char label[48];
		snprintf(label, sizeof label, "udp level UDP get %d", udp_opts[i]);
		v = -1;
		n = sizeof v;
		long r = getsockopt(udp, IPPROTO_UDP, udp_opts[i], &v, &n);
		say("%s: %ld %s value %d\n", label, r, r < 0 ? errname(errno) : "", r == 0 ? v : -1);
	}
	int udp6 = socket(AF_INET6, SOCK_DGRAM, 0);
	n = sizeof v;
	show("udp6 level 500 get", getsockopt(udp6, 500, 1, &v, &n));
	int un = socket(AF_UNIX, SOCK_STREAM, 0);
	n = sizeof v;
	show("unix level 500 get", getsockopt(un, 500, 1, &v, &n));
	done();
	return 0;
}
