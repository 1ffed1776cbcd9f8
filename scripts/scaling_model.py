"""Epoch time of sparkfit on N executors, on paper (docs/SCALING.md), for the ring exchange of issue 13.

A run's epochs are one barrier stage: every executor fits its own mini-batches, and every `frequency` of them (every
one with `spark.exchange: allreduce`) the executors sum S bytes (parameters and optimizer state, or the gradient)
with a ring allreduce among themselves; the driver only schedules the stage, hosts the rendezvous and takes each
epoch's reports. Per epoch:

    batches(N)   = ceil(examples / (N * batch))                    mini-batches per executor
    rounds(N)    = ceil(batches(N) / frequency)
    ring(N)      = 2 (N - 1) / N * S * (8 / link + copy) + 2 (N - 1) * latency
    round(N)     = frequency * batch_seconds * (1 + wait) + state + ring(N)
    epoch(N)     = rounds(N) * round(N) + stage / epochs + report + evaluation / N

ring(N): each executor sends and receives 2 (N - 1) / N of the buffer, whatever N is, in 2 (N - 1) steps of one
latency each; `copy` is the per-byte cost on the executors' side (copies in and out of the socket, the sums),
measured on loopback, where the link itself costs almost nothing. `wait` is the time the executors wait for the
slowest at each round, as a share of the round's fitting (measured on local[2]). `state` is each executor's own
work on the state in a round, with or without peers (copying it out of the network and back, weighting, dividing):
one executor's `exchange` per round. `stage` is the run's fixed cost in
Spark, paid once by its first epoch: launching the stage, the rendezvous, fetching the starting state; `report` is
each epoch's report to the driver (rank 0's state) and its answer.

    python3 scripts/scaling_model.py --batch-seconds 0.0092 --state-mb 3.26 --copy-ns 1.1 --latency-ms 0.13 \
        --state-ms 1.9 --stage-seconds 0.3 --report-seconds 0.02 --wait 0.1 --evaluation-seconds 0.3 \
        [--epochs 5 --examples 60000 --batch 128]
prints epoch seconds for N = 1..64 executors at 1, 10 and 25 Gbit/s, averaging every 10 and allreduce every
mini-batch (whose buffer is the gradient alone: --gradient-mb, default half of --state-mb, as for RMSProp).
"""
import argparse
import math

EXECUTORS = [1, 2, 4, 8, 16, 32, 64]


def ring_seconds(n, megabytes, gbits, a):
    if n == 1:
        return 0.0
    per_byte = 8 / (gbits * 1e9) + a.copy_ns * 1e-9
    return 2 * (n - 1) / n * megabytes * 1e6 * per_byte + 2 * (n - 1) * a.latency_ms / 1e3


def epoch_seconds(n, frequency, megabytes, gbits, a, global_batch=False):
    batch = a.batch / n if global_batch else a.batch
    batch_seconds = a.batch_seconds * (batch / a.batch) if global_batch else a.batch_seconds
    batches = math.ceil(a.examples / (n * batch))
    rounds = math.ceil(batches / frequency)
    fit = min(frequency, batches) * batch_seconds
    wait = a.wait if n > 1 else 0.0
    state = a.state_ms / 1e3 * (megabytes / a.state_mb)
    return rounds * (fit * (1 + wait) + state + ring_seconds(n, megabytes, gbits, a)) + a.stage_seconds / a.epochs \
        + a.report_seconds + a.evaluation_seconds / n


def table(title, frequency, megabytes, a, global_batch=False):
    print(title)
    print("%-8s" % "link" + "".join("%8d" % n for n in EXECUTORS))
    for gbits in (1, 10, 25):
        print("%-8s" % ("%d Gb/s" % gbits) + "".join(
            "%8.2f" % epoch_seconds(n, frequency, megabytes, gbits, a, global_batch) for n in EXECUTORS))
    fit = [math.ceil(a.examples / (n * (a.batch / n if global_batch else a.batch)))
           * (a.batch_seconds / n if global_batch else a.batch_seconds) for n in EXECUTORS]
    print("%-8s" % "outside" + "".join(
        "%7.0f%%" % (100 * (1 - (f + a.evaluation_seconds / n) / epoch_seconds(n, frequency, megabytes, 10, a,
                                                                              global_batch)))
        for n, f in zip(EXECUTORS, fit)) + "   (share outside fitting and evaluation, 10 Gbit/s)")
    print()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--batch-seconds", type=float, required=True, help="one executor core's time per mini-batch")
    p.add_argument("--state-mb", type=float, required=True, help="parameters and optimizer state (MB)")
    p.add_argument("--gradient-mb", type=float, help="the gradient (MB); default half the state")
    p.add_argument("--copy-ns", type=float, required=True, help="executor-side cost per byte of the ring (ns)")
    p.add_argument("--latency-ms", type=float, required=True, help="one ring step's latency (ms)")
    p.add_argument("--state-ms", type=float, default=0.0,
                   help="an executor's own work on the state per round, peers or not (ms; one executor's exchange)")
    p.add_argument("--stage-seconds", type=float, required=True, help="the run's fixed cost in Spark, once")
    p.add_argument("--report-seconds", type=float, default=0.0, help="each epoch's report to the driver")
    p.add_argument("--epochs", type=int, default=5, help="the run's epochs, which share the stage's cost")
    p.add_argument("--wait", type=float, default=0.0, help="waiting for the slowest, share of a round's fitting")
    p.add_argument("--evaluation-seconds", type=float, default=0.0, help="the held-out evaluation on one core")
    p.add_argument("--examples", type=int, default=60000)
    p.add_argument("--batch", type=int, default=128)
    a = p.parse_args()
    gradient = a.gradient_mb if a.gradient_mb is not None else a.state_mb / 2
    table("epoch seconds, averaging every 10 (rows: link; columns: executors)", 10, a.state_mb, a)
    table("epoch seconds, allreduce every mini-batch of a global batch of %d" % a.batch, 1, gradient, a, True)


if __name__ == "__main__":
    main()
