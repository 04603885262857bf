/* exit_code_255: exit(255) yields exit status 255, the largest value that
 * survives the & 0xff in exit_group(2) (kernel/exit.c: (error_code&0xff)<<8). */
#include "lvtest.h"

int main(void)
{
	done();
	exit(255);
}
