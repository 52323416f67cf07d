/* Lexical path handling for configuration: absolute paths without ".", ".."
 * or repeated slashes. Symlinks are not resolved, so a path stays the one
 * the user wrote and stays comparable with the paths discovery produces. */
#ifndef PX_PATH_H
#define PX_PATH_H

#include <stdbool.h>
#include <stddef.h>

/* The current directory, malloc'd; NULL if it cannot be read (deleted). */
char *px_path_cwd(void);

/* `path` made absolute against `cwd` (itself absolute) and normalised;
 * malloc'd. "" counts as ".". */
char *px_path_absolute(const char *cwd, const char *path);

/* The part of absolute `path` below absolute directory `base`: "" for base
 * itself, "a/b.py" for base/a/b.py; NULL when path is not under base. The
 * result points into `path`. */
const char *px_path_under(const char *base, const char *path);

/* Parent directory of an absolute normalised path ("/" stays "/");
 * malloc'd. */
char *px_path_dirname(const char *path);

/* dir + "/" + name; malloc'd. */
char *px_path_join(const char *dir, const char *name);

/* A path to show the user: relative to cwd when under it, else absolute;
 * malloc'd. Both arguments absolute. */
char *px_path_display(const char *cwd, const char *path);

#endif
