/* proc_sys_kernel_version: /proc/sys/kernel/version is uname's version
 * field and a newline (kernel/utsname_sysctl.c), as /proc/sys/kernel/ostype
 * and osrelease are its sysname and release. */
#include "lvtest.h"
#include <sys/utsname.h>

static void same(const char *path, const char *field)
{
	char text[256], want[256];
	ssize_t n = slurp_file(path, text, sizeof text - 1);
	text[n > 0 ? n : 0] = '\0';
	snprintf(want, sizeof want, "%s\n", field);
	say("%s is uname's: %s\n", path, strcmp(text, want) == 0 ? "yes" : "no");
}

int main(void)
{
	struct utsname u;
	if (uname(&u) != 0)
		return 1;
	same("/proc/sys/kernel/ostype", u.sysname);
	same("/proc/sys/kernel/osrelease", u.release);
	same("/proc/sys/kernel/version", u.version);
	done();
	return 0;
}
