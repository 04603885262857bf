/*
 * sendfile_kinds.c — which inputs sendfile takes (Linux 6.1 do_sendfile).
 * To a file that is not a pipe it splices until count bytes
 * (do_splice_direct), so the input must be a regular file or a block
 * device: a pty slave, a pipe or /dev/zero is EINVAL (BusyBox's cat then
 * falls back to read/write, so ^D on a terminal ends it). To a pipe it is
 * one read of the input (splice_file_to_pipe): from a canonical pty slave,
 * one line each call, not all that is typed; a pipe as input is EINVAL.
 */
#include "fs_test.h"
#include "pty_test.h"

#include <sys/sendfile.h>

int main(void)
{
	int master, slave;
	if (open_pty(&master, &slave, O_RDWR | O_NOCTTY))
		return 1;
	int file = open("/tmp/sendfile_kinds", O_CREAT | O_RDWR | O_TRUNC, 0644);
	int p[2];
	pipe(p);
	R("pty slave to a file", sendfile(file, slave, NULL, 100));
	R("pipe to a file", sendfile(file, p[0], NULL, 100));
	int zero = open("/dev/zero", O_RDONLY);
	R("/dev/zero to a file", sendfile(file, zero, NULL, 100));
	int q[2];
	pipe(q);
	write(q[1], "x", 1);
	R("pipe to a pipe", sendfile(p[1], q[0], NULL, 100));

	write(master, "one\ntwo\n", 8); /* two lines for the slave's reader */
	say("pty slave to a pipe: %zd\n", sendfile(p[1], slave, NULL, 100));
	say("again: %zd\n", sendfile(p[1], slave, NULL, 100));
	char buf[32] = {0};
	ssize_t n = read(p[0], buf, sizeof buf - 1);
	show_bytes("the pipe holds", buf, n);

	write(file, "0123456789", 10);
	lseek(file, 0, SEEK_SET);
	say("regular file to a pipe: %zd\n", sendfile(p[1], file, NULL, 100));
	n = read(p[0], buf, sizeof buf - 1);
	show_bytes("the pipe holds", buf, n);
	unlink("/tmp/sendfile_kinds");
	done();
	return 0;
}
