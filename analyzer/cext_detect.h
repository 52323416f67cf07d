/* Finding C extension modules on disk: shared objects on the python path
 * and in site-packages. Reads directory listings only; never imports. */
#ifndef PX_CEXT_DETECT_H
#define PX_CEXT_DETECT_H

#include "knowledge.h"

#include <stddef.h>

/* Adds to `kb` every module whose implementation is a shared object under
 * the given directories: `name.so`, `name.cpython-311-x86_64-linux-gnu.so`,
 * `name.abi3.so`, `name.pyd`, and such submodules of packages
 * (`lxml/etree.cpython-311-x86_64-linux-gnu.so` is `lxml.etree`). Returns the
 * number of modules found. Call before the knowledge base is shared. */
size_t px_detect_c_extensions(PxKnowledge *kb, const char *const *dirs, size_t ndirs);

#endif
