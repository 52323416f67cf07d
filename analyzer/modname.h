/* Dotted module names from file paths. */
#ifndef PX_MODNAME_H
#define PX_MODNAME_H

#include <stdbool.h>
#include <stddef.h>

/* The module name of `path` (malloc'd): relative to the first of `roots`
 * (python-path directories) that contains it; otherwise inferred by climbing
 * the directories that hold an __init__.py (so `src/app/x.py` in package
 * `app` is `app.x`). `__init__.py` names its package. *is_package is set for
 * __init__.py files. */
char *px_module_name(const char *path, const char *const *roots, size_t nroots,
                     bool *is_package);

#endif
