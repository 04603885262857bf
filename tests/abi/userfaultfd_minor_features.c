/*
 * userfaultfd_minor_features.c — userfaultfd(2)'s MINOR mode and features
 * (ioctl_userfaultfd(2), Linux fs/userfaultfd.c): a memfd page in the page
 * cache but not mapped (MADV_DONTNEED) is held as a minor fault until
 * UFFDIO_CONTINUE maps it, after the handler changed the file; a hole is an
 * ordinary fault; MINOR on anonymous memory is EINVAL, a range registered
 * with another userfaultfd EBUSY;
 * UFFD_FEATURE_SIGBUS turns a fault into SIGBUS; THREAD_ID and
 * EXACT_ADDRESS fill the message; UFFD_USER_MODE_ONLY makes a fault inside
 * a system call EFAULT; vm.unprivileged_userfaultfd reads 0.
 */
#include "uffd_test.h"

#include <setjmp.h>
#include <signal.h>

static sigjmp_buf env;

static void on_sigbus(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	say("  signal %s code %d\n", sig == SIGBUS ? "SIGBUS" : "other", si->si_code);
	siglongjmp(env, 1);
}

/* The MINOR flow of LTP userfaultfd07, with a handler that changes the file first. */
static char *minor_m;
static int minor_memfd;
static void *minor_handler(void *arg)
{
	struct handler *h = arg;
	struct pollfd p = {.fd = h->fd, .events = POLLIN};
	if (poll(&p, 1, -1) != 1 || read(h->fd, &h->msg, sizeof h->msg) != sizeof h->msg)
		return NULL;
	if (pwrite(minor_memfd, "Z", 1, 0) != 1)
		return NULL;
	struct uffdio_continue c = {.range = {.start = h->msg.arg.pagefault.address & ~(PAGE - 1ull), .len = PAGE}};
	h->ret = ioctl(h->fd, UFFDIO_CONTINUE, &c);
	h->err = errno;
	h->result = c.mapped;
	return NULL;
}

static void minor_continue(void)
{
	minor_memfd = (int)syscall(SYS_memfd_create, "uffd", 0);
	if (minor_memfd < 0 || ftruncate(minor_memfd, 2 * PAGE))
		exit(1);
	R("pwrite A", pwrite(minor_memfd, "A", 1, 0));
	minor_m = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, minor_memfd, 0);
	int fd = uffd_open(O_CLOEXEC | O_NONBLOCK);
	R("UFFDIO_API", uffd_api(fd, UFFD_FEATURE_MINOR_SHMEM));
	R("register minor", uffd_register(fd, minor_m, 2 * PAGE, UFFDIO_REGISTER_MODE_MINOR));
	R("MADV_DONTNEED", madvise(minor_m, PAGE, MADV_DONTNEED));
	say("minor fault on page 0:\n");
	struct handler h = {.fd = fd, .how = BY_CONTINUE, .base = minor_m};
	pthread_t t;
	pthread_create(&t, NULL, minor_handler, &h);
	char c = minor_m[0];
	handler_report(t, &h);
	say("  the read gives %c\n", c);
	say("page 1, a hole in the file, reads %d\n", minor_m[PAGE]);
	struct uffdio_continue cont = {.range = {.start = (unsigned long)minor_m, .len = PAGE}};
	R("continue onto a mapped page", ioctl(fd, UFFDIO_CONTINUE, &cont));
	say("  mapped %lld\n", (long long)cont.mapped);
	close(fd);
	munmap(minor_m, 2 * PAGE);
	close(minor_memfd);
}

static void modes(void)
{
	int fd = uffd_open(O_CLOEXEC);
	R("UFFDIO_API", uffd_api(fd, 0));
	char *anon = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	R("register anonymous memory minor", uffd_register(fd, anon, PAGE, UFFDIO_REGISTER_MODE_MINOR));
	R("register missing and write-protect",
	  uffd_register(fd, anon, PAGE, UFFDIO_REGISTER_MODE_MISSING | UFFDIO_REGISTER_MODE_WP));
	int fd2 = uffd_open(O_CLOEXEC);
	R("UFFDIO_API on a second one", uffd_api(fd2, 0));
	R("register on the first", uffd_register(fd, anon, PAGE, UFFDIO_REGISTER_MODE_MISSING));
	R("register the same range on the second", uffd_register(fd2, anon, PAGE, UFFDIO_REGISTER_MODE_MISSING));
	close(fd2);
	close(fd);
	say("anonymous page after close reads %d\n", anon[0]);
}

static void features(void)
{
	int fd = uffd_open(O_CLOEXEC | O_NONBLOCK);
	R("UFFDIO_API thread id, exact address", uffd_api(fd, UFFD_FEATURE_THREAD_ID | UFFD_FEATURE_EXACT_ADDRESS));
	char *m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	R("register", uffd_register(fd, m, PAGE, UFFDIO_REGISTER_MODE_MISSING));
	say("exact address fault:\n");
	struct handler h = {.fd = fd, .how = BY_COPY, .fill = 'E', .base = m};
	pthread_t t;
	handler_start(&t, &h);
	char c = m[123];
	handler_report(t, &h);
	say("  reads %c; the faulting thread's id: %s\n", c,
	    h.msg.arg.pagefault.ptid == (unsigned)syscall(SYS_gettid) ? "yes" : "no");
	close(fd);

	fd = uffd_open(O_CLOEXEC);
	R("UFFDIO_API sigbus", uffd_api(fd, UFFD_FEATURE_SIGBUS));
	char *s = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	R("register", uffd_register(fd, s, PAGE, UFFDIO_REGISTER_MODE_MISSING));
	struct sigaction sa = {.sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO};
	sigaction(SIGBUS, &sa, NULL);
	say("fault with UFFD_FEATURE_SIGBUS:\n");
	if (sigsetjmp(env, 1) == 0)
		say("  reads %d\n", *(volatile char *)s);
	int pfd[2];
	if (pipe(pfd))
		exit(1);
	R("write", write(pfd[1], "q", 1));
	R("read(2) into it", read(pfd[0], s, 1));
	close(fd);

	fd = uffd_open(O_CLOEXEC | UFFD_USER_MODE_ONLY);
	R("UFFDIO_API user mode only", uffd_api(fd, 0));
	char *u = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	R("register", uffd_register(fd, u, PAGE, UFFDIO_REGISTER_MODE_MISSING));
	R("write", write(pfd[1], "q", 1));
	R("read(2) into it, a kernel access", read(pfd[0], u, 1));
	close(fd);
}

int main(void)
{
	say_file("vm.unprivileged_userfaultfd", "/proc/sys/vm/unprivileged_userfaultfd");
	minor_continue();
	modes();
	features();
	done();
	return 0;
}
