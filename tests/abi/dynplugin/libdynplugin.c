/* libdynplugin.so: a library no program names in NEEDED; tests dlopen it
 * (dlopen_dlsym, tls_shared_lib). It has its own thread-local variable, so
 * a dlopen after threads exist needs dynamic TLS (TLSDESC's slow path). */
__thread int plugin_tls = 7;
int plugin_counter = 100;
static int plugin_inits;

__attribute__((constructor)) static void plugin_init(void)
{
	plugin_inits++;
}

int plugin_add(int a, int b)
{
	return a + b + plugin_counter;
}

int plugin_init_count(void)
{
	return plugin_inits;
}

int plugin_tls_bump(void)
{
	return ++plugin_tls;
}
