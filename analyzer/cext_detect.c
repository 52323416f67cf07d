/* C-extension detection by directory listing, bounded in depth: packages are
 * directories holding __init__.py; hidden directories and __pycache__ are
 * skipped. */
#include "cext_detect.h"

#include "alloc.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { MAX_PACKAGE_DEPTH = 6 };

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static bool is_identifier(const char *s, size_t n)
{
    if (n == 0 || (s[0] >= '0' && s[0] <= '9'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* dir + "/" + name, malloc'd. */
static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    char *p = px_malloc(a + b + 2);
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

static bool is_package(const char *dir)
{
    char *init = join(dir, "__init__.py");
    struct stat st;
    bool yes = stat(init, &st) == 0;
    free(init);
    return yes;
}

static size_t scan(PxKnowledge *kb, const char *dir, const char *prefix, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t found = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (name[0] == '.' || !strcmp(name, "__pycache__"))
            continue;
        size_t n = strcspn(name, "."); /* a module's name ends at the first dot */
        if (!is_identifier(name, n))
            continue;
        char *dotted = px_malloc(strlen(prefix) + n + 2);
        sprintf(dotted, "%s%s%.*s", prefix, *prefix ? "." : "", (int)n, name);
        if (ends_with(name, ".so") || ends_with(name, ".pyd")) {
            px_knowledge_add_c_extension(kb, dotted);
            found++;
        } else if (depth < MAX_PACKAGE_DEPTH && name[n] == '\0') {
            char *path = join(dir, name);
            if (is_dir(path) && is_package(path))
                found += scan(kb, path, dotted, depth + 1);
            free(path);
        }
        free(dotted);
    }
    closedir(d);
    return found;
}

size_t px_detect_c_extensions(PxKnowledge *kb, const char *const *dirs, size_t ndirs)
{
    size_t found = 0;
    for (size_t i = 0; i < ndirs; i++)
        found += scan(kb, dirs[i], "", 0);
    return found;
}
