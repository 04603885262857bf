/*
 * test_syscall_restart.c — kernel/proc/syscall_restart.c: what the return to
 * user mode does with a system call a signal interrupted, for every
 * -ERESTART* code, with and without a handler, with and without SA_RESTART
 * (Linux's arch/arm64/kernel/signal.c do_signal and handle_signal).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "syscall_restart.h"
#include "uapi/errno.h"

/* The decision for retval in each of the three situations. */
static void expect(long retval, enum syscall_restart no_handler, enum syscall_restart handler,
		   enum syscall_restart handler_sa_restart)
{
	assert_int_equal(syscall_restart_decision(retval, false, false), no_handler);
	assert_int_equal(syscall_restart_decision(retval, false, true), no_handler); /* flag of no handler: moot */
	assert_int_equal(syscall_restart_decision(retval, true, false), handler);
	assert_int_equal(syscall_restart_decision(retval, true, true), handler_sa_restart);
}

static void test_ordinary_results_stand(void **state)
{
	(void)state;
	long results[] = {0, 1, 4096, -EINTR, -EAGAIN, -EFAULT, -ENOSYS, -ERESTART, -511, -515, -517};
	for (size_t i = 0; i < sizeof(results) / sizeof(results[0]); i++) {
		assert_false(syscall_is_restart_code(results[i]));
		expect(results[i], SYSCALL_RESTART_NONE, SYSCALL_RESTART_NONE, SYSCALL_RESTART_NONE);
	}
}

static void test_restart_codes_are_recognised(void **state)
{
	(void)state;
	assert_true(syscall_is_restart_code(-ERESTARTSYS));
	assert_true(syscall_is_restart_code(-ERESTARTNOINTR));
	assert_true(syscall_is_restart_code(-ERESTARTNOHAND));
	assert_true(syscall_is_restart_code(-ERESTART_RESTARTBLOCK));
	assert_false(syscall_is_restart_code(ERESTARTSYS)); /* only the negative codes */
}

/* read(2) on a pipe: restarted unless a handler without SA_RESTART runs. */
static void test_erestartsys_follows_sa_restart(void **state)
{
	(void)state;
	expect(-ERESTARTSYS, SYSCALL_RESTART_AGAIN, SYSCALL_RESTART_EINTR, SYSCALL_RESTART_AGAIN);
}

/* Always restarted, even after a handler (Linux: fork interrupted by a signal). */
static void test_erestartnointr_always_runs_again(void **state)
{
	(void)state;
	expect(-ERESTARTNOINTR, SYSCALL_RESTART_AGAIN, SYSCALL_RESTART_AGAIN, SYSCALL_RESTART_AGAIN);
}

/* pause, sigsuspend, ppoll: EINTR after any handler, SA_RESTART or not. */
static void test_erestartnohand_fails_after_a_handler(void **state)
{
	(void)state;
	expect(-ERESTARTNOHAND, SYSCALL_RESTART_AGAIN, SYSCALL_RESTART_EINTR, SYSCALL_RESTART_EINTR);
}

/* nanosleep, clock_nanosleep, futex waits: restart_syscall without a handler. */
static void test_restartblock_goes_through_restart_syscall(void **state)
{
	(void)state;
	expect(-ERESTART_RESTARTBLOCK, SYSCALL_RESTART_BLOCK, SYSCALL_RESTART_EINTR, SYSCALL_RESTART_EINTR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ordinary_results_stand),
		cmocka_unit_test(test_restart_codes_are_recognised),
		cmocka_unit_test(test_erestartsys_follows_sa_restart),
		cmocka_unit_test(test_erestartnointr_always_runs_again),
		cmocka_unit_test(test_erestartnohand_fails_after_a_handler),
		cmocka_unit_test(test_restartblock_goes_through_restart_syscall),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
