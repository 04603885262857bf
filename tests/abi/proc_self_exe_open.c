/*
 * proc_self_exe_open.c — /proc/self/exe, cwd and root are magic links
 * (proc_exe_link, proc_cwd_link, proc_root_link): opening exe opens the
 * running program (its ELF magic), even when its name has gone; names
 * under cwd and root are looked up from those directories.
 */
#include "fs_test.h"

int main(void)
{
	int fd = open("/proc/self/exe", O_RDONLY);
	R("open /proc/self/exe", fd);
	char magic[4] = "";
	say("read %zd: %s\n", read(fd, magic, 4), memcmp(magic, "\177ELF", 4) == 0 ? "ELF magic" : "not ELF");
	struct stat a, b;
	fstat(fd, &a);
	stat("/proc/self/exe", &b);
	yesno("stat follows to the program", a.st_ino == b.st_ino && S_ISREG(b.st_mode));
	close(fd);

	mkdir("/tmp/pse", 0755);
	R("chdir", chdir("/tmp/pse"));
	close(open("/tmp/pse/file", O_CREAT | O_WRONLY, 0600));
	R("open /proc/self/cwd/file", open("/proc/self/cwd/file", O_RDONLY));
	R("open /proc/self/root/tmp/pse/file", open("/proc/self/root/tmp/pse/file", O_RDONLY));
	/* the directory is found even after it was renamed */
	R("rename the cwd", rename("/tmp/pse", "/tmp/pse2"));
	R("open /proc/self/cwd/file after the rename", open("/proc/self/cwd/file", O_RDONLY));
	R("chdir /proc/self/cwd/..", chdir("/proc/self/cwd/.."));
	char cwd[64] = "";
	say("cwd %s\n", getcwd(cwd, sizeof cwd) ? cwd : errname(errno));
	unlink("/tmp/pse2/file");
	R("cleanup", rmdir("/tmp/pse2"));
	done();
	return 0;
}
