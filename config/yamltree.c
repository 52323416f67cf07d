/* libyaml events to a node tree; see yaml.h. The tree is built with an
 * explicit stack of open containers, so no recursion follows the input. */
#include "yamltree.h"

#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct {
    PxYamlNode *node;
    PxYamlNode **items, **keys;
    size_t n, cap, capk;
    PxYamlNode *pending_key; /* mappings: a key waiting for its value */
} Open;

typedef struct {
    PxArena *arena;
    Open stack[PX_YAML_MAX_DEPTH + 1];
    int depth;
    PxYamlNode *root;
    int documents;
    PxYamlError *err;
} Builder;

static bool error_at(PxYamlError *err, yaml_mark_t mark, const char *fmt,
                     const char *arg)
{
    err->line = (uint32_t)mark.line + 1;
    err->column = (uint32_t)mark.column + 1;
    snprintf(err->message, sizeof err->message, fmt, arg);
    return false;
}

static PxYamlNode *new_node(Builder *b, PxYamlKind kind, yaml_mark_t mark)
{
    PxYamlNode *n = px_arena_alloc(b->arena, sizeof(*n));
    n->kind = kind;
    n->line = (uint32_t)mark.line + 1;
    n->column = (uint32_t)mark.column + 1;
    return n;
}

/* Attaches a finished node to the innermost open container (or the root). */
static bool attach(Builder *b, PxYamlNode *n, yaml_mark_t mark)
{
    if (b->depth == 0) {
        b->root = n;
        return true;
    }
    Open *o = &b->stack[b->depth - 1];
    if (o->node->kind == PX_YAML_SEQUENCE) {
        PX_PUSH(o->items, o->n, o->cap, n);
        return true;
    }
    if (!o->pending_key) {
        if (n->kind != PX_YAML_SCALAR)
            return error_at(b->err, mark, "a key must be a plain name, not %s",
                            px_yaml_describe(n));
        for (size_t i = 0; i < o->n; i++) {
            if (strcmp(o->keys[i]->text, n->text) == 0) {
                char msg[200];
                snprintf(msg, sizeof msg, "duplicate key '%.100s' (first "
                         "given at line %u): give each key once",
                         n->text, o->keys[i]->line);
                return error_at(b->err, mark, "%s", msg);
            }
        }
        o->pending_key = n;
        return true;
    }
    px_grow((void **)&o->keys, &o->capk, o->n + 1, sizeof(*o->keys));
    o->keys[o->n] = o->pending_key;
    PX_PUSH(o->items, o->n, o->cap, n);
    o->pending_key = NULL;
    return true;
}

static bool open_container(Builder *b, PxYamlKind kind, yaml_mark_t mark)
{
    if (b->depth >= PX_YAML_MAX_DEPTH)
        return error_at(b->err, mark, "nesting deeper than %s levels: no "
                        "pxlint setting needs it", "32");
    Open *o = &b->stack[b->depth++];
    memset(o, 0, sizeof(*o));
    o->node = new_node(b, kind, mark);
    return true;
}

static bool close_container(Builder *b, yaml_mark_t mark)
{
    Open *o = &b->stack[--b->depth];
    PxYamlNode *n = o->node;
    n->count = o->n;
    if (o->n) {
        n->items = px_arena_alloc(b->arena, o->n * sizeof(*n->items));
        memcpy(n->items, o->items, o->n * sizeof(*n->items));
        if (n->kind == PX_YAML_MAPPING) {
            n->keys = px_arena_alloc(b->arena, o->n * sizeof(*n->keys));
            memcpy(n->keys, o->keys, o->n * sizeof(*n->keys));
        }
    }
    free(o->items);
    free(o->keys);
    return attach(b, n, mark);
}

static bool has_tag(const yaml_char_t *tag)
{
    return tag && strcmp((const char *)tag, "!") != 0;
}

static bool on_event(Builder *b, const yaml_event_t *e)
{
    switch (e->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++b->documents > 1)
            return error_at(b->err, e->start_mark, "a second YAML document "
                            "('---'): .pxlint.yaml holds one mapping%s", "");
        return true;
    case YAML_ALIAS_EVENT:
        return error_at(b->err, e->start_mark,
                        "aliases (*%s) are not supported in .pxlint.yaml: "
                        "write the value out (this also keeps an alias "
                        "'bomb' from expanding without end)",
                        (const char *)e->data.alias.anchor);
    case YAML_SCALAR_EVENT: {
        if (has_tag(e->data.scalar.tag))
            return error_at(b->err, e->start_mark, "YAML tags (%s) are not "
                            "supported in .pxlint.yaml: write the plain value",
                            (const char *)e->data.scalar.tag);
        size_t len = e->data.scalar.length;
        const char *v = (const char *)e->data.scalar.value;
        if (memchr(v, '\0', len))
            return error_at(b->err, e->start_mark, "a NUL character in a "
                            "string%s", "");
        PxYamlNode *n = new_node(b, PX_YAML_SCALAR, e->start_mark);
        n->text = px_arena_strndup(b->arena, v, len);
        n->plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        return attach(b, n, e->start_mark);
    }
    case YAML_SEQUENCE_START_EVENT:
        if (has_tag(e->data.sequence_start.tag))
            return error_at(b->err, e->start_mark, "YAML tags (%s) are not "
                            "supported in .pxlint.yaml",
                            (const char *)e->data.sequence_start.tag);
        return open_container(b, PX_YAML_SEQUENCE, e->start_mark);
    case YAML_MAPPING_START_EVENT:
        if (has_tag(e->data.mapping_start.tag))
            return error_at(b->err, e->start_mark, "YAML tags (%s) are not "
                            "supported in .pxlint.yaml",
                            (const char *)e->data.mapping_start.tag);
        return open_container(b, PX_YAML_MAPPING, e->start_mark);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return close_container(b, e->start_mark);
    default:
        return true;
    }
}

/* Reader errors carry a byte offset only. */
static yaml_mark_t offset_mark(const char *text, size_t len, size_t offset)
{
    yaml_mark_t m = {0, 0, 0};
    for (size_t i = 0; i < offset && i < len; i++) {
        if (text[i] == '\n') {
            m.line++;
            m.column = 0;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            m.column++;
        }
    }
    return m;
}

bool px_yaml_parse(PxArena *arena, const char *text, size_t len,
                   PxYamlNode **root, PxYamlError *err)
{
    memset(err, 0, sizeof(*err));
    Builder b = {.arena = arena, .err = err};
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
        snprintf(err->message, sizeof err->message, "cannot start the YAML "
                 "parser (out of memory)");
        return false;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    bool ok = true;
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&parser, &e)) {
            yaml_mark_t m = parser.problem_mark;
            if (parser.error == YAML_READER_ERROR)
                m = offset_mark(text, len, parser.problem_offset);
            char msg[200];
            snprintf(msg, sizeof msg, "invalid YAML: %s%s%s",
                     parser.problem ? parser.problem : "syntax error",
                     parser.context ? " " : "",
                     parser.context ? parser.context : "");
            error_at(err, m, "%s", msg);
            ok = false;
            break;
        }
        bool done = e.type == YAML_STREAM_END_EVENT;
        ok = on_event(&b, &e);
        yaml_event_delete(&e);
        if (!ok || done)
            break;
    }
    /* On an error, containers still open own their growable arrays. */
    for (int i = 0; i < b.depth; i++) {
        free(b.stack[i].items);
        free(b.stack[i].keys);
    }
    yaml_parser_delete(&parser);
    *root = ok ? b.root : NULL;
    if (ok && *root && px_yaml_is_null(*root))
        *root = NULL;
    return ok;
}

bool px_yaml_is_null(const PxYamlNode *n)
{
    return n->kind == PX_YAML_SCALAR && n->plain &&
           (!*n->text || !strcmp(n->text, "~") || !strcmp(n->text, "null") ||
            !strcmp(n->text, "Null") || !strcmp(n->text, "NULL"));
}

static bool is_bool_text(const char *s)
{
    return !strcmp(s, "true") || !strcmp(s, "false") || !strcmp(s, "True") ||
           !strcmp(s, "False") || !strcmp(s, "TRUE") || !strcmp(s, "FALSE");
}

static bool is_number_text(const char *s)
{
    if (*s == '-' || *s == '+')
        s++;
    if (!*s)
        return false;
    bool dot = false;
    for (; *s; s++) {
        if (*s == '.' && !dot)
            dot = true;
        else if (*s < '0' || *s > '9')
            return false;
    }
    return true;
}

const char *px_yaml_describe(const PxYamlNode *n)
{
    switch (n->kind) {
    case PX_YAML_MAPPING: return "a mapping";
    case PX_YAML_SEQUENCE: return "a list";
    case PX_YAML_SCALAR: break;
    }
    if (!n->plain)
        return "a string";
    if (px_yaml_is_null(n))
        return "nothing (null)";
    if (is_bool_text(n->text))
        return "true/false";
    if (is_number_text(n->text))
        return "a number";
    return "a string";
}
