/* mem_per_process.c — kernel memory per process (mem_task.h). */
#include "mem_task.h"

int main(void)
{
	per_unit(false, "mem_per_process_kib");
	bench_done();
	return 0;
}
