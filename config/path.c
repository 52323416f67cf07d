/* Lexical path normalisation; see path.h. */
#include "path.h"

#include "alloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *px_path_cwd(void)
{
    size_t cap = 256;
    for (;;) {
        char *buf = px_malloc(cap);
        if (getcwd(buf, cap))
            return buf;
        free(buf);
        if (errno != ERANGE || cap > (1u << 20))
            return NULL;
        cap *= 2;
    }
}

char *px_path_absolute(const char *cwd, const char *path)
{
    size_t lc = path[0] == '/' ? 0 : strlen(cwd);
    size_t lp = strlen(path);
    char *in = px_malloc(lc + lp + 2);
    memcpy(in, cwd, lc);
    in[lc] = '/';
    memcpy(in + lc + 1, path, lp + 1);

    /* Rebuild component by component; out never grows past in. */
    char *out = px_malloc(lc + lp + 3);
    size_t k = 0;
    const char *p = in;
    while (*p) {
        while (*p == '/')
            p++;
        const char *e = p;
        while (*e && *e != '/')
            e++;
        size_t n = (size_t)(e - p);
        if (n == 0 || (n == 1 && p[0] == '.')) {
            /* nothing */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            while (k > 0 && out[k - 1] != '/')
                k--;
            if (k > 0)
                k--; /* the slash before the dropped component */
        } else {
            out[k++] = '/';
            memcpy(out + k, p, n);
            k += n;
        }
        p = e;
    }
    if (k == 0)
        out[k++] = '/';
    out[k] = '\0';
    free(in);
    return out;
}

const char *px_path_under(const char *base, const char *path)
{
    size_t n = strlen(base);
    if (n == 1 && base[0] == '/')
        return path + 1;
    if (strncmp(base, path, n) != 0)
        return NULL;
    if (path[n] == '\0')
        return path + n;
    return path[n] == '/' ? path + n + 1 : NULL;
}

char *px_path_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return px_strdup("/");
    return px_strndup(path, (size_t)(slash - path));
}

char *px_path_join(const char *dir, const char *name)
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

char *px_path_display(const char *cwd, const char *path)
{
    const char *rel = px_path_under(cwd, path);
    if (rel && *rel)
        return px_strdup(rel);
    return px_strdup(rel ? "." : path);
}
