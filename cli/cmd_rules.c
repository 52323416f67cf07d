/* `pxlint rules` and `pxlint explain CODE`: the rule table and rule docs. */
#include "commands.h"

#include "args.h"
#include "rule.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

int px_cmd_rules(int argc, char **argv, int start)
{
    PxArgs a;
    px_args_init(&a, argc, argv, start);
    bool json = false;
    while (!px_args_done(&a)) {
        if (px_args_flag(&a, "--help", "-h")) {
            puts("Usage: pxlint rules [--format text|json]\n\nLists every rule "
                 "with its code, name, default severity and summary (JSON adds\n"
                 "each rule's Markdown documentation as \"doc\").");
            return PX_EXIT_CLEAN;
        } else if (px_args_option(&a, "--format", NULL)) {
            if (!a.value || (strcmp(a.value, "json") && strcmp(a.value, "text"))) {
                fprintf(stderr, "pxlint: error: --format takes text or json\n");
                return PX_EXIT_ERROR;
            }
            json = strcmp(a.value, "json") == 0;
        } else {
            fprintf(stderr, "pxlint: error: unexpected argument '%s' (usage: "
                            "pxlint rules [--format text|json])\n", argv[a.index]);
            return PX_EXIT_ERROR;
        }
    }
    if (json) {
        json_t *arr = json_array();
        for (int i = 0; i < PX_RULE_COUNT; i++) {
            const PxRuleInfo *r = px_rule_info((PxRuleId)i);
            json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s}",
                                                 "code", r->code, "name", r->name,
                                                 "severity", px_severity_name(r->severity),
                                                 "summary", r->summary, "doc", r->doc));
        }
        json_dumpf(arr, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        putchar('\n');
        json_decref(arr);
        return PX_EXIT_CLEAN;
    }
    for (int i = 0; i < PX_RULE_COUNT; i++) {
        const PxRuleInfo *r = px_rule_info((PxRuleId)i);
        printf("%s  %-28s %-8s %s\n", r->code, r->name,
               px_severity_name(r->severity), r->summary);
    }
    return PX_EXIT_CLEAN;
}

int px_cmd_explain(int argc, char **argv, int start)
{
    if (start >= argc || strcmp(argv[start], "--help") == 0 ||
        strcmp(argv[start], "-h") == 0) {
        FILE *out = start >= argc ? stderr : stdout;
        fputs("Usage: pxlint explain CODE\n\nPrints the documentation of a rule, "
              "given its code (PX101) or name.\n", out);
        return start >= argc ? PX_EXIT_ERROR : PX_EXIT_CLEAN;
    }
    PxRuleId id;
    if (!px_rule_lookup(argv[start], &id)) {
        fprintf(stderr, "pxlint: error: no rule '%s' (see 'pxlint rules')\n",
                argv[start]);
        return PX_EXIT_ERROR;
    }
    fputs(px_rule_info(id)->doc, stdout);
    return PX_EXIT_CLEAN;
}
