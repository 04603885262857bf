# LevitateOS — top-level build.
#
#   make run     build everything and boot LevitateOS in QEMU to a BusyBox shell
#   make test    build everything and run every test; ends "N passed, N failed"
#   make ltp   build the Linux Test Project's syscall tests, run them on both kernels
#   make fuzz    a long system-call fuzz soak on LevitateOS (FUZZ_ARGS, docs/testing.md)
#   make bench   LevitateOS vs Linux on the same QEMU: medians and ratios
#   make gdb     boot LevitateOS halted, with a gdb stub on :1234 (see README)
#
# tools/setup installs what is missing the first time (stamp: build/.setup-done).

CROSS   ?= aarch64-linux-gnu-
CC      := $(CROSS)gcc
LD      := $(CROSS)ld
OBJCOPY := $(CROSS)objcopy
NM      := $(CROSS)nm
RUSTC   := /usr/bin/rustc
B       := build
SETUP   := $(B)/.setup-done

KCFLAGS := -std=gnu11 -ffreestanding -fno-common -nostdlib -fno-builtin \
	-mgeneral-regs-only -mno-outline-atomics -mcmodel=small -fno-pic -fno-pie \
	-fno-stack-protector -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	-fno-strict-aliasing -fno-delete-null-pointer-checks \
	-O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter \
	-Ikernel/include -Ikernel/arch/arm64/include -MMD -MP
KASFLAGS := -D__ASSEMBLER__ -Ikernel/include -Ikernel/arch/arm64/include -I$(B)/vdso -MMD -MP -g

# kernel/vdso/src is user-mode code with its own flags (the vDSO rule below).
KSRCS := $(shell find kernel -path kernel/vdso/src -prune -o \( -name '*.c' -o -name '*.S' \) -print | sort)
KOBJS := $(patsubst %,$(B)/obj/%.o,$(KSRCS))

.PHONY: all kernel demo run test test-unit test-abi test-debian test-debootstrap ltp fuzz fuzz-progs test-format bench gdb format clean setup
all: kernel abi bench-progs fuzz-progs

$(SETUP): tools/setup
	tools/setup

setup: $(SETUP)

$(B)/obj/%.c.o: %.c $(SETUP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KCFLAGS) -c $< -o $@

$(B)/obj/%.S.o: %.S $(SETUP)
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(KASFLAGS) -c $< -o $@

# The vDSO: a PIC shared object run at EL0 in every process (docs/vdso.md),
# stripped of debug info and embedded by kernel/vdso/vdso_image.S (.incbin).
# It must have no dynamic relocations: nothing would apply them.
VDSO_SRCS := $(wildcard kernel/vdso/src/*.c kernel/vdso/src/*.S)
VDSO_LDS := kernel/vdso/src/vdso.lds
VDSO_CFLAGS := -std=gnu11 -fPIC -shared -nostdlib -O2 -ffreestanding -fno-stack-protector \
	-mgeneral-regs-only -mno-outline-atomics -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-DVDSO_BUILD -Ikernel/include -Wl,-soname=linux-vdso.so.1 -Wl,--hash-style=both \
	-Wl,-T,$(VDSO_LDS) -Wl,-Bsymbolic -Wl,--no-undefined -Wl,--eh-frame-hdr \
	-Wl,-z,max-page-size=4096 -Wl,--build-id=sha1
$(B)/vdso/vdso.so: $(VDSO_SRCS) $(VDSO_LDS) kernel/include/vdso.h kernel/include/vvar.h kernel/include/types.h kernel/include/uapi/time.h \
		kernel/include/uapi/unistd.h $(SETUP)
	@mkdir -p $(dir $@)
	@echo "  VDSO    $@"
	@$(CC) $(VDSO_CFLAGS) $(VDSO_SRCS) -o $@.dbg
	@$(CROSS)readelf -r $@.dbg | grep -q 'no relocations' || { echo "vdso: dynamic relocations" >&2; exit 1; }
	@$(OBJCOPY) -S $@.dbg $@
$(B)/vdso/offsets.h: $(B)/vdso/vdso.so
	@$(NM) $(B)/vdso/vdso.so.dbg | awk '$$3 == "__kernel_rt_sigreturn" { print "#define VDSO_SIGRETURN_OFFSET 0x" $$1 }' > $@
	@grep -q VDSO_SIGRETURN_OFFSET $@ || { echo "vdso: no __kernel_rt_sigreturn" >&2; exit 1; }
$(B)/obj/kernel/vdso/vdso_image.S.o: $(B)/vdso/vdso.so $(B)/vdso/offsets.h

# Two-pass link for the backtrace symbol table: pass 1 links with an empty
# table, tools/gen-ksyms writes the text symbols of pass 1 into a C file,
# pass 2 links it in. The table lives after .text, so text addresses match.
KLD := kernel/arch/arm64/kernel.ld
$(B)/levitate.elf: $(KOBJS) $(KLD) tools/gen-ksyms
	@echo "  LD      $@"
	@$(CC) $(KCFLAGS) -c tools/ksyms-empty.c -o $(B)/ksyms0.o
	@$(LD) -nostdlib -T $(KLD) -o $(B)/levitate.pass1 $(KOBJS) $(B)/ksyms0.o
	@$(NM) -n $(B)/levitate.pass1 | tools/gen-ksyms > $(B)/ksyms.c
	@$(CC) $(KCFLAGS) -c $(B)/ksyms.c -o $(B)/ksyms.o
	@$(LD) -nostdlib -T $(KLD) -o $@ $(KOBJS) $(B)/ksyms.o
	@$(NM) -n $(B)/levitate.pass1 | grep ' [tT] ' > $(B)/syms1
	@$(NM) -n $@ | grep ' [tT] ' > $(B)/syms2
	@cmp -s $(B)/syms1 $(B)/syms2 || { echo "ksyms: text moved between passes" >&2; exit 1; }

$(B)/levitate.bin: $(B)/levitate.elf
	@$(OBJCOPY) -O binary $< $@

kernel: $(B)/levitate.bin

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)

# ---- user programs: ABI tests and benchmarks ---------------------------------
ABI_C   := $(wildcard tests/abi/*.c)
ABI_RS  := $(wildcard tests/abi/*.rs)
# Tests built for glibc only: the kernel sees the same calls from either C
# library, and the musl build would double a long run (exhaust_threads_10000:
# 10,000 threads, a minute of Linux's time under QEMU; adjtimex_steers_clock:
# eight seconds of busy waiting on each kernel; musl's vDSO clock reads are
# vdso_clock's and clock_*'s).
ABI_GLIBC_ONLY := exhaust_threads_10000 adjtimex_steers_clock
ABI_BIN := $(patsubst tests/abi/%.c,$(B)/abi/glibc/%,$(ABI_C)) \
	   $(patsubst tests/abi/%.c,$(B)/abi/musl/%,$(filter-out $(ABI_GLIBC_ONLY:%=tests/abi/%.c),$(ABI_C))) \
	   $(patsubst tests/abi/%.rs,$(B)/abi/rust/%,$(ABI_RS))
UCFLAGS := -static -pthread -O2 -Wall -Wextra -Werror -Wno-unused-parameter
# The static ABI tests link with gold (binutils' ld.gold): a static glibc program
# links in half ld.bfd's CPU time, about 45 s of CPU over the build's 1,000
# programs. The static-pie, dynamic and other programs keep ld.bfd.
ABI_LD  := -fuse-ld=gold
MUSL    := -specs /usr/lib/aarch64-linux-musl/musl-gcc.specs
RUSTFLAGS := --edition 2021 --target aarch64-unknown-linux-gnu -C target-feature=+crt-static \
	-C linker=$(CC) -O -C debuginfo=0 -C strip=debuginfo

# Header dependencies: each compile writes the headers its program includes to
# $(B)/abi-deps/<flavour>/<name>.d (gcc -MMD), so a change to one test-local
# header rebuilds only the programs that include it. A program built before it
# had a .d file depends on every header, as all did before.
ABI_H := $(wildcard tests/abi/*.h)
ABI_DEP = $(B)/abi-deps/$(patsubst $(B)/abi/%,%,$@).d
ABI_HDEPS = $$(if $$(wildcard $$(ABI_DEP)),,$(ABI_H))
ABI_MD = -MMD -MP -MT $@ -MF $(ABI_DEP)
.SECONDEXPANSION:
-include $(shell find $(B)/abi-deps -name '*.d' 2>/dev/null)

$(B)/abi/glibc/%: tests/abi/%.c $(ABI_HDEPS) $(SETUP)
	@mkdir -p $(dir $@) $(dir $(ABI_DEP))
	@$(CC) $(UCFLAGS) $(ABI_LD) $(ABI_MD) $< -o $@
$(B)/abi/musl/%: tests/abi/%.c $(ABI_HDEPS) $(SETUP)
	@mkdir -p $(dir $@) $(dir $(ABI_DEP))
	@$(CC) $(MUSL) $(UCFLAGS) $(ABI_LD) $(ABI_MD) $< -o $@
# A subset also as static-pie (ET_DYN, loaded at Linux's ELF_ET_DYN_BASE).
ABI_PIE := hello argv_basic envp_exact auxv_keys stack_alignment tls_basic malloc_large \
	   mmap_anon_basic proc_self_exe vdso_clock exit_code_3
ABI_BIN += $(patsubst %,$(B)/abi/glibc-pie/%,$(ABI_PIE))
$(B)/abi/glibc-pie/%: tests/abi/%.c $(ABI_HDEPS) $(SETUP)
	@mkdir -p $(dir $@) $(dir $(ABI_DEP))
	@$(CC) $(UCFLAGS:-static=-static-pie) $(ABI_MD) $< -o $@
# Dynamically linked flavours (docs/exec.md): a subset of tests/abi, and the
# programs of tests/abi/dyn/ that only make sense with shared libraries
# (dlopen, TLS in a library, C++). They link against the shared libraries
# built from tests/abi/dynlib/*.c, and may dlopen those built from
# tests/abi/dynplugin/*.c (both as build/abi-lib/FLAVOUR/libNAME.so, found in
# the guest through the rpath /t/lib/FLAVOUR); run_abi.py packs those, the
# loader and the system libraries from the host's arm64 multiarch directories.
ABI_DYN := hello argv_basic envp_exact stack_alignment tls_basic malloc_large mmap_anon_basic \
	   proc_self_exe vdso_clock exit_code_3 pthread_basic signal_handler fork_wait execve_basic \
	   static_ctor atexit_order printf_buffering
DYN_C   := $(wildcard tests/abi/dyn/*.c)
DYN_CXX := $(wildcard tests/abi/dyn/*.cc)
DYNLIB_C := $(wildcard tests/abi/dynlib/*.c)
DYNPLUGIN_C := $(wildcard tests/abi/dynplugin/*.c)
DYNLIB_GLIBC := $(patsubst tests/abi/%.c,$(B)/abi-lib/glibc-dyn/%.so,$(DYNLIB_C) $(DYNPLUGIN_C))
DYNLIB_MUSL := $(patsubst tests/abi/%.c,$(B)/abi-lib/musl-dyn/%.so,$(DYNLIB_C) $(DYNPLUGIN_C))
DYN_LIBS := $(patsubst tests/abi/dynlib/lib%.c,-l%,$(DYNLIB_C))
DYNFLAGS := $(filter-out -static,$(UCFLAGS)) -Wl,--no-as-needed
ABI_BIN += $(patsubst %,$(B)/abi/glibc-dyn/%,$(ABI_DYN)) $(patsubst %,$(B)/abi/musl-dyn/%,$(ABI_DYN)) \
	   $(patsubst tests/abi/dyn/%.c,$(B)/abi/glibc-dyn/%,$(DYN_C)) \
	   $(patsubst tests/abi/dyn/%.c,$(B)/abi/musl-dyn/%,$(DYN_C)) \
	   $(patsubst tests/abi/dyn/%.cc,$(B)/abi/glibc-dyn/%,$(DYN_CXX)) $(DYNLIB_GLIBC) $(DYNLIB_MUSL)
DYNLIB_RULE = @mkdir -p $(dir $@) && $(CC) $(1) $(DYNFLAGS) -fPIC -shared -Wl,-soname,$(notdir $@) $< -o $@
$(B)/abi-lib/glibc-dyn/dynlib/%.so: tests/abi/dynlib/%.c $(SETUP)
	$(call DYNLIB_RULE,)
$(B)/abi-lib/glibc-dyn/dynplugin/%.so: tests/abi/dynplugin/%.c $(SETUP)
	$(call DYNLIB_RULE,)
$(B)/abi-lib/musl-dyn/dynlib/%.so: tests/abi/dynlib/%.c $(SETUP)
	$(call DYNLIB_RULE,$(MUSL))
$(B)/abi-lib/musl-dyn/dynplugin/%.so: tests/abi/dynplugin/%.c $(SETUP)
	$(call DYNLIB_RULE,$(MUSL))
$(B)/abi/glibc-dyn/%: tests/abi/%.c $(ABI_HDEPS) $(SETUP)
	@mkdir -p $(dir $@) $(dir $(ABI_DEP))
	@$(CC) $(DYNFLAGS) $(ABI_MD) $< -o $@
$(B)/abi/musl-dyn/%: tests/abi/%.c $(ABI_HDEPS) $(SETUP)
	@mkdir -p $(dir $@) $(dir $(ABI_DEP))
	@$(CC) $(MUSL) $(DYNFLAGS) $(ABI_MD) $< -o $@
$(B)/abi/glibc-dyn/%: tests/abi/dyn/%.c $(ABI_HDEPS) $(DYNLIB_GLIBC) $(SETUP)
	@mkdir -p $(dir $@) $(dir $(ABI_DEP))
	@$(CC) $(DYNFLAGS) -Itests/abi $(ABI_MD) $< -o $@ -L$(B)/abi-lib/glibc-dyn/dynlib $(DYN_LIBS) -ldl \
		-Wl,-rpath,/t/lib/glibc-dyn
$(B)/abi/musl-dyn/%: tests/abi/dyn/%.c $(ABI_HDEPS) $(DYNLIB_MUSL) $(SETUP)
	@mkdir -p $(dir $@) $(dir $(ABI_DEP))
	@$(CC) $(MUSL) $(DYNFLAGS) -Itests/abi $(ABI_MD) $< -o $@ -L$(B)/abi-lib/musl-dyn/dynlib $(DYN_LIBS) \
		-Wl,-rpath,/t/lib/musl-dyn
$(B)/abi/glibc-dyn/%: tests/abi/dyn/%.cc $(DYNLIB_GLIBC) $(SETUP)
	@mkdir -p $(dir $@)
	@$(CROSS)g++ $(filter-out -pthread,$(DYNFLAGS)) -pthread $< -o $@ -L$(B)/abi-lib/glibc-dyn/dynlib $(DYN_LIBS) \
		-Wl,-rpath,/t/lib/glibc-dyn
# Rust's default: std linked dynamically against glibc (libc.so.6, libgcc_s.so.1).
ABI_RUST_DYN := hello threads fs_std hashmap process_command
ABI_BIN += $(patsubst %,$(B)/abi/rust-dyn/%,$(ABI_RUST_DYN))
$(B)/abi/rust-dyn/%: tests/abi/%.rs $(SETUP)
	@mkdir -p $(dir $@)
	@$(RUSTC) $(subst -C target-feature=+crt-static,,$(RUSTFLAGS)) $< -o $@
$(B)/abi/rust/%: tests/abi/%.rs $(wildcard tests/abi/rust_common/*.rs) $(SETUP)
	@mkdir -p $(dir $@)
	@$(RUSTC) $(RUSTFLAGS) $< -o $@
# The tokio test (tests/abi/tokio_echo/, a cargo package): Debian's cargo builds it
# offline for aarch64 against Debian's librust-tokio-dev, the registry Debian keeps
# in /usr/share/cargo/registry (tools/setup installs cargo and the crates).
TOKIO_SRC := tests/abi/tokio_echo/Cargo.toml tests/abi/tokio_echo/Cargo.lock $(wildcard tests/abi/tokio_echo/src/*.rs)
ABI_BIN += $(B)/abi/rust/tokio_echo
$(B)/abi/rust/tokio_echo: $(TOKIO_SRC) $(SETUP)
	@mkdir -p $(B)/cargo-home $(dir $@)
	@printf '[source.crates-io]\nreplace-with = "debian"\n[source.debian]\ndirectory = "/usr/share/cargo/registry"\n[net]\noffline = true\n' \
		> $(B)/cargo-home/config.toml
	@CARGO_HOME=$(CURDIR)/$(B)/cargo-home RUSTC=$(RUSTC) CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=$(CC) \
		RUSTFLAGS="-C target-feature=+crt-static" /usr/bin/cargo build -q --release --offline \
		--target aarch64-unknown-linux-gnu --manifest-path tests/abi/tokio_echo/Cargo.toml \
		--target-dir $(B)/cargo-target
	@cp $(B)/cargo-target/aarch64-unknown-linux-gnu/release/tokio_echo $@

LVRUN_C   := $(wildcard tests/lvrun/*.c)
LVRUN_BIN := $(patsubst tests/lvrun/%.c,$(B)/lvrun/glibc/%,$(LVRUN_C)) \
	     $(patsubst tests/lvrun/%.c,$(B)/lvrun/musl/%,$(LVRUN_C)) \
	     $(patsubst tests/lvrun/%.rs,$(B)/lvrun/rust/%,$(wildcard tests/lvrun/*.rs))
$(B)/lvrun/glibc/%: tests/lvrun/%.c $(SETUP)
	@mkdir -p $(dir $@)
	@$(CC) $(UCFLAGS) $< -o $@
$(B)/lvrun/musl/%: tests/lvrun/%.c $(SETUP)
	@mkdir -p $(dir $@)
	@$(CC) $(MUSL) $(UCFLAGS) $< -o $@

$(B)/lvrun/rust/%: tests/lvrun/%.rs $(SETUP)
	@mkdir -p $(dir $@)
	@$(RUSTC) $(RUSTFLAGS) $< -o $@

# The tokio test first: its cargo build is the longest step of the build, so
# make -j starts it before the hundreds of short compiles rather than after.
abi: $(B)/abi/rust/tokio_echo $(ABI_BIN) $(LVRUN_BIN)

# The system-call fuzzer (tests/fuzz/, docs/testing.md): static glibc.
$(B)/fuzz/sysfuzz: tests/fuzz/sysfuzz.c tests/fuzz/sysfuzz_table.h $(SETUP)
	@mkdir -p $(dir $@)
	@$(CC) $(UCFLAGS) $< -o $@
fuzz-progs: $(B)/fuzz/sysfuzz

BENCH_BIN := $(patsubst bench/src/%.c,$(B)/bench/%,$(wildcard bench/src/*.c))
$(B)/bench/%: bench/src/%.c $(wildcard bench/src/*.h) $(SETUP)
	@mkdir -p $(dir $@)
	@$(CC) $(UCFLAGS) $< -o $@
# Programs the benchmarks execute (run.py packs build/bench/data/ as /b/data/):
# a static hello, binaries of about 1 MiB and 32 MiB (a glibc static
# binary is ~690 KiB; the rest is an initialised array), and Debian's BusyBox.
# exec_hello_dyn is the hello linked dynamically against glibc, with its
# loader and libc beside it in /b/data/ (interpreter path and rpath there).
BENCH_DATA := $(B)/bench/data/exec_hello $(B)/bench/data/exec_1m $(B)/bench/data/exec_32m \
	      $(B)/bench/data/exec_hello_dyn $(B)/bench/data/ld-linux-aarch64.so.1 $(B)/bench/data/libc.so.6 \
	      $(B)/bench/data/busybox
$(B)/bench/data/exec_hello: BLOB :=
$(B)/bench/data/exec_1m: BLOB := -DBLOB_KIB=336
$(B)/bench/data/exec_32m: BLOB := -DBLOB_KIB=32080
$(B)/bench/data/exec_hello_dyn: bench/targets/exec_target.c $(SETUP)
	@mkdir -p $(dir $@)
	@$(CC) $(filter-out -static,$(UCFLAGS)) -Wl,--dynamic-linker=/b/data/ld-linux-aarch64.so.1 \
		-Wl,-rpath,/b/data $< -o $@

# The cross libraries are installed by tools/setup: on a fresh machine make
# must run it before it can find them (also under -j).
/usr/aarch64-linux-gnu/lib/%: | $(SETUP)
	@test -e $@

$(B)/bench/data/ld-linux-aarch64.so.1 $(B)/bench/data/libc.so.6: $(B)/bench/data/%: /usr/aarch64-linux-gnu/lib/% $(SETUP)
	@mkdir -p $(dir $@)
	@cp $< $@
$(B)/bench/data/busybox: $(SETUP)
	@mkdir -p $(dir $@)
	@cp $(B)/ext/busybox/bin/busybox $@
$(B)/bench/data/%: bench/targets/exec_target.c $(SETUP)
	@mkdir -p $(dir $@)
	@$(CC) $(UCFLAGS) $(BLOB) $< -o $@
# The Debian rows (bench/debian/, issue #17): run by bench/run.py in a boot of
# their own with a tools/mkrootfs tree of python3, gcc and git as the root.
BENCH_DEBIAN := $(patsubst bench/debian/%.c,$(B)/bench-debian/%,$(wildcard bench/debian/*.c))
$(B)/bench-debian/%: bench/debian/%.c bench/src/bench.h $(SETUP)
	@mkdir -p $(dir $@)
	@$(CC) $(UCFLAGS) $< -o $@
bench-progs: $(BENCH_BIN) $(BENCH_DATA) $(BENCH_DEBIAN)

# ---- the demo -----------------------------------------------------------------
DEMO := $(B)/demo/hello-glibc $(B)/demo/hello-musl $(B)/demo/hello-rust $(B)/demo/script
$(B)/demo/hello-glibc: tools/demo/hello.c $(SETUP)
	@mkdir -p $(dir $@); $(CC) $(UCFLAGS) $< -o $@
$(B)/demo/hello-musl: tools/demo/hello.c $(SETUP)
	@mkdir -p $(dir $@); $(CC) $(MUSL) $(UCFLAGS) $< -o $@
$(B)/demo/hello-rust: tools/demo/hello.rs $(SETUP)
	@mkdir -p $(dir $@); $(RUSTC) $(RUSTFLAGS) $< -o $@
# script(1) for pty sessions (Debian's static BusyBox has no script applet)
$(B)/demo/script: tools/demo/script.c $(SETUP)
	@mkdir -p $(dir $@); $(CC) $(MUSL) $(UCFLAGS) $< -o $@

# make run's PID 1 (tools/init/init.c), installed as /sbin/init by tools/mkroot
ROOT_INIT := $(B)/init/init
$(ROOT_INIT): tools/init/init.c $(SETUP)
	@mkdir -p $(dir $@); $(CC) $(MUSL) $(UCFLAGS) $< -o $@

demo: $(DEMO) $(ROOT_INIT)

# `make run EXTRA="prog other/file"` adds files to /usr/bin of the root tree;
# `make run ROOTFS=DIR` boots a tree tools/mkrootfs made (its /bin/sh on the
# console, BusyBox init added in the initramfs; RUN_MEM, default 2G there).
run: kernel $(DEMO) $(ROOT_INIT)
ifeq ($(ROOTFS),)
	@tools/mkroot $(EXTRA)
	@tools/run-shell
else
	@tools/run-shell --root $(ROOTFS) --mem $(or $(RUN_MEM),2G)
endif

gdb: kernel $(DEMO) $(ROOT_INIT)
	@tools/mkroot $(EXTRA)
	@tools/run-shell --gdb

# ---- tests --------------------------------------------------------------------
test: $(SETUP)
	@tools/test-all

test-unit: $(SETUP)
	@tests/unit/run.sh

test-abi: kernel abi
	@python3 tests/harness/run_abi.py $(B)/abi

# Debian programs from tools/mkrootfs trees (docs/exec.md): bash, coreutils, python3,
# perl (make test runs this "base" suite), and the "dev" suite: gcc, make, git
test-debian: kernel
	@python3 tests/harness/test_debian.py --suite all

# debootstrap --foreign --variant=minbase on the host (cached under build/rootfs/debootstrap/),
# its second stage in the guest on both kernels, the results compared (docs/exec.md).
# DEBOOTSTRAP_ARGS passes options, e.g. make test-debootstrap DEBOOTSTRAP_ARGS='--suite trixie'.
test-debootstrap: kernel $(SETUP)
	@python3 tests/harness/test_debootstrap.py $(DEBOOTSTRAP_ARGS)

# The Linux Test Project (docs/ltp.md): tools/ltp-build builds it under
# build/ltp/ (cached by the tarball's hash and the flags), then every
# eligible runtest/syscalls entry runs on both kernels; build/ltp/report.md.
# LTP_ARGS passes options, e.g. make ltp LTP_ARGS='--group memory,signals'.
ltp: kernel $(SETUP)
	@python3 tests/harness/ltp.py $(LTP_ARGS)

# A long soak: FUZZ_ARGS passes options, e.g. make fuzz FUZZ_ARGS='--seeds 7,8 --calls 1000000'.
fuzz: kernel fuzz-progs
	@python3 tests/harness/fuzz.py $(FUZZ_ARGS)

bench: kernel bench-progs $(ROOT_INIT)
	@python3 bench/run.py

format:
	@clang-format -i $$(git ls-files --cached --others --exclude-standard 'kernel/*.c' 'kernel/*.h' 'tests/*.c' 'tests/*.h' 'tools/*.c' 'bench/*.c')

clean:
	rm -rf $(B)/obj $(B)/abi $(B)/fuzz $(B)/bench $(B)/demo $(B)/init $(B)/vdso $(B)/root $(B)/run $(B)/levitate.*
