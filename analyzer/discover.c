/* File discovery: iterative directory walk with a visited set of (dev, inode)
 * so symlink loops end. */
#include "discover.h"

#include "alloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    dev_t dev;
    ino_t ino;
} DirId;

struct PxDiscovery {
    char **files;
    size_t nfiles, capfiles;
    PxProblem *problems;
    size_t nproblems, capproblems;
    DirId *visited;
    size_t nvisited, capvisited;
};

static void problem(PxDiscovery *d, const char *path, bool is_error,
                    const char *fmt, const char *detail)
{
    char buf[512];
    snprintf(buf, sizeof buf, fmt, detail);
    PxProblem p = {px_strdup(path), px_strdup(buf), is_error};
    PX_PUSH(d->problems, d->nproblems, d->capproblems, p);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    bool slash = a > 0 && dir[a - 1] == '/';
    char *p = px_malloc(a + b + 2);
    memcpy(p, dir, a);
    if (!slash)
        p[a++] = '/';
    memcpy(p + a, name, b + 1);
    return p;
}

static bool skip_dir_name(const char *name)
{
    return name[0] == '.' || strcmp(name, "__pycache__") == 0 ||
           strcmp(name, "node_modules") == 0;
}

static bool is_virtualenv(const char *dir)
{
    char *cfg = join(dir, "pyvenv.cfg");
    struct stat st;
    bool yes = stat(cfg, &st) == 0;
    free(cfg);
    return yes;
}

/* Records the directory; false if it was seen before (a loop or a second
 * link to it). */
static bool visit(PxDiscovery *d, const struct stat *st)
{
    for (size_t i = 0; i < d->nvisited; i++)
        if (d->visited[i].dev == st->st_dev && d->visited[i].ino == st->st_ino)
            return false;
    DirId id = {st->st_dev, st->st_ino};
    PX_PUSH(d->visited, d->nvisited, d->capvisited, id);
    return true;
}

static void add_file(PxDiscovery *d, const char *path)
{
    PX_PUSH(d->files, d->nfiles, d->capfiles, px_strdup(path));
}

static void walk(PxDiscovery *d, const char *root, const PxDiscoverOptions *o)
{
    char **stack = NULL;
    size_t n = 0, cap = 0;
    PX_PUSH(stack, n, cap, px_strdup(root));
    while (n > 0) {
        char *dir = stack[--n];
        DIR *dh = opendir(dir);
        if (!dh) {
            problem(d, dir, true, "cannot list directory: %s", strerror(errno));
            free(dir);
            continue;
        }
        struct dirent *e;
        while ((e = readdir(dh)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *path = join(dir, e->d_name);
            struct stat st;
            if (stat(path, &st) != 0) {
                int err = errno;
                struct stat lst;
                bool is_link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
                if (is_link && err == ELOOP)
                    problem(d, path, false, "symlink loop, not followed%s", "");
                else if (is_link)
                    problem(d, path, false, "broken symlink, skipped%s", "");
                else if (ends_with(e->d_name, ".py"))
                    problem(d, path, true, "cannot read: %s", strerror(err));
                free(path);
                continue;
            }
            if (S_ISDIR(st.st_mode)) {
                if (skip_dir_name(e->d_name) || is_virtualenv(path) ||
                    (o->exclude && o->exclude(path, true, o->ctx))) {
                    free(path);
                } else if (!visit(d, &st)) {
                    problem(d, path, false,
                            "directory already visited (symlink loop?), "
                            "not followed%s", "");
                    free(path);
                } else {
                    PX_PUSH(stack, n, cap, path);
                }
            } else if (S_ISREG(st.st_mode) &&
                       (o->include ? o->include(path, false, o->ctx)
                                   : ends_with(e->d_name, ".py")) &&
                       !(o->exclude && o->exclude(path, false, o->ctx))) {
                add_file(d, path);
                free(path);
            } else {
                free(path);
            }
        }
        closedir(dh);
        free(dir);
    }
    free(stack);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

PxDiscovery *px_discover(const char *const *paths, size_t npaths,
                         const PxDiscoverOptions *options)
{
    PxDiscoverOptions none = {0};
    const PxDiscoverOptions *o = options ? options : &none;
    PxDiscovery *d = px_calloc(1, sizeof(*d));
    for (size_t i = 0; i < npaths; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            problem(d, paths[i], true, "%s", strerror(errno));
            continue;
        }
        bool dir = S_ISDIR(st.st_mode);
        if (o->exclude_given && o->exclude_given(paths[i], dir, o->ctx))
            continue;
        if (dir) {
            if (visit(d, &st))
                walk(d, paths[i], o);
        } else {
            /* A file named explicitly is checked whatever its suffix. */
            add_file(d, paths[i]);
        }
    }
    if (d->nfiles > 1) /* qsort(NULL, 0, ...) is undefined */
        qsort(d->files, d->nfiles, sizeof(char *), cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < d->nfiles; i++) {
        if (k > 0 && strcmp(d->files[k - 1], d->files[i]) == 0)
            free(d->files[i]);
        else
            d->files[k++] = d->files[i];
    }
    d->nfiles = k;
    return d;
}

void px_discovery_destroy(PxDiscovery *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->nfiles; i++)
        free(d->files[i]);
    for (size_t i = 0; i < d->nproblems; i++) {
        free((char *)d->problems[i].path);
        free((char *)d->problems[i].message);
    }
    free(d->files);
    free(d->problems);
    free(d->visited);
    free(d);
}

size_t px_discovery_count(const PxDiscovery *d) { return d->nfiles; }
const char *px_discovery_path(const PxDiscovery *d, size_t i) { return d->files[i]; }
size_t px_discovery_problem_count(const PxDiscovery *d) { return d->nproblems; }
const PxProblem *px_discovery_problem(const PxDiscovery *d, size_t i)
{
    return &d->problems[i];
}
