/* LSP base protocol: messages framed by a Content-Length header over a pair
 * of file descriptors. Reading never allocates more than the configured
 * limit, whatever a header claims. */
#ifndef PX_LSP_TRANSPORT_H
#define PX_LSP_TRANSPORT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum {
    PX_LSP_READ_OK,         /* a body was read */
    PX_LSP_READ_EOF,        /* the input ended (possibly mid-message) */
    PX_LSP_READ_BAD_HEADER, /* a header block without a usable Content-Length:
                               skipped, reading goes on with the next one */
    PX_LSP_READ_TOO_LARGE,  /* Content-Length over the limit: its body is
                               discarded unread by the next reads */
} PxLspReadStatus;

/* Bodies larger than this are refused (a 16 MiB file, JSON-escaped). */
enum { PX_LSP_DEFAULT_MAX_BODY = 64 * 1024 * 1024 };

typedef struct PxLspTransport PxLspTransport;

/* Reads from in_fd and writes to out_fd; owns neither. Never NULL. */
PxLspTransport *px_lsp_transport_create(int in_fd, int out_fd, size_t max_body);
void px_lsp_transport_destroy(PxLspTransport *t);

/* Waits up to timeout_ms (-1: forever) for input. 1 when input (or EOF) is
 * ready or already buffered, 0 on timeout. */
int px_lsp_transport_wait(PxLspTransport *t, int timeout_ms);

/* Reads the next message. On OK, *body (malloc'd, NUL-terminated, the
 * caller frees it) and *len are set. On the other statuses err says what
 * happened. Blocks until a whole message, EOF or an error. */
PxLspReadStatus px_lsp_transport_read(PxLspTransport *t, char **body,
                                      size_t *len, char *err, size_t errlen);

/* Writes one message (compact JSON). False once the output is closed (the
 * client went away). */
bool px_lsp_transport_write(PxLspTransport *t, const json_t *message);

#endif
