/*
 * reboot_cmd.c — calls reboot(2) with the command named by argv[1]
 * ("power-off", "restart" or "halt") after printing "rebooting"; prints
 * the error and exits 1 if the call returns. Power off and restart end
 * QEMU (-no-reboot); halt stops the machine, which then never reports.
 * Used by tests/harness/test_lvrun.py.
 */
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int cmd = RB_POWER_OFF;

	if (argc > 1 && strcmp(argv[1], "restart") == 0)
		cmd = RB_AUTOBOOT;
	else if (argc > 1 && strcmp(argv[1], "halt") == 0)
		cmd = RB_HALT_SYSTEM;
	printf("rebooting\n");
	fflush(stdout);
	reboot(cmd);
	perror("reboot");
	return 1;
}
