# gcc_hello: Debian's gcc (cc1, as and ld from binutils, collect2) compiles
# and links C programs inside the guest, which then run there: a hello world
# (dynamic, through the cc alternative), a program of two objects and a
# static library made with ar, a static one (libc.a), a warning on stderr,
# and a compile error's status.
set -eu
d=/tmp/gcc_hello
mkdir -p "$d" && cd "$d"
cat > hello.c <<'C'
#include <stdio.h>
int main(int argc, char **argv)
{
	printf("hello from a program gcc built, argc %d\n", argc);
	return 7;
}
C
gcc -O2 -Wall hello.c -o hello
./hello one two || echo "hello exited $?"
cc hello.c -o hello-cc && ./hello-cc || echo "hello-cc exited $?"

cat > sq.c <<'C'
long square(long x) { return x * x; }
C
cat > cube.c <<'C'
long square(long x);
long cube(long x) { return square(x) * x; }
C
cat > main.c <<'C'
#include <stdio.h>
#include <stdlib.h>
long cube(long x);
int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		printf("cube(%s) = %ld\n", argv[i], cube(atol(argv[i])));
	return 0;
}
C
gcc -c -O2 sq.c cube.c
ar rcs libpow.a sq.o cube.o
ar t libpow.a
gcc main.c -L. -lpow -o powers
./powers 2 3 12
gcc -static main.c -L. -lpow -o powers-static
./powers-static 5
file_type() { od -An -tx1 -j16 -N2 "$1" | tr -d ' '; }
echo "e_type dynamic $(file_type powers) static $(file_type powers-static)"

printf 'int main(void) { int unused; return 0; }\n' > warn.c
warning=$(gcc -Wall -c warn.c -o warn.o 2>&1)
[[ $warning == *"warning: unused variable"* ]] && echo "gcc warned: unused variable"
printf 'int main(void) { return missing; }\n' > bad.c
if gcc -c bad.c -o bad.o 2>/dev/null; then echo "bad.c compiled"; else echo "bad.c failed: $?"; fi
cd / && rm -r "$d"
echo done
