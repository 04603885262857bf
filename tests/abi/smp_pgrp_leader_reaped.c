/* smp_pgrp_leader_reaped: a process group outlives its reaped leader while
 * a member lives, and ends with its last member's reaping (Linux
 * release_task -> detach_pid, kernel/exit.c): after the leader is reaped,
 * getpgid of the member is still its number, kill(-pgrp, 0) still finds
 * the member and another process of the session may still join it
 * (setpgid); once the member is reaped too, kill(-pgrp, 0) is ESRCH and
 * setpgid EPERM at once, with nothing left over from the processes that
 * were in it, and /proc's listing no longer shows the member. Repeated with two CPUs, where the reaped process's last
 * thread may still be switching away on the other CPU. */
#include "lvtest.h"
#include <dirent.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#define ROUNDS 50

static int bad_kill_alive, bad_getpgid, bad_join_alive, bad_kill_gone, bad_join_gone, bad_listed;

/* Whether readdir of /proc lists pid. */
static int proc_lists(pid_t pid)
{
	char name[16];
	snprintf(name, sizeof(name), "%d", (int)pid);
	DIR *d = opendir("/proc");
	struct dirent *e;
	int found = 0;
	while (d && (e = readdir(d)))
		found |= strcmp(e->d_name, name) == 0;
	if (d)
		closedir(d);
	return found;
}

/* A child that tries setpgid(0, pgrp): 0 if it got want_errno (0: success). */
static int join_errno(pid_t pgrp)
{
	pid_t pid = fork();
	if (pid == 0) {
		errno = 0;
		_exit(setpgid(0, pgrp) == 0 ? 0 : errno);
	}
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void one_round(void)
{
	int hold[2], report[2];
	if (pipe(hold) || pipe(report))
		return;
	pid_t leader = fork();
	if (leader == 0) {
		setpgid(0, 0);
		if (fork() == 0) { /* the member: tell our pid, wait for EOF */
			char c;
			pid_t me = getpid();
			close(hold[1]);
			if (write(report[1], &me, sizeof(me)) != sizeof(me))
				_exit(2);
			_exit(read(hold[0], &c, 1) == 0 ? 0 : 3);
		}
		_exit(0);
	}
	close(hold[0]);
	pid_t member = 0;
	if (read(report[0], &member, sizeof(member)) != sizeof(member))
		say("no member pid\n");
	int st;
	waitpid(leader, &st, 0); /* the member is ours now (subreaper) */
	bad_kill_alive += kill(-leader, 0) != 0;
	bad_getpgid += getpgid(member) != leader;
	bad_join_alive += join_errno(leader) != 0;
	close(hold[1]); /* the member exits */
	waitpid(member, &st, 0);
	errno = 0;
	bad_kill_gone += !(kill(-leader, 0) == -1 && errno == ESRCH);
	bad_join_gone += join_errno(leader) != EPERM;
	bad_listed += proc_lists(member);
	close(report[0]);
	close(report[1]);
}

int main(void)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1))
		say("subreaper failed\n");
	for (int i = 0; i < ROUNDS; i++)
		one_round();
	say("leader reaped, member alive: kill(-pgrp, 0) wrong %d, getpgid wrong %d, setpgid into it wrong %d\n",
	    bad_kill_alive, bad_getpgid, bad_join_alive);
	say("member reaped too: kill(-pgrp, 0) not ESRCH %d, setpgid not EPERM %d, still in /proc %d\n", bad_kill_gone,
	    bad_join_gone, bad_listed);
	done();
	return 0;
}
