#!/usr/bin/env python3
"""Wall time of ./sessionkeys generate and ./sessionkeys check against kubectl, alternating runs, medians and ratios.

Usage: python3 cli/measure-startup.py [runs]   (default 21; run from anywhere)
"""
import os, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
launcher = os.path.join(root, "sessionkeys")
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 21

with tempfile.TemporaryDirectory() as work:
    subprocess.run([launcher, "init", "--out", work], check=True, stdout=subprocess.DEVNULL)
    secrets = os.path.join(work, "secrets.yaml")
    commands = {
        "kubectl create secret generic x --from-literal=a=b --dry-run=client -o yaml":
            ["kubectl", "create", "secret", "generic", "x", "--from-literal=a=b", "--dry-run=client", "-o", "yaml"],
        "./sessionkeys generate": [launcher, "generate"],
        "./sessionkeys check secrets.yaml": [launcher, "check", secrets],
    }
    # Warm up: builds the jar if needed and records the AppCDS archive.
    for argv in commands.values():
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(8)
    for argv in commands.values():
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            start = time.perf_counter()
            result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append((time.perf_counter() - start) * 1000)
            if result.returncode != 0:
                sys.exit(f"{name} exited {result.returncode}")
    base = statistics.median(times[next(iter(commands))])
    print(f"{runs} alternating runs each, load average {os.getloadavg()[0]:.1f}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{median:7.1f} ms  {median / base:4.2f}x  {name}")
