/*
 * exhaust.h — the health probe the exhaustion tests (tests/abi/exhaust_*.c)
 * run after pushing the kernel to a limit: a fresh child forks, passes
 * bytes through a pipe, writes and reads back a file in /tmp and touches
 * 1 MiB of new anonymous memory. It prints "health: ok" or what failed, so
 * a kernel that survived the exhaustion but was left broken fails the test.
 */
#pragma once
#include "lvtest.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>

/* MemAvailable of /proc/meminfo in KiB, or -1. */
static inline long mem_available_kib(void)
{
	char buf[4096];
	if (slurp_file("/proc/meminfo", buf, sizeof(buf)) < 0)
		return -1;
	char *line = strstr(buf, "MemAvailable:");
	return line ? strtol(line + 13, NULL, 10) : -1;
}

static inline int health_child(void)
{
	int p[2];
	char buf[8] = {0};
	if (pipe(p) < 0)
		return 1;
	pid_t pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		_exit(write(p[1], "pipe ok", 7) == 7 ? 0 : 1);
	}
	int status;
	if (waitpid(pid, &status, 0) != pid || status != 0 || read(p[0], buf, 7) != 7 || strcmp(buf, "pipe ok"))
		return 3;
	int fd = open("/tmp/exhaust-health", O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, "file ok", 7) != 7 || pread(fd, buf, 7, 0) != 7 || strcmp(buf, "file ok"))
		return 4;
	close(fd);
	unlink("/tmp/exhaust-health");
	char *mem = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return 5;
	for (int i = 0; i < 1 << 20; i += 4096)
		mem[i] = 1;
	munmap(mem, 1 << 20);
	return 0;
}

/* Waits for the child pid and says how it ended: "child: killed by SIGKILL"
 * (the OOM killer's signal) or its exit status. */
static inline void reap_and_say(pid_t pid)
{
	int status;
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		say("child: killed by %s\n", WTERMSIG(status) == SIGKILL ? "SIGKILL" : "another signal");
	else
		say("child: exit %d\n", WEXITSTATUS(status));
}

static inline void health_probe(void)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(health_child());
	int status = -1;
	if (pid < 0)
		say("health: fork failed: %s\n", errname(errno));
	else if (waitpid(pid, &status, 0) != pid)
		say("health: waitpid failed: %s\n", errname(errno));
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		say("health: ok\n");
	else
		say("health: failed (status %#x)\n", status);
}
