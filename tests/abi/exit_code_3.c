/* exit_code_3: exit(3) yields exit status 3 (exit(3), exit_group(2):
 * status & 0xff is reported to the parent). */
#include "lvtest.h"

int main(void)
{
	done();
	exit(3);
}
