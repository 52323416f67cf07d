/* `pxlint lsp`: a Language Server (LSP 3.17) over a pair of file
 * descriptors. Single-threaded: messages are handled in order, analysis
 * runs (on the engine's worker threads) once the pending input is read. */
#ifndef PX_LSP_SERVER_H
#define PX_LSP_SERVER_H

typedef struct {
    /* check's options (scanned by cmd_lsp), applied to every workspace:
     * argv[start..argc), without PATHs. */
    int argc;
    char **argv;
    int start;
    int debounce_ms; /* after a change; < 0: the default (150) */
} PxLspServerOptions;

/* Serves until `exit` or the end of input. Returns the process exit
 * status: 0 after shutdown then exit, 1 otherwise (LSP's rule). */
int px_lsp_serve(int in_fd, int out_fd, const PxLspServerOptions *options);

#endif
