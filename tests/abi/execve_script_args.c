/*
 * execve_script_args.c — execve of a "#!" script (fs/binfmt_script.c): the
 * interpreter runs with argv = [name from the line, the one optional
 * argument, the script's path, the old argv without argv[0]]. Leading and
 * trailing blanks are trimmed, inner blanks of the argument kept, a NUL ends
 * the name, the line is cut at 256 bytes (BINPRM_BUF_SIZE); AT_EXECFN and
 * the process name are the script's. The interpreter here is this program
 * itself, run with SCRIPT_SHOW=1 in its environment: it prints what it got.
 */
#include <sys/auxv.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "lvtest.h"

static char self[256];

/* Prints s with this program's path shown as SELF. */
static void show_arg(int i, const char *s)
{
	if (!strcmp(s, self))
		s = "SELF";
	say("  argv[%d] = \"%s\" (%zu bytes)\n", i, s, strlen(s));
}

static int interpreter_main(int argc, char **argv)
{
	say("  argc %d\n", argc);
	for (int i = 0; i < argc; i++)
		show_arg(i, argv[i]);
	say("  AT_EXECFN %s\n", (const char *)getauxval(AT_EXECFN));
	char comm[64] = "";
	ssize_t n = slurp_file("/proc/self/comm", comm, sizeof(comm) - 1);
	say("  comm %.*s", n > 0 ? (int)n : 0, comm);
	return 0;
}

/* Writes a script of len bytes at path with the given mode. */
static void write_file(const char *path, const char *text, size_t len, mode_t mode)
{
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len) {
		say("cannot write %s: %s\n", path, errname(errno));
		exit(1);
	}
	close(fd);
	chmod(path, mode);
}

/* Runs path with argv in a child; prints the exec error or what it printed. */
static void run(const char *label, const char *path, char *const argv[])
{
	say("%s:\n", label);
	int report[2];
	if (pipe(report))
		exit(1);
	pid_t pid = fork();
	if (pid == 0) {
		close(report[0]);
		fcntl(report[1], F_SETFD, FD_CLOEXEC);
		char *envp[] = {"SCRIPT_SHOW=1", NULL};
		execve(path, argv, envp);
		int e = errno;
		if (write(report[1], &e, sizeof(e)) < 0)
			_exit(2);
		_exit(127);
	}
	close(report[1]);
	int e = 0;
	if (read(report[0], &e, sizeof(e)) == sizeof(e))
		say("  execve: %s\n", errname(e));
	close(report[0]);
	int status;
	waitpid(pid, &status, 0);
	if (!WIFEXITED(status) || (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 127))
		say("  status 0x%x\n", status);
}

/* A script whose line is "#!" + line (line may hold NULs: len bytes), then "\necho\n". */
static void script_case(const char *label, const char *line, size_t len)
{
	char text[1024];
	memcpy(text, "#!", 2);
	memcpy(text + 2, line, len);
	memcpy(text + 2 + len, "\necho\n", 6);
	write_file("/tmp/binfmt/s", text, len + 8, 0755);
	char *argv[] = {"ignored-argv0", "a b", "", "c", NULL};
	run(label, "/tmp/binfmt/s", argv);
}

static void script_case_str(const char *label, const char *fmt)
{
	char line[512];
	int n = snprintf(line, sizeof(line), fmt, self);
	script_case(label, line, (size_t)n);
}

int main(int argc, char **argv)
{
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return 1;
	self[n] = '\0';
	if (getenv("SCRIPT_SHOW"))
		return interpreter_main(argc, argv);
	mkdir("/tmp/binfmt", 0755);

	script_case_str("plain", "%s");
	script_case_str("one argument, inner blanks kept", "%s  one arg  with blanks \t ");
	script_case_str("blanks before the name", " \t %s\t-x");
	char line[600];
	int len = snprintf(line, sizeof(line), "%s", self);
	memcpy(line + len, "\0 ignored", 10);
	script_case("NUL ends the name", line, (size_t)len + 10);
	script_case_str("trailing blanks only", "%s \t \t");
	script_case("no name", "", 0);
	script_case("only blanks", "  \t ", 4);

	/* the 256-byte line: an argument is cut to what fits, a name must fit */
	len = snprintf(line, sizeof(line), "%s ", self);
	memset(line + len, 'x', 400);
	script_case("long argument cut at 256 bytes", line, (size_t)len + 400);
	memset(line, '/', 300);
	script_case("long name without a newline", line, 300);

	/* a file with no newline at all, shorter than 256 bytes */
	char text[300];
	len = snprintf(text, sizeof(text), "#!%s short", self);
	write_file("/tmp/binfmt/nonl", text, (size_t)len, 0755);
	char *argv1[] = {"x", NULL};
	run("no newline, short file", "/tmp/binfmt/nonl", argv1);
	len = snprintf(text, sizeof(text), "#!%s", self);
	memset(text + len, ' ', 256 - (size_t)len);
	text[255] = 'z';
	write_file("/tmp/binfmt/blank255", text, 256, 0755);
	run("no newline, byte 255 after blanks", "/tmp/binfmt/blank255", argv1);

	/* errors */
	script_case("missing interpreter", "/tmp/binfmt/none", 17);
	write_file("/tmp/binfmt/noexec", "#!/bin/x\n", 9, 0644);
	script_case("interpreter not executable", "/tmp/binfmt/noexec", 18);
	write_file("/tmp/binfmt/text", "hello\n", 6, 0755);
	script_case("interpreter neither ELF nor script", "/tmp/binfmt/text", 16);
	script_case("interpreter a directory", "/tmp/binfmt", 11);
	write_file("/tmp/binfmt/s2", "#!/tmp/binfmt/noexec\n", 21, 0644);
	run("script not executable", "/tmp/binfmt/s2", argv1);
	char *argv0[] = {NULL};
	len = snprintf(text, sizeof(text), "#!%s\n", self);
	write_file("/tmp/binfmt/rel", text, (size_t)len, 0755);
	if (chdir("/tmp/binfmt") == 0)
		run("relative path", "./rel", argv1);
	run("empty argv", "/tmp/binfmt/rel", argv0);
	done();
	return 0;
}
