/* Module naming: python-path roots first, then __init__.py package climbing. */
#include "modname.h"

#include "alloc.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool has_init(const char *dir)
{
    size_t n = strlen(dir);
    char *p = px_malloc(n + 13);
    memcpy(p, dir, n);
    memcpy(p + n, "/__init__.py", 13);
    struct stat st;
    bool yes = stat(p, &st) == 0 && S_ISREG(st.st_mode);
    free(p);
    return yes;
}

/* "a/b/c.py" relative part -> "a.b.c" (or "a.b" for a/b/__init__.py). */
static char *dotted(const char *rel, bool *is_package)
{
    char *s = px_strdup(rel);
    size_t n = strlen(s);
    if (n >= 3 && strcmp(s + n - 3, ".py") == 0)
        s[n -= 3] = '\0';
    *is_package = false;
    if (n >= 9 && strcmp(s + n - 9, "/__init__") == 0) {
        s[n -= 9] = '\0';
        *is_package = true;
    } else if (strcmp(s, "__init__") == 0) {
        *is_package = true;
    }
    for (char *p = s; *p; p++)
        if (*p == '/')
            *p = '.';
    return s;
}

char *px_module_name(const char *path, const char *const *roots, size_t nroots,
                     bool *is_package)
{
    char abs[PATH_MAX];
    if (!realpath(path, abs))
        return dotted(strrchr(path, '/') ? strrchr(path, '/') + 1 : path, is_package);
    for (size_t i = 0; i < nroots; i++) {
        char root[PATH_MAX];
        if (!realpath(roots[i], root))
            continue;
        size_t n = strlen(root);
        if (strncmp(abs, root, n) == 0 && abs[n] == '/')
            return dotted(abs + n + 1, is_package);
    }
    /* Climb while the directory is a package. */
    char *dir = px_strdup(abs);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    while (has_init(dir)) {
        char *up = strrchr(dir, '/');
        if (!up || up == dir)
            break;
        *up = '\0';
    }
    size_t n = strlen(dir);
    char *name = dotted(abs + n + 1, is_package);
    free(dir);
    return name;
}
