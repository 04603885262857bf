/*
 * reboot_einval.c — reboot(2)'s argument checks (kernel/reboot.c, man 2
 * reboot), none of which may reboot: a wrong magic1 or magic2 is EINVAL
 * whatever the command, every one of the four magic2 dates is accepted
 * (an unknown command is then EINVAL), KEXEC with no image loaded is EINVAL,
 * RESTART2 whose command string cannot be read is EFAULT,
 * and CAD_ON / CAD_OFF succeed (CAD_OFF, Linux's default, is set last).
 * Power off itself is tested by every test run: init ends with it.
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
#define LINUX_REBOOT_CMD_RESTART2 0xa1b2c3d4u

static long sys_reboot(unsigned magic1, unsigned magic2, unsigned cmd)
{
	return syscall(SYS_reboot, magic1, magic2, cmd, NULL);
}

static long sys_reboot_arg(unsigned cmd, const void *arg)
{
	return syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, cmd, arg);
}

int main(void)
{
	static const unsigned magic2s[] = {LINUX_REBOOT_MAGIC2, LINUX_REBOOT_MAGIC2A, LINUX_REBOOT_MAGIC2B,
					   LINUX_REBOOT_MAGIC2C};

	expect_err("bad magic1, POWER_OFF", sys_reboot(0xfee1deae, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF),
		   errno, EINVAL);
	expect_err("bad magic2, POWER_OFF", sys_reboot(LINUX_REBOOT_MAGIC1, 12345, LINUX_REBOOT_CMD_POWER_OFF), errno,
		   EINVAL);
	expect_err("bad magic2, RESTART", sys_reboot(LINUX_REBOOT_MAGIC1, 0, LINUX_REBOOT_CMD_RESTART), errno, EINVAL);
	expect_err("magics swapped, HALT", sys_reboot(LINUX_REBOOT_MAGIC2, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_CMD_HALT),
		   errno, EINVAL);
	for (unsigned i = 0; i < sizeof(magic2s) / sizeof(magic2s[0]); i++) {
		say("magic2 #%u: ", i);
		expect_err("unknown command", sys_reboot(LINUX_REBOOT_MAGIC1, magic2s[i], 0x12345678), errno, EINVAL);
	}
	expect_err("KEXEC without an image",
		   sys_reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_KEXEC), errno, EINVAL);
	expect_err("RESTART2 with a bad command pointer", sys_reboot_arg(LINUX_REBOOT_CMD_RESTART2, (void *)8), errno,
		   EFAULT);
	show_ret("CAD_ON", sys_reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_CAD_ON), errno);
	show_ret("CAD_OFF", sys_reboot(LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2A, LINUX_REBOOT_CMD_CAD_OFF), errno);
	done();
	return 0;
}
