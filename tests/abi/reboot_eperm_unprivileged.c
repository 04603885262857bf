/*
 * reboot_eperm_unprivileged.c — reboot(2) needs CAP_SYS_BOOT, checked before
 * anything else (kernel/reboot.c): a process that dropped root (setuid to
 * nobody) gets EPERM even with a wrong magic or an unknown command. The
 * command used is never a real one, so a kernel that wrongly allows the
 * call answers EINVAL instead of rebooting.
 */
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lvtest.h"

/* include/uapi/linux/reboot.h (musl has no copy of it) */
#define LINUX_REBOOT_MAGIC1 0xfee1deadu
#define LINUX_REBOOT_MAGIC2 672274793u
#define LINUX_REBOOT_MAGIC2A 85072278u
#define LINUX_REBOOT_MAGIC2B 369367448u
#define LINUX_REBOOT_MAGIC2C 537993216u
#define LINUX_REBOOT_CMD_RESTART 0x01234567u
#define LINUX_REBOOT_CMD_HALT 0xcdef0123u
#define LINUX_REBOOT_CMD_CAD_ON 0x89abcdefu
#define LINUX_REBOOT_CMD_CAD_OFF 0x00000000u
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedcu
#define LINUX_REBOOT_CMD_KEXEC 0x45584543u

int main(void)
{
	show_ret("setuid(65534)", setuid(65534), errno);
	expect_err("unknown command", syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, 0x12345678, NULL),
		   errno, EPERM);
	expect_err("bad magic", syscall(SYS_reboot, 1, 2, LINUX_REBOOT_CMD_POWER_OFF, NULL), errno, EPERM);
	done();
	return 0;
}
