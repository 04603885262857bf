/*
 * sys_reboot.c — reboot(2): power off, restart or halt the machine, and the
 * Ctrl-Alt-Del flag, with Linux's checks in Linux's order (kernel/reboot.c,
 * man 2 reboot):
 *
 *   1. the caller needs CAP_SYS_BOOT, else EPERM;
 *   2. magic1 must be LINUX_REBOOT_MAGIC1 and magic2 one of the four
 *      LINUX_REBOOT_MAGIC2* dates, else EINVAL;
 *   3. the command: an unknown one is EINVAL; KEXEC without a loaded image
 *      and SW_SUSPEND without hibernation support are EINVAL too.
 *
 * Each of the three first parks the other CPUs (IPI_STOP), as Linux's arm64
 * machine_halt, machine_power_off and machine_restart do (smp_send_stop).
 * Power off and restart then go through PSCI (arch/arm64/cpu.c); halt stops
 * this CPU too, without powering off: the machine stays on, doing nothing,
 * interrupts masked everywhere, so a key typed on the console is not even
 * echoed. Nothing is synced: that is user space's job before it calls
 * reboot().
 */
#include <cred.h>
#include <syscall.h>

#include <arch.h>
#include <lockdep.h>
#include <printk.h>
#include <smp.h>
#include <string.h>
#include <uapi/errno.h>

/* include/uapi/linux/reboot.h */
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
#define LINUX_REBOOT_CMD_RESTART2 0xa1b2c3d4u
#define LINUX_REBOOT_CMD_SW_SUSPEND 0xd000fce2u
#define LINUX_REBOOT_CMD_KEXEC 0x45584543u

/*
 * Whether Ctrl-Alt-Del reboots at once (1, CAD_ON) or sends SIGINT to init
 * (0, CAD_OFF, Linux's default). Nothing delivers Ctrl-Alt-Del yet; the flag
 * is kept for when a keyboard does. Written with a relaxed atomic store.
 */
static int cad_reboots_at_once;

/*
 * CAP_SYS_BOOT in the caller's user namespace. Every process runs as root
 * with every capability until credentials exist (issue #13, the process
 * table's work); when they do, this asks them.
 */
static bool capable_sys_boot(void)
{
	return capable(CAP_SYS_BOOT);
}

/* Linux's arm64 machine_halt/_restart/_power_off: local_irq_disable, then
 * smp_send_stop. This CPU's interrupts go first, so it cannot be sent away
 * to another task once the others are parked. */
static void stop_other_cpus(void)
{
	arch_irq_disable();
	smp_stop_others();
}

static bool magic_ok(u32 magic1, u32 magic2)
{
	return magic1 == LINUX_REBOOT_MAGIC1 && (magic2 == LINUX_REBOOT_MAGIC2 || magic2 == LINUX_REBOOT_MAGIC2A ||
						 magic2 == LINUX_REBOOT_MAGIC2B || magic2 == LINUX_REBOOT_MAGIC2C);
}

SYSCALL_DEFINE4(reboot, int, magic1, int, magic2, unsigned, cmd, uaddr_t, arg)
{
	if (!capable_sys_boot())
		return -EPERM;
	if (!magic_ok((u32)magic1, (u32)magic2))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_RESTART2: {
		/* the command string is read (EFAULT as Linux) and logged */
		char why[256];
		long n = strncpy_from_user(why, arg, sizeof(why) - 1);
		if (n < 0)
			return -EFAULT;
		why[n] = '\0';
		printk(KERN_EMERG "reboot: Restarting system with command '%s'", why);
		stop_other_cpus();
		arch_restart();
	}
	case LINUX_REBOOT_CMD_RESTART:
		printk(KERN_EMERG "reboot: Restarting system");
		stop_other_cpus();
		arch_restart();
	case LINUX_REBOOT_CMD_HALT:
		printk(KERN_EMERG "reboot: System halted");
		stop_other_cpus();
		arch_halt();
	case LINUX_REBOOT_CMD_POWER_OFF:
		lockdep_dump_orders();
		printk(KERN_EMERG "reboot: Power down");
		stop_other_cpus();
		arch_power_off();
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		__atomic_store_n(&cad_reboots_at_once, cmd == LINUX_REBOOT_CMD_CAD_ON, __ATOMIC_RELAXED);
		return 0;
	case LINUX_REBOOT_CMD_KEXEC:	  /* no kexec image can be loaded (kexec_load is ENOSYS) */
	case LINUX_REBOOT_CMD_SW_SUSPEND: /* no hibernation: Linux without CONFIG_HIBERNATION */
	default: return -EINVAL;
	}
}
