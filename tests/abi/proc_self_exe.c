/* proc_self_exe: readlink("/proc/self/exe") gives the absolute path of the
 * running executable (proc(5)); for the harness that is the path execve'd,
 * i.e. argv[0]. readlink(2) does not NUL-terminate and returns the length.
 * A too-small buffer truncates silently (returns the buffer size). */
#include "lvtest.h"

int main(int argc, char **argv)
{
	(void)argc;
	char buf[4096];
	memset(buf, 'Z', sizeof buf);
	errno = 0;
	long n = syscall(SYS_readlinkat, -100 /* AT_FDCWD */, "/proc/self/exe", buf, sizeof buf - 1);
	if (n < 0) {
		say("readlink failed: %s\n", errname(errno));
		done();
		return 0;
	}
	yesno("not NUL-terminated by kernel", buf[n] == 'Z');
	buf[n] = 0;
	yesno("absolute", buf[0] == '/');
	yesno("length == strlen(argv[0])", (size_t)n == strlen(argv[0]));
	yesno("equals argv[0]", strcmp(buf, argv[0]) == 0);
	say("basename: %s\n", lv_basename(buf));
	char small[4];
	n = syscall(SYS_readlinkat, -100, "/proc/self/exe", small, sizeof small);
	say("readlink into 4-byte buffer: %ld\n", n);
	done();
	return 0;
}
