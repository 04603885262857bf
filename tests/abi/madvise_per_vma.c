/*
 * madvise_per_vma.c — which advice each kind of mapping takes (mm/madvise.c):
 * PROT_NONE, read-only, read-write and shared anonymous memory, and the
 * [vvar] and [vdso] special mappings, for every advice whose answer depends
 * on the mapping. Prints the result of each call; Linux's run is the
 * expectation.
 */
#include <stdio.h>
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/auxv.h>
static void t(const char *n, void *a, size_t l, int adv)
{
	int r = madvise(a, l, adv);
	printf("%s adv %d: %s\n", n, adv, r ? strerror(errno) : "ok");
}
int main(void)
{
	char *none = mmap(0, 8192, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *ro = mmap(0, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *rw = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *sh = mmap(0, 8192, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *vdso = (char *)getauxval(AT_SYSINFO_EHDR);
	char *vvar = vdso - 8192;
	int advs[] = {3, 4, 8, 9, 10, 11, 12, 14, 16, 17, 18, 19, 20, 21, 22, 23};
	for (unsigned i = 0; i < sizeof advs / sizeof advs[0]; i++) {
		int a = advs[i];
		t("none", none, 8192, a);
		t("ro", ro, 8192, a);
		t("rw", rw, 8192, a);
		t("shared", sh, 8192, a);
		t("vvar", vvar, 4096, a);
		t("vdso", vdso, 4096, a);
	}
	printf("done\n");
	return 0;
}
