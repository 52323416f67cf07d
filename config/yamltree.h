/* A small YAML document tree for configuration files, read with libyaml's
 * event API: scalars, sequences and mappings with their line and column.
 * Aliases and tags are refused (an alias can expand exponentially: the
 * "billion laughs" bomb), nesting is bounded, duplicate keys are errors. */
#ifndef PX_YAMLTREE_H
#define PX_YAMLTREE_H

#include "arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    PX_YAML_SCALAR,
    PX_YAML_SEQUENCE,
    PX_YAML_MAPPING,
} PxYamlKind;

typedef struct PxYamlNode PxYamlNode;

struct PxYamlNode {
    PxYamlKind kind;
    uint32_t line, column; /* 1-based, column in code points */
    /* Scalars: the text (NUL-terminated, may not contain NUL) and whether
     * it was written without quotes (only plain scalars are booleans,
     * numbers or null). */
    const char *text;
    bool plain;
    /* Sequences: items. Mappings: keys[i] -> items[i]; keys are scalars. */
    PxYamlNode **items;
    PxYamlNode **keys;
    size_t count;
};

/* Nesting deeper than this is refused: no configuration needs it. */
enum { PX_YAML_MAX_DEPTH = 32 };

typedef struct {
    uint32_t line, column; /* 1-based; 0 if unknown */
    char message[256];
} PxYamlError;

/* Parses one document from text (UTF-8). Returns true and sets *root (NULL
 * for an empty document or an empty file), with every node in arena; or
 * false with the first error. */
bool px_yaml_parse(PxArena *arena, const char *text, size_t len,
                   PxYamlNode **root, PxYamlError *err);

/* A plain scalar that YAML reads as null: "", "~", "null". */
bool px_yaml_is_null(const PxYamlNode *n);
/* "a mapping", "a list", "a string", "a number", "true/false", "null". */
const char *px_yaml_describe(const PxYamlNode *n);

#endif
