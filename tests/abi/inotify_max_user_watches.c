/*
 * inotify_max_user_watches.c — /proc/sys/fs/inotify/max_user_watches
 * (Linux 6.1 fs/notify/inotify/inotify_user.c inotify_new_watch,
 * inc_inotify_watches): its default on a 1 GiB machine; a user's watches
 * over all its instances are counted, and a new watch past the limit is
 * ENOSPC, while changing the mask of an existing one still works; a watch
 * removed (or an instance closed) makes room again; a negative value is
 * EINVAL. The old value is put back at the end.
 */
#include "inotify_test.h"

#define LIMIT "/proc/sys/fs/inotify/max_user_watches"
#define W "max_user_watches"

static void add(const char *label, int in, const char *path, unsigned mask)
{
	errno = 0;
	int wd = inotify_add_watch(in, path, mask);
	say("%s: %s\n", label, wd < 0 ? errname(errno) : wd > 0 ? "a watch" : "zero?");
}

int main(void)
{
	char old[32] = {0};
	slurp_file(LIMIT, old, sizeof old);
	say("default: %s", old);
	put(W, "-1");
	put(W, "4");
	int a = inotify_init1(0), b = inotify_init1(0);
	add("a: /tmp", a, "/tmp", IN_CREATE);
	add("a: /proc", a, "/proc", IN_CREATE);
	add("b: /dev", b, "/dev", IN_CREATE);
	add("b: /", b, "/", IN_CREATE);
	add("b: /lvrun, the fifth", b, "/lvrun", IN_CREATE);
	add("a: /lvrun, the fifth", a, "/lvrun", IN_CREATE);
	add("a: /tmp again, a new mask", a, "/tmp", IN_DELETE);
	int wd = inotify_add_watch(a, "/proc", IN_MASK_ADD | IN_MODIFY);
	R("a: rm_watch /proc", inotify_rm_watch(a, wd));
	add("a: /lvrun after the removal", a, "/lvrun", IN_CREATE);
	add("b: /lvrun, the fifth again", b, "/lvrun", IN_CREATE);
	R("close a", close(a));
	add("b: /lvrun after a is closed", b, "/lvrun", IN_CREATE);
	close(b);
	put(W, old);
	done();
	return 0;
}
