# Sums `jfr print` output of jdk.Compilation and jdk.Deoptimization events (bench/recompiles.sh):
#   python3 bench/recompiles.py COMPILATIONS.txt DEOPTIMIZATIONS.txt
# Prints the compilations per tier, the methods compiled more than once at one tier (C2 is tier 4),
# and each deoptimization of the project's code: the trap's method and line, its reason, and the
# compiled method it threw out (a trap in an inlined method discards its whole caller).
import collections, re, sys

def events(path, name):
    return open(path).read().split(name + " {")[1:]

def field(event, key):
    match = re.search(key + r" = (.*)", event)
    return match.group(1).strip().strip('"') if match else ""

def short(method):
    """`Class.method` of a JFR method name (`pkg.Class.method(Args)`)."""
    return ".".join(method.split("(")[0].rsplit(".", 2)[-2:])

compiled = {}
per_tier = collections.Counter()
repeats = collections.Counter()
for event in events(sys.argv[1], "jdk.Compilation"):
    method, tier, osr = field(event, "method"), field(event, "compileLevel"), field(event, "isOsr")
    compiled[field(event, "compileId")] = (method, tier, osr == "true")
    per_tier[tier] += 1
    repeats[(method, tier)] += 1
print("compilations per tier: " + ", ".join(f"tier {t}: {n}" for t, n in sorted(per_tier.items())))
print()
print("compiled more than once at one tier (OSR compilations included):")
for (method, tier), count in repeats.most_common():
    if count > 1 and "dev.bsee" in method:
        print(f"  {count:3} x tier {tier}  {short(method)}")
print()
print("deoptimizations of the project's code: trap (method:line, reason) -> compiled method thrown out")
traps = collections.Counter()
for event in events(sys.argv[2], "jdk.Deoptimization"):
    method = field(event, "method")
    if "dev.bsee" not in method:
        continue
    outer = compiled.get(field(event, "compileId"), ("?", "?", False))
    traps[(f"{short(method)}:{field(event, 'lineNumber')}", field(event, "reason"),
           f"{short(outer[0])} tier {outer[1]}{' OSR' if outer[2] else ''}")] += 1
for (trap, reason, outer), count in traps.most_common():
    print(f"  {count:3} x {trap:48} {reason:18} -> {outer}")
