/* Report destinations and the color decision; see output.h. */
#include "output.h"

#include "alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool px_output_open(PxOutput *o, const char *path, char *err, size_t errlen)
{
    memset(o, 0, sizeof(*o));
    if (!path || strcmp(path, "-") == 0) {
        o->fp = stdout;
        return true;
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "cannot write the report to '%s': it is a directory",
                 path);
        return false;
    }
    size_t n = strlen(path) + 64;
    char *tmp = px_malloc(n);
    int fd = -1;
    /* A name of our own beside the target, so the rename stays on one file
     * system; O_EXCL never reuses someone else's file. */
    for (unsigned attempt = 0; attempt < 100 && fd < 0; attempt++) {
        snprintf(tmp, n, "%s.pxlint-%ld-%u.tmp", path, (long)getpid(), attempt);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!fp) {
        snprintf(err, errlen, "cannot write the report to '%s': %s", path,
                 strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(tmp);
        return false;
    }
    o->fp = fp;
    o->path = px_strdup(path);
    o->tmp_path = tmp;
    return true;
}

bool px_output_close(PxOutput *o, bool commit, char *err, size_t errlen)
{
    if (!o->path) {
        if (fflush(stdout) != 0 || ferror(stdout)) {
            snprintf(err, errlen, "error writing the report: %s", strerror(errno));
            return false;
        }
        return true;
    }
    bool ok = !ferror(o->fp);
    int saved = errno;
    if (fclose(o->fp) != 0 && ok) {
        ok = false;
        saved = errno;
    }
    if (ok && commit && rename(o->tmp_path, o->path) != 0) {
        ok = false;
        saved = errno;
    }
    if (!ok)
        snprintf(err, errlen, "cannot write the report to '%s': %s", o->path,
                 strerror(saved));
    if (!ok || !commit)
        unlink(o->tmp_path);
    free(o->path);
    free(o->tmp_path);
    memset(o, 0, sizeof(*o));
    return ok;
}

static bool env_set(const char *name)
{
    const char *v = getenv(name);
    return v && *v;
}

bool px_output_color(const PxOutput *o, bool no_color)
{
    if (no_color || env_set("NO_COLOR"))
        return false;
    if (env_set("FORCE_COLOR"))
        return true;
    const char *term = getenv("TERM");
    if (term && strcmp(term, "dumb") == 0)
        return false;
    return isatty(fileno(o->fp));
}
