#!/usr/bin/env python
"""Benchmark the SPIT paper's network against our compact network, in one run on this machine's CPU (or GPU):
training images/s (batch 30, Adam), inference frames/s (each frame is 4 orientations) with and without the
preprocessing of a raw Kast-blue-sized frame, and the size of each saved .keras file. The compact network is
measured twice: on the image alone, and as shipped, with the frame statistics as a second input read by three
averaged statistics experts (their measurement is then part of the preprocessing). Prints medians and the compact/paper ratios.

Targets: the compact network >= 20x the paper network's CPU inference speed (issue 5). Issue 33, from the same
frames written as gzipped FITS files: the whole shipped pipeline (read, preprocess, frame statistics, network, vote)
<= 1.5x the cost of reading the files alone; from memory >= 100 frames/s on one core; and the shipped pipeline >= 10x
the paper network's, preprocessing included. All on one process, medians.

Usage: python benchmarks/bench_model.py [--repeat 5] [--frames 32]
"""
import argparse, os, shutil, tempfile, time
from pathlib import Path
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
import numpy as np
from spit_nb.model import build_model, compact_network, stats_network, combine_networks, NETWORKS
from spit_nb.preprocess import preprocess, preprocess_steps, STAT_NAMES
from spit_nb.scale import four_flips
from spit_nb.simulate import simulate_frame

def median_time(f, repeat):
    f(); ts = []  # the first call builds the graph: not timed
    for _ in range(repeat):
        t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
    return float(np.median(ts))

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--repeat', type=int, default=5); p.add_argument('--frames', type=int, default=64)
    a = p.parse_args(argv)
    raw = [simulate_frame(t, 'kast_blue', seed=i).data for i, t in enumerate(['bias', 'arc', 'flat', 'science', 'standard'] * (a.frames // 5 + 1))][:a.frames]
    t_pre = median_time(lambda: [preprocess(f) for f in raw], a.repeat) / a.frames  # seconds per frame, one process
    t_pre_st = median_time(lambda: [preprocess_steps(f) for f in raw], a.repeat) / a.frames  # with the frame statistics
    imgs = np.stack([preprocess(f) for f in raw]); st = np.stack([preprocess_steps(f).stats for f in raw])
    x = np.concatenate([four_flips(i) for i in imgs])[..., None]; s4 = np.repeat(st, 4, axis=0)
    rng = np.random.default_rng(0); pick = rng.integers(len(x), size=30); yb = rng.integers(5, size=30)
    rows = {}
    for name in ('paper', 'compact', 'compact+stats'):
        with_stats = name.endswith('+stats')
        if with_stats:  # the shipped form: the image expert and three statistics experts (trained apart) as one model
            m = combine_networks(compact_network(), [stats_network((st.mean(0), st.var(0) + 1e-6)) for _ in range(3)], 0.6)
        else: m = build_model(name)
        def inputs(sl): return {'image': x[sl], 'stats': s4[sl]} if with_stats else x[sl]
        t_step = np.inf if with_stats else median_time(lambda: m.train_on_batch(inputs(pick), yb), a.repeat)  # the experts train apart
        t_inf = median_time(lambda: [m.predict_on_batch(inputs(slice(k, k + 128))) for k in range(0, len(x), 128)], a.repeat) / a.frames
        tp = t_pre_st if with_stats else t_pre
        with tempfile.TemporaryDirectory() as d:  # the network alone, as shipped (no optimizer state)
            (m if with_stats else NETWORKS[name]()).save(Path(d) / 'm.keras')
            size = (Path(d) / 'm.keras').stat().st_size
        rows[name] = dict(params=m.count_params(), train=30 / t_step, infer=1 / t_inf, infer_pre=1 / (t_inf + tp), size=size)
        print(f"{name:14s} {m.count_params():>11,} parameters  training {30 / t_step if np.isfinite(t_step) else float('nan'):8.1f} images/s  "
              f"inference {1 / t_inf:8.1f} frames/s ({1 / (t_inf + tp):6.1f} with preprocessing)  file {size / 1e6:7.2f} MB", flush=True)
    P = rows['paper']
    pipeline_vs_read(raw, a.repeat, rows)
    print(f"preprocessing alone: {1 / t_pre:.1f} frames/s on one process (Kast blue, 350 x 2112); with the frame statistics {1 / t_pre_st:.1f} frames/s")
    for name in ('compact', 'compact+stats'):
        C = rows[name]
        train = '' if name.endswith('+stats') else f"training {C['train'] / P['train']:.1f}x, "  # the experts train apart: the image expert's speed is the compact row
        print(f"{name} / paper: {train}inference {C['infer'] / P['infer']:.1f}x "
              f"(target >= 20x), with preprocessing {C['infer_pre'] / P['infer_pre']:.1f}x, file {P['size'] / C['size']:.0f}x smaller")

def pipeline_vs_read(raw, repeat, rows):
    "The whole shipped pipeline from gzipped files against reading them, and from memory (issue 33's targets)"
    from astropy.io import fits
    from spit_nb.classify import classify_many, load_model
    tmp = Path(tempfile.mkdtemp()); paths = []
    for i, f in enumerate(raw):
        p = tmp / f'f{i:03d}.fits.gz'; fits.PrimaryHDU(f.astype(np.uint16)).writeto(p); paths.append(p)
    model = load_model()
    t_read = median_time(lambda: [fits.getdata(p) for p in paths], repeat) / len(paths)
    t_file = median_time(lambda: classify_many(paths, model, workers=1, progress=False, pixels_only=True), repeat) / len(paths)
    t_mem = median_time(lambda: classify_many(list(raw), model, workers=1, progress=False), repeat) / len(paths)
    shutil.rmtree(tmp)
    paper = 1 / rows['paper']['infer_pre']  # the paper network's seconds per frame, its preprocessing included
    print(f"shipped pipeline from .fits.gz: {t_file * 1e3:.1f} ms a frame; reading alone {t_read * 1e3:.1f} ms -> "
          f"{t_file / t_read:.2f}x the read (target <= 1.5x)")
    print(f"shipped pipeline from memory: {1 / t_mem:.1f} frames/s on one process (target >= 100); "
          f"{paper / t_mem:.1f}x the paper network's with its preprocessing (target >= 10x)")

if __name__ == '__main__': main()
