# python_stdlib: Debian's python3 (dynamically linked, loading extension
# modules with dlopen) runs its standard library: file I/O in /tmp, json,
# re, hashlib (OpenSSL's libcrypto), threading, subprocess running
# /bin/echo, struct, collections, sqlite3 if the tree has it.
import collections
import hashlib
import json
import os
import re
import struct
import subprocess
import sys
import threading

path = "/tmp/python_stdlib.json"
data = {"name": "levitate", "values": [3, 1, 2], "nested": {"ok": True}}
with open(path, "w") as f:
    json.dump(data, f, sort_keys=True)
with open(path) as f:
    back = json.load(f)
print("json round trip:", back == data, json.dumps(back, sort_keys=True))
os.remove(path)

print("re:", re.findall(r"(\w+)=(\d+)", "a=1, b=22, c=x, d=333"))
print("sha256:", hashlib.sha256(b"levitate").hexdigest())
print("md5:", hashlib.md5(b"levitate").hexdigest())
print("blake2b:", hashlib.blake2b(b"levitate", digest_size=16).hexdigest())

results = [0] * 4
def work(i):
    results[i] = sum(range(i * 1000))
threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("threads:", results)

out = subprocess.run(["/bin/echo", "from", "echo"], capture_output=True, text=True)
print("subprocess:", out.returncode, out.stdout.strip())
print("struct:", struct.pack("<IhB", 1, -2, 3).hex(), struct.unpack(">H", b"\x01\x02"))
print("counter:", sorted(collections.Counter("mississippi").items()))
print("version major:", sys.version_info[0])
print("done")
