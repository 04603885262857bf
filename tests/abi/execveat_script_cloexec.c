/* execveat_script_cloexec: execveat(2) of a "#!" script by a name relative
 * to a descriptor ("/dev/fd/N" with AT_EMPTY_PATH, "/dev/fd/N/name" for a
 * directory descriptor) fails with ENOENT when N is close-on-exec: the
 * interpreter could not open that name once exec closed N (Linux
 * fs/exec.c alloc_bprm sets BINPRM_FLAGS_PATH_INACCESSIBLE, load_script
 * gives ENOENT after parsing the "#!" line, so a line with no interpreter
 * is still ENOEXEC). Without O_CLOEXEC, or by an absolute name, the script
 * runs; an ELF program runs through a close-on-exec descriptor. The
 * interpreter is this program, which prints the arguments it got and
 * whether the descriptor in the script's name is still open. */
#include "execveat_test.h"
#include <sys/stat.h>

/* Runs execveat in a child and reports how it ended. */
static void run(const char *label, int dirfd, const char *name, int flags)
{
	char *const argv[] = {"script", "from-execveat", NULL};
	execveat_run(label, argv, dirfd, name, flags);
}

/* As the interpreter: argv is [self, "interp-arg", script name, ...]. */
static int interpreter(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		say("  interpreter argv[%d] = %s\n", i, argv[i]);
	int fd;
	if (argc > 2 && sscanf(argv[2], "/dev/fd/%d", &fd) == 1)
		say("  descriptor %d %s\n", fd, fcntl(fd, F_GETFD) >= 0 ? "still open" : "closed");
	return 0;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		say("write %s: %s\n", path, errname(errno));
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "interp-arg") == 0)
		return interpreter(argc, argv);
	if (argc == 2 && strcmp(argv[1], "elf-child") == 0) {
		say("  the ELF program runs\n");
		return 0;
	}
	char self[256], line[300];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0)
		return 1;
	self[n] = 0;
	mkdir("/tmp/xs", 0755);
	snprintf(line, sizeof line, "#!%s interp-arg\n", self);
	write_file("/tmp/xs/s.sh", line, 0755);
	write_file("/tmp/xs/blank.sh", "#!   \n", 0755);

	int fd = open("/tmp/xs/s.sh", O_RDONLY);
	int fd_cloexec = open("/tmp/xs/s.sh", O_RDONLY | O_CLOEXEC);
	int path_cloexec = open("/tmp/xs/s.sh", O_PATH | O_CLOEXEC);
	int dir = open("/tmp/xs", O_RDONLY | O_DIRECTORY);
	int dir_cloexec = open("/tmp/xs", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int blank_cloexec = open("/tmp/xs/blank.sh", O_RDONLY | O_CLOEXEC);
	say("descriptors %d %d %d %d %d %d\n", fd, fd_cloexec, path_cloexec, dir, dir_cloexec, blank_cloexec);

	run("script, AT_EMPTY_PATH", fd, "", AT_EMPTY_PATH);
	run("script, AT_EMPTY_PATH, O_CLOEXEC", fd_cloexec, "", AT_EMPTY_PATH);
	run("script, AT_EMPTY_PATH, O_PATH|O_CLOEXEC", path_cloexec, "", AT_EMPTY_PATH);
	run("script relative to a directory", dir, "s.sh", 0);
	run("script relative to an O_CLOEXEC directory", dir_cloexec, "s.sh", 0);
	run("script by absolute name, O_CLOEXEC dirfd", dir_cloexec, "/tmp/xs/s.sh", 0);
	run("no interpreter on the line, O_CLOEXEC", blank_cloexec, "", AT_EMPTY_PATH);

	/* an ELF program through a close-on-exec descriptor is fine */
	int self_cloexec = open(self, O_RDONLY | O_CLOEXEC);
	char *const elf_argv[] = {"self", "elf-child", NULL};
	execveat_run("ELF, AT_EMPTY_PATH, O_CLOEXEC", elf_argv, self_cloexec, "", AT_EMPTY_PATH);

	/* the flag follows the descriptor: cleared with F_SETFD, the script runs */
	fcntl(fd_cloexec, F_SETFD, 0);
	run("script, AT_EMPTY_PATH, FD_CLOEXEC cleared", fd_cloexec, "", AT_EMPTY_PATH);
	unlink("/tmp/xs/s.sh");
	unlink("/tmp/xs/blank.sh");
	rmdir("/tmp/xs");
	done();
	return 0;
}
