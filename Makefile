# The commands a newcomer uses. Each installs the Debian packages it needs first.
#   make run    build and run what cvd can do today (see README)
#   make test   ASan+UBSan build, every test suite, format and source checks
#   make bench  release build, benchmarks side by side with the peer tools
#   make fuzz   libFuzzer targets, FUZZ_SECONDS each (default 60)

FUZZ_SECONDS ?= 60
SOURCES = $(shell git ls-files '*.c' '*.h' 2>/dev/null)

.PHONY: all build run test check-format format checksrc bench fuzz clean

all: build

build:
	@tools/install-deps build
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev
	@ln -sf build/dev/compile_commands.json compile_commands.json

run:
	@tools/install-deps build
	@cmake --preset release >/dev/null
	@cmake --build --preset release
	@tools/demo build/release/src/cli/cvd

# Tests run in the clang ASan+UBSan build (clang's UBSan also catches NULL + 0 and the like);
# the gcc dev build is compiled too, so both compilers' warnings stay errors.
test:
	@tools/install-deps build test
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan
	@$(MAKE) --no-print-directory check-format checksrc
	@ctest --preset asan

check-format:
	@clang-format --dry-run -Werror $(SOURCES) && echo "format: ok"

format:
	@clang-format -i $(SOURCES)

checksrc:
	@tools/checksrc && echo "checksrc: ok"

bench:
	@tools/install-deps build bench
	@cmake --preset release >/dev/null
	@cmake --build --preset release
	@CVD_RELEASE_BIN=$(CURDIR)/build/release/src/cli/cvd CVD_BENCH_BIN=$(CURDIR)/build/release/bench bench/run

fuzz:
	@tools/install-deps build fuzz
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tools/run-fuzz build/fuzz/fuzz

clean:
	rm -rf build compile_commands.json
