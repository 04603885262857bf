/* uname_fields: uname(2) fills struct utsname (6 fields of 65 bytes on
 * Linux, NUL-terminated). sysname is "Linux" and machine is "aarch64" (what
 * arm64 Linux reports, UTS_MACHINE); release starts with a digit; nodename
 * is non-empty. Only sysname and machine are printed verbatim. */
#include "lvtest.h"
#include <ctype.h>
#include <sys/utsname.h>

static int terminated(const char *f, size_t n)
{
	return memchr(f, 0, n) != NULL;
}

int main(void)
{
	struct utsname u;
	memset(&u, 0x5a, sizeof u);
	errno = 0;
	long r = syscall(SYS_uname, &u);
	show_ret("uname", r, errno);
	say("sizeof(struct utsname): %zu\n", sizeof u);
	yesno("all fields NUL-terminated",
	      terminated(u.sysname, sizeof u.sysname) && terminated(u.nodename, sizeof u.nodename) &&
		      terminated(u.release, sizeof u.release) && terminated(u.version, sizeof u.version) &&
		      terminated(u.machine, sizeof u.machine));
	say("sysname: %s\n", u.sysname);
	say("machine: %s\n", u.machine);
	yesno("release starts with digit", isdigit((unsigned char)u.release[0]));
	yesno("release has a dot", strchr(u.release, '.') != NULL);
	yesno("nodename non-empty", u.nodename[0] != 0);
	yesno("version non-empty", u.version[0] != 0);
	done();
	return 0;
}
