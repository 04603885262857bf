# perl_modules: Debian's perl with its full module set (the perl package:
# POSIX, List::Util, Data::Dumper, Digest::MD5, File::Temp, Storable,
# Time::Local, JSON::PP) loading XS modules with dlopen.
use strict;
use warnings;
use Data::Dumper;
use Digest::MD5 qw(md5_hex);
use File::Temp qw(tempdir);
use JSON::PP;
use List::Util qw(sum max first reduce);
use POSIX qw(floor ceil strftime);
use Storable qw(dclone);
use Time::Local qw(timegm);

$Data::Dumper::Sortkeys = 1;
$Data::Dumper::Indent = 1;
my $data = { name => "levitate", list => [3, 1, 2], nested => { ok => 1 } };
print Dumper($data);
my $copy = dclone($data);
push @{ $copy->{list} }, 9;
print "original list: @{ $data->{list} }, copy: @{ $copy->{list} }\n";
print "sum ", sum(@{ $copy->{list} }), " max ", max(@{ $copy->{list} }),
      " first>2 ", (first { $_ > 2 } @{ $copy->{list} }), " product ", (reduce { $a * $b } 1 .. 6), "\n";
print "floor/ceil: ", floor(-2.5), " ", ceil(-2.5), "\n";
print "md5: ", md5_hex("levitate"), "\n";
my $t = timegm(0, 0, 12, 15, 2, 2024);
print "timegm: $t ", strftime("%Y-%m-%d %H:%M:%S", gmtime($t)), "\n";
my $json = JSON::PP->new->canonical;
print "json: ", $json->encode($data), "\n";
my $dir = tempdir(CLEANUP => 1);
open(my $fh, ">", "$dir/x") or die;
print $fh "abc";
close($fh);
print "temp file size: ", -s "$dir/x", "\n";
print "done\n";
