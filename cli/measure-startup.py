#!/usr/bin/env python3
"""Wall time of ./sessionkeys generate and ./sessionkeys check against kubectl, alternating runs, medians and ratios.

Usage: python3 cli/measure-startup.py [runs]   (default 21; run from anywhere)
"""
import os, resource, statistics, subprocess, sys, tempfile, time

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
    # For reference, the JVM's floor on this machine: hello world with the launcher's flags (default CDS archive).
    with open(os.path.join(work, "Hello.java"), "w") as source:
        source.write('public class Hello { public static void main(String[] a) { System.out.println("hi"); } }')
    if subprocess.run(["javac", "-d", work, os.path.join(work, "Hello.java")]).returncode == 0:
        commands["java Hello (JVM floor, same flags)"] = [
            "java", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-XX:+UseG1GC", "-cp", work, "Hello"]
    # Warm up: builds the jar if needed and records the AppCDS archive.
    for argv in commands.values():
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(8)
    for argv in commands.values():
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = {name: [] for name in commands}
    cpu = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append((time.perf_counter() - start) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
            if result.returncode != 0:
                sys.exit(f"{name} exited {result.returncode}")
    base = statistics.median(times[next(iter(commands))])
    base_cpu = statistics.median(cpu[next(iter(commands))])
    # Wall time is what a user waits; CPU time (user + sys, the process and its children) is what the machine's other
    # load disturbs least.
    print(f"{runs} alternating runs each, load average {os.getloadavg()[0]:.1f}")
    print("   wall median       cpu median")
    for name, values in times.items():
        median = statistics.median(values)
        cpu_median = statistics.median(cpu[name])
        print(f"{median:7.1f} ms {median / base:4.2f}x {cpu_median:7.1f} ms {cpu_median / base_cpu:4.2f}x  {name}")
