/*
 * symlink_loop_eloop.c — symbolic links in path walks (fs/namei.c,
 * path_resolution(7)): relative targets resolve from the link's directory,
 * absolute ones from the root; a chain of 40 links resolves and 41 is
 * ELOOP; a link to itself is ELOOP; links to directories work in the
 * middle of a path and with a trailing slash; lstat and AT_SYMLINK_NOFOLLOW
 * see the link itself; readlink returns the target (truncated silently);
 * readlink of a non-link is EINVAL; ".." after a link to a directory goes
 * to the target's parent, not lexically back.
 */
#include "fs_test.h"

int main(void)
{
	mkdir("/tmp/sle", 0755);
	mkdir("/tmp/sle/real", 0755);
	mkdir("/tmp/sle/real/inner", 0755);
	close(open("/tmp/sle/real/inner/file", O_CREAT | O_WRONLY, 0644));
	R("symlink rel", symlink("real/inner", "/tmp/sle/rel"));
	R("symlink abs", symlink("/tmp/sle/real", "/tmp/sle/abs"));
	R("symlink existing", symlink("x", "/tmp/sle/rel"));
	R("open via rel", open("/tmp/sle/rel/file", O_RDONLY));
	R("open via abs", open("/tmp/sle/abs/inner/file", O_RDONLY));
	R("stat rel/ (trailing slash)", access("/tmp/sle/rel/", F_OK));
	struct stat st;
	lstat("/tmp/sle/rel", &st);
	say("lstat: link %d size %ld\n", S_ISLNK(st.st_mode), (long)st.st_size);
	stat("/tmp/sle/rel", &st);
	say("stat: dir %d\n", S_ISDIR(st.st_mode));
	fstatat(AT_FDCWD, "/tmp/sle/abs", &st, AT_SYMLINK_NOFOLLOW);
	say("AT_SYMLINK_NOFOLLOW: link %d\n", S_ISLNK(st.st_mode));
	char buf[64] = {0};
	say("readlink: %zd '%s'\n", readlink("/tmp/sle/abs", buf, sizeof buf), buf);
	memset(buf, 0, sizeof buf);
	say("readlink short: %zd '%s'\n", readlink("/tmp/sle/abs", buf, 4), buf);
	R("readlink a directory", readlink("/tmp/sle/real", buf, sizeof buf));
	R("readlink missing", readlink("/tmp/sle/none", buf, sizeof buf));
	/* ".." after a link: the target's parent (real), where "inner" is */
	R("rel/../inner/file", access("/tmp/sle/rel/../inner/file", F_OK));
	R("self loop", symlink("self", "/tmp/sle/self"));
	R("open self loop", open("/tmp/sle/self", O_RDONLY));
	R("self loop in the middle", access("/tmp/sle/self/x", F_OK));
	char name[64], target[64];
	close(open("/tmp/sle/l0", O_CREAT | O_WRONLY, 0644));
	for (int i = 1; i <= 41; i++) {
		snprintf(name, sizeof name, "/tmp/sle/l%d", i);
		snprintf(target, sizeof target, "l%d", i - 1);
		symlink(target, name);
	}
	R("40 links", open("/tmp/sle/l40", O_RDONLY));
	R("41 links", open("/tmp/sle/l41", O_RDONLY));
	R("41 links, lstat", lstat("/tmp/sle/l41", &st));
	R("link to a file then /", access("/tmp/sle/l1/", F_OK));
	R("empty target", symlink("", "/tmp/sle/empty"));
	for (int i = 0; i <= 41; i++) {
		snprintf(name, sizeof name, "/tmp/sle/l%d", i);
		unlink(name);
	}
	unlink("/tmp/sle/self");
	unlink("/tmp/sle/rel");
	unlink("/tmp/sle/abs");
	unlink("/tmp/sle/real/inner/file");
	rmdir("/tmp/sle/real/inner");
	rmdir("/tmp/sle/real");
	R("cleanup", rmdir("/tmp/sle"));
	done();
	return 0;
}
