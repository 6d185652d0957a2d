#!/usr/bin/env python
"""Rasterizer benchmark: every route on the same synthetic 4-year Kepler spectra (~35,700 points), 128×128.

Prints medians and ratios measured in this run (machines are noisy: compare ratios, not absolute times):
the column-by-column reference oracle, the matplotlib → PNG → resize route, the pure-NumPy version,
`plot_to_array` one spectrum at a time (log10 inputs, and linear inputs with log=True), `plot_to_arrays` on all
cores, and the streaming floor (reading x and y once). Usage: python benchmarks/bench_rasterize.py [--batch 4000]"""
import argparse, os, time
import numpy as np
from spit_nb.data import frequency_grid, simulate_power_spectrum
from spit_nb.rasterize import (plot_to_array, plot_to_arrays, plot_to_array_numpy, reference_plot_to_array,
                               matplotlib_png_route)

def median_time(fn, args_list, reps):
    "Median seconds of fn(*args) over reps calls, cycling through args_list (after one warm-up call)"
    fn(*args_list[0])
    ts = []
    for i in range(reps):
        a = args_list[i % len(args_list)]
        t = time.perf_counter(); fn(*a); ts.append(time.perf_counter() - t)
    return float(np.median(ts))

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--batch', type=int, default=4000, help='spectra in the batch run')
    p.add_argument('--spectra', type=int, default=20, help='distinct spectra for the single-spectrum runs')
    a = p.parse_args()
    f = frequency_grid(4*365.25)
    rng = np.random.default_rng(0)
    P = np.stack([simulate_power_spectrum(f, 10**rng.uniform(0.8, 2.4), seed=rng) for _ in range(a.spectra)])
    lf, LP = np.log10(f), np.log10(P)
    single = [(lf, LP[j]) for j in range(a.spectra)]
    print(f'{a.spectra} synthetic spectra of {len(f)} points, 128×128; {os.cpu_count()} cores\n')
    res = {}
    res['reference oracle'] = median_time(reference_plot_to_array, single, 7)
    res['matplotlib → PNG → resize'] = median_time(matplotlib_png_route, single, 7)
    res['pure NumPy'] = median_time(plot_to_array_numpy, single, 200)
    res['plot_to_array'] = median_time(plot_to_array, single, 2000)
    res['plot_to_array, log=True'] = median_time(lambda x, y: plot_to_array(x, y, log=True), [(f, P[j]) for j in range(a.spectra)], 2000)
    res['np.log10 of both + plot_to_array'] = median_time(lambda x, y: plot_to_array(np.log10(x), np.log10(y)), [(f, P[j]) for j in range(a.spectra)], 500)
    res['plot_to_array, supersample=4'] = median_time(lambda x, y: plot_to_array(x, y, supersample=4), single, 1000)
    res['floor: read x and y once'] = median_time(lambda x, y: (x.sum(), y.sum()), single, 2000)
    B = LP[np.arange(a.batch) % a.spectra]
    out = np.empty((a.batch, 128, 128), np.float32)
    plot_to_arrays(lf, B[:50], out=out[:50])
    tb = median_time(lambda: plot_to_arrays(lf, B, out=out), [()], 5)
    res[f'plot_to_arrays ({a.batch} spectra), per spectrum'] = tb/a.batch
    rate = a.batch/tb
    ref, mpl, ours, floor = res['reference oracle'], res['matplotlib → PNG → resize'], res['plot_to_array'], res['floor: read x and y once']
    print(f"{'route':46s} {'median':>12s} {'× faster than oracle':>22s}")
    for k, v in res.items(): print(f'{k:46s} {v*1e6:10.1f} µs {ref/v:20.0f}×')
    checks = [
        (f'plot_to_array vs reference oracle: {ref/ours:,.0f}× (target ≥ 300×)', ref/ours >= 300),
        (f'plot_to_array vs matplotlib route: {mpl/ours:,.0f}× (target ≥ 1000×)', mpl/ours >= 1000),
        (f'batch throughput: {rate:,.0f} spectra/s (target ≥ 20,000/s)', rate >= 20000),
        (f'distance to the streaming floor: {ours/floor:.2f}× (target ≤ 2×)', ours/floor <= 2),
        (f'numba kernel vs pure NumPy: {res["pure NumPy"]/ours:.1f}× faster', True),
        (f'log=True vs taking np.log10 first: {res["np.log10 of both + plot_to_array"]/res["plot_to_array, log=True"]:.1f}× faster', True),
    ]
    print()
    for text, ok in checks: print(('ok    ' if ok else 'MISSED') + '  ' + text)

if __name__ == '__main__': main()
