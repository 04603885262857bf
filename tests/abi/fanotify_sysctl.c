/*
 * fanotify_sysctl.c — /proc/sys/fs/fanotify (Linux 6.1 fanotify_user.c
 * fanotify_table): max_queued_events, taken by each new group (its queue
 * overflows past it), max_user_groups (EMFILE past it) and max_user_marks
 * (ENOSPC past it, unless FAN_UNLIMITED_MARKS), all writable by root.
 */
#include "fanotify_test.h"

#define SYS "/proc/sys/fs/fanotify/"

static void put(const char *file, const char *text)
{
	char path[96], buf[32] = {0};
	snprintf(path, sizeof path, SYS "%s", file);
	errno = 0;
	long n = write_sysctl(path, text);
	slurp_file(path, buf, sizeof buf);
	say("%s <- '%s': %s, now %s", file, text, n < 0 ? errname(errno) : "ok", buf);
}

int main(void)
{
	say_file("max_queued_events", SYS "max_queued_events");
	say_file("max_user_groups", SYS "max_user_groups");
	char marks[32];
	slurp_file(SYS "max_user_marks", marks, sizeof marks);
	say("max_user_marks at least 8192: %d\n", atoi(marks) >= 8192);

	/* a small queue for groups made after the write */
	put("max_queued_events", "3");
	mkdir("/tmp/fsy", 0755);
	int fan = fanotify_init(FAN_CLASS_NOTIF | FAN_NONBLOCK, O_RDONLY);
	put("max_queued_events", "16384");
	FM("mark dir", fan, FAN_MARK_ADD, FAN_CLOSE_WRITE | FAN_EVENT_ON_CHILD, AT_FDCWD, "/tmp/fsy");
	const char *names[] = {"/tmp/fsy/a", "/tmp/fsy/b", "/tmp/fsy/c", "/tmp/fsy/d", "/tmp/fsy/e"};
	for (int i = 0; i < 5; i++)
		close(open(names[i], O_CREAT | O_WRONLY, 0644));
	fan_drain(fan, "five files, a queue of 3");
	close(fan);

	/* groups */
	put("max_user_groups", "2");
	int g1 = fanotify_init(FAN_CLASS_NOTIF, O_RDONLY);
	int g2 = fanotify_init(FAN_CLASS_NOTIF, O_RDONLY);
	errno = 0;
	int g3 = fanotify_init(FAN_CLASS_NOTIF, O_RDONLY);
	show_ret("third group", g3 < 0 ? -1 : 0, errno);
	close(g2);
	errno = 0;
	g3 = fanotify_init(FAN_CLASS_NOTIF, O_RDONLY);
	show_ret("after closing one", g3 < 0 ? -1 : 0, errno);
	close(g3);
	put("max_user_groups", "128");

	/* marks */
	put("max_user_marks", "2");
	FM("first mark", g1, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/tmp/fsy/a");
	FM("second mark", g1, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/tmp/fsy/b");
	FM("third mark", g1, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/tmp/fsy/c");
	FM("changing a mark", g1, FAN_MARK_ADD, FAN_CLOSE, AT_FDCWD, "/tmp/fsy/a");
	int unlimited = fanotify_init(FAN_CLASS_NOTIF | FAN_UNLIMITED_MARKS, O_RDONLY);
	FM("FAN_UNLIMITED_MARKS group", unlimited, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/tmp/fsy/c");
	FM("and the other group again", g1, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/tmp/fsy/d");
	FM("remove one", g1, FAN_MARK_REMOVE, FAN_OPEN | FAN_CLOSE, AT_FDCWD, "/tmp/fsy/a");
	FM("then a new one", g1, FAN_MARK_ADD, FAN_OPEN, AT_FDCWD, "/tmp/fsy/d");
	say("restore max_user_marks: %s\n", write_sysctl(SYS "max_user_marks", marks) < 0 ? errname(errno) : "ok");
	char before[32], after[32];
	slurp_file(SYS "max_user_marks", before, sizeof before);
	errno = 0;
	long n = write_sysctl(SYS "max_user_marks", "-1");
	slurp_file(SYS "max_user_marks", after, sizeof after);
	say("max_user_marks <- '-1': %s, unchanged %d\n", n < 0 ? errname(errno) : "ok", strcmp(before, after) == 0);
	put("max_queued_events", "x");
	close(unlimited);
	close(g1);
	done();
	return 0;
}
