/* Reading a whole file with errors that say what went wrong. */
#ifndef PX_READFILE_H
#define PX_READFILE_H

#include <stddef.h>

/* Reads a regular file. On success returns a malloc'd buffer (NUL-terminated
 * one byte past *len) and 0; on failure returns NULL and writes a message such
 * as "is a directory" or strerror text into err. */
char *px_read_file(const char *path, size_t max_size, size_t *len, char *err,
                   size_t errlen);

#endif
