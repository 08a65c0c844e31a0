#!/usr/bin/env python3
"""Turns target/jmh-result.json into the tables of docs/BENCHMARKS.md.

Besides JMH's mean it shows the fastest measurement iteration: on a shared machine other jobs can only
add time, so the fastest iteration is the better estimate of the uncontended cost, and the ratio of
ours to Keycloak's is given for both.
"""
import json
import sys


def label(result):
    name = result["benchmark"].rsplit(".", 2)
    params = result.get("params", {})
    return name[-2] + "." + name[-1], params


def main(path):
    results = json.load(open(path))
    rows = {}
    print("| benchmark | params | mean ± error | fastest iteration | unit |")
    print("| --- | --- | ---: | ---: | --- |")
    for result in results:
        name, params = label(result)
        metric = result["primaryMetric"]
        iterations = [value for fork in metric["rawData"] for value in fork]
        fastest = min(iterations)
        rows[(name, params.get("algorithm"), params.get("code"))] = (metric["score"], fastest)
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        print(f"| {name} | {shown} | {metric['score']:.1f} ± {metric['scoreError']:.1f} | {fastest:.1f} "
              f"| {metric['scoreUnit']} |")

    print()
    print("| algorithm | code | ours (ns) | Keycloak (ns) | ratio (mean) | ratio (fastest iteration) |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for (name, algorithm, code), (mean, fastest) in rows.items():
        if name != "TotpVerifyBenchmark.ours":
            continue
        keycloak_mean, keycloak_fastest = rows[("TotpVerifyBenchmark.keycloakTimeBasedOtp", algorithm, code)]
        print(f"| {algorithm} | {code} | {mean:.0f} / {fastest:.0f} | {keycloak_mean:.0f} / {keycloak_fastest:.0f} "
              f"| {keycloak_mean / mean:.2f}x | {keycloak_fastest / fastest:.2f}x |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "target/jmh-result.json")
