"""PyTorch timings of the BENCHMARKS.md table A workloads, on this machine, for the report.

Run with Debian's python3 and python3-torch (not part of the build or CI):
    /usr/bin/python3 benchmarks/pytorch/reference.py
Prints one markdown table: median over several repetitions, one thread.
"""
import math
import statistics
import time

import torch

torch.set_num_threads(1)


def median_seconds(fn, min_seconds=0.3, repetitions=7):
    fn()
    calls = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        if time.perf_counter() - t0 > 0.05:
            break
        calls *= 2
    deadline = time.perf_counter() + min_seconds
    samples = []
    while len(samples) < repetitions or time.perf_counter() < deadline:
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        samples.append((time.perf_counter() - t0) / calls)
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
print(f"| workload | PyTorch {torch.__version__}, 1 thread, this machine |")
print("|---|---:|")
for name, fn in rows:
    print(f"| {name} | {human(median_seconds(fn))} |")
