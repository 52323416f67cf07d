/* Whole-file reads; directories, special files and over-large files are
 * refused with a message instead of being read. */
#include "readfile.h"

#include "alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *px_read_file(const char *path, size_t max_size, size_t *len, char *err,
                   size_t errlen)
{
    /* O_NONBLOCK keeps a FIFO given as a path from blocking the run. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        snprintf(err, errlen, "cannot read: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, errlen, "cannot read: %s", strerror(errno));
        close(fd);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "cannot read: is a directory");
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "cannot read: not a regular file");
        close(fd);
        return NULL;
    }
    if ((size_t)st.st_size > max_size) {
        snprintf(err, errlen,
                 "skipped: the file is %.1f MiB, over the %.1f MiB limit "
                 "(see --max-file-size)",
                 (double)st.st_size / 1048576.0, (double)max_size / 1048576.0);
        close(fd);
        return NULL;
    }
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = px_malloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            if (cap - 1 >= max_size) {
                snprintf(err, errlen, "skipped: file grew past the %zu-byte limit",
                         max_size);
                free(buf);
                close(fd);
                return NULL;
            }
            cap *= 2;
            buf = px_realloc(buf, cap);
        }
        ssize_t r = read(fd, buf + n, cap - 1 - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            snprintf(err, errlen, "cannot read: %s", strerror(errno));
            free(buf);
            close(fd);
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    *len = n;
    return buf;
}
