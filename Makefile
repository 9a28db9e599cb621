# Paydesk — thin wrapper around CMake/Ninja/CTest.
#   make run    install missing packages, build, start Paydesk on the embedded sandbox
#   make test   install missing packages, build, run every test
#   make soak   the full crash and fault soaks (docs/SOAK.md), printing their figures
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
ARGS ?=

PACKAGES := beancount cmake ninja-build g++ pkg-config ccache git clang-format \
	qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-tools-dev qt6-tools-dev-tools \
	qt6-l10n-tools qt6-translations-l10n libqt6sql6-sqlite qt6-httpserver-dev \
	qt6-websockets-dev qt6-charts-dev qt6-svg-dev qt6-serialport-dev \
	libqrencode-dev libzxing-dev libssl-dev libzip-dev qt6-speech-dev qt6-declarative-dev espeak-ng \
	xvfb xauth fonts-noto-cjk sqlite3 poppler-utils \
	libsqlite3-dev qt6-qpa-plugins dpkg-dev desktop-file-utils appstream groff-base man-db file binutils \
	libx11-dev libxtst-dev postgresql libqt6sql6-psql

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps configure build run test bench fuzz clean package translations format soak

all: build

deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed$$' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing missing packages:" $$missing; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) \
	  $$(command -v ccache >/dev/null && echo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target paydesk
	$(BUILD_DIR)/app/paydesk $(ARGS)

test: build
	cd $(BUILD_DIR) && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j $(JOBS) --timeout 300

bench: build
	@for b in $(BUILD_DIR)/tests/bench/bench_*; do [ -x "$$b" ] && "$$b"; done

soak: configure
	cmake --build $(BUILD_DIR) -j $(JOBS) --target tst_soak_crash tst_soak_faults tst_soak_disk \
	    paydesk paydeskctl
	tests/integration/soak/run_soak.sh $(BUILD_DIR)

fuzz: deps
	tests/fuzz/run.sh $(or $(FUZZ_SECONDS),60)

package: build
	cd $(BUILD_DIR) && cpack -G DEB

clean:
	rm -rf $(BUILD_DIR)

# Refresh the .ts catalogues from the sources (then translate the new zh_CN entries).
translations:
	/usr/lib/qt6/bin/lupdate -silent -locations none -no-obsolete -I . core ui app sandbox \
	  -ts translations/paydesk_zh_CN.ts translations/paydesk_en.ts -source-language en

# Format every tracked C++ file (CI's format_check test fails on an unformatted tree).
format:
	git ls-files '*.h' '*.cpp' | xargs clang-format -i
