# Sourced by sparkfit's launchers (scripts/sparkfit, scripts/bench, scripts/local-cluster.sh): the environment ND4J's
# native code reads when it loads, so it must be set before the JVM starts. An exported value is kept.
#  - One OpenMP thread per Spark task, waiting passively: on few cores, spinning OpenMP threads slow every BLAS.
#  - OPENBLAS_CORETYPE=SKYLAKEX on AMD CPUs with AVX-512 (Zen 4 and later): ND4J's bundled OpenBLAS 0.3.19
#    predates them; left to itself on a Zen 5 machine it reached 40 GFLOP/s per thread, with SKYLAKEX 135-150
#    (docs/CLUSTER.md, docs/BENCHMARKS.md).
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}" OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ -r /proc/cpuinfo ] && grep -q '^vendor_id.*AuthenticAMD' /proc/cpuinfo &&
   grep -m1 '^flags' /proc/cpuinfo | grep -qw avx512f; then
  export OPENBLAS_CORETYPE=SKYLAKEX
fi
