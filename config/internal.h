/* Shared by the config/ files: the PxConfig record, compiled patterns and
 * message helpers. Not for use outside config/. */
#ifndef PX_CONFIG_INTERNAL_H
#define PX_CONFIG_INTERNAL_H

#include "arena.h"
#include "config.h"
#include "pathglob.h"
#include "yamltree.h"

typedef struct {
    PxGlob *glob;
    const char *base; /* absolute directory the pattern is relative to */
} PxPattern;

typedef struct {
    PxPattern *items; /* in the config's arena */
    size_t count;
} PxPatterns;

struct PxConfig {
    PxArena *arena;
    const char *cwd;
    PxSettings s;
    PxPatterns include, exclude, extend_exclude;
    PxPattern *per_file; /* one per s.per_file_ignores entry */
};

/* Default settings for a project rooted at `root`. */
PxConfig *px_config_new(const char *cwd, const char *root);

/* Reads the document tree into c; false when there were errors (all of
 * them added to msgs under the name `file`). */
bool px_config_validate(PxConfig *c, const PxYamlNode *root, const char *file,
                        PxConfigMessages *msgs);

void px_config_message_add(PxConfigMessages *m, const char *file, uint32_t line,
                           uint32_t column, bool is_error, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Whether one of the patterns matches the absolute path, or with `parents`
 * (a pattern naming a directory covers what is inside) one of its
 * directories below the pattern's base. */
bool px_patterns_match(const PxPatterns *p, const char *abs, bool is_dir,
                       bool parents);

/* A path pattern list as written plus compiled; arena copies. */
PxConfigString px_config_string(PxConfig *c, const char *value,
                                 PxConfigLoc loc, const char *base);

#endif
