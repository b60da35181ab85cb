# Thin wrapper over CMake. `make` builds into build/; `make demo` runs the
# bundled examples; `make check` runs the whole test suite, normal build and
# sanitizer build, after installing what is missing.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: all deps demo check test test-asan fuzz bench clean

all: $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

$(BUILD)/Makefile:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

deps:
	@scripts/install-deps.sh

demo: deps all
	@for f in examples/*.txt; do echo "== $$f"; $(BUILD)/whosaid extract --format table "$$f"; done
	@echo "== JSONL for examples/press-briefing.txt"
	@$(BUILD)/whosaid extract --format jsonl examples/press-briefing.txt
	@echo "== whosaid.db (the demo database): $(BUILD)/whosaid speakers"
	@$(BUILD)/whosaid index -q examples/*.txt && $(BUILD)/whosaid speakers --format table
	@echo "== To search it in a browser: $(BUILD)/whosaid serve --db whosaid.db, then open http://127.0.0.1:8080/"

test: all
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

$(ASAN_BUILD)/Makefile:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DWS_SANITIZE=ON

test-asan: $(ASAN_BUILD)/Makefile
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

check: deps
	$(MAKE) test
	$(MAKE) test-asan

fuzz:
	CC=clang cmake -S . -B build-fuzz -DWS_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build-fuzz -j $(JOBS)

bench: deps all
	bench/run.sh

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
