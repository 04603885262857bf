/*
 * keyctl_move_caps_users.c — keyctl(2) KEYCTL_MOVE and KEYCTL_CAPABILITIES,
 * and /proc/key-users (Linux security/keys/keyctl.c keyctl_keyring_move,
 * keyctl_capabilities; keyring.c key_move; proc.c proc_key_users_show): a
 * key moves from one keyring to another (then it is not in the first:
 * ENOENT), EXCL refuses to replace a key of the same description (EEXIST),
 * without it the move replaces that key; unknown flags EINVAL, a move
 * within one keyring does nothing. The capability bytes for what both
 * kernels do (capabilities, invalidate, move; keyring names and key tags
 * per namespace), the rest of a longer buffer zeroed. The /proc/key-users
 * line of a user who owns a session keyring and a key.
 */
#include "lvtest.h"

#include <sys/wait.h>

#define KEY_SPEC_SESSION_KEYRING -3
#define KEYCTL_JOIN_SESSION_KEYRING 1
#define KEYCTL_READ 11
#define KEYCTL_MOVE 30
#define KEYCTL_CAPABILITIES 31
#define KEYCTL_MOVE_EXCL 1

static long add_key(const char *type, const char *desc, const void *payload, size_t plen, long ring)
{
	return syscall(SYS_add_key, type, desc, payload, plen, ring);
}

static long keyctl(int op, long a, long b, long c, long d)
{
	errno = 0;
	return syscall(SYS_keyctl, op, a, b, c, d);
}

/* How many keys the keyring links. */
static long nlinks(long ring)
{
	int ids[16];
	long n = keyctl(KEYCTL_READ, ring, (long)ids, sizeof ids, 0);
	return n < 0 ? n : n / 4;
}

static void move(void)
{
	if (keyctl(KEYCTL_JOIN_SESSION_KEYRING, (long)"mv", 0, 0, 0) < 0)
		exit(1);
	long a = add_key("keyring", "a", NULL, 0, KEY_SPEC_SESSION_KEYRING);
	long b = add_key("keyring", "b", NULL, 0, KEY_SPEC_SESSION_KEYRING);
	long k = add_key("user", "k", "one", 3, a);
	show_ret("move k from a to b", keyctl(KEYCTL_MOVE, k, a, b, 0), errno);
	say("  a links %ld, b links %ld\n", nlinks(a), nlinks(b));
	show_ret("move k from a again", keyctl(KEYCTL_MOVE, k, a, b, 0), errno);
	long k2 = add_key("user", "k", "two", 3, a);
	show_ret("move another k with EXCL", keyctl(KEYCTL_MOVE, k2, a, b, KEYCTL_MOVE_EXCL), errno);
	show_ret("move it without EXCL", keyctl(KEYCTL_MOVE, k2, a, b, 0), errno);
	int id = 0;
	keyctl(KEYCTL_READ, b, (long)&id, sizeof id, 0);
	say("  a links %ld, b links %ld, the new k: %s\n", nlinks(a), nlinks(b), id == k2 ? "yes" : "no");
	show_ret("flags 2", keyctl(KEYCTL_MOVE, k2, b, a, 2), errno);
	show_ret("within b", keyctl(KEYCTL_MOVE, k2, b, b, 0), errno);
	long k3 = add_key("user", "k3", "three", 5, KEY_SPEC_SESSION_KEYRING);
	show_ret("to a user key", keyctl(KEYCTL_MOVE, k2, b, k3, 0), errno);
}

static void capabilities(void)
{
	unsigned char buf[4];
	memset(buf, 0xff, sizeof buf);
	show_ret("capabilities, no buffer", keyctl(KEYCTL_CAPABILITIES, 0, 0, 0, 0), errno);
	show_ret("capabilities, 4 bytes", keyctl(KEYCTL_CAPABILITIES, (long)buf, sizeof buf, 0, 0), errno);
	say("  caps0 capabilities|invalidate|move 0x%x caps1 names|tags 0x%x, rest %d %d\n", buf[0] & 0xa1,
	    buf[1] & 0x03, buf[2], buf[3]);
	show_ret("capabilities, a bad buffer", keyctl(KEYCTL_CAPABILITIES, 8, 4, 0, 0), errno);
}

static void key_users(void)
{
	pid_t pid = fork();
	if (pid == 0) {
		/* a uid no earlier program used: Linux frees their keys later */
		unsigned uid = 20000 + (unsigned)getpid();
		char want[16];
		snprintf(want, sizeof want, "%5u:", uid);
		if (setgid(uid) || setuid(uid))
			_exit(1);
		if (keyctl(KEYCTL_JOIN_SESSION_KEYRING, (long)"u", 0, 0, 0) < 0)
			_exit(2);
		add_key("user", "x", "payload", 7, KEY_SPEC_SESSION_KEYRING);
		char text[4096];
		if (slurp_file("/proc/key-users", text, sizeof text) < 0)
			_exit(3);
		for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
			if (strncmp(line, want, strlen(want)) == 0)
				say("the user's line:%s\n", line + strlen(want));
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("child exit %d\n", WEXITSTATUS(status));
}

int main(void)
{
	move();
	capabilities();
	key_users();
	done();
	return 0;
}
