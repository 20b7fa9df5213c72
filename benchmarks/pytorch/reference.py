"""PyTorch timings of the BENCHMARKS.md table A workloads, on this machine, for the report.

Run with Debian's python3, python3-torch and libopenblas0-pthread (not part of the build or CI):
    /usr/bin/python3 benchmarks/pytorch/reference.py [--tsv] [--clock cpu] [--keep-freed-memory]
Prints one markdown table (or, with --tsv, one "id<TAB>seconds" line per workload, which the Java
report's order check reads): median over several repetitions, one thread. With --clock cpu the
times are the thread's CPU time (time.thread_time) instead of the wall clock, as the order check's
-Dadjoint.order.clock=cpu measures ours: on a machine other processes load, that leaves out the
time spent waiting for a core, on both sides.

With --keep-freed-memory glibc's malloc keeps freed blocks for reuse instead of giving each large one
back to the system (MALLOC_MMAP_THRESHOLD_ and friends, set by re-running the script with them: glibc
reads them at start-up). By default every tensor of more than 32 MB, and in a steady loop every one of a
few MB, is a fresh mmap whose pages fault in one by one: PyTorch's elementwise chain at 2^20 takes
23-47 ms that way on this machine kind and ~9 ms with its memory kept, at 2^24 about 4 s against
0.1 s. The order check compares with the default, as BENCHMARKS.md defines it; this shows the other.

Without OpenBLAS, Debian's PyTorch multiplies matrices with the reference BLAS, about 40 times
slower: such figures are no comparison, so the script first checks that the BLAS it loaded is
OpenBLAS and that an n=1024 sgemm takes tens of milliseconds, not hundreds, and refuses to report
otherwise (exit status 3).
"""
import os
import statistics
import sys
import time

# glibc reads these when the process starts, so the script runs itself again with them set.
KEEP_FREED_MEMORY = {"MALLOC_MMAP_THRESHOLD_": str(1 << 30), "MALLOC_TRIM_THRESHOLD_": str(1 << 31),
                     "MALLOC_TOP_PAD_": str(1 << 28)}
if "--keep-freed-memory" in sys.argv[1:] and any(os.environ.get(k) != v for k, v in KEEP_FREED_MEMORY.items()):
    os.execve(sys.executable, [sys.executable] + sys.argv, {**os.environ, **KEEP_FREED_MEMORY})

# torch.set_num_threads(1) does not reach Debian's pthreads OpenBLAS, which runs every matrix
# product on as many threads as there are cores (openblas_get_num_threads() is 2 on a 2-core
# machine after set_num_threads(1), and the main thread then does half the work). OpenBLAS reads
# this variable when torch loads it, so it must be set before the import.
os.environ["OPENBLAS_NUM_THREADS"] = "1"

import torch  # noqa: E402 (after the variable above)

torch.set_num_threads(1)

# OpenBLAS does an n=1024 sgemm in ~10-20 ms on one core of these machines; the reference BLAS in ~400.
# (REFERENCE_SGEMM_LIMIT_MS lowers the limit, to see the refusal on a machine that has OpenBLAS.)
SGEMM_1024_LIMIT_SECONDS = float(os.environ.get("REFERENCE_SGEMM_LIMIT_MS", "80")) / 1000


ARGS = sys.argv[1:]
CLOCK = (time.thread_time if "--clock" in ARGS and ARGS[ARGS.index("--clock") + 1:][:1] == ["cpu"]
         else time.perf_counter)


def median_seconds(fn, min_seconds=0.3, repetitions=7):
    fn()
    calls = 1
    while True:
        t0 = CLOCK()
        for _ in range(calls):
            fn()
        if CLOCK() - t0 > 0.05:
            break
        calls *= 2
    deadline = time.perf_counter() + min_seconds
    samples = []
    while len(samples) < repetitions or time.perf_counter() < deadline:
        t0 = CLOCK()
        for _ in range(calls):
            fn()
        samples.append((CLOCK() - t0) / calls)
    return statistics.median(samples)


def rosenbrock():
    x = torch.tensor(1.5, dtype=torch.float64, requires_grad=True)
    y = torch.tensor(-0.5, dtype=torch.float64, requires_grad=True)
    ((1 - x) ** 2 + 100 * (y - x ** 2) ** 2).backward()


def expr20():
    x = torch.tensor(0.7, dtype=torch.float64, requires_grad=True)
    y = torch.tensor(1.3, dtype=torch.float64, requires_grad=True)
    a = torch.sin(x) * torch.exp(-y)
    b = torch.tanh(a + x * y)
    c = torch.sqrt(1 + b * b) / (1 + x * x)
    d = torch.log(1 + c) * torch.cos(y) + a * b * c
    (d * d + torch.sigmoid(d - x)).backward()


def chain(n):
    x = (torch.rand(n) * 4 - 2).requires_grad_(True)

    def run():
        y = torch.sin(x) * torch.exp(-x * x) + torch.tanh(x)
        y.sum().backward()
        x.grad = None
    return run


def sgemm(n):
    a, b = torch.randn(n, n), torch.randn(n, n)
    return lambda: a @ b


def matmul_fwdbwd(n):
    a = torch.randn(n, n, requires_grad=True)
    b = torch.randn(n, n, requires_grad=True)

    def run():
        (a @ b).sum().backward()
        a.grad = None
        b.grad = None
    return run


def mlp_step():
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256),
                                torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    x, t = torch.randn(128, 784), torch.randint(0, 10, (128,))

    def run():
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), t).backward()
        opt.step()
    return run


def tiny():
    x = torch.rand(16, requires_grad=True)

    def run():
        y = x
        for _ in range(50):
            y = y * 1.0001
            y = y + 0.001
        y.sum().backward()
        x.grad = None
    return run


def human(s):
    return f"{s * 1e6:.1f} µs" if s < 1e-3 else (f"{s * 1e3:.2f} ms" if s < 1 else f"{s:.2f} s")


def loaded_blas():
    """The BLAS shared objects this process has mapped (after a matrix product has run)."""
    try:
        with open("/proc/self/maps") as maps:
            return sorted({line.split()[-1] for line in maps if "blas" in line.lower()})
    except OSError:
        return []


def refuse_without_openblas():
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    a @ b
    best = min(timed(lambda: a @ b) for _ in range(3))
    libraries = loaded_blas()
    openblas = any("openblas" in lib for lib in libraries)
    if best > SGEMM_1024_LIMIT_SECONDS or (libraries and not openblas):
        config = " ".join(torch.__config__.show().split())
        print(f"PyTorch {torch.__version__} does not multiply matrices with OpenBLAS here: sgemm n=1024 "
              f"took {best * 1e3:.0f} ms (limit {SGEMM_1024_LIMIT_SECONDS * 1e3:.0f} ms; OpenBLAS takes "
              f"~10-20 ms), BLAS libraries loaded: {libraries or 'none found'}; "
              f"torch.__config__: {config[:300]}. Install libopenblas0-pthread (apt-get install "
              f"libopenblas0-pthread) and check update-alternatives --display "
              f"libblas.so.3-x86_64-linux-gnu; refusing to report.", file=sys.stderr)
        sys.exit(3)
    return best, libraries


def timed(fn):
    t0 = CLOCK()
    fn()
    return CLOCK() - t0


rows = [
    ("scalar_rosenbrock_grad", rosenbrock),
    ("scalar_expr20_grad", expr20),
    ("tiny_100ops_fwdbwd", tiny()),
    ("elementwise_chain_fwdbwd n=2^20", chain(1 << 20)),
    ("elementwise_chain_fwdbwd n=2^24", chain(1 << 24)),
    ("sgemm n=256", sgemm(256)),
    ("sgemm n=1024", sgemm(1024)),
    ("matmul_fwdbwd n=256", matmul_fwdbwd(256)),
    ("matmul_fwdbwd n=1024", matmul_fwdbwd(1024)),
    ("mlp_train_step_b128", mlp_step()),
]
tsv = "--tsv" in ARGS
sgemm_seconds, blas = refuse_without_openblas()
note = (f"PyTorch {torch.__version__}, 1 thread, {'CPU' if CLOCK is time.thread_time else 'wall'} clock, BLAS {', '.join(blas) or 'unknown'} "
        f"(sgemm n=1024 check: {sgemm_seconds * 1e3:.1f} ms)"
        + (", glibc keeping freed memory" if "--keep-freed-memory" in ARGS else ""))
if tsv:
    print(note)
else:
    print(f"| workload | {note} |")
    print("|---|---:|")
for name, fn in rows:
    seconds = median_seconds(fn)
    print(f"{name}\t{seconds!r}" if tsv else f"| {name} | {human(seconds)} |", flush=True)
