/* gettid_equals_pid: in a single-threaded process the thread id equals the
 * process id (gettid(2): "In a single-threaded process, the thread ID is
 * equal to the process ID"). */
#include "lvtest.h"

int main(void)
{
	long tid = syscall(SYS_gettid);
	long pid = syscall(SYS_getpid);
	yesno("gettid() > 0", tid > 0);
	yesno("gettid() == getpid()", tid == pid);
	done();
	return 0;
}
