/* return_from_main: returning 5 from main is equivalent to exit(5)
 * (C11 5.1.2.2.3); the exit status is 5. */
#include "lvtest.h"

int main(void)
{
	done();
	return 5;
}
