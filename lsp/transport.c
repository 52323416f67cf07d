/* Content-Length framing over raw file descriptors: a fixed read buffer,
 * header lines of bounded length, bodies allocated only once their length
 * is known to be under the limit. */
#include "transport.h"

#include "alloc.h"

#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum {
    BUF_SIZE = 65536,
    MAX_HEADER_LINE = 4096,  /* longer lines are malformed */
    MAX_HEADER_LINES = 64,   /* per message */
};

struct PxLspTransport {
    int in, out;
    size_t max_body;
    char buf[BUF_SIZE];
    size_t pos, end; /* unread bytes are buf[pos..end) */
    bool eof;
    bool out_closed;
    size_t skip; /* body bytes still to discard (a refused message) */
};

PxLspTransport *px_lsp_transport_create(int in_fd, int out_fd, size_t max_body)
{
    PxLspTransport *t = px_calloc(1, sizeof(*t));
    t->in = in_fd;
    t->out = out_fd;
    t->max_body = max_body ? max_body : PX_LSP_DEFAULT_MAX_BODY;
    return t;
}

void px_lsp_transport_destroy(PxLspTransport *t) { free(t); }

/* Refills the buffer; false at EOF or on a read error. */
static bool fill(PxLspTransport *t)
{
    if (t->eof)
        return false;
    if (t->pos == t->end)
        t->pos = t->end = 0;
    if (t->end == BUF_SIZE) { /* compact: keep the unread tail */
        memmove(t->buf, t->buf + t->pos, t->end - t->pos);
        t->end -= t->pos;
        t->pos = 0;
    }
    for (;;) {
        ssize_t n = read(t->in, t->buf + t->end, BUF_SIZE - t->end);
        if (n > 0) {
            t->end += (size_t)n;
            return true;
        }
        if (n < 0 && errno == EINTR)
            continue;
        t->eof = true;
        return false;
    }
}

int px_lsp_transport_wait(PxLspTransport *t, int timeout_ms)
{
    if (t->pos < t->end || t->eof)
        return 1;
    struct pollfd p = {.fd = t->in, .events = POLLIN};
    for (;;) {
        int r = poll(&p, 1, timeout_ms);
        if (r < 0 && errno == EINTR)
            continue;
        return r != 0; /* an error counts as ready: the read will see it */
    }
}

/* Discards pending bytes of a refused body; false at EOF. */
static bool discard(PxLspTransport *t)
{
    while (t->skip) {
        if (t->pos == t->end && !fill(t))
            return false;
        size_t n = t->end - t->pos;
        if (n > t->skip)
            n = t->skip;
        t->pos += n;
        t->skip -= n;
    }
    return true;
}

typedef enum { LINE_OK, LINE_EOF, LINE_TOO_LONG } LineStatus;

/* Reads one header line (without its CRLF or LF) into line[MAX_HEADER_LINE
 * + 1]. A line too long is consumed through its end and reported. */
static LineStatus read_line(PxLspTransport *t, char *line, size_t *len)
{
    size_t n = 0;
    bool too_long = false;
    for (;;) {
        if (t->pos == t->end && !fill(t))
            return LINE_EOF;
        char c = t->buf[t->pos++];
        if (c == '\n')
            break;
        if (n < MAX_HEADER_LINE)
            line[n++] = c;
        else
            too_long = true;
    }
    if (n && line[n - 1] == '\r')
        n--;
    line[n] = '\0';
    *len = n;
    return too_long ? LINE_TOO_LONG : LINE_OK;
}

/* A Content-Length value: decimal digits only, no sign, bounded. */
static bool parse_length(const char *v, uint64_t *out)
{
    while (*v == ' ' || *v == '\t')
        v++;
    if (!isdigit((unsigned char)*v))
        return false;
    uint64_t n = 0;
    for (; isdigit((unsigned char)*v); v++) {
        if (n > (UINT64_MAX - 9) / 10)
            return false;
        n = n * 10 + (uint64_t)(*v - '0');
    }
    while (*v == ' ' || *v == '\t')
        v++;
    if (*v)
        return false;
    *out = n;
    return true;
}

PxLspReadStatus px_lsp_transport_read(PxLspTransport *t, char **body,
                                      size_t *len, char *err, size_t errlen)
{
    *body = NULL;
    *len = 0;
    if (!discard(t)) {
        snprintf(err, errlen, "end of input");
        return PX_LSP_READ_EOF;
    }
    char line[MAX_HEADER_LINE + 1];
    size_t n;
    bool have_length = false, bad = false;
    uint64_t length = 0;
    unsigned nlines = 0;
    err[0] = '\0';
    for (;;) {
        LineStatus st = read_line(t, line, &n);
        if (st == LINE_EOF) {
            snprintf(err, errlen, "end of input");
            return PX_LSP_READ_EOF;
        }
        if (st == LINE_OK && n == 0) {
            if (nlines == 0)
                continue; /* stray blank lines between messages */
            break;
        }
        nlines++;
        if (bad)
            continue; /* read on to the end of the block */
        if (st == LINE_TOO_LONG || nlines > MAX_HEADER_LINES) {
            snprintf(err, errlen, "malformed header: %s",
                     st == LINE_TOO_LONG ? "line too long" : "too many lines");
            bad = true;
            continue;
        }
        char *colon = strchr(line, ':');
        if (!colon) {
            snprintf(err, errlen, "malformed header line (no ':'): '%.60s'", line);
            bad = true;
            continue;
        }
        *colon = '\0';
        if (strcasecmp(line, "Content-Length") == 0) {
            if (have_length || !parse_length(colon + 1, &length)) {
                snprintf(err, errlen, "malformed header: bad Content-Length '%.40s'",
                         colon + 1);
                bad = true;
            }
            have_length = true;
        }
        /* Content-Type and unknown fields are accepted and ignored. */
    }
    if (!bad && !have_length) {
        snprintf(err, errlen, "malformed header: no Content-Length");
        bad = true;
    }
    if (bad)
        return PX_LSP_READ_BAD_HEADER;
    if (length > t->max_body) {
        snprintf(err, errlen, "message of %llu bytes refused: the limit is %zu "
                 "bytes", (unsigned long long)length, t->max_body);
        t->skip = (size_t)(length > SIZE_MAX ? SIZE_MAX : length);
        return PX_LSP_READ_TOO_LARGE;
    }
    char *b = px_malloc((size_t)length + 1);
    size_t got = 0;
    while (got < length) {
        if (t->pos == t->end && !fill(t)) {
            free(b);
            snprintf(err, errlen, "end of input in the middle of a message");
            return PX_LSP_READ_EOF;
        }
        size_t k = t->end - t->pos;
        if (k > length - got)
            k = (size_t)length - got;
        memcpy(b + got, t->buf + t->pos, k);
        t->pos += k;
        got += k;
    }
    b[got] = '\0';
    *body = b;
    *len = got;
    return PX_LSP_READ_OK;
}

static bool write_all(PxLspTransport *t, const char *p, size_t n)
{
    while (n && !t->out_closed) {
        ssize_t w = write(t->out, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            t->out_closed = true; /* EPIPE: the client is gone */
            break;
        }
        p += w;
        n -= (size_t)w;
    }
    return !t->out_closed;
}

bool px_lsp_transport_write(PxLspTransport *t, const json_t *message)
{
    char *body = json_dumps(message, JSON_COMPACT);
    if (!body)
        return !t->out_closed;
    size_t n = strlen(body);
    char header[64];
    int h = snprintf(header, sizeof header, "Content-Length: %zu\r\n\r\n", n);
    bool ok = write_all(t, header, (size_t)h) && write_all(t, body, n);
    free(body);
    return ok;
}
