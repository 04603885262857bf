/* adjtimex_state: adjtimex(2) reads and sets the kernel's NTP state
 * (kernel/time/ntp.c __do_adjtimex, timekeeping.c
 * timekeeping_validate_timex). A fresh boot reads TIME_ERROR with
 * STA_UNSYNC, no frequency offset, a 10000 us tick, time constant 2,
 * precision 1, tolerance 500 ppm << 16 and both errors at NTP_PHASE_LIMIT.
 * Setting: ADJ_STATUS keeps the read-only bits, turning STA_PLL off resets
 * the status to STA_UNSYNC; ADJ_TIMECONST adds 4 without STA_NANO and
 * clamps to 0..10; ADJ_NANO/ADJ_MICRO change the units of time; a status
 * without STA_UNSYNC reads TIME_OK; the maximum error grows by 500 a
 * second; ADJ_SETOFFSET steps CLOCK_REALTIME, which marks it
 * unsynchronised with both errors at their limit (ntp_clear); writing back what was read
 * succeeds. Errors in Linux's order: EFAULT, ADJ_ADJTIME without the
 * single-shot bit EINVAL, a tick beyond 10% EINVAL, an offset's usec out of
 * range EINVAL, a step before boot EINVAL, a frequency whose scaling
 * overflows EINVAL, and without CAP_SYS_TIME any change EPERM but reading
 * (modes 0, ADJ_OFFSET_SS_READ) works. The state is put back at the end. */
#include "lvtest.h"
#include <sys/timex.h>
#include <sys/wait.h>
#include <time.h>

static long adj(struct timex *tx)
{
	return syscall(SYS_adjtimex, tx);
}

static long read_state(struct timex *tx)
{
	memset(tx, 0, sizeof(*tx));
	return adj(tx);
}

static void show_state(const char *label)
{
	struct timex tx;
	long r = read_state(&tx);
	say("%s: ret=%ld status=%#x freq=%ld offset=%ld tick=%ld constant=%ld precision=%ld tolerance=%ld "
	    "tai=%d ppsfreq=%ld jitter=%ld shift=%d stabil=%ld\n",
	    label, r, tx.status, tx.freq, tx.offset, tx.tick, tx.constant, tx.precision, tx.tolerance, tx.tai,
	    tx.ppsfreq, tx.jitter, tx.shift, tx.stabil);
}

static long set(unsigned modes, struct timex *tx)
{
	tx->modes = modes;
	return adj(tx);
}

static void errors(void)
{
	struct timex tx;
	expect_err("bad pointer", adj((struct timex *)8), errno, EFAULT);
	read_state(&tx);
	expect_err("ADJ_ADJTIME alone", set(0x8000, &tx), errno, EINVAL);
	read_state(&tx);
	tx.tick = 900000 / 100 - 1;
	expect_err("tick 8999", set(ADJ_TICK, &tx), errno, EINVAL);
	tx.tick = 1100000 / 100 + 1;
	expect_err("tick 11001", set(ADJ_TICK, &tx), errno, EINVAL);
	read_state(&tx);
	tx.time.tv_sec = 1;
	tx.time.tv_usec = 1000000;
	expect_err("setoffset usec 1e6", set(ADJ_SETOFFSET, &tx), errno, EINVAL);
	tx.time.tv_usec = -1;
	expect_err("setoffset usec -1", set(ADJ_SETOFFSET, &tx), errno, EINVAL);
	tx.time.tv_sec = -100000000000L;
	tx.time.tv_usec = 0;
	expect_err("setoffset before boot", set(ADJ_SETOFFSET, &tx), errno, EINVAL);
	read_state(&tx);
	tx.freq = 1L << 60;
	expect_err("freq overflow", set(ADJ_FREQUENCY, &tx), errno, EINVAL);
}

static void as_nobody(void)
{
	pid_t child = fork();
	if (child == 0) {
		if (setuid(65534))
			_exit(2);
		struct timex tx;
		show_ret("nobody reads", read_state(&tx), errno);
		tx.maxerror = 1;
		expect_err("nobody sets maxerror", set(ADJ_MAXERROR, &tx), errno, EPERM);
		show_ret("nobody ADJ_OFFSET_SS_READ", set(ADJ_OFFSET_SS_READ, &tx), errno);
		expect_err("nobody ADJ_OFFSET_SINGLESHOT", set(ADJ_OFFSET_SINGLESHOT, &tx), errno, EPERM);
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(child, &status, 0);
	yesno("child exited 0", WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void setting(void)
{
	struct timex tx;
	read_state(&tx);
	tx.status = STA_CLOCKERR | STA_FREQHOLD | STA_UNSYNC; /* CLOCKERR is read-only */
	show_ret("status FREQHOLD|UNSYNC", set(ADJ_STATUS, &tx), errno);
	show_state("after status");
	read_state(&tx);
	tx.status = 0;
	tx.maxerror = 1000;
	tx.esterror = 20;
	show_ret("status 0, maxerror 1000", set(ADJ_STATUS | ADJ_MAXERROR | ADJ_ESTERROR, &tx), errno);
	read_state(&tx);
	yesno("maxerror 1000 plus 500 a second", tx.maxerror >= 1000 && tx.maxerror <= 1500);
	say("esterror=%ld\n", tx.esterror);
	tx.status = STA_PLL;
	show_ret("status PLL", set(ADJ_STATUS, &tx), errno);
	tx.status = STA_FLL;
	show_ret("status PLL off", set(ADJ_STATUS, &tx), errno);
	show_state("after PLL off");

	long constants[] = {3, 20, -10};
	for (int i = 0; i < 3; i++) {
		read_state(&tx);
		tx.constant = constants[i];
		set(ADJ_TIMECONST, &tx);
		say("constant %ld in micro reads %ld\n", constants[i], tx.constant);
	}
	read_state(&tx);
	show_ret("ADJ_NANO", set(ADJ_NANO, &tx), errno);
	say("nano status=%#x\n", tx.status);
	tx.constant = 3;
	set(ADJ_TIMECONST, &tx);
	say("constant 3 in nano reads %ld\n", tx.constant);
	struct timespec now;
	read_state(&tx);
	clock_gettime(CLOCK_REALTIME, &now);
	yesno("nano time within a second",
	      tx.time.tv_usec >= 0 && tx.time.tv_usec < 1000000000 && labs(now.tv_sec - tx.time.tv_sec) <= 1);
	show_ret("ADJ_MICRO", set(ADJ_MICRO, &tx), errno);
	say("micro status=%#x\n", tx.status);
}

static void step(void)
{
	struct timespec real0, mono0, real1, mono1;
	struct timex tx;
	clock_gettime(CLOCK_REALTIME, &real0);
	clock_gettime(CLOCK_MONOTONIC, &mono0);
	read_state(&tx);
	tx.time.tv_sec = 3600;
	tx.time.tv_usec = 500000;
	show_ret("setoffset +3600.5 s", set(ADJ_SETOFFSET, &tx), errno);
	clock_gettime(CLOCK_REALTIME, &real1);
	clock_gettime(CLOCK_MONOTONIC, &mono1);
	double jump = (real1.tv_sec - real0.tv_sec) + (real1.tv_nsec - real0.tv_nsec) / 1e9 -
		      ((mono1.tv_sec - mono0.tv_sec) + (mono1.tv_nsec - mono0.tv_nsec) / 1e9);
	yesno("realtime moved by 3600.5 s", jump > 3600.4 && jump < 3600.6);
	read_state(&tx);
	tx.time.tv_sec = -3601;
	tx.time.tv_usec = 500000000;
	show_ret("setoffset -3600.5 s in nano", set(ADJ_SETOFFSET | ADJ_NANO, &tx), errno);
	clock_gettime(CLOCK_REALTIME, &real1);
	clock_gettime(CLOCK_MONOTONIC, &mono1);
	jump = (real1.tv_sec - real0.tv_sec) + (real1.tv_nsec - real0.tv_nsec) / 1e9 -
	       ((mono1.tv_sec - mono0.tv_sec) + (mono1.tv_nsec - mono0.tv_nsec) / 1e9);
	yesno("realtime back", jump > -0.1 && jump < 0.1);
	read_state(&tx);
	say("after a step: status=%#lx maxerror=%ld esterror=%ld\n", (long)tx.status, tx.maxerror, tx.esterror);
	set(ADJ_MICRO, &tx);
}

int main(void)
{
	struct timex saved;
	show_state("fresh");
	read_state(&saved);
	yesno("maxerror and esterror at the limit", saved.maxerror == 16000000 && saved.esterror == 16000000);
	errors();
	as_nobody();
	setting();
	step();
	/* write back what was read first, as ntpd and LTP do */
	show_ret("restore",
		 set(ADJ_OFFSET | ADJ_FREQUENCY | ADJ_MAXERROR | ADJ_ESTERROR | ADJ_STATUS | ADJ_TICK, &saved), errno);
	saved.constant = 2; /* in nano: micro would add 4 */
	show_ret("restore constant", set(ADJ_NANO | ADJ_TIMECONST, &saved), errno);
	show_ret("back to micro", set(ADJ_MICRO, &saved), errno);
	show_state("restored");
	done();
	return 0;
}
