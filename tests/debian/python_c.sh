# python_c: python3 -c with a real workload, as scripts call it: json from
# stdin, re, subprocess (a pipeline through Debian's sort), hashlib,
# collections; its exit status passes through bash.
set -u
printf '{"b": [3, 1, 2], "a": "x=10 y=20"}\n' | python3 -c '
import collections, hashlib, json, re, subprocess, sys
data = json.load(sys.stdin)
print("keys:", sorted(data))
print("numbers:", [int(n) for n in re.findall(r"=(\d+)", data["a"])])
out = subprocess.run(["sort", "-n"], input="\n".join(map(str, data["b"])) + "\n",
                     capture_output=True, text=True, check=True).stdout.split()
print("sorted by sort(1):", out)
print("sha1:", hashlib.sha1(json.dumps(data, sort_keys=True).encode()).hexdigest())
print("most common:", collections.Counter("abracadabra").most_common(2))
sys.exit(5)
'
echo "python3 -c status: $?"
python3 -c 'import sys; print(sys.argv[1:])' one 'two words' ''
echo done
