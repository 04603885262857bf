/*
 * splice_o_path_ebadf.c — the calls that move data between descriptors
 * look them up with fdget, which leaves O_PATH descriptors out (Linux
 * fs/splice.c splice, tee and vmsplice, fs/read_write.c sendfile and
 * copy_file_range): an O_PATH descriptor on either side is EBADF, before
 * the offsets are read (copy_file_range with an offset pointer that would
 * fault is still EBADF).
 */
#include "lvtest.h"

#include <sys/sendfile.h>
#include <sys/uio.h>

static void show(const char *what, long r)
{
	say("%s: %ld %s\n", what, r, r < 0 ? errname(errno) : "");
}

int main(void)
{
	int file = open("/tmp/sope", O_RDWR | O_CREAT | O_TRUNC, 0600);
	write(file, "abcdef", 6);
	int path = open("/tmp/sope", O_PATH);
	int p[2], q[2];
	pipe(p);
	pipe(q);
	write(p[1], "xy", 2);
	loff_t off = 0;
	show("splice O_PATH -> pipe", splice(path, &off, q[1], NULL, 4, 0));
	show("splice pipe -> O_PATH", splice(p[0], NULL, path, &off, 1, 0));
	show("tee O_PATH -> pipe", tee(path, q[1], 1, 0));
	struct iovec iov = {.iov_base = "z", .iov_len = 1};
	show("vmsplice O_PATH", vmsplice(path, &iov, 1, 0));
	show("sendfile O_PATH in", sendfile(q[1], path, NULL, 2));
	show("sendfile O_PATH out", sendfile(path, file, &off, 2));
	show("copy_file_range O_PATH in", copy_file_range(path, NULL, file, NULL, 2, 0));
	show("copy_file_range O_PATH out", copy_file_range(file, &off, path, NULL, 2, 0));
	show("copy_file_range O_PATH, bad offset", copy_file_range(path, (loff_t *)8, file, NULL, 2, 0));
	show("splice file -> pipe (control)", splice(file, &off, q[1], NULL, 3, 0));
	unlink("/tmp/sope");
	say("done\n");
	return 0;
}
