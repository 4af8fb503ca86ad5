# The two commands a newcomer needs (README): `make demo` and `make test`.
# A thin layer over the CMake presets; every target installs its Debian packages first.
PRESET ?= release
BUILD_DIR := build/$(PRESET)
JOBS ?= $(shell nproc)

.PHONY: all deps build demo test test-asan test-tsan bench clean format tidy

all: build

deps:
	@bash scripts/deps.sh

build: deps
	cmake --preset $(PRESET)
	cmake --build --preset $(PRESET) -j $(JOBS)

demo: build
	$(BUILD_DIR)/src/sahelwatchd --demo --config config/sahelwatch.yaml

test: build
	ctest --preset $(PRESET) -j 2

test-asan:
	$(MAKE) test PRESET=asan

test-tsan:
	$(MAKE) test PRESET=tsan

bench: build
	bash bench/run.sh $(BUILD_DIR)

format:
	find src tests bench -name '*.cpp' -o -name '*.h' | xargs clang-format -i

tidy: build
	run-clang-tidy -p $(BUILD_DIR) src/ 2>/dev/null || clang-tidy -p $(BUILD_DIR) $$(find src -name '*.cpp')

clean:
	rm -rf build
