/* mem_per_thread.c — kernel memory per thread (mem_task.h). */
#include "mem_task.h"

int main(void)
{
	per_unit(true, "mem_per_thread_kib");
	bench_done();
	return 0;
}
