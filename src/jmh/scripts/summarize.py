#!/usr/bin/env python3
"""Turns a JMH JSON result into the tables of docs/BENCHMARKS.md, so that no figure there is typed by hand.

    summarize.py RESULT.json                   prints the tables
    summarize.py RESULT.json --update FILE.md  replaces what lies between the markers
                                               <!-- jmh-tables:begin --> and <!-- jmh-tables:end --> in FILE.md

Besides JMH's mean it shows the fastest measurement iteration: on a shared machine other jobs can only
add time, so the fastest iteration is the better estimate of the uncontended cost, and the ratio of
Keycloak's time to ours is given for both.
"""
import json
import re
import sys

BEGIN = "<!-- jmh-tables:begin -->"
END = "<!-- jmh-tables:end -->"


def label(result):
    name = result["benchmark"].rsplit(".", 2)
    params = result.get("params", {})
    return name[-2] + "." + name[-1], params


def tables(results):
    lines = []
    first = results[0]
    forks = {len(result["primaryMetric"]["rawData"]) for result in results}
    lines.append(f"JMH {first['jmhVersion']}, {first['vmName']} {first['vmVersion']}, "
                 f"{'/'.join(str(f) for f in sorted(forks))} fork(s), {first['warmupIterations']} warm-up and "
                 f"{first['measurementIterations']} measurement iterations of {first['measurementTime']}.")
    lines.append("")
    rows = {}
    lines.append("| benchmark | params | mean ± error (99.9%) | fastest iteration | unit |")
    lines.append("| --- | --- | ---: | ---: | --- |")
    for result in results:
        name, params = label(result)
        metric = result["primaryMetric"]
        iterations = [value for fork in metric["rawData"] for value in fork]
        fastest = min(iterations)
        rows[(name, params.get("algorithm"), params.get("code"))] = (metric["score"], fastest)
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        lines.append(f"| {name} | {shown} | {metric['score']:.1f} ± {metric['scoreError']:.1f} | {fastest:.1f} "
                     f"| {metric['scoreUnit']} |")
    lines.append("")
    lines.append("Ratio ours vs `TimeBasedOTP`, same run (Keycloak's time divided by ours: above 1 means ours is "
                 "faster):")
    lines.append("")
    lines.append("| algorithm | code | ours (ns, mean / fastest) | Keycloak (ns, mean / fastest) | ratio (mean) "
                 "| ratio (fastest) |")
    lines.append("| --- | --- | ---: | ---: | ---: | ---: |")
    for (name, algorithm, code), (mean, fastest) in rows.items():
        if name != "TotpVerifyBenchmark.ours":
            continue
        keycloak_mean, keycloak_fastest = rows[("TotpVerifyBenchmark.keycloakTimeBasedOtp", algorithm, code)]
        lines.append(f"| {algorithm} | {code} | {mean:.0f} / {fastest:.0f} | {keycloak_mean:.0f} / "
                     f"{keycloak_fastest:.0f} | {keycloak_mean / mean:.2f}x | {keycloak_fastest / fastest:.2f}x |")
    return "\n".join(lines)


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--update"):
        sys.exit(__doc__)
    text = tables(json.load(open(argv[1])))
    if len(argv) == 2:
        print(text)
        return
    document = open(argv[3]).read()
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not pattern.search(document):
        sys.exit(f"{argv[3]} has no {BEGIN} ... {END} section")
    open(argv[3], "w").write(pattern.sub(lambda _: BEGIN + "\n" + text + "\n" + END, document))


if __name__ == "__main__":
    main(sys.argv)
