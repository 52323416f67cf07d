/* `pxlint config --show`: the effective settings as YAML that loads back to
 * the same settings. Strings are quoted unless plainly safe. */
#include "internal.h"

#include <string.h>
#include <strings.h>

static bool plain_safe(const char *s)
{
    static const char *const words[] = {"true", "false", "null", "yes", "no",
                                        "on", "off", "y", "n", "~"};
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
              (*p >= '0' && *p <= '9') || strchr("_.-/", *p)))
            return false;
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcasecmp(s, words[i]) == 0)
            return false;
    return true;
}

static void str(FILE *out, const char *s)
{
    if (plain_safe(s)) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(out, "\\x%02x", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void list(FILE *out, const char *indent, const char *key,
                 const PxConfigList *l)
{
    fprintf(out, "%s%s: [", indent, key);
    for (size_t i = 0; i < l->count; i++) {
        if (i)
            fputs(", ", out);
        str(out, l->items[i].value);
    }
    fputs("]\n", out);
}

static void rules(FILE *out, const PxRuleSet *set)
{
    fputc('[', out);
    bool first = true;
    for (int r = 0; r < PX_RULE_COUNT; r++) {
        if (!px_ruleset_has(set, (PxRuleId)r))
            continue;
        fprintf(out, "%s%s", first ? "" : ", ", px_rule_info((PxRuleId)r)->code);
        first = false;
    }
    fputc(']', out);
}

static const char *yn(bool b) { return b ? "true" : "false"; }

/* `, arguments: ...` when the spawner says where its callback's arguments go */
static void spawner_arguments(FILE *out, const PxSpawnerSpec *sp)
{
    if (sp->arguments == PX_SPAWNER_ARGS_REST)
        fputs(", arguments: rest", out);
    if (sp->arguments != PX_SPAWNER_ARGS_LISTED)
        return;
    fputs(", arguments: {positions: [", out);
    for (uint8_t i = 0; i < sp->npositions; i++)
        fprintf(out, "%s%u", i ? ", " : "", (unsigned)sp->positions[i]);
    fputs("], keywords: [", out);
    for (uint8_t i = 0; i < sp->nkeywords; i++) {
        fputs(i ? ", " : "", out);
        str(out, sp->keywords[i]);
    }
    fputs("]}", out);
}

void px_config_show(const PxConfig *c, FILE *out)
{
    const PxSettings *s = &c->s;
    if (s->file)
        fprintf(out, "# pxlint settings in effect: defaults merged with %s\n",
                s->file);
    else
        fputs("# pxlint settings in effect: defaults (no " PX_CONFIG_FILE
              " used)\n", out);
    fprintf(out, "# Paths and patterns are relative to the project root %s\n\n",
            s->root);

    fputs("# Discovery\n", out);
    list(out, "", "include", &s->include);
    list(out, "", "exclude", &s->exclude);
    list(out, "", "extend-exclude", &s->extend_exclude);
    fprintf(out, "force-exclude: %s\n", yn(s->force_exclude));
    fprintf(out, "respect-gitignore: %s\n", yn(s->respect_gitignore));
    if (s->max_file_size)
        fprintf(out, "max-file-size: %zu  # MiB\n", s->max_file_size >> 20);
    else
        fputs("max-file-size: 16  # MiB\n", out);

    fputs("\n# Rules and reporting\n", out);
    fputs("select: ", out);
    rules(out, &s->rules);
    fputs("  # the rules that report, after select, extend-select and ignore\n",
          out);
    fputs("extend-select: []\nignore: []\n", out);
    if (s->nper_file_ignores == 0) {
        fputs("per-file-ignores: {}\n", out);
    } else {
        fputs("per-file-ignores:\n", out);
        for (size_t i = 0; i < s->nper_file_ignores; i++) {
            fputs("  ", out);
            str(out, s->per_file_ignores[i].glob);
            fputs(": ", out);
            rules(out, &s->per_file_ignores[i].rules);
            fputc('\n', out);
        }
    }
    fputs("severity:\n", out);
    for (int r = 0; r < PX_RULE_COUNT; r++)
        fprintf(out, "  %s: %s%s\n", px_rule_info((PxRuleId)r)->code,
                px_severity_name(s->severity[r]),
                s->severity_set[r] ? "" : "  # default");
    fprintf(out, "report-unused-ignores: %s\n", yn(s->report_unused_ignores));

    fputs("\n# Analysis\n", out);
    list(out, "", "python-path", &s->python_path);
    list(out, "", "site-packages", &s->site_packages);
    fputs("callbacks:\n", out);
    list(out, "  ", "decorators", &s->callback_decorators);
    list(out, "  ", "functions", &s->callback_functions);
    if (s->nspawners == 0) {
        fputs("spawners: []  # in addition to the built-in ones\n", out);
    } else {
        fputs("spawners:  # in addition to the built-in ones\n", out);
        for (size_t i = 0; i < s->nspawners; i++) {
            const PxSpawnerSpec *sp = &s->spawners[i];
            fputs("  - {call: ", out);
            str(out, sp->call);
            if (sp->keyword) {
                fputs(", callback: ", out);
                str(out, sp->keyword);
            } else {
                fprintf(out, ", callback: %d", sp->position);
            }
            spawner_arguments(out, sp);
            fputs("}\n", out);
        }
    }
    fputs("c-extensions:\n", out);
    list(out, "  ", "modules", &s->c_extension_modules);
    fprintf(out, "  detect: %s\n", yn(s->c_extension_detect));
    list(out, "  ", "thread-safe", &s->c_extension_thread_safe);
    list(out, "", "thread-safe-types", &s->thread_safe_types);
    list(out, "", "pure", &s->pure);
    list(out, "", "hidden-state", &s->hidden_state);
    fputs("mode: strict\n", out);
    fputs("whitelist:\n", out);
    if (s->whitelist_output.value) {
        fputs("  output: ", out);
        str(out, s->whitelist_output.value);
        fputc('\n', out);
    } else {
        fputs("  # output: not set\n", out);
    }
    fprintf(out, "  all-functions: %s\n", yn(s->whitelist_all_functions));
}
