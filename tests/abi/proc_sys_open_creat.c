/* proc_sys_open_creat: O_CREAT on a /proc file that exists opens it, as
 * for any existing file (fs/namei.c open_last_lookups finds procfs's
 * names through its lookup): fopen(path, "w") of a sysctl (O_WRONLY |
 * O_CREAT | O_TRUNC) writes it, as LTP's SAFE_FILE_PRINTF does, and
 * O_CREAT | O_EXCL is EEXIST. */
#include "lvtest.h"

#define FILE_PATH "/proc/sys/fs/mqueue/queues_max"

int main(void)
{
	char before[32] = "", after[32] = "";
	slurp_file(FILE_PATH, before, sizeof before - 1);
	FILE *f = fopen(FILE_PATH, "w");
	say("fopen w: %s\n", f ? "ok" : errname(errno));
	if (f) {
		fprintf(f, "%d", 77);
		say("fclose: %d\n", fclose(f));
	}
	slurp_file(FILE_PATH, after, sizeof after - 1);
	say("now: %s", after);
	expect_err("O_CREAT|O_EXCL", open(FILE_PATH, O_WRONLY | O_CREAT | O_EXCL, 0644), errno, EEXIST);
	int fd = open("/proc/version", O_RDONLY | O_CREAT, 0644);
	show_ret("O_RDONLY|O_CREAT of /proc/version", fd < 0 ? -1 : 0, errno);
	close(fd);
	show_ret("put back", write_sysctl(FILE_PATH, before) < 0 ? -1 : 0, errno);
	done();
	return 0;
}
