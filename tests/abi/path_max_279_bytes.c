/*
 * path_max_279_bytes.c — long path names (divergence 5 of issue #13): a
 * 279-byte path, and one of nearly PATH_MAX (4095 bytes) made of many
 * components, can be created, opened, chdir'd into and reported by getcwd;
 * a path of PATH_MAX bytes (no room for the NUL) is ENAMETOOLONG, a
 * component of 256 bytes is ENAMETOOLONG and of 255 works; "." and ".."
 * components and repeated slashes are walked, not rewritten.
 */
#include "fs_test.h"

int main(void)
{
	char path[4200];
	/* /tmp/pm/ then 27 directories of 9 characters + "/" = 279 bytes with the file */
	strcpy(path, "/tmp/pm");
	mkdir(path, 0755);
	while (strlen(path) + 10 < 279 - 5) {
		strcat(path, "/ddddddddd");
		mkdir(path, 0755);
	}
	strcat(path, "/file");
	while (strlen(path) < 279) {
		size_t n = strlen(path);
		path[n] = 'f';
		path[n + 1] = 0;
	}
	say("path length %zu\n", strlen(path));
	int fd = open(path, O_CREAT | O_RDWR, 0644);
	yesno("open 279 bytes", fd >= 0);
	close(fd);
	char dir[4200];
	strcpy(dir, path);
	*strrchr(dir, '/') = 0;
	R("chdir long", chdir(dir));
	char cwd[4200];
	yesno("getcwd is it", getcwd(cwd, sizeof cwd) && strcmp(cwd, dir) == 0);
	R("open relative", open(strrchr(path, '/') + 1, O_RDONLY));
	R("chdir back", chdir("/"));
	/* near PATH_MAX: many "./" components */
	char longp[4200];
	strcpy(longp, "/tmp/pm/");
	while (strlen(longp) + 2 < 4095 - 4)
		strcat(longp, "./");
	strcat(longp, "ddd");
	while (strlen(longp) < 4095)
		strcat(longp, "/");
	say("long length %zu\n", strlen(longp));
	R("stat 4095 bytes", access(longp, F_OK));
	strcat(longp, "/");
	R("stat 4096 bytes", access(longp, F_OK));
	char comp[300];
	strcpy(comp, "/tmp/pm/");
	memset(comp + 8, 'n', 255);
	comp[8 + 255] = 0;
	R("255-byte name", mkdir(comp, 0755));
	R("rmdir it", rmdir(comp));
	strcat(comp, "n");
	R("256-byte name", mkdir(comp, 0755));
	R("256-byte name, open", open(comp, O_RDONLY));
	R("dot-dot walk", access("/tmp//pm/./ddddddddd/../ddddddddd", F_OK));
	unlink(path);
	while (strcmp(dir, "/tmp") != 0) {
		rmdir(dir);
		*strrchr(dir, '/') = 0;
	}
	R("cleanup", access("/tmp/pm", F_OK));
	done();
	return 0;
}
