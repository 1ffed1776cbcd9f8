"""Epoch time of sparkfit's synchronous parameter averaging on N executors, on paper (docs/SCALING.md).

Every round is one Spark job: the driver broadcasts the flat state (S bytes: parameters and optimizer state), each
executor fits `frequency` mini-batches and sends its state back, and the driver sums them. Per epoch:

    rounds(N)  = ceil(ceil(examples / (N * batch)) / frequency)
    round(N)   = job + frequency * batch_seconds + bytes_through_driver(N) / link
    epoch(N)   = rounds(N) * round(N) + job + evaluation / N

bytes_through_driver(N) = S * (N + r(N)): the broadcast is one TorrentBroadcast block when S is under Spark's 4 MiB
block size, so the driver serves it to every executor, and r(N) results come back: N while Spark's treeReduce
(depth 2) keeps one level (N <= 5), else N // ceil(sqrt(N)) partial sums, the rest crossing between executors in parallel.

    python3 scripts/scaling_model.py --batch-seconds 0.0105 --job-seconds 0.040 --state-mb 3.26 \
        --evaluation-seconds 0.25 [--examples 60000 --batch 128]
prints epoch seconds for N = 1..64 executors at 1, 10 and 25 Gbit/s and averaging frequencies 5, 10, 20, 40.
"""
import argparse
import math


def results_at_driver(n):
    """How many partial sums reach the driver: Spark's treeAggregate(depth=2) loop."""
    scale = max(math.ceil(n ** 0.5), 2)
    while n > scale + math.ceil(n / scale):
        n //= scale
    return n


def epoch_seconds(n, frequency, gbits, a):
    batches = math.ceil(a.examples / (n * a.batch))
    rounds = math.ceil(batches / frequency)
    bytes_per_round = a.state_mb * 1e6 * (n + results_at_driver(n))
    fit = min(frequency, batches) * a.batch_seconds
    return (rounds * (a.job_seconds + fit + bytes_per_round * 8 / (gbits * 1e9)) + a.job_seconds
            + a.evaluation_seconds / n)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--batch-seconds", type=float, required=True, help="one executor core's time per mini-batch")
    p.add_argument("--job-seconds", type=float, required=True, help="a round's Spark job cost beyond its tasks")
    p.add_argument("--state-mb", type=float, required=True, help="flat state per round (MB)")
    p.add_argument("--evaluation-seconds", type=float, default=0.0, help="the held-out evaluation on one core")
    p.add_argument("--examples", type=int, default=60000)
    p.add_argument("--batch", type=int, default=128)
    a = p.parse_args()
    executors = [1, 2, 4, 8, 16, 32, 64]
    print("epoch seconds, averaging every 10 (rows: Gbit/s; columns: executors)")
    print("%-8s" % "link" + "".join("%8d" % n for n in executors))
    for gbits in (1, 10, 25):
        print("%-8s" % ("%d Gb/s" % gbits) + "".join("%8.2f" % epoch_seconds(n, 10, gbits, a) for n in executors))
    print("\nepoch seconds at 10 Gbit/s by averaging frequency (rows) and executors (columns)")
    print("%-8s" % "every" + "".join("%8d" % n for n in executors))
    for frequency in (5, 10, 20, 40):
        print("%-8d" % frequency + "".join("%8.2f" % epoch_seconds(n, frequency, 10, a) for n in executors))
    print("\nshare of the epoch outside fitting at 10 Gbit/s, averaging every 10")
    print("%-8s" % "" + "".join("%7.0f%%" % (100 * (1 - fit_share(n, a))) for n in executors))


def fit_share(n, a):
    batches = math.ceil(a.examples / (n * a.batch))
    return batches * a.batch_seconds / epoch_seconds(n, 10, 10, a)


if __name__ == "__main__":
    main()
