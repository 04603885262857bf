/*
 * sethostname_proc.c — the host and domain names (kernel/sys.c,
 * kernel/utsname_sysctl.c): sethostname/setdomainname change what uname
 * and /proc/sys/kernel/{hostname,domainname} show; a write to the /proc file
 * (up to its newline, with O_TRUNC as a shell's > does) changes what uname
 * shows; 64 bytes is the most (EINVAL beyond, and for a negative length);
 * a bad pointer is EFAULT; a non-root caller gets EPERM before any other
 * check. The names are put back at the end.
 */
#include "fs_test.h"

#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>

static void show(const char *label)
{
	struct utsname u;
	char host[128] = "", dom[128] = "";
	uname(&u);
	slurp_file("/proc/sys/kernel/hostname", host, sizeof host);
	slurp_file("/proc/sys/kernel/domainname", dom, sizeof dom);
	say("%s: uname nodename=[%s] domainname=[%s] proc hostname=[%.*s] domainname=[%.*s]\n", label, u.nodename,
	    u.domainname, (int)strcspn(host, "\n"), host, (int)strcspn(dom, "\n"), dom);
}

static void write_proc(const char *label, const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0) {
		show_ret(label, -1, errno);
		return;
	}
	errno = 0;
	ssize_t n = write(fd, text, strlen(text));
	show_ret(label, n, errno);
	close(fd);
}

int main(void)
{
	struct utsname orig;
	uname(&orig);
	char name65[66];
	memset(name65, 'h', 65);
	name65[65] = 0;

	R("sethostname", sethostname("lv-test-host", 12));
	R("setdomainname", setdomainname("example.org", 11));
	show("after set");
	R("sethostname 3 of 8 bytes", sethostname("abcdefgh", 3));
	show("prefix");
	R("sethostname 64 bytes", sethostname(name65, 64));
	show("64 bytes");
	R("sethostname 65 bytes", sethostname(name65, 65));
	R("sethostname -1", syscall(SYS_sethostname, "x", -1));
	R("sethostname bad pointer", syscall(SYS_sethostname, 8L, 4));
	R("setdomainname 65 bytes", setdomainname(name65, 65));
	R("sethostname empty", sethostname("", 0));
	show("empty");

	write_proc("write /proc hostname", "/proc/sys/kernel/hostname", "from-proc\n");
	write_proc("write /proc domainname", "/proc/sys/kernel/domainname", "dom.proc");
	show("after /proc writes");
	write_proc("write /proc hostname 70 bytes", "/proc/sys/kernel/hostname",
		   "0123456789012345678901234567890123456789012345678901234567890123456789\n");
	show("long /proc write");

	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(1000) != 0)
			say("setuid failed\n");
		R("non-root sethostname", sethostname("nope", 4));
		R("non-root sethostname -1", syscall(SYS_sethostname, "nope", -1));
		R("non-root setdomainname", setdomainname("nope", 4));
		R("non-root open /proc hostname for writing", open("/proc/sys/kernel/hostname", O_WRONLY));
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	show("after the non-root child");

	R("restore hostname", sethostname(orig.nodename, strlen(orig.nodename)));
	R("restore domainname", setdomainname(orig.domainname, strlen(orig.domainname)));
	done();
	return 0;
}
