#!/usr/bin/python3
"""Self time per op of a libtorch profiler Chrome trace (StepProfile.java), divided by the number
of profiled steps: `trace_ops.py TRACE.json STEPS [TOP]`."""
import collections
import json
import sys


def main():
    trace, steps = sys.argv[1], int(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    d = json.load(open(trace))
    events = d["traceEvents"] if isinstance(d, dict) else d
    events = [e for e in events if e.get("ph") == "X"]
    by_thread = collections.defaultdict(list)
    for e in events:
        by_thread[e.get("tid")].append(e)
    self_us = collections.Counter()
    calls = collections.Counter()
    for evs in by_thread.values():
        evs.sort(key=lambda e: (e["ts"], -e["dur"]))
        stack = []
        for e in evs:
            while stack and stack[-1]["ts"] + stack[-1]["dur"] <= e["ts"]:
                stack.pop()
            if stack:  # time spent in a child is not the parent's own
                self_us[stack[-1]["name"]] -= e["dur"]
            self_us[e["name"]] += e["dur"]
            calls[e["name"]] += 1
            stack.append(e)
    total = sum(self_us.values())
    print(f"self time per step: {total / 1000 / steps:.1f} ms")
    print("| op | ms/step | share | calls/step |")
    print("|---|---|---|---|")
    for name, us in self_us.most_common(top):
        print(f"| `{name}` | {us / 1000 / steps:.1f} | {100 * us / total:.1f} % | "
              f"{calls[name] / steps:.0f} |")


if __name__ == "__main__":
    main()
