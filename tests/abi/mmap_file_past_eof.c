/* mmap_file_past_eof: mmap(2) does not check the offset against the file
 * size; mapping 2 pages at an offset beyond the end of a regular file
 * succeeds (touching them would raise SIGBUS - "Attempted access to a page
 * of the buffer that lies beyond the end of the mapped file" - so they are
 * not touched). Unmapping works. */
#include "lvtest.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	int fd = open(argv[0], O_RDONLY);
	yesno("open self ok", fd >= 0);
	struct stat st;
	yesno("fstat ok", fstat(fd, &st) == 0);
	long off = ((st.st_size + 4095) & ~4095L) + 4 * 4096;
	errno = 0;
	long r = syscall(SYS_mmap, 0, 2 * 4096, PROT_READ, MAP_PRIVATE, fd, off);
	yesno("mmap past EOF succeeds", r != -1);
	if (r == -1)
		say("errno=%s\n", errname(errno));
	else {
		yesno("page aligned", (r & 4095) == 0);
		errno = 0;
		long u = syscall(SYS_munmap, r, 2 * 4096);
		show_ret("munmap", u, errno);
	}
	close(fd);
	done();
	return 0;
}
