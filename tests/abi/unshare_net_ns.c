/* unshare_net_ns: network namespaces (man 7 network_namespaces) — a new
 * one from unshare(CLONE_NEWNET) has its own lo, down; ports bound in one
 * namespace are free in the other and datagrams and connections stay
 * inside; /proc/net lists the caller's sockets; net.ipv4.conf.*.tag is
 * per namespace; a socket made before keeps its namespace; AF_PACKET taps
 * see only their namespace's lo; AF_UNIX abstract names are per namespace;
 * setns back through /proc/self/ns/net;
 * clone(CLONE_NEWNET); EPERM without CAP_SYS_ADMIN. */
#include "packet_test.h"

#include <fcntl.h>
#include <sched.h>
#include <stddef.h>
#include <sys/un.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static ino_t ns_ino(void)
{
	struct stat st;
	if (stat("/proc/self/ns/net", &st) < 0)
		return 0;
	return st.st_ino;
}

static void show_lo(const char *label)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct ifreq ifr = {0};
	strcpy(ifr.ifr_name, "lo");
	int r = ioctl(s, SIOCGIFFLAGS, &ifr);
	say("%s: lo %s, index %d\n", label,
	    r < 0		       ? errname(errno)
	    : (ifr.ifr_flags & IFF_UP) ? "up"
				       : "down",
	    lo_index());
	close(s);
}

static int udp_bound(int port)
{
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = sin_of("127.0.0.1", port);
	if (bind(u, (struct sockaddr *)&a, sizeof a) < 0) {
		say("bind 127.0.0.1:%d: %s\n", port, errname(errno));
		close(u);
		return -1;
	}
	return u;
}

/* The lines of /proc/net/FILE whose local port is port (earlier tests of
 * the same boot may have left TIME_WAIT lines of their own). */
static int proc_net_lines(const char *file, int port)
{
	char path[64], buf[16384];
	snprintf(path, sizeof path, "/proc/net/%s", file);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	int lines = 0;
	for (char *line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		unsigned lport;
		if (sscanf(line, "%*d: %*[0-9A-Fa-f]:%x", &lport) == 1 && lport == (unsigned)port)
			lines++;
	}
	return lines;
}

static void show_tag(const char *label)
{
	char buf[32] = {0};
	int fd = open("/proc/sys/net/ipv4/conf/lo/tag", O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
	if (fd >= 0)
		close(fd);
	char dflt[32] = {0};
	fd = open("/proc/sys/net/ipv4/conf/default/tag", O_RDONLY);
	if (fd >= 0) {
		if (read(fd, dflt, sizeof dflt - 1) < 0)
			dflt[0] = '?';
		close(fd);
	}
	say("%s: conf/lo/tag %s conf/default/tag %s", label, n < 0 ? "unreadable\n" : buf, dflt);
}

/* An AF_UNIX datagram socket bound to the abstract name "\0lvnet" (-1 after saying why). */
static int abstract_bound(void)
{
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	struct sockaddr_un a = {.sun_family = AF_UNIX};
	memcpy(a.sun_path, "\0lvnet", 6);
	if (bind(s, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path) + 6) < 0) {
		say("bind \\0lvnet: %s\n", errname(errno));
		close(s);
		return -1;
	}
	return s;
}

static void write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, text, strlen(text)) < 0)
		say("write %s: %s\n", path, errname(errno));
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	lo_up();
	ino_t first = ns_ino();
	int home = open("/proc/self/ns/net", O_RDONLY);
	int old_udp = udp_bound(5000);
	int listener = inet_listener(6000, 5, 1);
	int tap_old = packet_on_lo(SOCK_RAW, T_ETH_P_TEST);
	int unix_old = abstract_bound();
	write_file("/proc/sys/net/ipv4/conf/lo/tag", "7");
	show_tag("first namespace");
	say("/proc/net/udp lines of port 5000: %d, tcp lines of port 6000: %d\n", proc_net_lines("udp", 5000),
	    proc_net_lines("tcp", 6000));

	show_ret("unshare(CLONE_NEWNET)", unshare(CLONE_NEWNET), errno);
	yesno("a new namespace", ns_ino() != first && ns_ino() != 0);
	show_lo("new namespace");
	show_tag("new namespace");
	say("/proc/net/udp lines of port 5000: %d, tcp lines of port 6000: %d\n", proc_net_lines("udp", 5000),
	    proc_net_lines("tcp", 6000));
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = sin_of("127.0.0.1", 5000);
	expect_err("bind 127.0.0.1 with lo down", bind(u, (struct sockaddr *)&a, sizeof a), errno, EADDRNOTAVAIL);
	close(u);
	show_ret("lo up", lo_up(), errno);
	show_lo("new namespace");
	int new_udp = udp_bound(5000);
	say("port 5000 bound again: %s\n", new_udp >= 0 ? "yes" : "no");
	show_ret("send to 127.0.0.1:5000 here", sendto(new_udp, "new", 3, 0, (struct sockaddr *)&a, sizeof a), errno);
	char buf[64];
	show_ret("the new socket receives", recv(new_udp, buf, sizeof buf, MSG_DONTWAIT), errno);
	show_ret("the old one does not", recv(old_udp, buf, sizeof buf, MSG_DONTWAIT), errno);
	show_ret("the old socket still sends in its namespace",
		 sendto(old_udp, "old", 3, 0, (struct sockaddr *)&a, sizeof a), errno);
	show_ret("  to itself", recv(old_udp, buf, sizeof buf, MSG_DONTWAIT), errno);
	show_ret("  not to the new one", recv(new_udp, buf, sizeof buf, MSG_DONTWAIT), errno);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in l = sin_of("127.0.0.1", 6000);
	expect_err("connect to the first namespace's listener", connect(c, (struct sockaddr *)&l, sizeof l), errno,
		   ECONNREFUSED);
	close(c);
	int new_listener = inet_listener(6000, 5, 1);
	say("port 6000 listened on again: %s\n", new_listener >= 0 ? "yes" : "no");
	say("/proc/net/udp lines of port 5000: %d, tcp lines of port 6000: %d\n", proc_net_lines("udp", 5000),
	    proc_net_lines("tcp", 6000));
	int tap_new = packet_on_lo(SOCK_RAW, T_ETH_P_TEST);
	unsigned char frame[64];
	show_ret("a frame on the new lo", send(tap_new, frame, test_frame(frame, 1, 10, 0), 0), errno);
	show_ret("  the new tap sees it", recv(tap_new, buf, sizeof buf, MSG_DONTWAIT), errno);
	show_ret("  the old tap does not", recv(tap_old, buf, sizeof buf, MSG_DONTWAIT), errno);
	int unix_new = abstract_bound();
	say("abstract name bound again: %s\n", unix_new >= 0 ? "yes" : "no");
	struct sockaddr_un un = {.sun_family = AF_UNIX};
	memcpy(un.sun_path, "\0lvnet", 6);
	int us = socket(AF_UNIX, SOCK_DGRAM, 0);
	show_ret("send to \\0lvnet",
		 sendto(us, "x", 1, 0, (struct sockaddr *)&un, offsetof(struct sockaddr_un, sun_path) + 6), errno);
	show_ret("  the new namespace's socket receives", recv(unix_new, buf, sizeof buf, MSG_DONTWAIT), errno);
	show_ret("  the first one's does not", recv(unix_old, buf, sizeof buf, MSG_DONTWAIT), errno);
	close(us);
	write_file("/proc/sys/net/ipv4/conf/default/tag", "3");
	show_tag("new namespace, default written");

	show_ret("setns back", setns(home, CLONE_NEWNET), errno);
	yesno("in the first namespace again", ns_ino() == first);
	show_tag("first namespace");
	say("/proc/net/udp lines of port 5000: %d, tcp lines of port 6000: %d\n", proc_net_lines("udp", 5000),
	    proc_net_lines("tcp", 6000));
	c = socket(AF_INET, SOCK_STREAM, 0);
	show_ret("connect to the first listener", connect(c, (struct sockaddr *)&l, sizeof l), errno);
	close(c);
	write_file("/proc/sys/net/ipv4/conf/lo/tag", "0");
	close(listener);
	close(new_listener);

	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(65534))
			say("setuid: %s\n", errname(errno));
		expect_err("unshare(CLONE_NEWNET) as nobody", unshare(CLONE_NEWNET), errno, EPERM);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	pid = (pid_t)syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		say("clone(CLONE_NEWNET) child: new namespace %s\n", ns_ino() != first ? "yes" : "no");
		show_lo("child");
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("child status %d\n", status);
	say("done\n");
	return 0;
}
