#!/usr/bin/env python
"""Benchmark the raw-frame simulator: frames per second on one core for every frame type, on Kast-sized frames
(Kast blue 350 x 2112, Kast red 250 x 1232) and on random instruments, against a straightforward numpy version
of the same frame (per-row np.interp for the slit light, numpy Poisson and normal draws for the noise) measured
in the same run.

Target (issue 4): >= 50 Kast-sized frames/s on one core. Prints medians and ratios.

Usage: python benchmarks/bench_simulate.py [--repeat 30]
"""
import argparse, os, time
os.environ.setdefault('NUMBA_NUM_THREADS', '1'); os.environ.setdefault('OMP_NUM_THREADS', '1')
import numpy as np
from spit_nb.simulate import (FRAME_TYPES, simulate_frame, draw_instrument, draw_exposure, slit_profile, arc_spectrum,
                              flat_spectrum, sky_spectrum, amp_layout, _MARGIN)

def baseline_frame(frametype, kind, seed):
    "The same frame written the plain numpy way (light by per-row interpolation, numpy noise draws)"
    rng = np.random.default_rng(seed); inst = draw_instrument(kind, rng); e = draw_exposure(frametype, inst, rng)
    nspat, nspec = inst.spatial_spectral; light = np.zeros((nspat, nspec))
    if frametype not in ('bias', 'dark'):
        wave = inst.wavelengths(); spec = {'arc': arc_spectrum, 'flat': flat_spectrum}.get(frametype, sky_spectrum)(inst, wave, e, rng)
        yc = np.arange(nspat) - nspat / 2; shift = inst.tilt * yc; prof = slit_profile(inst, e); u = np.arange(spec.size)
        for y in range(nspat): light[y] = prof[y] * np.interp(np.arange(nspec) + _MARGIN - shift[y], u, spec)
    amp, (r0, c0) = amp_layout(inst)
    el = np.zeros(amp.shape); el[r0:r0 + inst.shape[0], c0:c0 + inst.shape[1]] = light if inst.dispersion_axis == 1 else light.T
    el += inst.dark_current * e['exptime'] / 3600
    counts = rng.poisson(el) + rng.normal(0, 1, el.shape) * np.array(inst.read_noise * 2)[amp]
    adu = np.array(list(inst.bias) * 2)[amp] + counts / np.array(inst.gain * 2)[amp]
    return np.clip(np.round(adu), 0, 65535).astype(np.uint16)

def median_time(f, repeat):
    f(0); ts = []
    for i in range(repeat):
        t = time.perf_counter(); f(i + 1); ts.append(time.perf_counter() - t)
    return float(np.median(ts))

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0]); p.add_argument('--repeat', type=int, default=30)
    a = p.parse_args(argv)
    print(f"{'instrument':10s} {'type':9s} {'ours ms':>8s} {'frames/s':>9s} {'baseline ms':>12s} {'ratio':>6s}")
    summary = {}
    for kind in ('kast_blue', 'kast_red', 'random'):
        ours_all, base_all = [], []
        for ft in FRAME_TYPES:
            t = median_time(lambda s: simulate_frame(ft, kind, seed=s), a.repeat)
            b = median_time(lambda s: baseline_frame(ft, kind, s), max(a.repeat // 3, 3))
            ours_all.append(t); base_all.append(b)
            print(f'{kind:10s} {ft:9s} {t * 1e3:8.1f} {1 / t:9.0f} {b * 1e3:12.1f} {b / t:6.1f}x')
        summary[kind] = (len(FRAME_TYPES) / sum(ours_all), sum(base_all) / sum(ours_all))
    for kind, (fps, ratio) in summary.items():
        print(f'{kind}: {fps:.0f} frames/s over an even mix of the six types, {ratio:.1f}x the numpy baseline')
    kast = min(summary['kast_blue'][0], summary['kast_red'][0])
    print(f"Kast-sized target >= 50 frames/s on one core: {'met' if kast >= 50 else 'NOT met'} ({kast:.0f} frames/s)")

if __name__ == '__main__': main()
