/*
 * execve_script_nesting.c — a "#!" script whose interpreter is itself a
 * script (fs/exec.c exec_binprm): each level splices its interpreter's name
 * and argument in front, and the file name of a level is the path the
 * previous line gave (bprm_change_interp). Linux runs the binary handlers
 * at most 6 times (depth 0 to 5): deeper chains fail with ELOOP. A script
 * naming itself as its interpreter is ELOOP too.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include "lvtest.h"

static char self[256];

static void write_script(const char *path, const char *interp, const char *arg)
{
	char text[512];
	int len = snprintf(text, sizeof(text), "#!%s%s%s\n", interp, arg ? " " : "", arg ? arg : "");
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (fd < 0 || write(fd, text, (size_t)len) != len)
		exit(1);
	close(fd);
}

/* Runs path; prints the exec error, or the argv the final program got. */
static void run(const char *label, const char *path)
{
	say("%s:\n", label);
	int out[2];
	if (pipe(out))
		exit(1);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(out[1], 1);
		char *argv[] = {"argv0", "last", NULL};
		char *envp[] = {"SCRIPT_SHOW=1", NULL};
		execve(path, argv, envp);
		say("  execve: %s\n", errname(errno));
		_exit(127);
	}
	close(out[1]);
	char buf[4096];
	ssize_t n, total = 0;
	while ((n = read(out[0], buf + total, sizeof(buf) - 1 - (size_t)total)) > 0)
		total += n;
	buf[total] = 0;
	close(out[0]);
	waitpid(pid, NULL, 0);
	say("%s", buf);
}

int main(int argc, char **argv)
{
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return 1;
	self[n] = '\0';
	if (getenv("SCRIPT_SHOW")) {
		for (int i = 0; i < argc; i++)
			say("  argv[%d] = %s\n", i, strcmp(argv[i], self) ? argv[i] : "SELF");
		return 0;
	}
	mkdir("/tmp/nest", 0755);
	/* /tmp/nest/1 runs this program; /tmp/nest/k runs /tmp/nest/(k-1) with argument "ak" */
	write_script("/tmp/nest/1", self, "a1");
	for (int k = 2; k <= 8; k++) {
		char path[64], interp[64], arg[8];
		snprintf(path, sizeof(path), "/tmp/nest/%d", k);
		snprintf(interp, sizeof(interp), "/tmp/nest/%d", k - 1);
		snprintf(arg, sizeof(arg), "a%d", k);
		write_script(path, interp, arg);
	}
	for (int k = 1; k <= 8; k++) {
		char path[64], label[64];
		snprintf(path, sizeof(path), "/tmp/nest/%d", k);
		snprintf(label, sizeof(label), "%d script levels", k);
		run(label, path);
	}
	write_script("/tmp/nest/self", "/tmp/nest/self", NULL);
	run("a script that is its own interpreter", "/tmp/nest/self");
	done();
	return 0;
}
