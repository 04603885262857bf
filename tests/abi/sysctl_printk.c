/*
 * sysctl_printk.c — /proc/sys/kernel/printk (Linux kernel/printk/sysctl.c:
 * proc_dointvec over console_loglevel, default_message_loglevel,
 * minimum_console_loglevel, default_console_loglevel): the last three read
 * as Debian's defaults, a write of four numbers sets all, of one only the
 * first, a bad number is EINVAL (what came before it is still set);
 * syslog(SYSLOG_ACTION_CONSOLE_LEVEL) sets the first. Put back at the end
 * (LTP syslog11 saves and restores the file).
 */
#include "lvtest.h"

#include <sys/klog.h>

#define PRINTK "/proc/sys/kernel/printk"

static void show(const char *label)
{
	char text[64] = "";
	slurp_file(PRINTK, text, sizeof text);
	say("%s: %s", label, text);
}

int main(void)
{
	char saved[64] = "";
	slurp_file(PRINTK, saved, sizeof saved);
	int levels[4] = {0};
	sscanf(saved, "%d %d %d %d", &levels[0], &levels[1], &levels[2], &levels[3]);
	say("defaults after the first: %d %d %d\n", levels[1], levels[2], levels[3]);
	show_ret("write 3 5 2 6", write_sysctl(PRINTK, "3 5 2 6\n") > 0 ? 0 : -1, errno);
	show("after");
	show_ret("write 6", write_sysctl(PRINTK, "6") > 0 ? 0 : -1, errno);
	show("after");
	expect_err("write 7 x", write_sysctl(PRINTK, "7 x"), errno, EINVAL);
	show("after");
	show_ret("klogctl CONSOLE_LEVEL 5", klogctl(8, NULL, 5), errno);
	show("after");
	show_ret("put back", write_sysctl(PRINTK, saved) > 0 ? 0 : -1, errno);
	done();
	return 0;
}
