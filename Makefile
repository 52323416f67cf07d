# pxlint build. `make` builds build/pxlint; `make test` runs every test (also
# under ASan+UBSan); `make run` lints the bundled example. Missing Debian
# packages and the Python grammar are fetched by the first two.

CC      ?= cc
FLAVOR  ?= release
OUT     := build/$(FLAVOR)
GRAMMAR := build/grammar
DEPS_OK := build/.deps-ok

SRC_DIRS := analyzer config rules engine lsp cli
LIB_SRC  := $(filter-out cli/main.c,$(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c)))
LIB_OBJ  := $(LIB_SRC:%.c=$(OUT)/%.o)
MAIN_OBJ := $(OUT)/cli/main.o
# The grammar is third-party generated code: compiled once, without our
# warning flags or sanitizers, shared by every flavor.
GRAMMAR_OBJ := build/grammar-obj/parser.o build/grammar-obj/scanner.o
# The knowledge base YAML is compiled in: tools/embed writes its bytes into a
# generated C file under build/ (shared by every flavor), linked into the lib.
KB_YAML  := $(sort $(wildcard rules/knowledge/*.yaml))
KB_GEN   := build/gen/knowledge_data.c
LIB_OBJ  += $(OUT)/gen/knowledge_data.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(OUT)/tests/%)

WARN   := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CSTD   := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
INC    := $(foreach d,$(SRC_DIRS),-I$(d))
LIBS   := -ltree-sitter -lyaml -ljansson -lcrypto -lpthread -lm

ifeq ($(FLAVOR),release)
  FLAGS := -O2 -g
else ifeq ($(FLAVOR),asan)
  FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
else ifeq ($(FLAVOR),tsan)
  FLAGS := -O1 -g -fsanitize=thread
else
  $(error FLAVOR must be release, asan or tsan)
endif

CFLAGS_ALL := $(CSTD) $(WARN) $(FLAGS) $(INC) -pthread -MMD -MP $(CFLAGS)

.PHONY: all deps grammar test test-unit test-fixtures test-e2e test-flavor test-runtime test-corpus test-order \
        test-tsan test-lsp test-stdlib bless bench run clean help install uninstall

all: build/pxlint

help:
	@echo "make          build build/pxlint"
	@echo "make run      build, then lint the bundled example"
	@echo "make test     build and run every test (release, then ASan+UBSan)"
	@echo "make bless    re-bless fixture expectations after a reviewed change"
	@echo "make bench    benchmark over the Python standard library"
	@echo "make install  install the binary and man page (PREFIX=/usr/local, DESTDIR)"
	@echo "make uninstall  remove them again"
	@echo "make clean    remove build/"

$(DEPS_OK): tools/ensure-deps.sh
	@sh tools/ensure-deps.sh
	@mkdir -p build && touch $@

deps: $(DEPS_OK)

$(GRAMMAR)/src/parser.c: grammar.lock tools/fetch-grammar.sh | $(DEPS_OK)
	@sh tools/fetch-grammar.sh grammar.lock $(GRAMMAR)
	@touch $@

grammar: $(GRAMMAR)/src/parser.c

build/grammar-obj/%.o: $(GRAMMAR)/src/parser.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -g -fPIC -I$(GRAMMAR)/src -c $(GRAMMAR)/src/$*.c -o $@

$(OUT)/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	@$(CC) $(CFLAGS_ALL) -c $< -o $@

build/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -o $@ $<

$(KB_GEN): build/tools/embed $(KB_YAML)
	@mkdir -p $(dir $@)
	build/tools/embed $(KB_YAML) > $@.tmp && mv $@.tmp $@

$(OUT)/gen/knowledge_data.o: $(KB_GEN) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(OUT)/libpxlint.a: $(LIB_OBJ) $(GRAMMAR_OBJ)
	@rm -f $@
	@echo "  AR      $@"
	@ar rcs $@ $^

$(OUT)/pxlint: $(MAIN_OBJ) $(OUT)/libpxlint.a
	$(CC) $(FLAGS) -pthread -o $@ $^ $(LIBS)

build/pxlint: $(OUT)/pxlint
ifeq ($(FLAVOR),release)
	cp $< $@
endif

$(OUT)/tests/%: tests/unit/%.c $(OUT)/libpxlint.a
	@mkdir -p $(dir $@)
	@echo "  CCLD    $@"
	@$(CC) $(CFLAGS_ALL) -o $@ $< $(OUT)/libpxlint.a $(LIBS) -lcmocka

# --- tests -----------------------------------------------------------------

test-unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

test-fixtures: $(OUT)/pxlint
	python3 tests/fixtures.py --pxlint $(OUT)/pxlint

# The scope graph against CPython's own symtable and code objects: a fixed
# subset of the standard library in every test run, all of it on demand.
.PHONY: test-cpython cpython-compare
test-flavor: test-cpython
test-cpython: $(OUT)/pxlint
	python3 tests/cpython/compare_scopes.py --pxlint $(OUT)/pxlint --subset

cpython-compare: build/pxlint
	python3 tests/cpython/compare_scopes.py --pxlint build/pxlint --facts

# The unit test binaries too: the format tests validate a SARIF sample that
# test_formats writes.
test-e2e: $(OUT)/pxlint $(UNIT_BIN)
	PXLINT=$(abspath $(OUT)/pxlint) python3 -m unittest discover -s tests/e2e -t . $(if $(V),-v,)

# Every function of the standard library as a callback, under the flavor's
# sanitizers: no crash, no report (about two minutes with ASan).
test-stdlib: $(OUT)/pxlint
	python3 tests/stdlib_run.py --pxlint $(OUT)/pxlint

# The first sweep in either order over the standard library: the same
# rules and sites for every callback (about 25 seconds, release only).
test-order: $(OUT)/pxlint
	python3 tests/stdlib_order.py --pxlint $(OUT)/pxlint

# The labeled corpus: soundness, precision and family accuracy targets.
test-corpus: $(OUT)/pxlint
	python3 tests/corpus/score.py --pxlint $(OUT)/pxlint

# The Language Server alone (test-e2e runs these too): raw JSON-RPC protocol
# tests, a node client (vscode-languageserver-protocol, installed into
# build/lsp-client from npm) and Neovim's built-in client (Debian's neovim,
# installed when root).
test-lsp: $(OUT)/pxlint
	PXLINT=$(abspath $(OUT)/pxlint) python3 -m unittest tests.e2e.test_lsp_protocol \
	  tests.e2e.test_lsp_client tests.e2e.test_lsp_neovim $(if $(V),-v,)

test-flavor: test-unit test-fixtures test-e2e test-corpus

# Pure Python, run once: the reference runtime and the example; the labeled
# callback corpus, each label confirmed by executing the callback.
test-runtime:
	python3 -m unittest discover -s tests/runtime -t .
	python3 tests/corpus/harness.py

test: $(DEPS_OK)
	$(MAKE) FLAVOR=release test-flavor
	$(MAKE) FLAVOR=release test-order
	$(MAKE) FLAVOR=asan test-flavor
	$(MAKE) FLAVOR=asan test-stdlib
	$(MAKE) test-tsan
	$(MAKE) test-runtime
	@echo "make test: all suites passed"

# The worker pool under ThreadSanitizer, over the fixtures and a slice of the
# standard library with more threads than cores; and the heap prefault, which
# only large runs start.
test-tsan: $(DEPS_OK)
	$(MAKE) FLAVOR=tsan build/tsan/pxlint build/tsan/tests/test_prefault
	sh tests/tsan.sh build/tsan/pxlint build/tsan/tests/test_prefault

bless: build/pxlint
	python3 tests/fixtures.py --pxlint build/pxlint --bless

bench: build/pxlint
	python3 bench/bench.py --pxlint build/pxlint
	python3 bench/lsp_bench.py --pxlint build/pxlint

# --- installation ------------------------------------------------------------

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man

ifeq ($(FLAVOR),release)
install: build/pxlint
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(MANDIR)/man1"
	install -m 755 build/pxlint "$(DESTDIR)$(BINDIR)/pxlint"
	install -m 644 docs/pxlint.1 "$(DESTDIR)$(MANDIR)/man1/pxlint.1"
else
install:
	@echo "make install installs the release build: run it without FLAVOR=$(FLAVOR)" >&2
	@exit 2
endif

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/pxlint" "$(DESTDIR)$(MANDIR)/man1/pxlint.1"

# The bundled example end to end: lint it (its unsafe handlers are meant to
# be reported, so exit status 1 is expected), write its whitelist, then run
# a load through the reference runtime, which runs listed handlers lock-free
# and serializes the rest.
run: build/pxlint
	@echo "== 1. pxlint check examples/instant_search"
	@build/pxlint check examples/instant_search; rc=$$?; \
	  if [ $$rc -gt 1 ]; then exit $$rc; fi
	@echo
	@echo "== 2. pxlint whitelist examples/instant_search -o build/example-whitelist.json"
	@build/pxlint whitelist examples/instant_search -o build/example-whitelist.json \
	  --explain-missing
	@echo
	@echo "== 3. a load through the reference runtime (runtime/)"
	@PYTHONPATH=runtime:examples/instant_search python3 -m instant_search.demo \
	  --whitelist build/example-whitelist.json --root .

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)

# How PX001 compares with CPython's compile() over the standard library.
syntax-compare: build/pxlint
	python3 tests/cpython/compare_syntax.py --pxlint build/pxlint
