/* random_ioctl_entropy: the RND* ioctls of /dev/random and /dev/urandom
 * (drivers/char/random.c random_ioctl, Linux 6.1) and the entropy files:
 * RNDGETENTCNT agrees with /proc/sys/kernel/random/entropy_avail (256 once
 * the pool is seeded, as Linux 6.1 keeps it) and poolsize is 256; root may
 * credit, add, clear and reseed; nobody gets EPERM; an unknown RND request
 * is EINVAL, another file's ENOTTY; bad pointers EFAULT, negative counts
 * EINVAL. */
#include "lvtest.h"
#include <sys/ioctl.h>
#include <sys/wait.h>

#define RNDGETENTCNT 0x80045200u
#define RNDADDTOENTCNT 0x40045201u
#define RNDADDENTROPY 0x40085203u
#define RNDZAPENTCNT 0x5204u
#define RNDCLEARPOOL 0x5206u
#define RNDRESEEDCRNG 0x5207u

static void show(const char *label, long r)
{
	say("%s: %ld %s\n", label, r, r < 0 ? errname(errno) : "");
}

static int read_int(const char *path)
{
	char buf[32];
	return slurp_file(path, buf, sizeof buf) > 0 ? atoi(buf) : -1;
}

int main(void)
{
	int fd = open("/dev/urandom", O_RDONLY), rfd = open("/dev/random", O_RDONLY);
	int cnt = -1;
	show("RNDGETENTCNT", ioctl(fd, RNDGETENTCNT, &cnt));
	say("count %d, entropy_avail %d, poolsize %d\n", cnt, read_int("/proc/sys/kernel/random/entropy_avail"),
	    read_int("/proc/sys/kernel/random/poolsize"));
	show("RNDGETENTCNT on /dev/random", ioctl(rfd, RNDGETENTCNT, &cnt));
	show("RNDGETENTCNT unmapped", ioctl(fd, RNDGETENTCNT, (void *)8));
	int credit = 8;
	show("RNDADDTOENTCNT", ioctl(fd, RNDADDTOENTCNT, &credit));
	credit = -1;
	show("RNDADDTOENTCNT -1", ioctl(fd, RNDADDTOENTCNT, &credit));
	struct {
		int count, size;
		unsigned char buf[16];
	} add = {8, 16, "sixteen bytes.."};
	show("RNDADDENTROPY", ioctl(fd, RNDADDENTROPY, &add));
	add.size = -1;
	show("RNDADDENTROPY size -1", ioctl(fd, RNDADDENTROPY, &add));
	show("RNDZAPENTCNT", ioctl(fd, RNDZAPENTCNT, 0));
	show("RNDCLEARPOOL", ioctl(fd, RNDCLEARPOOL, 0));
	show("RNDRESEEDCRNG", ioctl(fd, RNDRESEEDCRNG, 0));
	show("RND 0x08 (unknown)", ioctl(fd, 0x5208u, 0));
	int nul = open("/dev/null", O_RDONLY);
	show("RNDGETENTCNT on /dev/null", ioctl(nul, RNDGETENTCNT, &cnt));
	show("RNDGETENTCNT after", ioctl(fd, RNDGETENTCNT, &cnt));
	say("count %d\n", cnt);
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(65534) != 0)
			say("setuid: %s\n", errname(errno));
		credit = 8;
		show("nobody RNDADDTOENTCNT", ioctl(fd, RNDADDTOENTCNT, &credit));
		show("nobody RNDCLEARPOOL", ioctl(fd, RNDCLEARPOOL, 0));
		show("nobody RNDGETENTCNT", ioctl(fd, RNDGETENTCNT, &cnt));
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	done();
	return 0;
}
