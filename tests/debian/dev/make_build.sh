# make_build: Debian's make builds a small project with gcc: variables,
# pattern rules, automatic variables, a generated header, a phony target,
# "up to date" when nothing changed, and a rebuild of only what a newer
# source needs (the other files dated back with touch -d, so no clock race).
set -eu
d=/tmp/make_build
mkdir -p "$d" && cd "$d"
cat > Makefile <<'MK'
CFLAGS = -O2 -Wall
OBJS = main.o util.o
.PHONY: all clean
all: prog
prog: $(OBJS)
	$(CC) $(CFLAGS) -o $@ $^
%.o: %.c version.h
	$(CC) $(CFLAGS) -c $< -o $@
version.h:
	echo '#define VERSION "1.2"' > $@
clean:
	rm -f prog $(OBJS) version.h
MK
cat > main.c <<'C'
#include <stdio.h>
#include "version.h"
int twice(int);
int main(void) { printf("prog %s: %d\n", VERSION, twice(21)); return 0; }
C
cat > util.c <<'C'
#include "version.h"
int twice(int x) { return 2 * x; }
C
make CC=gcc
./prog
make CC=gcc
touch -d '2001-01-01 00:00:00' Makefile main.c version.h main.o util.o prog
make CC=gcc
make --no-print-directory -C "$d" -s clean
ls
make -s -j2
./prog
echo "make exit on a missing target: $(make nothing-here >/dev/null 2>&1; echo $?)"
cd / && rm -r "$d"
echo done
