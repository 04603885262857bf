/*
 * inotify_dir_events.c — the events a watched directory and a watched file
 * in it see, in order, for each kind of change (fs/notify/fsnotify.c,
 * include/linux/fsnotify.h): creating, opening, reading, writing, closing,
 * chmod/chown/utimensat/truncate, mkdir, symlink, link, renames within and
 * between watched directories (MOVED_FROM/MOVED_TO sharing a cookie,
 * MOVE_SELF), unlink and rmdir (DELETE, DELETE_SELF, IGNORED), getdents.
 * An event on a child goes first to the directory's watch (with the name),
 * then to the child's own watch.
 */
#include "inotify_test.h"

#include <sys/syscall.h>
#include <sys/time.h>

int main(void)
{
	mkdir("/tmp/ide", 0755);
	mkdir("/tmp/ide/a", 0755);
	mkdir("/tmp/ide/b", 0755);
	int in = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	int wa = inotify_add_watch(in, "/tmp/ide/a", IN_ALL_EVENTS);
	int wb = inotify_add_watch(in, "/tmp/ide/b", IN_ALL_EVENTS);
	say("watches: a=%d b=%d\n", wa, wb);

	int fd = open("/tmp/ide/a/f", O_CREAT | O_WRONLY, 0644);
	drain(in, "create");
	int wf = inotify_add_watch(in, "/tmp/ide/a/f", IN_ALL_EVENTS);
	say("watch f=%d\n", wf);
	write(fd, "hello", 5);
	write(fd, "world", 5); /* not merged: the last event queued is the watch on f's */
	drain(in, "two writes");
	close(fd);
	drain(in, "close after write");

	char buf[16];
	fd = open("/tmp/ide/a/f", O_RDONLY);
	read(fd, buf, sizeof buf);
	read(fd, buf, sizeof buf); /* end of file: no event */
	close(fd);
	drain(in, "open read close");

	fd = open("/tmp/ide/a/f", O_RDWR | O_TRUNC);
	close(fd);
	drain(in, "O_TRUNC");
	chmod("/tmp/ide/a/f", 0600);
	drain(in, "chmod");
	chown("/tmp/ide/a/f", -1, -1);
	drain(in, "chown -1 -1");
	chown("/tmp/ide/a/f", 0, 0);
	drain(in, "chown 0 0");
	struct timespec ts[2] = {{1, 0}, {2, 0}};
	utimensat(AT_FDCWD, "/tmp/ide/a/f", ts, 0);
	drain(in, "utimensat both");
	ts[1].tv_nsec = UTIME_OMIT;
	utimensat(AT_FDCWD, "/tmp/ide/a/f", ts, 0);
	drain(in, "utimensat atime");
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = 0;
	utimensat(AT_FDCWD, "/tmp/ide/a/f", ts, 0);
	drain(in, "utimensat mtime");
	truncate("/tmp/ide/a/f", 100);
	drain(in, "truncate");

	mkdir("/tmp/ide/a/sub", 0755);
	drain(in, "mkdir");
	symlink("f", "/tmp/ide/a/ln");
	drain(in, "symlink");
	link("/tmp/ide/a/f", "/tmp/ide/b/hard");
	drain(in, "link");
	fd = open("/tmp/ide/a", O_RDONLY | O_DIRECTORY);
	char dents[1024];
	syscall(SYS_getdents64, fd, dents, sizeof dents);
	close(fd);
	drain(in, "getdents");

	rename("/tmp/ide/a/f", "/tmp/ide/a/g");
	drain(in, "rename within a");
	rename("/tmp/ide/a/sub", "/tmp/ide/b/sub");
	drain(in, "rename dir a to b");
	int tf = open("/tmp/ide/b/t", O_CREAT | O_WRONLY, 0644);
	close(tf);
	int wt = inotify_add_watch(in, "/tmp/ide/b/t", IN_ALL_EVENTS);
	say("watch t=%d\n", wt);
	drain(in, "create t");
	rename("/tmp/ide/a/g", "/tmp/ide/b/t"); /* over t: t loses its last link */
	drain(in, "rename over t");
	unlink("/tmp/ide/b/hard");
	drain(in, "unlink hard");
	unlink("/tmp/ide/b/t");
	drain(in, "unlink t (f's last name)");
	unlink("/tmp/ide/a/ln");
	drain(in, "unlink symlink");
	rmdir("/tmp/ide/b/sub");
	drain(in, "rmdir");
	rmdir("/tmp/ide/a");
	drain(in, "rmdir watched a");
	close(in);
	rmdir("/tmp/ide/b");
	rmdir("/tmp/ide");
	done();
	return 0;
}
