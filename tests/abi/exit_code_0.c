/* exit_code_0: exit(0) yields exit status 0 (exit(3), exit_group(2)). */
#include "lvtest.h"

int main(void)
{
	done();
	exit(0);
}
