# shell_long.sh — a long BusyBox shell script (over 1,000 lines) using what real
# scripts use: functions with local variables and return codes, traps (EXIT,
# ERR-like checks, signals to the shell itself), here-documents (quoted and
# not), arithmetic expansion, loops over globs, set -e in subshells,
# command substitution (nested), redirections to and from files, case,
# while-read loops, string operations of ${...}. The second half is tables
# of cases the functions of the first half check, one case per line.
set -u
W=/tmp/shell_long
rm -rf $W && mkdir -p $W && cd $W

fail_count=0
pass_count=0

# ---- helpers ---------------------------------------------------------------

say() {
	printf '%s\n' "$*"
}

ok() {
	pass_count=$((pass_count + 1))
}

bad() {
	fail_count=$((fail_count + 1))
	say "MISMATCH: $*"
}

# check_eq LABEL GOT WANT
check_eq() {
	if [ "$2" = "$3" ]; then ok; else bad "$1: got '$2' want '$3'"; fi
}

# check_arith EXPR WANT: $((EXPR)) must give WANT
check_arith() {
	local got
	got=$(($1))
	check_eq "arith $1" "$got" "$2"
}

# check_status WANT CMD...: CMD's exit status must be WANT
check_status() {
	local want=$1 st
	shift
	"$@" > /dev/null 2>&1 && st=0 || st=$?
	check_eq "status of $*" "$st" "$want"
}

# check_str OP ARG WANT: string operations through a small dispatcher
check_str() {
	local op=$1 arg=$2 want=$3 got
	case $op in
	upper) got=$(printf '%s' "$arg" | tr a-z A-Z) ;;
	lower) got=$(printf '%s' "$arg" | tr A-Z a-z) ;;
	double) got=$arg$arg ;;
	has_dot) case $arg in *.*) got=yes ;; *) got=no ;; esac ;;
	len) got=${#arg} ;;
	rev) got=$(printf '%s\n' "$arg" | rev) ;;
	strip_suffix) got=${arg%.*} ;;
	strip_all_suffix) got=${arg%%.*} ;;
	strip_prefix) got=${arg#*/} ;;
	strip_all_prefix) got=${arg##*/} ;;
	first) got=${arg%"${arg#?}"} ;;
	words) set -- $arg; got=$# ;;
	*) got="unknown op $op" ;;
	esac
	check_eq "$op '$arg'" "$got" "$want"
}

# ---- functions with locals and return codes --------------------------------

fact() {
	local n=$1
	if [ "$n" -le 1 ]; then
		echo 1
		return 0
	fi
	echo $((n * $(fact $((n - 1)))))
}

# fib N: the N-th Fibonacci number in REPLY (no subshell: fast)
fib() {
	local a=0 b=1 i=0 t
	while [ $i -lt "$1" ]; do
		t=$((a + b))
		a=$b
		b=$t
		i=$((i + 1))
	done
	REPLY=$a
}

# fact_iter N: N! in REPLY
fact_iter() {
	local n=$1 r=1
	while [ "$n" -gt 1 ]; do
		r=$((r * n))
		n=$((n - 1))
	done
	REPLY=$r
}

gcd() {
	local a=$1 b=$2 t
	while [ "$b" -ne 0 ]; do
		t=$((a % b))
		a=$b
		b=$t
	done
	REPLY=$a
}

is_prime() {
	local n=$1 d=2
	[ "$n" -lt 2 ] && return 1
	while [ $((d * d)) -le "$n" ]; do
		[ $((n % d)) -eq 0 ] && return 1
		d=$((d + 1))
	done
	return 0
}

check_fact() {
	fact_iter $1
	check_eq "fact $1" "$REPLY" "$2"
	# the recursive one (a subshell per level) for the small ones
	[ "$1" -le 6 ] && check_eq "fact $1 recursive" "$(fact $1)" "$2"
	return 0
}

check_fib() {
	fib $1
	check_eq "fib $1" "$REPLY" "$2"
}

check_gcd() {
	gcd $1 $2
	check_eq "gcd $1 $2" "$REPLY" "$3"
}

check_prime() {
	local got
	if is_prime "$1"; then got=yes; else got=no; fi
	check_eq "prime $1" "$got" "$2"
}

counter=0
bump() {
	counter=$((counter + ${1:-1}))
}

scope_test() {
	local counter=100
	bump 5
	echo "inside: $counter"
}

say "== functions"
scope_test
say "outside: $counter"
say "fact 10 = $(fact 10)"
fib 20
say "fib 20 = $REPLY"

# ---- here-documents --------------------------------------------------------

say "== here-documents"
name=world
cat <<EOT
hello $name
sum $((2 + 3))
cmd $(echo substituted)
EOT
cat <<'EOT'
literal $name $((1 + 1)) $(echo no)
EOT
cat <<-EOT
	tabs stripped for $name
	second line
	EOT
tr a-z A-Z <<EOT > heredoc.out
to a file
EOT
cat heredoc.out
while read -r key value; do
	say "key=$key value=$value"
done <<EOT
alpha 1
beta two words
gamma
EOT

# ---- redirections ----------------------------------------------------------

say "== redirections"
echo first > r.txt
echo second >> r.txt
{ echo third; echo fourth; } >> r.txt
wc -l < r.txt
exec 3< r.txt
read -r l1 <&3
read -r l2 <&3
exec 3<&-
say "read from fd 3: $l1, $l2"
exec 4> fd4.txt
echo "via fd 4" >&4
exec 4>&-
cat fd4.txt
ls /nonexistent-dir 2> err.txt; say "ls status $?"
[ -s err.txt ] && say "stderr went to the file"
echo both > both.txt 2>&1
cat both.txt
: > empty.txt
say "empty size $(wc -c < empty.txt)"
say "$(cat r.txt | sed -n 2p)"

# ---- loops over globs ------------------------------------------------------

say "== globs"
mkdir -p g/sub
for f in a.txt b.txt c.log d.txt; do echo "$f" > g/$f; done
touch g/sub/e.txt
for f in g/*.txt; do say "txt: $f"; done
for f in g/*.log; do say "log: $f"; done
for f in g/*.none; do say "no match stays: $f"; done
n=0
for f in g/* g/sub/*; do n=$((n + 1)); done
say "entries: $n"
for f in g/?.txt; do say "one char: ${f##*/}"; done
for f in g/[ab].*; do say "class: ${f##*/}"; done
set -- g/*.txt
say "positional from glob: $#"

# ---- set -e in subshells ---------------------------------------------------

say "== set -e"
( set -e; false; echo "not reached" ); say "subshell status $?"
( set -e; false || true; echo "|| keeps going" )
( set -e; if false; then :; fi; echo "if condition does not exit" )
( set -e; ! true; echo "negation does not exit" )
( set -e; x=$(false) ; echo "assignment status counts: not reached" ); say "status $?"
( set -e; f() { false; echo "in function: not reached"; }; f ); say "function status $?"
out=$( set -e; echo partial; false; echo never )
say "captured: $out"

# ---- command substitution --------------------------------------------------

say "== command substitution"
say "nested: $(echo outer $(echo inner $(echo innermost)))"
say "backquotes: `echo old style`"
lines=$(printf 'a\nb\nc\n')
say "lines kept inside: $(echo "$lines" | wc -l)"
say "trailing newlines dropped: [$(printf 'x\n\n\n')]"
count=$(ls g | wc -l)
say "count=$count"
say "arith of subst: $(( $(echo 6) * $(echo 7) ))"

# ---- traps -----------------------------------------------------------------

say "== traps"
( trap 'echo "exit trap runs, status $?"' EXIT; echo "body"; exit 3 ); say "status $?"
( trap 'echo "USR1 caught"' USR1; kill -USR1 $(sh -c 'echo $PPID'); echo "after USR1" )
( trap 'echo "TERM caught"; exit 7' TERM; kill -TERM $(sh -c 'echo $PPID'); echo "not reached" ); say "status $?"
( trap '' INT; kill -INT $(sh -c 'echo $PPID'); echo "INT ignored" )
( trap 'echo trap one' EXIT; trap 'echo trap two' EXIT; : )
( trap 'echo "cleanup"' EXIT; trap - EXIT; echo "trap removed" )
trap 'cd /tmp; rm -rf $W' EXIT

# ---- case ------------------------------------------------------------------

classify() {
	case $1 in
	[0-9]*) echo number ;;
	*.txt | *.log) echo textfile ;;
	-*) echo option ;;
	"") echo empty ;;
	*[A-Z]*) echo has-upper ;;
	*) echo other ;;
	esac
}

check_case() {
	check_eq "classify '$1'" "$(classify "$1")" "$2"
}

# ---- while read with IFS ---------------------------------------------------

say "== IFS and read"
cat > people.csv <<EOT
ann,31,oslo
bob,45,lima
cid,27,rome
EOT
total=0
while IFS=, read -r who age city; do
	say "$who is $age in $city"
	total=$((total + age))
done < people.csv
say "total age $total"
old_ifs=$IFS
IFS=:
set -- a:b::c
IFS=$old_ifs
say "fields: $#"

# ---- tables of cases ------------------------------------------------------

say "== arithmetic table"
check_arith "988 | 213 ^ 2" 991
check_arith "37 + 161 + 31" 229
check_arith "900 - 824 ^ 88" 20
check_arith "376 * 245 & 15" 8
check_arith "725 & 364 * 36" 528
check_arith "352 * 234 * 27" 2223936
check_arith "228 | 312 & 94" 252
check_arith "236 & 591 & 59" 8
check_arith "80 * 472 & 73" 0
check_arith "583 ^ 322 & 89" 519
check_arith "414 & 795 + 9" 260
check_arith "200 - 143 | 69" 125
check_arith "960 ^ 803 + 89" 188
check_arith "293 - 542 + 64" -185
check_arith "913 + 119 + 51" 1083
check_arith "479 * 742 & 72" 72
check_arith "944 - 514 | 30" 446
check_arith "970 + 512 - 46" 1436
check_arith "317 ^ 318 * 22" 6761
check_arith "396 * 926 & 61" 40
check_arith "800 * 75 & 97" 96
check_arith "145 & 118 & 87" 16
check_arith "385 ^ 15 + 34" 432
check_arith "294 & 65 + 6" 6
check_arith "967 & 261 | 21" 277
check_arith "492 + 893 | 64" 1385
check_arith "63 | 485 & 11" 63
check_arith "237 | 796 & 97" 237
check_arith "709 ^ 738 + 33" 454
check_arith "625 * 9 ^ 8" 5617
check_arith "855 * 388 + 56" 331796
check_arith "633 * 957 | 91" 605791
check_arith "456 + 319 & 71" 7
check_arith "914 + 890 ^ 50" 1854
check_arith "936 & 356 | 79" 367
check_arith "2 - 147 & 33" 33
check_arith "524 - 338 ^ 42" 144
check_arith "600 * 322 + 63" 193263
check_arith "619 - 363 * 90" -32051
check_arith "947 ^ 60 | 23" 927
check_arith "746 ^ 968 | 14" 302
check_arith "408 * 342 + 17" 139553
check_arith "322 ^ 351 | 59" 63
check_arith "560 | 632 + 62" 694
check_arith "403 + 949 + 75" 1427
check_arith "801 ^ 867 ^ 20" 86
check_arith "473 ^ 858 - 21" 668
check_arith "592 | 557 * 71" 39547
check_arith "377 | 415 ^ 30" 505
check_arith "532 | 643 ^ 15" 668
check_arith "478 ^ 601 ^ 21" 914
check_arith "797 & 941 | 44" 813
check_arith "580 + 678 * 53" 36514
check_arith "345 * 133 * 98" 4496730
check_arith "191 ^ 61 | 60" 190
check_arith "802 + 217 ^ 13" 1014
check_arith "257 ^ 210 + 96" 51
check_arith "813 & 902 | 93" 861
check_arith "165 * 905 - 30" 149295
check_arith "628 * 886 & 8" 8
check_arith "231 - 429 * 95" -40524
check_arith "768 | 583 - 19" 820
check_arith "490 & 484 | 60" 508
check_arith "175 & 442 * 9" 138
check_arith "947 - 452 ^ 95" 432
check_arith "969 * 24 & 58" 24
check_arith "920 + 667 ^ 22" 1573
check_arith "598 ^ 3 & 79" 597
check_arith "455 & 31 & 44" 4
check_arith "610 & 807 & 34" 34
check_arith "825 ^ 452 ^ 52" 713
check_arith "514 - 776 ^ 16" -278
check_arith "976 & 320 * 58" 128
check_arith "995 & 726 | 74" 714
check_arith "86 - 218 | 29" -131
check_arith "518 + 408 ^ 85" 971
check_arith "408 * 698 & 43" 32
check_arith "260 & 180 + 35" 4
check_arith "311 ^ 906 - 89" 518
check_arith "276 * 167 * 74" 3410808
check_arith "155 | 459 - 85" 511
check_arith "978 | 152 + 62" 982
check_arith "670 & 248 & 28" 24
check_arith "226 & 629 ^ 37" 69
check_arith "660 ^ 481 ^ 84" 801
check_arith "412 - 760 * 61" -45948
check_arith "822 * 390 & 46" 4
check_arith "336 + 680 - 43" 973
check_arith "508 ^ 231 - 87" 364
check_arith "584 - 672 ^ 10" -94
check_arith "542 * 718 - 40" 389116
check_arith "244 & 509 - 33" 212
check_arith "858 * 240 - 63" 205857
check_arith "896 ^ 531 - 83" 576
check_arith "972 | 952 | 72" 1020
check_arith "790 * 649 | 92" 512734
check_arith "115 + 830 * 77" 64025
check_arith "785 + 61 * 29" 2554
check_arith "867 | 403 * 43" 17395
check_arith "604 * 653 * 76" 29975312
check_arith "369 | 431 ^ 84" 507
check_arith "390 & 768 ^ 2" 258
check_arith "860 - 583 & 82" 16
check_arith "713 - 66 & 86" 6
check_arith "140 | 125 + 8" 141
check_arith "45 ^ 646 | 50" 699
check_arith "548 * 822 - 56" 450400
check_arith "200 + 548 - 45" 703
check_arith "55 * 356 | 67" 19583
check_arith "990 & 520 | 7" 527
check_arith "29 | 148 & 1" 29
check_arith "812 - 973 ^ 62" -159
check_arith "147 | 697 | 22" 703
check_arith "399 - 245 ^ 93" 199
check_arith "991 * 974 ^ 55" 965189
check_arith "824 + 507 | 7" 1335
check_arith "187 * 407 * 74" 5632066
check_arith "774 + 780 * 81" 63954
check_arith "991 + 158 - 67" 1082
check_arith "262 & 454 * 19" 258
check_arith "647 | 74 & 80" 711
check_arith "949 ^ 227 + 86" 652
check_arith "749 * 507 - 80" 379663
check_arith "182 + 936 + 26" 1144
check_arith "303 - 376 - 88" -161
check_arith "135 * 901 & 75" 3
check_arith "972 & 136 - 73" 12
check_arith "712 | 22 ^ 18" 716
check_arith "923 + 674 * 97" 66301
check_arith "436 * 85 | 62" 37118
check_arith "173 * 662 | 90" 114526
check_arith "56 & 743 + 83" 56
check_arith "496 | 674 | 43" 1019
check_arith "170 & 797 ^ 31" 23
check_arith "374 & 450 ^ 75" 265
check_arith "792 & 857 + 47" 776
check_arith "147 | 283 - 88" 211
check_arith "630 + 125 - 13" 742
check_arith "414 + 214 & 41" 32
check_arith "367 ^ 223 & 6" 361
check_arith "705 | 204 ^ 55" 763
check_arith "426 ^ 18 + 73" 497
check_arith "770 + 6 + 19" 795
check_arith "965 - 491 | 41" 507
check_arith "421 ^ 725 | 60" 892
check_arith "47 ^ 975 + 15" 1009
check_arith "397 - 156 & 3" 1
check_arith "291 * 308 * 71" 6363588
check_arith "378 | 468 - 79" 511
check_arith "965 * 68 & 20" 20
check_arith "340 ^ 554 & 64" 340
check_arith "279 * 540 & 23" 4
check_arith "974 + 302 * 29" 9732
check_arith "390 & 674 * 30" 132
check_arith "649 + 986 + 33" 1668
check_arith "204 * 992 + 9" 202377
check_arith "673 - 306 ^ 66" 301
check_arith "823 + 923 + 39" 1785
check_arith "188 ^ 771 - 19" 588
check_arith "62 | 685 * 78" 53438
check_arith "786 + 205 ^ 41" 1014
check_arith "273 - 618 | 82" -265
check_arith "49 | 908 | 30" 959
check_arith "915 - 657 + 3" 261
check_arith "622 ^ 261 - 28" 647
check_arith "436 | 296 - 17" 439
check_arith "148 ^ 638 * 1" 746
check_arith "601 + 799 - 65" 1335
check_arith "958 * 7 - 69" 6637
check_arith "973 | 867 * 12" 11245
check_arith "551 | 601 - 17" 623
check_arith "381 & 736 - 14" 80
check_arith "900 | 69 | 7" 967
check_arith "168 * 871 | 31" 146335
check_arith "529 ^ 177 - 73" 633
check_arith "327 | 890 + 22" 983
check_arith "670 & 872 + 8" 528
check_arith "818 | 178 | 49" 947
check_arith "671 + 610 ^ 64" 1345
check_arith "594 ^ 471 & 31" 581
check_arith "326 & 235 - 30" 68
check_arith "308 + 260 * 73" 19288
check_arith "286 ^ 635 - 69" 808
check_arith "795 & 502 * 47" 10
check_arith "949 & 437 | 70" 503
check_arith "468 & 504 - 85" 384
check_arith "786 * 217 | 65" 170563
check_arith "449 * 362 | 33" 162539
check_arith "338 & 75 & 48" 0
check_arith "469 - 267 ^ 78" 132
check_arith "671 | 620 + 60" 703
check_arith "141 * 31 ^ 52" 4391
check_arith "829 - 40 ^ 57" 812
check_arith "264 & 574 ^ 82" 90
check_arith "939 & 434 * 25" 546
check_arith "224 - 245 ^ 11" -32
check_arith "759 | 814 * 28" 23551
check_arith "636 + 345 - 51" 930
check_arith "523 + 952 & 62" 2
check_arith "791 ^ 591 ^ 41" 369
check_arith "727 & 920 + 23" 647
check_arith "658 - 893 - 2" -237
check_arith "272 | 423 - 31" 408
check_arith "672 * 871 ^ 72" 585256
check_arith "709 + 835 - 69" 1475
check_arith "846 - 130 + 54" 770
check_arith "926 & 574 * 4" 152
check_arith "619 + 868 + 31" 1518
check_arith "470 + 989 + 66" 1525
check_arith "442 & 759 - 65" 178
check_arith "501 | 360 * 87" 31741
check_arith "828 | 982 * 39" 38846
check_arith "79 * 77 | 5" 6087
check_arith "80 - 766 + 82" -604
check_arith "560 * 953 + 5" 533685
check_arith "722 * 723 & 1" 0
check_arith "790 & 191 ^ 30" 8
check_arith "875 ^ 272 - 83" 982
check_arith "360 & 585 | 12" 76
check_arith "140 ^ 238 - 29" 93
check_arith "260 * 357 | 52" 92852
check_arith "725 | 740 + 95" 983
check_arith "787 | 409 ^ 63" 951
check_arith "317 * 282 * 9" 804546
check_arith "98 & 447 - 81" 98
check_arith "208 - 410 - 73" -275
check_arith "816 * 134 * 84" 9184896
check_arith "434 | 905 + 40" 947
check_arith "800 - 475 * 52" -23900
check_arith "711 & 16 | 93" 93
check_arith "636 | 556 + 88" 764
check_arith "873 ^ 14 & 59" 867
check_arith "945 - 71 + 63" 937
check_arith "179 & 58 & 19" 18
check_arith "210 | 984 | 15" 991
check_arith "703 & 373 - 3" 50
check_arith "829 | 850 - 78" 829
check_arith "53 & 365 - 28" 17
check_arith "57 - 63 & 95" 90
check_arith "137 ^ 133 & 28" 141
check_arith "851 - 537 | 97" 379
check_arith "283 | 765 & 31" 287
check_arith "517 + 142 & 11" 3
check_arith "975 * 5 * 5" 24375
check_arith "887 | 548 + 25" 895
check_arith "81 - 504 & 44" 8
check_arith "967 * 562 | 70" 543454
check_arith "529 & 33 ^ 16" 17
check_arith "393 - 603 & 29" 12
check_arith "467 | 991 & 65" 467
check_arith "80 & 234 & 19" 0
check_arith "571 * 243 - 26" 138727
check_arith "531 | 182 | 42" 703
check_arith "807 & 100 ^ 63" 27
check_arith "801 | 639 - 59" 869
check_arith "720 | 385 & 86" 720
check_arith "489 * 98 + 64" 47986
check_arith "602 + 775 * 49" 38577
check_arith "348 & 866 ^ 51" 371
check_arith "105 + 543 + 69" 717
check_arith "66168 / 3" 22056
check_arith "66168 % 3" 0
check_arith "38952 / 137" 284
check_arith "38952 % 137" 44
check_arith "84785 / 261" 324
check_arith "84785 % 261" 221
check_arith "53640 / 270" 198
check_arith "53640 % 270" 180
check_arith "23674 / 104" 227
check_arith "23674 % 104" 66
check_arith "93157 / 134" 695
check_arith "93157 % 134" 27
check_arith "5630 / 113" 49
check_arith "5630 % 113" 93
check_arith "62384 / 185" 337
check_arith "62384 % 185" 39
check_arith "80490 / 46" 1749
check_arith "80490 % 46" 36
check_arith "84436 / 230" 367
check_arith "84436 % 230" 26
check_arith "38624 / 14" 2758
check_arith "38624 % 14" 12
check_arith "16923 / 118" 143
check_arith "16923 % 118" 49
check_arith "36061 / 66" 546
check_arith "36061 % 66" 25
check_arith "45437 / 45" 1009
check_arith "45437 % 45" 32
check_arith "43051 / 158" 272
check_arith "43051 % 158" 75
check_arith "27279 / 102" 267
check_arith "27279 % 102" 45
check_arith "50971 / 82" 621
check_arith "50971 % 82" 49
check_arith "58194 / 142" 409
check_arith "58194 % 142" 116
check_arith "3347 / 287" 11
check_arith "3347 % 287" 190
check_arith "4601 / 120" 38
check_arith "4601 % 120" 41
check_arith "8947 / 134" 66
check_arith "8947 % 134" 103
check_arith "48250 / 52" 927
check_arith "48250 % 52" 46
check_arith "56695 / 25" 2267
check_arith "56695 % 25" 20
check_arith "85134 / 278" 306
check_arith "85134 % 278" 66
check_arith "40049 / 231" 173
check_arith "40049 % 231" 86
check_arith "23487 / 138" 170
check_arith "23487 % 138" 27
check_arith "27947 / 115" 243
check_arith "27947 % 115" 2
check_arith "94833 / 184" 515
check_arith "94833 % 184" 73
check_arith "88977 / 277" 321
check_arith "88977 % 277" 60
check_arith "85815 / 61" 1406
check_arith "85815 % 61" 49
check_arith "35685 / 132" 270
check_arith "35685 % 132" 45
check_arith "86961 / 115" 756
check_arith "86961 % 115" 21
check_arith "68072 / 176" 386
check_arith "68072 % 176" 136
check_arith "78823 / 197" 400
check_arith "78823 % 197" 23
check_arith "55415 / 171" 324
check_arith "55415 % 171" 11
check_arith "9787 / 154" 63
check_arith "9787 % 154" 85
check_arith "25229 / 19" 1327
check_arith "25229 % 19" 16
check_arith "41290 / 131" 315
check_arith "41290 % 131" 25
check_arith "12340 / 3" 4113
check_arith "12340 % 3" 1
check_arith "68287 / 168" 406
check_arith "68287 % 168" 79
check_arith "18074 / 92" 196
check_arith "18074 % 92" 42
check_arith "47631 / 70" 680
check_arith "47631 % 70" 31
check_arith "16399 / 2" 8199
check_arith "16399 % 2" 1
check_arith "35768 / 44" 812
check_arith "35768 % 44" 40
check_arith "17813 / 59" 301
check_arith "17813 % 59" 54
check_arith "42949 / 78" 550
check_arith "42949 % 78" 49
check_arith "72471 / 223" 324
check_arith "72471 % 223" 219
check_arith "74952 / 149" 503
check_arith "74952 % 149" 5
check_arith "11929 / 249" 47
check_arith "11929 % 249" 226
check_arith "70815 / 215" 329
check_arith "70815 % 215" 80
check_arith "62172 / 279" 222
check_arith "62172 % 279" 234
check_arith "70456 / 24" 2935
check_arith "70456 % 24" 16
check_arith "5684 / 66" 86
check_arith "5684 % 66" 8
check_arith "33340 / 75" 444
check_arith "33340 % 75" 40
check_arith "39640 / 86" 460
check_arith "39640 % 86" 80
check_arith "73106 / 300" 243
check_arith "73106 % 300" 206
check_arith "83055 / 232" 357
check_arith "83055 % 232" 231
check_arith "61618 / 92" 669
check_arith "61618 % 92" 70
check_arith "77862 / 253" 307
check_arith "77862 % 253" 191
check_arith "79714 / 178" 447
check_arith "79714 % 178" 148
check_arith "1 << 0" 1
check_arith "1 << 1" 2
check_arith "1 << 2" 4
check_arith "1 << 3" 8
check_arith "1 << 4" 16
check_arith "1 << 5" 32
check_arith "1 << 6" 64
check_arith "1 << 7" 128
check_arith "1 << 8" 256
check_arith "1 << 9" 512
check_arith "1 << 10" 1024
check_arith "1 << 11" 2048
check_arith "1 << 12" 4096
check_arith "1 << 13" 8192
check_arith "1 << 14" 16384
check_arith "1 << 15" 32768
check_arith "1 << 16" 65536
check_arith "1 << 17" 131072
check_arith "1 << 18" 262144
check_arith "1 << 19" 524288
check_arith "-5 < 0 ? -(-5) : -5" 5
check_arith "-4 < 0 ? -(-4) : -4" 4
check_arith "-3 < 0 ? -(-3) : -3" 3
check_arith "-2 < 0 ? -(-2) : -2" 2
check_arith "-1 < 0 ? -(-1) : -1" 1
check_arith "0 < 0 ? -(0) : 0" 0
check_arith "1 < 0 ? -(1) : 1" 1
check_arith "2 < 0 ? -(2) : 2" 2
check_arith "3 < 0 ? -(3) : 3" 3
check_arith "4 < 0 ? -(4) : 4" 4
check_arith "5 < 0 ? -(5) : 5" 5
say "== factorials"
check_fact 0 1
check_fact 1 1
check_fact 2 2
check_fact 3 6
check_fact 4 24
check_fact 5 120
check_fact 6 720
check_fact 7 5040
check_fact 8 40320
check_fact 9 362880
check_fact 10 3628800
check_fact 11 39916800
check_fact 12 479001600
check_fact 13 6227020800
check_fact 14 87178291200
check_fact 15 1307674368000
check_fact 16 20922789888000
check_fact 17 355687428096000
check_fact 18 6402373705728000
check_fact 19 121645100408832000
check_fact 20 2432902008176640000
say "== fibonacci"
check_fib 0 0
check_fib 1 1
check_fib 2 1
check_fib 3 2
check_fib 4 3
check_fib 5 5
check_fib 6 8
check_fib 7 13
check_fib 8 21
check_fib 9 34
check_fib 10 55
check_fib 11 89
check_fib 12 144
check_fib 13 233
check_fib 14 377
check_fib 15 610
check_fib 16 987
check_fib 17 1597
check_fib 18 2584
check_fib 19 4181
check_fib 20 6765
check_fib 21 10946
check_fib 22 17711
check_fib 23 28657
check_fib 24 46368
check_fib 25 75025
check_fib 26 121393
check_fib 27 196418
check_fib 28 317811
check_fib 29 514229
check_fib 30 832040
check_fib 31 1346269
check_fib 32 2178309
check_fib 33 3524578
check_fib 34 5702887
check_fib 35 9227465
check_fib 36 14930352
check_fib 37 24157817
check_fib 38 39088169
check_fib 39 63245986
check_fib 40 102334155
check_fib 41 165580141
check_fib 42 267914296
check_fib 43 433494437
check_fib 44 701408733
check_fib 45 1134903170
check_fib 46 1836311903
check_fib 47 2971215073
check_fib 48 4807526976
check_fib 49 7778742049
check_fib 50 12586269025
check_fib 51 20365011074
check_fib 52 32951280099
check_fib 53 53316291173
check_fib 54 86267571272
check_fib 55 139583862445
check_fib 56 225851433717
check_fib 57 365435296162
check_fib 58 591286729879
check_fib 59 956722026041
check_fib 60 1548008755920
check_fib 61 2504730781961
check_fib 62 4052739537881
check_fib 63 6557470319842
check_fib 64 10610209857723
check_fib 65 17167680177565
check_fib 66 27777890035288
check_fib 67 44945570212853
check_fib 68 72723460248141
check_fib 69 117669030460994
check_fib 70 190392490709135
check_fib 71 308061521170129
check_fib 72 498454011879264
check_fib 73 806515533049393
check_fib 74 1304969544928657
check_fib 75 2111485077978050
check_fib 76 3416454622906707
check_fib 77 5527939700884757
check_fib 78 8944394323791464
check_fib 79 14472334024676221
check_fib 80 23416728348467685
check_fib 81 37889062373143906
check_fib 82 61305790721611591
check_fib 83 99194853094755497
check_fib 84 160500643816367088
check_fib 85 259695496911122585
check_fib 86 420196140727489673
check_fib 87 679891637638612258
check_fib 88 1100087778366101931
check_fib 89 1779979416004714189
check_fib 90 2880067194370816120
say "== gcd"
check_gcd 4142 4348 2
check_gcd 2846 3571 1
check_gcd 963 1706 1
check_gcd 4088 1031 1
check_gcd 1884 1180 4
check_gcd 4563 1617 3
check_gcd 392 956 4
check_gcd 3480 1044 348
check_gcd 2676 2693 1
check_gcd 4963 1845 1
check_gcd 2482 1240 2
check_gcd 223 1645 1
check_gcd 2330 1337 1
check_gcd 1731 1059 3
check_gcd 1815 1931 1
check_gcd 724 3863 1
check_gcd 3874 3594 2
check_gcd 351 2823 3
check_gcd 1170 181 1
check_gcd 2282 2534 14
check_gcd 1825 4557 1
check_gcd 2603 314 1
check_gcd 1545 2773 1
check_gcd 3785 3757 1
check_gcd 1149 3090 3
check_gcd 2187 4789 1
check_gcd 2149 186 1
check_gcd 2729 599 1
check_gcd 1188 1321 1
check_gcd 4714 4249 1
check_gcd 2197 19 1
check_gcd 3621 3172 1
check_gcd 595 840 35
check_gcd 4052 751 1
check_gcd 766 65 1
check_gcd 2645 2000 5
check_gcd 833 2226 7
check_gcd 933 2086 1
check_gcd 2129 4584 1
check_gcd 984 3558 6
check_gcd 4308 3206 2
check_gcd 4477 422 1
check_gcd 1331 2164 1
check_gcd 366 3859 1
check_gcd 1497 2898 3
check_gcd 2891 3108 7
check_gcd 2240 3977 1
check_gcd 4819 3949 1
check_gcd 3452 788 4
check_gcd 3887 4137 1
check_gcd 1679 4212 1
check_gcd 968 98 2
check_gcd 1288 3852 4
check_gcd 4514 285 1
check_gcd 2196 4978 2
check_gcd 4778 1562 2
check_gcd 2142 3903 3
check_gcd 4689 3264 3
check_gcd 4945 2237 1
check_gcd 1612 3453 1
check_gcd 2385 3938 1
check_gcd 1829 1915 1
check_gcd 4890 4489 1
check_gcd 4905 4338 9
check_gcd 4553 1714 1
check_gcd 3777 2197 1
check_gcd 453 1641 3
check_gcd 2252 1729 1
check_gcd 4965 1247 1
check_gcd 2375 814 1
check_gcd 3515 4358 1
check_gcd 1649 2160 1
check_gcd 2411 4553 1
check_gcd 2091 4281 3
check_gcd 1543 2606 1
check_gcd 4297 702 1
check_gcd 1501 4642 1
check_gcd 2950 2992 2
check_gcd 1612 2290 2
check_gcd 4337 908 1
say "== primes"
check_prime 0 no
check_prime 1 no
check_prime 2 yes
check_prime 3 yes
check_prime 4 no
check_prime 5 yes
check_prime 6 no
check_prime 7 yes
check_prime 8 no
check_prime 9 no
check_prime 10 no
check_prime 11 yes
check_prime 12 no
check_prime 13 yes
check_prime 14 no
check_prime 15 no
check_prime 16 no
check_prime 17 yes
check_prime 18 no
check_prime 19 yes
check_prime 20 no
check_prime 21 no
check_prime 22 no
check_prime 23 yes
check_prime 24 no
check_prime 25 no
check_prime 26 no
check_prime 27 no
check_prime 28 no
check_prime 29 yes
check_prime 30 no
check_prime 31 yes
check_prime 32 no
check_prime 33 no
check_prime 34 no
check_prime 35 no
check_prime 36 no
check_prime 37 yes
check_prime 38 no
check_prime 39 no
check_prime 40 no
check_prime 41 yes
check_prime 42 no
check_prime 43 yes
check_prime 44 no
check_prime 45 no
check_prime 46 no
check_prime 47 yes
check_prime 48 no
check_prime 49 no
check_prime 50 no
check_prime 51 no
check_prime 52 no
check_prime 53 yes
check_prime 54 no
check_prime 55 no
check_prime 56 no
check_prime 57 no
check_prime 58 no
check_prime 59 yes
check_prime 60 no
check_prime 61 yes
check_prime 62 no
check_prime 63 no
check_prime 64 no
check_prime 65 no
check_prime 66 no
check_prime 67 yes
check_prime 68 no
check_prime 69 no
check_prime 70 no
check_prime 71 yes
check_prime 72 no
check_prime 73 yes
check_prime 74 no
check_prime 75 no
check_prime 76 no
check_prime 77 no
check_prime 78 no
check_prime 79 yes
check_prime 80 no
check_prime 81 no
check_prime 82 no
check_prime 83 yes
check_prime 84 no
check_prime 85 no
check_prime 86 no
check_prime 87 no
check_prime 88 no
check_prime 89 yes
check_prime 90 no
check_prime 91 no
check_prime 92 no
check_prime 93 no
check_prime 94 no
check_prime 95 no
check_prime 96 no
check_prime 97 yes
check_prime 98 no
check_prime 99 no
check_prime 100 no
check_prime 101 yes
check_prime 102 no
check_prime 103 yes
check_prime 104 no
check_prime 105 no
check_prime 106 no
check_prime 107 yes
check_prime 108 no
check_prime 109 yes
check_prime 110 no
check_prime 111 no
check_prime 112 no
check_prime 113 yes
check_prime 114 no
check_prime 115 no
check_prime 116 no
check_prime 117 no
check_prime 118 no
check_prime 119 no
check_prime 120 no
check_prime 121 no
check_prime 122 no
check_prime 123 no
check_prime 124 no
check_prime 125 no
check_prime 126 no
check_prime 127 yes
check_prime 128 no
check_prime 129 no
check_prime 130 no
check_prime 131 yes
check_prime 132 no
check_prime 133 no
check_prime 134 no
check_prime 135 no
check_prime 136 no
check_prime 137 yes
check_prime 138 no
check_prime 139 yes
check_prime 140 no
check_prime 141 no
check_prime 142 no
check_prime 143 no
check_prime 144 no
check_prime 145 no
check_prime 146 no
check_prime 147 no
check_prime 148 no
check_prime 149 yes
check_prime 150 no
check_prime 151 yes
check_prime 152 no
check_prime 153 no
check_prime 154 no
check_prime 155 no
check_prime 156 no
check_prime 157 yes
check_prime 158 no
check_prime 159 no
say "== case patterns"
check_case "42" number
check_case "7up" number
check_case "a.txt" textfile
check_case "b.log" textfile
check_case "-v" option
check_case "--help" option
check_case "" empty
check_case "Hello" has-upper
check_case "hello" other
check_case "x.TXT" has-upper
check_case "notes.md" other
check_case "0" number
check_case "-" option
check_case "ABC" has-upper
check_case "abc.log.txt" textfile
say "== strings"
check_str upper 'hello' 'HELLO'
check_str lower 'hello' 'hello'
check_str len 'hello' 5
check_str rev 'hello' 'olleh'
check_str strip_suffix 'hello' 'hello'
check_str strip_all_suffix 'hello' 'hello'
check_str strip_prefix 'hello' 'hello'
check_str strip_all_prefix 'hello' 'hello'
check_str first 'hello' 'h'
check_str words 'hello' 1
check_str upper 'LevitateOS' 'LEVITATEOS'
check_str lower 'LevitateOS' 'levitateos'
check_str len 'LevitateOS' 10
check_str rev 'LevitateOS' 'SOetativeL'
check_str strip_suffix 'LevitateOS' 'LevitateOS'
check_str strip_all_suffix 'LevitateOS' 'LevitateOS'
check_str strip_prefix 'LevitateOS' 'LevitateOS'
check_str strip_all_prefix 'LevitateOS' 'LevitateOS'
check_str first 'LevitateOS' 'L'
check_str words 'LevitateOS' 1
check_str upper 'a' 'A'
check_str lower 'a' 'a'
check_str len 'a' 1
check_str rev 'a' 'a'
check_str strip_suffix 'a' 'a'
check_str strip_all_suffix 'a' 'a'
check_str strip_prefix 'a' 'a'
check_str strip_all_prefix 'a' 'a'
check_str first 'a' 'a'
check_str words 'a' 1
check_str double 'archive.tar.gz' 'archive.tar.gzarchive.tar.gz'
check_str has_dot 'archive.tar.gz' yes
check_str len 'archive.tar.gz' 14
check_str strip_suffix 'archive.tar.gz' 'archive.tar'
check_str strip_all_suffix 'archive.tar.gz' 'archive'
check_str strip_prefix 'archive.tar.gz' 'archive.tar.gz'
check_str strip_all_prefix 'archive.tar.gz' 'archive.tar.gz'
check_str first 'archive.tar.gz' 'a'
check_str words 'archive.tar.gz' 1
check_str double '/usr/lib/libc.so.6' '/usr/lib/libc.so.6/usr/lib/libc.so.6'
check_str has_dot '/usr/lib/libc.so.6' yes
check_str len '/usr/lib/libc.so.6' 18
check_str strip_suffix '/usr/lib/libc.so.6' '/usr/lib/libc.so'
check_str strip_all_suffix '/usr/lib/libc.so.6' '/usr/lib/libc'
check_str strip_prefix '/usr/lib/libc.so.6' 'usr/lib/libc.so.6'
check_str strip_all_prefix '/usr/lib/libc.so.6' 'libc.so.6'
check_str first '/usr/lib/libc.so.6' '/'
check_str words '/usr/lib/libc.so.6' 1
check_str double 'dir/sub/file.txt' 'dir/sub/file.txtdir/sub/file.txt'
check_str has_dot 'dir/sub/file.txt' yes
check_str len 'dir/sub/file.txt' 16
check_str strip_suffix 'dir/sub/file.txt' 'dir/sub/file'
check_str strip_all_suffix 'dir/sub/file.txt' 'dir/sub/file'
check_str strip_prefix 'dir/sub/file.txt' 'sub/file.txt'
check_str strip_all_prefix 'dir/sub/file.txt' 'file.txt'
check_str first 'dir/sub/file.txt' 'd'
check_str words 'dir/sub/file.txt' 1
check_str double 'MiXeD CaSe' 'MiXeD CaSeMiXeD CaSe'
check_str has_dot 'MiXeD CaSe' no
check_str len 'MiXeD CaSe' 10
check_str strip_suffix 'MiXeD CaSe' 'MiXeD CaSe'
check_str strip_all_suffix 'MiXeD CaSe' 'MiXeD CaSe'
check_str strip_prefix 'MiXeD CaSe' 'MiXeD CaSe'
check_str strip_all_prefix 'MiXeD CaSe' 'MiXeD CaSe'
check_str first 'MiXeD CaSe' 'M'
check_str words 'MiXeD CaSe' 2
check_str double 'one two  three' 'one two  threeone two  three'
check_str has_dot 'one two  three' no
check_str len 'one two  three' 14
check_str strip_suffix 'one two  three' 'one two  three'
check_str strip_all_suffix 'one two  three' 'one two  three'
check_str strip_prefix 'one two  three' 'one two  three'
check_str strip_all_prefix 'one two  three' 'one two  three'
check_str first 'one two  three' 'o'
check_str words 'one two  three' 3
check_str double 'x.y.z' 'x.y.zx.y.z'
check_str has_dot 'x.y.z' yes
check_str len 'x.y.z' 5
check_str strip_suffix 'x.y.z' 'x.y'
check_str strip_all_suffix 'x.y.z' 'x'
check_str strip_prefix 'x.y.z' 'x.y.z'
check_str strip_all_prefix 'x.y.z' 'x.y.z'
check_str first 'x.y.z' 'x'
check_str words 'x.y.z' 1
check_str double 'nodots' 'nodotsnodots'
check_str has_dot 'nodots' no
check_str len 'nodots' 6
check_str strip_suffix 'nodots' 'nodots'
check_str strip_all_suffix 'nodots' 'nodots'
check_str strip_prefix 'nodots' 'nodots'
check_str strip_all_prefix 'nodots' 'nodots'
check_str first 'nodots' 'n'
check_str words 'nodots' 1
say "== exit statuses"
check_status 0 true
check_status 1 false
check_status 0 test 1 -eq 1
check_status 1 test 1 -eq 2
check_status 2 test 1 -eq
check_status 0 grep -q oslo people.csv
check_status 1 grep -q zzz r.txt
check_status 2 grep -q x /nonexistent
check_status 0 sh -c 'exit 0'
check_status 5 sh -c 'exit 5'
check_status 255 sh -c 'exit 255'
check_status 0 [ -d g ]
check_status 1 [ -f g ]
check_status 0 cmp r.txt r.txt
check_status 1 cmp r.txt fd4.txt
check_status 127 sh -c 'no-such-command-here'
check_status 126 sh -c ./people.csv
check_status 0 expr 1 + 1
check_status 1 expr 0 + 0
check_status 2 expr 1 +

say "== summary"
say "passed $pass_count, mismatched $fail_count"
echo done
