/*
 * splice_tee_vmsplice.c — splice, tee and vmsplice (Linux 6.1 fs/splice.c):
 * file -> pipe (with and without an offset; at most the pipe's free room;
 * 0 at end of file), pipe -> file, pipe -> pipe, pipe <-> socket, pipe ->
 * /dev/null, tee leaving its input in place, vmsplice into and out of a pipe,
 * and the errors: flags, bad fds, offsets on pipes (ESPIPE), neither end a
 * pipe, one pipe's two ends, O_APPEND, a directory, EAGAIN with
 * SPLICE_F_NONBLOCK, EPIPE without a reader, end of file without a writer.
 */
#include "fs_test.h"

#include <signal.h>
#include <sys/socket.h>
#include <sys/uio.h>

static char big[100000];

static void show_pipe(const char *label, int fd)
{
	char buf[256] = {0};
	int flags = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	ssize_t n = read(fd, buf, sizeof buf - 1);
	fcntl(fd, F_SETFL, flags);
	say("%s: %zd '%s'\n", label, n, n > 0 ? buf : "");
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	int fd = open("/tmp/spl", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(fd, "0123456789abcdef", 16);
	int p[2], q[2];
	pipe(p);
	pipe(q);

	R("len 0 with bad fds", splice(99, NULL, 98, NULL, 0, 0));
	R("bad flags", splice(fd, NULL, p[1], NULL, 4, 0x10));
	R("bad in", splice(99, NULL, p[1], NULL, 4, 0));
	R("bad out", splice(fd, NULL, 98, NULL, 4, 0));
	loff_t off = 2;
	R("offset on the pipe out", splice(fd, NULL, p[1], &off, 4, 0));
	R("offset on the pipe in", splice(p[0], &off, fd, NULL, 4, 0));
	R("pipe read end as out", splice(fd, NULL, p[0], NULL, 4, 0));
	R("neither a pipe", splice(fd, NULL, fd, NULL, 4, 0));
	R("one pipe's ends", splice(p[0], NULL, p[1], NULL, 4, 0));
	int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
	R("from a directory", splice(dir, NULL, p[1], NULL, 4, 0));
	close(dir);

	off = 4;
	say("file->pipe at offset 4: %zd, off now %lld, pos %lld\n", splice(fd, &off, p[1], NULL, 6, SPLICE_F_MORE),
	    (long long)off, (long long)lseek(fd, 0, SEEK_CUR));
	show_pipe("pipe holds", p[0]);
	lseek(fd, 10, SEEK_SET);
	say("file->pipe at pos 10: %zd, pos %lld\n", splice(fd, NULL, p[1], NULL, 100, 0),
	    (long long)lseek(fd, 0, SEEK_CUR));
	say("file->pipe at end: %zd\n", splice(fd, NULL, p[1], NULL, 100, 0));
	say("pipe->pipe: %zd\n", splice(p[0], NULL, q[1], NULL, 100, 0));
	show_pipe("second pipe holds", q[0]);

	write(p[1], "tee-me", 6);
	say("tee: %zd\n", tee(p[0], q[1], 100, 0));
	show_pipe("tee copy", q[0]);
	R("tee into itself", tee(p[0], p[1], 10, 0));
	R("tee from a file", tee(fd, q[1], 10, 0));
	R("tee bad flags", tee(p[0], q[1], 10, 0x40));
	off = 0;
	say("pipe->file at 0: %zd, off %lld\n", splice(p[0], NULL, fd, &off, 3, 0), (long long)off);
	say("pipe->file rest: %zd, pos %lld\n", splice(p[0], NULL, fd, NULL, 100, 0),
	    (long long)lseek(fd, 0, SEEK_CUR));
	char buf[32] = {0};
	pread(fd, buf, 31, 0);
	say("file: '%s'\n", buf);
	R("empty pipe, nonblock", splice(p[0], NULL, fd, NULL, 10, SPLICE_F_NONBLOCK));

	int ap = open("/tmp/spl", O_WRONLY | O_APPEND);
	write(p[1], "x", 1);
	R("O_APPEND out", splice(p[0], NULL, ap, NULL, 1, 0));
	close(ap);
	int null = open("/dev/null", O_WRONLY);
	say("pipe->/dev/null: %zd\n", splice(p[0], NULL, null, NULL, 10, 0));
	close(null);

	/* a big file fills the pipe's 16 pages and no more */
	int bf = open("/tmp/spl-big", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(bf, big, sizeof big);
	lseek(bf, 0, SEEK_SET);
	say("big file->pipe: %zd\n", splice(bf, NULL, p[1], NULL, sizeof big, 0));
	R("full pipe, nonblock", splice(bf, NULL, p[1], NULL, 10, SPLICE_F_NONBLOCK));
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	R("full pipe, O_NONBLOCK pipe", splice(bf, NULL, p[1], NULL, 10, 0));
	say("drain to file: %zd\n", splice(p[0], NULL, bf, NULL, sizeof big, 0));
	close(bf);
	unlink("/tmp/spl-big");

	/* sockets */
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(p[1], "to-socket", 9);
	say("pipe->socket: %zd\n", splice(p[0], NULL, sv[0], NULL, 100, 0));
	say("socket->pipe: %zd\n", splice(sv[1], NULL, q[1], NULL, 100, 0));
	show_pipe("from the socket", q[0]);
	R("offset on a socket", splice(sv[1], &off, q[1], NULL, 100, 0));

	/* vmsplice */
	struct iovec iov[2] = {{"vm", 2}, {"splice", 6}};
	say("vmsplice in: %zd\n", vmsplice(q[1], iov, 2, 0));
	char a[3] = {0}, b[16] = {0};
	struct iovec out[2] = {{a, 2}, {b, 15}};
	say("vmsplice out: %zd '%s' '%s'\n", vmsplice(q[0], out, 2, 0), a, b);
	R("vmsplice out, empty, nonblock", vmsplice(q[0], out, 2, SPLICE_F_NONBLOCK));
	R("vmsplice a file", vmsplice(fd, iov, 2, 0));
	R("vmsplice bad fd", vmsplice(99, iov, 2, 0));
	R("vmsplice bad flags", vmsplice(q[1], iov, 2, 0x20));
	R("vmsplice 1025 segments", vmsplice(q[1], iov, 1025, 0));
	say("vmsplice no segments: %zd\n", vmsplice(q[1], iov, 0, 0));

	/* the ends go away */
	close(q[0]);
	R("no reader", splice(fd, &off, q[1], NULL, 4, 0));
	R("tee, no reader", (write(p[1], "z", 1), tee(p[0], q[1], 1, 0)));
	close(p[1]);
	say("pipe->file without a writer: %zd\n", splice(p[0], NULL, fd, NULL, 10, 0));
	say("pipe->file without a writer, empty: %zd\n", splice(p[0], NULL, fd, NULL, 10, 0));
	close(fd);
	unlink("/tmp/spl");
	done();
	return 0;
}
