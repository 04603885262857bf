# perl_regex_hash: Debian's perl (perl-base: /usr/bin/perl, dynamically
# linked against libc, libcrypt and libm) runs a script with regexes
# (captures, global matches, substitution with an expression, named
# captures, split), hashes (nested, sorted keys, exists/delete), sprintf,
# sort with a comparator, file I/O in /tmp, a pipe from a child (fork + exec
# of /bin/echo through open "-|") and local $/.
use strict;
use warnings;

my $text = "alpha=1, beta=22, gamma=333, delta=x";
my %pairs = $text =~ /(\w+)=(\d+)/g;
print "pairs: ", join(" ", map { "$_:$pairs{$_}" } sort keys %pairs), "\n";

(my $doubled = $text) =~ s/(\d+)/$1 * 2/ge;
print "doubled: $doubled\n";

if ("2024-03-15" =~ /^(?<y>\d{4})-(?<m>\d\d)-(?<d>\d\d)$/) {
	print "date: $+{d}/$+{m}/$+{y}\n";
}
my @words = split /\s*,\s*/, "one , two,three ,four";
print "split: ", scalar(@words), " [", join("|", @words), "]\n";

my %inventory = (fruit => { apple => 3, pear => 0 }, veg => { leek => 7 });
$inventory{veg}{kale} = 2;
delete $inventory{fruit}{pear};
for my $kind (sort keys %inventory) {
	my $items = $inventory{$kind};
	printf "%-5s %s\n", $kind, join(", ", map { "$_=$items->{$_}" } sort keys %$items);
}
print "exists: ", (exists $inventory{fruit}{pear} ? "yes" : "no"), "\n";

my @nums = sort { $b <=> $a } (5, 3, 19, 11, 2);
print "sorted: @nums\n";
my %count;
$count{$_}++ for split //, "mississippi";
print "count: ", join(" ", map { "$_$count{$_}" } sort keys %count), "\n";

my $path = "/tmp/perl_regex_hash.txt";
open(my $out, ">", $path) or die "open: $!";
print $out "line $_\n" for 1 .. 3;
close($out);
open(my $in, "<", $path) or die "open: $!";
my $all = do { local $/; <$in> };
close($in);
unlink($path);
print "file: ", length($all), " bytes, ", scalar(() = $all =~ /\n/g), " lines\n";

open(my $pipe, "-|", "/bin/echo", "from", "a", "child") or die "pipe: $!";
my $line = <$pipe>;
close($pipe);
print "child said: $line";
print "child status: $?\n";
print "done\n";
