/* A module for tests only (build/tests/modules/undefined.gbm): it imports
 * kstrnlen, a kernel function that is not exported. To a module it does not
 * exist, so linking must fail, naming the symbol. */
#include <stddef.h>

#include <ghostboot/module.h>

size_t kstrnlen(const char *s, size_t max);

static int undefined_module_init(void)
{
	return kstrnlen("ghost", 8) == 5 ? 0 : -1;
}

GB_MODULE("undefined", undefined_module_init, 0);
