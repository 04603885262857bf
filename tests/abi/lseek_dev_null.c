/*
 * lseek_dev_null.c — seeking the memory devices (Linux drivers/char/mem.c
 * null_lseek for null, zero and full; noop_llseek for random and urandom):
 * every lseek succeeds and returns 0, whatever the offset or whence.
 */
#define _GNU_SOURCE
#include <fcntl.h>

#include "lvtest.h"

int main(void)
{
	static const char *devs[] = {"/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"};
	static const struct {
		long off;
		int whence;
		const char *name;
	} seeks[] = {{0, SEEK_END, "0 SEEK_END"},   {100, SEEK_END, "100 SEEK_END"}, {100, SEEK_SET, "100 SEEK_SET"},
		     {-7, SEEK_CUR, "-7 SEEK_CUR"}, {5, SEEK_DATA, "5 SEEK_DATA"},   {0, 42, "0 whence 42"}};
	for (unsigned i = 0; i < sizeof devs / sizeof devs[0]; i++) {
		int fd = open(devs[i], O_RDWR);
		for (unsigned j = 0; j < sizeof seeks / sizeof seeks[0]; j++) {
			char label[80];
			snprintf(label, sizeof label, "%s %s", devs[i], seeks[j].name);
			show_ret(label, lseek(fd, seeks[j].off, seeks[j].whence), errno);
		}
		close(fd);
	}
	done();
	return 0;
}
