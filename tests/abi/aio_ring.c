/*
 * aio_ring.c — io_setup and io_destroy (Linux fs/aio.c): the context id is
 * the address of a ring mapped shared into the process ("/[aio] (deleted)"
 * in /proc/self/maps) whose header is id, nr, head, tail, magic
 * 0xa10a10a1, compat 1, incompat 0, header length 32; nr is what fits in
 * whole pages after room for max(n, 4 * CPUs) * 2 + 2 events; a second
 * context gets id 1; fs.aio-nr counts the nr_events given. Errors: a
 * non-zero *ctxp or nr_events 0 EINVAL, a bad pointer EFAULT, more than
 * aio-max-nr EAGAIN, too many events EINVAL; io_destroy of an unknown or
 * destroyed context, or of one whose ring the program unmapped, EINVAL;
 * io_destroy unmaps the ring. A forked child maps the ring too (shared
 * pages) but has no context: its io_destroy is EINVAL. exec ends the
 * contexts of the old address space (aio-nr drops back). mremap moves a
 * context with its ring (the old address is EINVAL, the new one works) but
 * may not grow it (EFAULT); a forked child's copy cannot move (EINVAL).
 */
#include "aio_test.h"

#include <sys/mman.h>
#include <sys/wait.h>

static long aio_nr(void)
{
	char buf[64] = {0};
	int fd = open("/proc/sys/fs/aio-nr", O_RDONLY);
	if (fd < 0)
		return -1;
	if (read(fd, buf, sizeof(buf) - 1) < 0)
		buf[0] = 0;
	close(fd);
	return atol(buf);
}

static int ring_maps_lines(void)
{
	char line[512];
	int n = 0;
	FILE *f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof(line), f)) {
		char *name = strchr(line, '/');
		if (name && strstr(name, "[aio]")) {
			char perms[8];
			sscanf(line, "%*s %7s", perms);
			say("maps: %s %s", perms, name);
			n++;
		}
	}
	if (f)
		fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "after-exec") == 0) {
		say("after exec: ring lines in maps %d, aio-nr +%ld\n", ring_maps_lines(), aio_nr() - atol(argv[2]));
		return 0;
	}
	long base = aio_nr();
	unsigned sizes[] = {1, 32, 100, 127, 128, 1000, 4096};
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		aio_context_t ctx = 0;
		if (io_setup(sizes[i], &ctx) < 0) {
			say("io_setup(%u): %s\n", sizes[i], errname(errno));
			continue;
		}
		struct aio_ring *r = (struct aio_ring *)ctx;
		say("io_setup(%u): id %u nr %u head %u tail %u magic %#x compat %u incompat %u hlen %u aligned %d\n",
		    sizes[i], r->id, r->nr, r->head, r->tail, r->magic, r->compat_features, r->incompat_features,
		    r->header_length, (ctx & 4095) == 0);
		say("  aio-nr +%ld\n", aio_nr() - base);
		say("  io_destroy: %ld\n", io_destroy(ctx));
	}
	say("aio-nr after: +%ld\n", aio_nr() - base);
	char max[32] = {0};
	int fd = open("/proc/sys/fs/aio-max-nr", O_RDONLY);
	say("aio-max-nr: %s", read(fd, max, sizeof(max) - 1) > 0 ? max : "?\n");
	close(fd);

	aio_context_t a = 0, b = 0;
	io_setup(8, &a);
	io_setup(8, &b);
	say("two contexts: ids %u %u, distinct %d\n", ((struct aio_ring *)a)->id, ((struct aio_ring *)b)->id, a != b);
	say("ring lines in maps: %d\n", ring_maps_lines());
	((struct aio_ring *)a)->head = 0; /* writable by the program */

	pid_t pid = fork();
	if (pid == 0) {
		say("child: ring lines in maps %d\n", ring_maps_lines());
		say("child: magic %#x\n", ((struct aio_ring *)a)->magic);
		say("child: io_destroy %s\n", io_destroy(a) < 0 ? errname(errno) : "ok");
		aio_context_t c = 0;
		say("child: io_setup %ld, id %u\n", io_setup(4, &c), c ? ((struct aio_ring *)c)->id : 99);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	say("parent after child: io_destroy a %ld\n", io_destroy(a));
	say("io_destroy a again: %s\n", io_destroy(a) < 0 ? errname(errno) : "ok");
	say("ring a unmapped: %d\n", msync((void *)a, 4096, MS_ASYNC) < 0 ? errno == ENOMEM : 0);
	say("ring lines in maps: %d\n", ring_maps_lines());

	aio_context_t c = 0;
	io_setup(8, &c);
	say("third context reuses id %u\n", ((struct aio_ring *)c)->id);
	say("munmap its ring: %d\n", munmap((void *)c, 4096));
	say("io_destroy after munmap: %s\n", io_destroy(c) < 0 ? errname(errno) : "ok");
	say("io_destroy b: %ld\n", io_destroy(b));

	aio_context_t x = 1;
	say("io_setup nonzero *ctxp: %s\n", io_setup(1, &x) < 0 ? errname(errno) : "ok");
	x = 0;
	say("io_setup 0 events: %s\n", io_setup(0, &x) < 0 ? errname(errno) : "ok");
	say("io_setup bad pointer: %s\n", io_setup(1, (aio_context_t *)8) < 0 ? errname(errno) : "ok");
	say("io_setup NULL: %s\n", io_setup(1, NULL) < 0 ? errname(errno) : "ok");
	say("io_setup 65537: %s\n", io_setup(65537, &x) < 0 ? errname(errno) : "ok");
	say("io_setup 5000000: %s\n", io_setup(5000000, &x) < 0 ? errname(errno) : "ok");
	say("io_setup 0x80000000: %s\n", io_setup(0x80000000u, &x) < 0 ? errname(errno) : "ok");
	aio_context_t big = 0, big2 = 0;
	say("io_setup 40000: %s\n", io_setup(40000, &big) < 0 ? errname(errno) : "ok");
	say("io_setup 30000 more: %s\n", io_setup(30000, &big2) < 0 ? errname(errno) : "ok");
	say("io_setup 20000 more: %s\n", io_setup(20000, &big2) < 0 ? errname(errno) : "ok");
	say("aio-nr: +%ld\n", aio_nr() - base);
	io_destroy(big);
	io_destroy(big2);
	/* mremap moves the context with its ring; it may not grow it */
	aio_context_t m = 0;
	io_setup(8, &m);
	void *grown = mremap((void *)m, 4096, 8192, MREMAP_MAYMOVE);
	say("mremap grow: %s\n", grown == MAP_FAILED ? errname(errno) : "ok");
	void *spot = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *moved = mremap((void *)m, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, spot);
	say("mremap move: %s\n", moved == MAP_FAILED ? errname(errno) : moved == spot ? "moved" : "elsewhere");
	struct timespec zero = {0, 0};
	say("io_getevents at the old address: %s\n", io_getevents(m, 0, 0, NULL, &zero) < 0 ? errname(errno) : "ok");
	say("io_getevents at the new one: %s\n",
	    io_getevents((aio_context_t)moved, 0, 0, NULL, &zero) < 0 ? errname(errno) : "ok");
	pid = fork();
	if (pid == 0) {
		void *to = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		void *r = mremap(moved, 4096, 4096, MREMAP_MAYMOVE | MREMAP_FIXED, to);
		say("child: mremap of the inherited ring: %s\n", r == MAP_FAILED ? errname(errno) : "ok");
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	say("io_destroy at the new address: %ld\n", io_destroy((aio_context_t)moved));

	/* exec ends the contexts: their rings go with the old address space */
	long before_exec = aio_nr();
	pid = fork();
	if (pid == 0) {
		aio_context_t e = 0;
		io_setup(10, &e);
		say("before exec: aio-nr +%ld\n", aio_nr() - before_exec);
		char arg[32];
		snprintf(arg, sizeof(arg), "%ld", before_exec);
		execl("/proc/self/exe", argv[0], "after-exec", arg, (char *)NULL);
		_exit(1);
	}
	waitpid(pid, NULL, 0);
	say("io_destroy 0: %s\n", io_destroy(0) < 0 ? errname(errno) : "ok");
	say("io_destroy junk: %s\n", io_destroy(0x12345) < 0 ? errname(errno) : "ok");
	say("aio-nr at end: +%ld\n", aio_nr() - base);
	say("done\n");
	return 0;
}
