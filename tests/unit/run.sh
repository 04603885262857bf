#!/usr/bin/env bash
# run.sh — build and run the host unit tests (cmocka, ASan + UBSan).
#
# Each tests/unit/test_<name>.c is linked with the kernel .c files listed for
# it in MODULES below. string.c and format.c are always linked, because
# tests that call memcpy or snprintf get the kernel's versions (see below).
# host_rename.h is forced into every compilation so the kernel's memcpy,
# snprintf... become k_memcpy, k_snprintf... and do not clash with libc.
# Test fixtures (cpio archives, AArch64 ELF binaries) are made in
# build/unit/data; the checked-in QEMU virt DTB lives in tests/unit/data.
#
# Prints cmocka's output, then "N passed, N failed"; exits non-zero on failure.
set -u
cd "$(dirname "$0")/../.."

OUT=build/unit
DATA=$OUT/data
CC=${CC:-gcc}
CFLAGS="-std=gnu11 -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
	-Wall -Wextra -Werror -Wno-unused-parameter -Ikernel/include -Itests/unit/host_arch -Ikernel/arch/arm64/include
	-include tests/unit/host_rename.h"

# test name -> kernel sources it needs besides string.c and format.c
MODULES="
string:
format:
fdt:kernel/lib/fdt.c
cpio:kernel/lib/cpio.c
elf:kernel/lib/elf.c
chacha20:kernel/lib/chacha20.c
blake2s:kernel/lib/blake2s.c
buddy:kernel/mm/buddy.c
list:
pipe_ring:kernel/fs/pipe_ring.c
poll_table:kernel/fs/poll_table.c
strace:kernel/syscall/strace_out.c kernel/syscall/strace_flags.c kernel/syscall/strace_errno.c kernel/syscall/strace_signal.c kernel/syscall/strace_struct.c kernel/syscall/strace_table.c
cmdline:kernel/lib/cmdline.c
vma_tree:tests/unit/host_kernel.c kernel/mm/vma_tree.c
vm:tests/unit/host_kernel.c kernel/mm/vm.c kernel/mm/vma_tree.c
fd_table:tests/unit/host_kernel.c kernel/fs/file.c
syscall_restart:kernel/proc/syscall_restart.c
lockdep:kernel/core/lockdep.c
timerqueue:kernel/lib/timerqueue.c
bpf_classic:kernel/lib/bpf_classic.c
"

modules_for() {
	echo "$MODULES" | awk -F: -v t="$1" '$1 == t { print $2 }'
}

make_fixtures() {
	mkdir -p "$DATA/tree/dir/sub"
	printf 'hello, initramfs\n' > "$DATA/tree/hello.txt"
	printf '#!/bin/sh\necho hi\n' > "$DATA/tree/dir/init.sh"
	: > "$DATA/tree/dir/sub/empty"
	ln -sf ../hello.txt "$DATA/tree/dir/link"
	(cd "$DATA/tree" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) \
		> "$DATA/tree.cpio" || return 1
	mkdir -p "$DATA/tree2"
	printf 'second\n' > "$DATA/tree2/extra.txt"
	(cd "$DATA/tree2" && echo extra.txt | cpio -o -H newc --quiet) \
		> "$DATA/extra.cpio" || return 1
	cat "$DATA/tree.cpio" "$DATA/extra.cpio" > "$DATA/concat.cpio"

	printf 'int main(void) { return 0; }\n' > "$DATA/tiny.c"
	$CC -static -o "$DATA/host_static" "$DATA/tiny.c" || return 1
	aarch64-linux-gnu-gcc -static -o "$DATA/a64_static" "$DATA/tiny.c" || return 1
	aarch64-linux-gnu-gcc -static-pie -o "$DATA/a64_static_pie" "$DATA/tiny.c" || return 1
	aarch64-linux-gnu-gcc -o "$DATA/a64_dynamic" "$DATA/tiny.c" || return 1
}

mkdir -p "$OUT"
rm -rf "$DATA"
mkdir -p "$DATA"
if ! make_fixtures; then
	echo "run.sh: could not build test fixtures" >&2
	exit 1
fi

# Build every test binary first, two compilers at a time (ASan builds are
# the slow part), each one's failure noted in $OUT/test_NAME.build-failed.
build_one() {
	local name=$1 src=tests/unit/test_$1.c
	rm -f "$OUT/test_$name.build-failed"
	# shellcheck disable=SC2046,SC2086
	$CC $CFLAGS -o "$OUT/test_$name" "$src" kernel/lib/string.c kernel/lib/format.c $(modules_for "$name") \
		-lcmocka || { echo "run.sh: build of $src failed" >&2; touch "$OUT/test_$name.build-failed"; }
}
running=0
for src in tests/unit/test_*.c; do
	name=$(basename "$src" .c)
	build_one "${name#test_}" &
	running=$((running + 1))
	if [ "$running" -ge 2 ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

passed=0
failed=0
broken=0
for src in tests/unit/test_*.c; do
	name=$(basename "$src" .c)
	name=${name#test_}
	bin=$OUT/test_$name
	if [ -e "$OUT/test_$name.build-failed" ]; then
		broken=$((broken + 1))
		continue
	fi
	log=$OUT/test_$name.log
	UNIT_DATA="$DATA" UNIT_SRC_DATA=tests/unit/data "$bin" > "$log" 2>&1
	rc=$?
	cat "$log"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	# A crash (sanitizer abort) prints no summary: count it as a failure.
	if [ "$rc" -ne 0 ] && [ -z "$f" ]; then
		echo "run.sh: $bin exited with status $rc" >&2
		broken=$((broken + 1))
	fi
done

echo "$passed passed, $((failed + broken)) failed"
[ "$failed" -eq 0 ] && [ "$broken" -eq 0 ]
