/* gate_test.h — a handshake for tests that fork (a pipe, never a sleep):
 * fork_at_gate forks a child that goes on only once the parent calls
 * gate_open. Shared by eventfd_counter and fcntl_owner. */
#pragma once
#include "lvtest.h"

/* Makes the gate's pipe and forks: the parent gets the child's pid, the
 * child 0 once the gate is open. */
static inline pid_t fork_at_gate(int gate[2])
{
	pipe(gate);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(gate[0], &c, 1);
	}
	return pid;
}

static inline void gate_open(int gate[2])
{
	write(gate[1], "g", 1);
}
