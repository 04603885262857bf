# gcc_compile: the cheapest whole compile in the guest, in make test: Debian's
# gcc compiles a small C file to an object (cc1, as), links it (collect2,
# ld, crt files, libc.so) and the program it made runs. The fuller gcc test
# (static libraries, libc.a, warnings, errors) is tests/debian/dev/gcc_hello.sh.
set -eu
d=/tmp/gcc_compile
mkdir -p "$d" && cd "$d"
cat > sum.c <<'C'
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
	long sum = 0;
	for (int i = 1; i < argc; i++)
		sum += atol(argv[i]);
	printf("sum of %d numbers: %ld\n", argc - 1, sum);
	return sum == 60 ? 0 : 1;
}
C
gcc -O2 -c sum.c -o sum.o
gcc sum.o -o sum
./sum 10 20 30
echo "status $?"
cd / && rm -r "$d"
echo done
