/* seccomp_sysctl: /proc/sys/kernel/seccomp (Documentation/userspace-api/
 * seccomp_filter.rst, "Sysctls"): actions_avail lists the actions in
 * order of their precedence, read-only; actions_logged lists those the
 * kernel log reports (all but allow by default), and a write of names
 * separated by spaces replaces the set — read up to the first newline and
 * the first empty name, an unknown name or "allow" EINVAL (kernel/seccomp.c
 * write_actions_logged). The default is put back at the end. */
#include "seccomp_test.h"

#define LOGGED "/proc/sys/kernel/seccomp/actions_logged"

static void show_logged(const char *label)
{
	char buf[256];
	ssize_t n = slurp_file(LOGGED, buf, sizeof buf);
	say("%s: %s", label, n > 0 ? buf : "(unreadable)\n");
}

static void try_write(const char *text)
{
	int fd = open(LOGGED, O_WRONLY);
	ssize_t r = fd < 0 ? -1 : write(fd, text, strlen(text));
	say("write \"%.*s\": %s\n", (int)strcspn(text, "\n"), text, r < 0 ? errname(errno) : "ok");
	if (fd >= 0)
		close(fd);
	show_logged("  now");
}

int main(void)
{
	char avail[256] = "";
	ssize_t n = slurp_file("/proc/sys/kernel/seccomp/actions_avail", avail, sizeof avail);
	size_t len = n > 0 ? (size_t)n : 0;
	const char *tail = "trace log allow\n";
	say("actions_avail begins with the kill actions: %s\n",
	    strncmp(avail, "kill_process kill_thread trap errno ", 36) == 0 ? "yes" : "no");
	say("actions_avail ends with trace log allow: %s\n",
	    len >= strlen(tail) && strcmp(avail + len - strlen(tail), tail) == 0 ? "yes" : "no");
	int fd = open("/proc/sys/kernel/seccomp/actions_avail", O_WRONLY);
	say("actions_avail for writing: %s\n", fd < 0 ? errname(errno) : "opened");
	show_logged("actions_logged");
	try_write("errno log\n");
	try_write("kill_process");
	try_write("trap  trace");
	try_write("\n");
	try_write("errno allow");
	try_write("errno bogus");
	try_write("kill_process kill_thread trap errno user_notif trace log\n");
	done();
	return 0;
}
