/*
 * userfaultfd_missing.c — userfaultfd(2) and ioctl_userfaultfd(2) on private
 * anonymous memory (Linux fs/userfaultfd.c, mm/userfaultfd.c): the checks
 * before and of UFFDIO_API, UFFDIO_REGISTER's range and mode checks and the
 * ioctls it offers, then faults held until a handler thread resolves them:
 * a read resolved by UFFDIO_COPY, a write by UFFDIO_ZEROPAGE (then copied on
 * write), a copy onto a mapped page (EEXIST), a fault inside read(2) (the
 * kernel's own access waits too), a close that lets a held fault go, an
 * unregistered page and a fork's child (not registered) that fault as usual.
 */
#include "uffd_test.h"

#include <sys/wait.h>

int main(void)
{
	errno = 0;
	show_ret("bad flags", syscall(SYS_userfaultfd, 0x10), errno);
	int fd = uffd_open(O_CLOEXEC);
	char buf[64];
	R("read before UFFDIO_API", read(fd, buf, sizeof buf));
	struct pollfd p = {.fd = fd, .events = POLLIN};
	say("poll before UFFDIO_API: %d revents 0x%x\n", poll(&p, 1, 0), p.revents);
	char *m = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	R("register before UFFDIO_API", uffd_register(fd, m, PAGE, UFFDIO_REGISTER_MODE_MISSING));
	struct uffdio_api bad = {.api = 0x12};
	R("UFFDIO_API with a wrong api", ioctl(fd, UFFDIO_API, &bad));
	say("  answer api %llu ioctls 0x%llx\n", (unsigned long long)bad.api, (unsigned long long)bad.ioctls);
	struct uffdio_api api = {.api = UFFD_API};
	R("UFFDIO_API", ioctl(fd, UFFDIO_API, &api));
	say("  api 0x%llx ioctls 0x%llx\n", (unsigned long long)api.api, (unsigned long long)api.ioctls);
	R("UFFDIO_API again", uffd_api(fd, 0));
	say("poll on a blocking descriptor: revents 0x%x\n", (poll(&p, 1, 0), p.revents));

	R("register unaligned", uffd_register(fd, m + 1, PAGE, UFFDIO_REGISTER_MODE_MISSING));
	R("register empty", uffd_register(fd, m, 0, UFFDIO_REGISTER_MODE_MISSING));
	R("register mode 0", uffd_register(fd, m, PAGE, 0));
	R("register mode 8", uffd_register(fd, m, PAGE, 8));
	R("register below mmap_min_addr", uffd_register(fd, (void *)4096, PAGE, UFFDIO_REGISTER_MODE_MISSING));
	char *hole = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(hole, PAGE);
	R("register a hole", uffd_register(fd, hole, PAGE, UFFDIO_REGISTER_MODE_MISSING));
	struct uffdio_register reg = {.range = {.start = (unsigned long)m, .len = 8 * PAGE},
				      .mode = UFFDIO_REGISTER_MODE_MISSING};
	R("register 8 pages", ioctl(fd, UFFDIO_REGISTER, &reg));
	unsigned long long want = (1ull << _UFFDIO_WAKE) | (1ull << _UFFDIO_COPY) | (1ull << _UFFDIO_ZEROPAGE);
	say("  ioctls wake, copy, zeropage: %s\n", (reg.ioctls & want) == want ? "yes" : "no");
	R("unknown ioctl", ioctl(fd, _IOR(0xAA, 0x30, struct uffdio_range), &reg.range));

	int nb = uffd_open(O_NONBLOCK);
	R("read of nothing, O_NONBLOCK", (uffd_api(nb, 0), read(nb, buf, sizeof(struct uffd_msg))));
	R("read of less than a message", read(nb, buf, sizeof(struct uffd_msg) - 1));
	struct pollfd pn = {.fd = nb, .events = POLLIN};
	say("poll of nothing: %d\n", poll(&pn, 1, 0));
	close(nb);

	pthread_t t;
	struct handler h = {.fd = fd, .how = BY_COPY, .fill = 'X', .base = m};
	say("read fault on page 0:\n");
	handler_start(&t, &h);
	char c = m[0x10];
	handler_report(t, &h);
	say("  the read gives %c\n", c);

	say("write fault on page 1:\n");
	h = (struct handler){.fd = fd, .how = BY_ZEROPAGE, .base = m};
	handler_start(&t, &h);
	m[PAGE + 5] = 'w';
	handler_report(t, &h);
	say("  it holds %c, page 0 still %c\n", m[PAGE + 5], m[0]);

	char src[PAGE] __attribute__((aligned(16)));
	memset(src, 'Y', sizeof src);
	struct uffdio_copy cp = {.dst = (unsigned long)m, .src = (unsigned long)src, .len = PAGE};
	R("copy onto a mapped page", ioctl(fd, UFFDIO_COPY, &cp));
	say("  copy %lld\n", (long long)cp.copy);
	cp = (struct uffdio_copy){.dst = (unsigned long)m + 1, .src = (unsigned long)src, .len = PAGE};
	R("copy unaligned", ioctl(fd, UFFDIO_COPY, &cp));
	cp = (struct uffdio_copy){
		.dst = (unsigned long)m + 2 * PAGE, .src = (unsigned long)src, .len = PAGE, .mode = 4};
	R("copy with an unknown mode", ioctl(fd, UFFDIO_COPY, &cp));
	cp = (struct uffdio_copy){.dst = (unsigned long)hole, .src = (unsigned long)src, .len = PAGE};
	R("copy into a hole", ioctl(fd, UFFDIO_COPY, &cp));
	say("  copy %lld\n", (long long)cp.copy);
	struct uffdio_range wake = {.start = (unsigned long)m, .len = PAGE};
	R("UFFDIO_WAKE with nothing held", ioctl(fd, UFFDIO_WAKE, &wake));

	say("fault inside read(2) on page 2:\n");
	int pfd[2];
	if (pipe(pfd))
		return 1;
	R("write to the pipe", write(pfd[1], "k", 1));
	h = (struct handler){.fd = fd, .how = BY_COPY, .fill = 'Z', .base = m};
	handler_start(&t, &h);
	R("read from the pipe into page 2", read(pfd[0], m + 2 * PAGE + 7, 1));
	handler_report(t, &h);
	say("  page 2 holds %c then %c\n", m[2 * PAGE], m[2 * PAGE + 7]);

	pid_t pid = fork();
	if (pid == 0) {
		say("child: page 3 reads %d\n", m[3 * PAGE]); /* not registered in the child */
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	say("child exit %d\n", WEXITSTATUS(status));

	struct uffdio_range un = {.start = (unsigned long)m + 4 * PAGE, .len = PAGE};
	R("unregister page 4", ioctl(fd, UFFDIO_UNREGISTER, &un));
	say("page 4 reads %d\n", m[4 * PAGE]);
	hole = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(hole, PAGE);
	un.start = (unsigned long)hole;
	R("unregister a hole", ioctl(fd, UFFDIO_UNREGISTER, &un));

	say("a close lets a held fault go (page 5):\n");
	h = (struct handler){.fd = fd, .how = BY_CLOSE, .base = m};
	handler_start(&t, &h);
	say("  page 5 reads %d\n", m[5 * PAGE]);
	handler_report(t, &h);
	say("page 6 reads %d\n", m[6 * PAGE]);
	done();
	return 0;
}
