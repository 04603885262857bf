/* execveat_empty_path_anon: execveat(2) with AT_EMPTY_PATH on descriptors
 * of files without a name (Linux do_open_execat reopens the descriptor's
 * file and refuses what is not an executable regular file): an eventfd,
 * an epoll instance, a pipe's read end, a socket: EACCES. Found by the
 * system-call fuzzer: the anonymous file's empty path was followed. */
#include "execveat_test.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

int main(void)
{
	char *const args[] = {"execveat_empty_path_anon", "child", NULL};
	execveat_run("eventfd", args, eventfd(0, 0), "", AT_EMPTY_PATH);
	execveat_run("epoll", args, epoll_create1(0), "", AT_EMPTY_PATH);
	int p[2];
	if (pipe(p))
		return 1;
	execveat_run("pipe", args, p[0], "", AT_EMPTY_PATH);
	execveat_run("socket", args, socket(AF_UNIX, SOCK_STREAM, 0), "", AT_EMPTY_PATH);
	execveat_run("eventfd, AT_SYMLINK_NOFOLLOW", args, eventfd(0, 0), "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
	done();
	return 0;
}
