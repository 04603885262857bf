/*
 * inotify_watch_rules.c — inotify_init1, inotify_add_watch and
 * inotify_rm_watch (fs/notify/inotify/inotify_user.c): their errors in
 * Linux's order, watch descriptors given cyclically from 1 and never reused
 * at once, one watch per inode and instance (a second add replaces its mask,
 * IN_MASK_ADD adds to it, IN_MASK_CREATE refuses it), IN_ONESHOT,
 * IN_ONLYDIR, IN_DONT_FOLLOW, IN_EXCL_UNLINK, IN_IGNORED from rm_watch, and
 * IN_DELETE_SELF only when the last open file of an unlinked file closes.
 */
#include "inotify_test.h"

int main(void)
{
	mkdir("/tmp/iwr", 0755);
	close(open("/tmp/iwr/f", O_CREAT | O_WRONLY, 0644));
	symlink("f", "/tmp/iwr/ln");

	R("init1 bad flags", inotify_init1(1));
	int in = inotify_init1(IN_NONBLOCK);
	int pipefd[2];
	pipe(pipefd);
	R("add zero mask", inotify_add_watch(in, "/tmp/iwr", 0));
	R("add unknown bit", inotify_add_watch(in, "/tmp/iwr", IN_CREATE | 0x800000));
	R("add bad fd", inotify_add_watch(99, "/tmp/iwr", IN_CREATE));
	R("add bad fd, ADD|CREATE", inotify_add_watch(99, "/tmp/iwr", IN_CREATE | IN_MASK_ADD | IN_MASK_CREATE));
	R("add ADD|CREATE", inotify_add_watch(in, "/tmp/iwr", IN_CREATE | IN_MASK_ADD | IN_MASK_CREATE));
	R("add on a pipe fd", inotify_add_watch(pipefd[0], "/tmp/iwr", IN_CREATE));
	R("add missing path", inotify_add_watch(in, "/tmp/iwr/none", IN_CREATE));
	R("add ONLYDIR on a file", inotify_add_watch(in, "/tmp/iwr/f", IN_ONLYDIR | IN_OPEN));
	R("add only flags", inotify_add_watch(in, "/tmp/iwr", IN_ONLYDIR));
	R("rm bad fd", inotify_rm_watch(99, 1));
	R("rm on a pipe fd", inotify_rm_watch(pipefd[0], 1));
	R("rm unknown wd", inotify_rm_watch(in, 42));

	/* the flags-only watch is wd 1; a second add of one inode gives its wd back */
	say("dir again: %d\n", inotify_add_watch(in, "/tmp/iwr", IN_CREATE));
	R("dir MASK_CREATE", inotify_add_watch(in, "/tmp/iwr", IN_DELETE | IN_MASK_CREATE));
	say("dir MASK_ADD: %d\n", inotify_add_watch(in, "/tmp/iwr", IN_DELETE | IN_MASK_ADD));
	close(open("/tmp/iwr/c", O_CREAT | O_WRONLY, 0644));
	unlink("/tmp/iwr/c");
	drain(in, "create and delete c (CREATE|DELETE wanted)");
	say("dir replace: %d\n", inotify_add_watch(in, "/tmp/iwr", IN_DELETE));
	close(open("/tmp/iwr/c", O_CREAT | O_WRONLY, 0644));
	unlink("/tmp/iwr/c");
	drain(in, "create and delete c (DELETE wanted)");

	int wl = inotify_add_watch(in, "/tmp/iwr/ln", IN_ATTRIB | IN_DONT_FOLLOW);
	int wf = inotify_add_watch(in, "/tmp/iwr/ln", IN_ATTRIB);
	say("link itself %d, followed %d\n", wl, wf);
	chmod("/tmp/iwr/f", 0600);
	drain(in, "chmod f");
	R("rm followed", inotify_rm_watch(in, wf));
	R("rm it again", inotify_rm_watch(in, wf));
	drain(in, "after rm");
	int wf2 = inotify_add_watch(in, "/tmp/iwr/f", IN_ATTRIB | IN_ONESHOT);
	say("f again %d (not %d again)\n", wf2, wf);
	chmod("/tmp/iwr/f", 0644);
	chmod("/tmp/iwr/f", 0600);
	drain(in, "oneshot: two chmods");
	R("rm spent oneshot", inotify_rm_watch(in, wf2));

	/* an unlinked file still open: its events go on, DELETE_SELF at the close */
	int fd = open("/tmp/iwr/f", O_RDWR);
	int wx = inotify_add_watch(in, "/tmp/iwr/f", IN_ALL_EVENTS | IN_EXCL_UNLINK);
	int fd2 = open("/tmp/iwr/f", O_RDWR);
	close(open("/tmp/iwr/g", O_CREAT | O_WRONLY, 0644));
	int fg = open("/tmp/iwr/g", O_RDWR);
	int wg = inotify_add_watch(in, "/tmp/iwr/g", IN_ALL_EVENTS);
	say("excl_unlink watch %d, plain watch %d\n", wx, wg);
	drain(in, "setup");
	unlink("/tmp/iwr/f");
	unlink("/tmp/iwr/g");
	drain(in, "unlink both while open");
	write(fd, "x", 1);
	write(fg, "x", 1);
	drain(in, "write to both");
	close(fd);
	close(fg);
	drain(in, "close g and one f");
	close(fd2);
	drain(in, "close the last f");
	unlink("/tmp/iwr/ln");
	drain(in, "unlink ln");
	close(in);
	close(pipefd[0]);
	close(pipefd[1]);
	rmdir("/tmp/iwr");
	done();
	return 0;
}
