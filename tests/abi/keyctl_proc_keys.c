/*
 * keyctl_proc_keys.c — /proc/keys (Linux security/keys/proc.c
 * proc_keys_show): a line per key the reader may view, with its state
 * flags (I instantiated, R revoked, Q in quota, N negative), its timeout
 * (perm, or what is left), permissions, owner, type and description with
 * the payload's length or a keyring's count. The serial and the usage count
 * (each kernel counts its own references) are left out, and the lines are
 * sorted (the file is in serial order, and serials are random). The
 * descriptions carry the pid, since Linux frees an earlier program's keys
 * a moment after it ends, from its garbage collector.
 */
#include "lvtest.h"

#include <stdlib.h>
#include <string.h>

#define KEY_SPEC_PROCESS_KEYRING -2
#define KEYCTL_REVOKE 3
#define KEYCTL_SET_TIMEOUT 15
#define KEYCTL_LINK 8

static long add_key(const char *type, const char *desc, const void *payload, size_t plen, int ring)
{
	return syscall(SYS_add_key, type, desc, payload, plen, ring);
}

static char prefix[32];

/* A description of ours: the prefix, then name. */
static const char *desc(const char *name)
{
	static char buf[8][64];
	static int next;
	char *d = buf[next++ % 8];
	snprintf(d, 64, "%s%s", prefix, name);
	return d;
}

static int by_text(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void show_ours(void)
{
	static char text[65536], lines[16][256];
	char *sorted[16];
	int n = 0;
	slurp_file("/proc/keys", text, sizeof(text));
	for (char *line = strtok(text, "\n"); line && n < 16; line = strtok(NULL, "\n")) {
		char *mine = strstr(line, prefix);
		if (!mine)
			continue;
		unsigned serial, perm;
		int usage, uid, gid, used = 0;
		char flags[8], timeout[8], type[16];
		if (sscanf(line, "%x %7s %d %7s %x %d %d %15s %n", &serial, flags, &usage, timeout, &perm, &uid, &gid,
			   type, &used) != 8)
			snprintf(lines[n], sizeof(lines[n]), "unparsed: %s", line);
		else
			snprintf(lines[n], sizeof(lines[n]), "%s %s %s %08x %d %d %s", mine + strlen(prefix), flags,
				 timeout, perm, uid, gid, type);
		sorted[n] = lines[n];
		n++;
	}
	qsort(sorted, (size_t)n, sizeof(sorted[0]), by_text);
	for (int i = 0; i < n; i++)
		say("%s\n", sorted[i]);
}

int main(void)
{
	snprintf(prefix, sizeof(prefix), "lv-proc-%d-", (int)getpid());
	long a = add_key("user", desc("a"), "hello", 5, KEY_SPEC_PROCESS_KEYRING);
	long ring = add_key("keyring", desc("ring"), NULL, 0, KEY_SPEC_PROCESS_KEYRING);
	long b = add_key("user", desc("b"), "x", 1, (int)ring);
	long c = add_key("logon", desc("c:svc"), "secret", 6, KEY_SPEC_PROCESS_KEYRING);
	long d = add_key("user", desc("d"), "gone", 4, KEY_SPEC_PROCESS_KEYRING);
	syscall(SYS_keyctl, KEYCTL_REVOKE, d, 0, 0, 0);
	/* Half a unit over 5 h and 10 min: /proc/keys rounds what is left down,
	 * so a whole 5 h shows as 4h once a second boundary passes before the read. */
	syscall(SYS_keyctl, KEYCTL_SET_TIMEOUT, b, 3600 * 5 + 1800, 0, 0);
	syscall(SYS_keyctl, KEYCTL_SET_TIMEOUT, c, 600 + 30, 0, 0);
	long r = syscall(SYS_request_key, "user", desc("neg"), "info", KEY_SPEC_PROCESS_KEYRING);
	say("keys made: %s, request_key: %s\n", a > 0 && ring > 0 && b > 0 && c > 0 && d > 0 ? "yes" : "no",
	    r < 0 ? errname(errno) : "made");
	show_ours();
	done();
	return 0;
}
