/*
 * mmap_shared_file_two_procs.c — MAP_SHARED file mappings (mm/filemap.c,
 * mmap(2)): a store through the mapping is in the file at once for read(),
 * a write() is seen through the mapping, and two processes that map the
 * same file (the second after fork, and a third that opens and maps it
 * itself) see each other's stores. A MAP_PRIVATE mapping sees the file
 * until it writes; its writes reach neither the file nor other mappings.
 * Handshakes go through pipes.
 */
#include "fs_test.h"

#include <sys/mman.h>
#include <sys/wait.h>

int main(void)
{
	int fd = open("/tmp/msf", O_CREAT | O_RDWR | O_TRUNC, 0644);
	ftruncate(fd, 8192);
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	yesno("mapped", m != MAP_FAILED);
	memcpy(m + 100, "stored", 6);
	char buf[16] = {0};
	pread(fd, buf, 6, 100);
	say("read() sees the store: '%s'\n", buf);
	pwrite(fd, "written", 7, 5000);
	say("mapping sees write(): '%.7s'\n", m + 5000);
	char *priv = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	say("private sees the file: '%.6s'\n", priv + 100);
	memcpy(m + 100, "STORED", 6);
	say("private sees a later store before writing: '%.6s'\n", priv + 100);
	memcpy(priv + 100, "mine!!", 6);
	memset(buf, 0, sizeof buf);
	pread(fd, buf, 6, 100);
	say("after a private write: private '%.6s', shared '%.6s', file '%s'\n", priv + 100, m + 100, buf);
	int to_child[2], to_parent[2];
	pipe(to_child);
	pipe(to_parent);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		read(to_child[0], &c, 1);
		say("child sees parent's store: '%.6s'\n", m + 200);
		memcpy(m + 300, "child", 5);
		int fd2 = open("/tmp/msf", O_RDWR);
		char *m2 = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd2, 0);
		memcpy(m2 + 400, "other", 5);
		write(to_parent[1], "x", 1);
		_exit(0);
	}
	memcpy(m + 200, "parent", 6);
	write(to_child[1], "x", 1);
	char c;
	read(to_parent[0], &c, 1);
	say("parent sees child's store: '%.5s'\n", m + 300);
	say("parent sees the other mapping's store: '%.5s'\n", m + 400);
	int status;
	waitpid(pid, &status, 0);
	say("child exit %d\n", WEXITSTATUS(status));
	memcpy(m + 145, "ABCDEFGHIJ", 10);
	ftruncate(fd, 150);
	say("after truncate to 150 the mapping holds '%.5s' then %d %d\n", m + 145, m[150], m[154]);
	munmap(priv, 8192);
	munmap(m, 8192);
	close(fd);
	int fd3 = open("/tmp/msf", O_RDONLY);
	memset(buf, 0, sizeof buf);
	say("file after unmap: read %zd bytes, '%.6s'\n", pread(fd3, buf, 6, 100), buf);
	errno = 0;
	void *w = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd3, 0);
	say("shared writable on O_RDONLY: %s\n", w == MAP_FAILED ? errname(errno) : "mapped");
	close(fd3);
	unlink("/tmp/msf");
	done();
	return 0;
}
