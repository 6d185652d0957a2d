#!/usr/bin/env python
"""Benchmark the SPIT preprocessing pipeline (read -> trim -> 210x650 -> zscale -> uint8) on a Kast-blue-sized
frame (350 x 2112 uint16), against a plain baseline written the straightforward way and measured in the same run.

Prints medians and ratios. Targets (issue 3): >= 150 frames/s on one core from memory and >= 5x the baseline;
preprocess_many on a folder limited by decompression, not by our compute. Also times `frame_statistics` (the
shipped model's second input) as shipped (raw counts counted by compiled kernels) against the same function on
np.median/np.percentile and on NumPy sorts only, and prints how far apart their numbers are (float rounding). Times the header evidence (issue 31: under 1 ms a frame) and the optional second image channel (signal-to-noise,
`PreprocessConfig(channels=('zscale', 'snr'))`) against the one-channel pipeline.

Usage: python benchmarks/bench_preprocess.py [--repeat 15] [--files 40]
Uses the real frame b27.fits.gz when the data folder is found, else a simulated frame of the same size.
"""
import argparse, gzip, os, shutil, sys, tempfile, time, warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
import numpy as np
from scipy import interpolate
from astropy.io import fits
from astropy.stats import sigma_clip
from astropy.visualization import ZScaleInterval
from spit_nb.data import data_dir
import spit_nb.preprocess as pre
from spit_nb.preprocess import preprocess, preprocess_many, preprocess_steps, frame_statistics, PreprocessConfig

def baseline(raw):
    "The straightforward pipeline: astropy sigma_clip of the whole frame, Python scans, per-axis interp1d, zscale"
    img = raw.astype(float)
    if img.shape[0] > img.shape[1]: img = np.rot90(img)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        m = np.ma.max(sigma_clip(img, sigma=3, axis=0), axis=1).filled(np.nan)
    med = np.median(m[m > 0])
    def scan(v):
        for i in range(1, len(v)):
            if v[i] > 1.1 * v[i - 1] or abs(v[i] - med) < 0.2 * med: return i
        return 0
    a, b = scan(m), scan(m[::-1])
    d = img[a:img.shape[0] - b]
    for axis in (1, 0):
        n, k = d.shape[axis], (210, 650)[axis]
        d = interpolate.interp1d(np.arange(n), d, axis=axis, fill_value='extrapolate')(np.arange(k) * n / k)
    z1, z2 = ZScaleInterval(1000, 0.25).get_limits(d)
    return (255 * (np.clip(d, z1, z2) - z1) / (z2 - z1)).astype(np.uint8)

def median_time(f, repeat):
    ts = []
    for _ in range(repeat): t0 = time.perf_counter(); f(); ts.append(time.perf_counter() - t0)
    return float(np.median(ts))

def _read_only(p): return fits.getdata(p).shape

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--repeat', type=int, default=15)
    ap.add_argument('--files', type=int, default=40)
    a = ap.parse_args(argv)
    kast = data_dir('kast')
    tmp = Path(tempfile.mkdtemp())
    if kast is not None and (kast/'b27.fits.gz').exists():
        src, what = kast/'b27.fits.gz', 'real Kast blue science frame b27'
    else:
        rng = np.random.default_rng(0)
        f = rng.normal(970, 4, (350, 2112)); f[20:330, :2048] += 250 + 100 * (np.arange(2048) % 61 == 0)
        src, what = tmp/'sim.fits.gz', 'simulated 350x2112 frame (data folder not found)'
        fits.PrimaryHDU(np.round(f).astype(np.uint16)).writeto(src)
    raw = fits.getdata(src)
    print(f'frame: {what}, {raw.shape} {raw.dtype}; medians over {a.repeat} runs; {os.cpu_count()} cores')
    preprocess(raw); preprocess(src)  # compile/caches
    ok = np.abs(baseline(raw).astype(int) - preprocess(raw)).max()
    tb = median_time(lambda: baseline(raw), a.repeat)
    tm = median_time(lambda: preprocess(raw), a.repeat)
    tf = median_time(lambda: preprocess(src), a.repeat)
    tr = median_time(lambda: fits.getdata(src), a.repeat)
    print(f'baseline (straightforward), from memory : {tb * 1e3:7.2f} ms  ({1 / tb:6.1f} frames/s)')
    print(f'preprocess, from memory                 : {tm * 1e3:7.2f} ms  ({1 / tm:6.1f} frames/s)  -> {tb / tm:.1f}x the baseline (target >= 5x; >= 150 frames/s)')
    print(f'preprocess, from the .fits.gz file      : {tf * 1e3:7.2f} ms  ({1 / tf:6.1f} frames/s)')
    print(f'  of which reading the file (astropy)   : {tr * 1e3:7.2f} ms  ({tr / tf:.0%} of the time)')
    print(f'  largest difference from the baseline image: {ok} grey levels')
    data = preprocess_steps(raw, stats=False).trimmed
    def stats_with(counting=True, **swap):
        "frame_statistics timed with some of its helpers swapped for others, and its numbers"
        saved = {k: getattr(pre, k) for k in swap}
        for k, v in swap.items(): setattr(pre, k, v)
        try: return median_time(lambda: frame_statistics(data, counting=counting), a.repeat), frame_statistics(data, counting=counting)
        finally:
            for k, v in saved.items(): setattr(pre, k, v)
    ts, fast = stats_with()
    tsb, plain = stats_with(False, fast_median=np.median, _middle=np.median, sorted_percentile=np.percentile, sort_values=np.ravel)  # NumPy's partition-based medians
    tss, sort_only = stats_with(False, sort_values=lambda x: np.sort(x, axis=None))  # every median by NumPy's sorts
    print(f'frame_statistics, np.median/np.percentile: {tsb * 1e3:7.2f} ms')
    print(f'frame_statistics, medians by NumPy sorts  : {tss * 1e3:7.2f} ms  -> {tsb / tss:.1f}x faster')
    print(f'frame_statistics, as shipped (raw counts counted by compiled kernels): {ts * 1e3:7.2f} ms  -> {tsb / ts:.1f}x and {tss / ts:.1f}x faster; '
          f'largest difference {max(np.abs(fast - plain).max(), np.abs(fast - sort_only).max()):.1e} (float rounding)')
    tfs = median_time(lambda: preprocess_steps(src), a.repeat)
    print(f'preprocess_steps with statistics, .fits.gz: {tfs * 1e3:7.2f} ms  ({1 / tfs:6.1f} frames/s: the shipped model\'s input)')
    from spit_nb.headers import header_evidence
    hs = preprocess_steps(src, stats=False).headers; header_evidence(hs)  # the headers read with the pixels; the catalogue loaded once
    th = median_time(lambda: header_evidence(hs), a.repeat)
    print(f'header evidence (pointing, standard, exposure): {th * 1e3:7.3f} ms  -> {th / tfs:.1%} of preprocess_steps (target < 1 ms)')
    two = PreprocessConfig(channels=('zscale', 'snr'))
    tm2 = median_time(lambda: preprocess(raw, two), a.repeat)
    print(f'preprocess with the S/N channel, memory  : {tm2 * 1e3:7.2f} ms  ({1 / tm2:6.1f} frames/s)  -> {tm2 / tm:.2f}x the one-channel time')
    folder = tmp/'night'; folder.mkdir()
    for k in range(4 * a.files): shutil.copy(src, folder/f'f{k:03d}.fits.gz')
    paths = sorted(folder.iterdir())
    nw = os.cpu_count() or 1
    def run(ps):
        t0 = time.perf_counter(); imgs, good, bad = preprocess_many(ps, n_workers=nw, progress=False)
        assert len(good) == len(ps) and not bad
        return time.perf_counter() - t0
    t1, t4 = run(paths[:a.files]), run(paths)
    tp = (t4 - t1) / (3 * a.files)  # marginal seconds per frame: the pool's start-up cancels out
    import multiprocessing as mp
    with ProcessPoolExecutor(nw, mp_context=mp.get_context('spawn')) as ex:
        list(ex.map(_read_only, paths[:nw]))
        t0 = time.perf_counter(); list(ex.map(_read_only, paths)); td = (time.perf_counter() - t0) / len(paths)
    print(f'preprocess_many on {nw} processes: {a.files} files {t1:.2f} s, {4 * a.files} files {t4:.2f} s (pool start-up {t1 - a.files * tp:.2f} s)')
    print(f'  marginal rate {1 / tp:6.1f} frames/s; reading the same files only, warm pool: {1 / td:6.1f} frames/s')
    print(f'  -> decompression is {td / tp:.0%} of the batch time per frame (our compute the rest)')
    shutil.rmtree(tmp)

if __name__ == '__main__': main()
