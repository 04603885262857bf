/*
 * sethostname_basic.c — sethostname and setdomainname (kernel/sys.c): the
 * new names in uname, gethostname, getdomainname and
 * /proc/sys/kernel/hostname; 64 bytes is the longest (65 EINVAL, a
 * negative length EINVAL), a name of length 0 is empty, a bad pointer
 * EFAULT, and a process without CAP_SYS_ADMIN gets EPERM. The names are
 * put back at the end (later programs of the boot see the originals).
 */
#include "fs_test.h"

#include <sys/utsname.h>
#include <sys/wait.h>

static void show_names(const char *when)
{
	struct utsname u;
	uname(&u);
	char host[100] = "", domain[100] = "", proc[100] = "";
	gethostname(host, sizeof host);
	getdomainname(domain, sizeof domain);
	int fd = open("/proc/sys/kernel/hostname", O_RDONLY);
	ssize_t n = read(fd, proc, sizeof proc - 1);
	close(fd);
	if (n > 0 && proc[n - 1] == '\n')
		proc[n - 1] = 0;
	say("%s: uname %s/%s, gethostname %s, getdomainname %s, proc %s\n", when, u.nodename, u.domainname, host,
	    domain, proc);
}

int main(void)
{
	struct utsname orig;
	uname(&orig);
	R("sethostname", sethostname("guest-one", 9));
	R("setdomainname", setdomainname("example.org", 11));
	show_names("after set");
	R("sethostname without NUL", sethostname("abcdefgh", 3));
	show_names("length 3");
	char longest[65];
	memset(longest, 'x', sizeof longest);
	R("64 bytes", sethostname(longest, 64));
	struct utsname u;
	uname(&u);
	say("nodename length %zu\n", strlen(u.nodename));
	R("65 bytes", sethostname(longest, 65));
	R("negative length", syscall(SYS_sethostname, "a", -1));
	R("bad pointer", syscall(SYS_sethostname, 8L, 4));
	R("empty", sethostname("", 0));
	show_names("empty");
	pid_t pid = fork();
	if (pid == 0) {
		setuid(1000);
		R("unprivileged sethostname", sethostname("nope", 4));
		R("unprivileged setdomainname", setdomainname("nope", 4));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	R("restore host", sethostname(orig.nodename, strlen(orig.nodename)));
	R("restore domain", setdomainname(orig.domainname, strlen(orig.domainname)));
	uname(&u);
	yesno("names restored", !strcmp(u.nodename, orig.nodename) && !strcmp(u.domainname, orig.domainname));
	done();
	return 0;
}
