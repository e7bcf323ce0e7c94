#!/usr/bin/env python3
"""Scheduling policies the engine does not offer, on the h100-sd15-graph cost curves, in virtual time.

An independent re-implementation of the lane's rules (step or request admission, batched text encoding, VAE calls
of up to 16 images held while jobs queue), used in docs/benchmarks.md ("Scheduling") to ask whether any admission
rule could reach the targets the engine's own `compare` runs miss. Standard library only:

    python3 load-tests/scripts/schedule_bounds.py            # about 1 minute

Prints (1) p95 at 70 % load for a family of admission rules, max batch 16, three seeds of 30 minutes each;
(2) the high-priority p95 that the high-priority stream of the 90 % load mix (10 % of the jobs) gets with the
accelerator to itself, a floor for any policy since low-priority jobs can only add to it.
"""
import math
import random

STEPS = 20


def curve(points):
    sizes = sorted(points)

    def millis(n):
        if n <= sizes[0]:
            return points[sizes[0]]
        for a, b in zip(sizes, sizes[1:]):
            if n <= b:
                return points[a] + (n - a) / (b - a) * (points[b] - points[a])
        a, b = sizes[-2], sizes[-1]
        return points[b] + (points[b] - points[a]) / (b - a) * (n - b)
    return millis


UNET = curve({1: 7.5, 2: 10.6, 4: 16.7, 8: 29.6, 16: 56.4, 32: 111.7, 64: 222.5})
VAE = curve({1: 29.1, 4: 75.6, 8: 138.5})
TEXT = curve({1: 1.5, 2: 1.6, 8: 2.5})
LONE = STEPS * UNET(2) + TEXT(2) + VAE(1)


def capacity(images):
    """The capacity figure `compare` uses: one VAE call and one text call per image."""
    return images / ((STEPS * UNET(2 * images) + images * (VAE(1) + TEXT(2))) / 1000)


def poisson(rate, seconds, seed):
    draw, t, out = random.Random(seed), 0.0, []
    while True:
        t += draw.expovariate(rate / 1000.0)
        if t > seconds * 1000:
            return out
        out.append(t)


class Job:
    def __init__(self, arrived):
        self.arrived, self.step, self.done = arrived, 0, None


def replay(arrivals, max_jobs=16, request=False, queue_delay=100.0, cap=None, window=None):
    """Latencies in ms. cap: most jobs denoising at once; window: new jobs join only while the batch's oldest job
    has run fewer steps (a batch that closes after `window` steps); request: Triton's dynamic batcher."""
    jobs = [Job(a) for a in arrivals]
    t, nxt, queue, running, pending, oldest_pending, finished = 0.0, 0, [], [], [], None, 0
    limit = min(max_jobs, cap or max_jobs)
    while finished < len(jobs):
        while nxt < len(jobs) and jobs[nxt].arrived <= t:
            queue.append(jobs[nxt])
            nxt += 1
        admit, wake = True, None
        if request:
            if running or not queue:
                admit = False
            elif len(queue) < max_jobs and t < queue[0].arrived + queue_delay:
                admit, wake = False, queue[0].arrived + queue_delay
        if window is not None and running and max(j.step for j in running) >= window:
            admit = False
        if admit and queue:
            joining = queue[:max(0, limit - len(running))]
            del queue[:len(joining)]
            if joining:
                t += TEXT(2 * len(joining))
                running += joining
        if running:
            t += UNET(2 * len(running))
            for j in running:
                j.step += 1
            done = [j for j in running if j.step == STEPS]
            running = [j for j in running if j.step < STEPS]
            if done and not pending:
                oldest_pending = t
            pending += done
            while nxt < len(jobs) and jobs[nxt].arrived <= t:
                queue.append(jobs[nxt])
                nxt += 1
            hold = pending and running and queue and len(pending) < 16 and t < oldest_pending + 2000
            if pending and not hold:
                t += VAE(len(pending))
                for j in pending:
                    j.done = t
                finished += len(pending)
                pending = []
        elif pending:
            t += VAE(len(pending))
            for j in pending:
                j.done = t
            finished += len(pending)
            pending = []
        else:
            t = max(t, min(jobs[nxt].arrived if nxt < len(jobs) else math.inf, wake or math.inf))
    return [j.done - j.arrived for j in jobs]


def p95(latencies):
    ordered = sorted(latencies)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def main():
    seeds = (1, 2, 3)
    print(f"lone job {LONE:.1f} ms; capacity at max batch 16: {capacity(16):.2f} images/s")
    print("\n(1) p95 (ms) at 70 % load, max batch 16, per seed; and the mean ratio to request admission")
    rules = {"step (engine default)": {}, "request, maxQueueDelay 100 ms": {"request": True},
             "request, maxQueueDelay 0": {"request": True, "queue_delay": 0.0}}
    for c in (4, 6, 8, 10):
        rules[f"step, at most {c} jobs at once"] = {"cap": c}
    for w in (1, 2, 3, 5, 10):
        rules[f"step, joining only in a batch's first {w} steps"] = {"window": w}
    arrivals = [poisson(0.7 * capacity(16), 1800, seed) for seed in seeds]
    base = [p95(replay(a, request=True)) for a in arrivals]
    for name, options in rules.items():
        values = [p95(replay(a, **options)) for a in arrivals]
        ratio = sum(v / b for v, b in zip(values, base)) / len(base)
        print(f"  {name:48s} {' '.join(f'{v:6.0f}' for v in values)}   {ratio:.2f}")
    print("\n(2) the high-priority stream of the 90 % mix alone (10 % of 0.9 x capacity), 5 hours per seed")
    for seed in seeds:
        highs = poisson(0.1 * 0.9 * capacity(16), 18000, seed)
        step, fcfs = p95(replay(highs)), p95(replay(highs, cap=1))
        print(f"  seed {seed}: {len(highs)} jobs, step p95 {step:.0f} ms = {step / LONE:.2f} x lone,"
              f" one at a time {fcfs:.0f} ms = {fcfs / LONE:.2f} x lone")


if __name__ == "__main__":
    main()
