#!/usr/bin/env python
"""Benchmark classifying many small frames on this machine's process pool against a dask.distributed LocalCluster of
the same number of worker processes (issue 33 §2), measured in the same run: frames/s for 500, 1,000 and 2,000 files,
and the peak resident memory of each cluster worker after each count (it should stay flat as the count grows: the
workers keep one model and stream the frames through). The files are copies of a few dozen distinct simulated frames
of small spectrographs, gzipped, so the work per file is that of real ones.

Usage: python benchmarks/bench_scale.py [--counts 500,1000,2000] [--workers 2] [--distinct 40]
"""
import argparse, os, resource, shutil, tempfile, time
from pathlib import Path
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
import numpy as np


def peak_rss_mb():
    "This process's peak resident memory (MB)"
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_frames(folder, n, distinct):
    "n gzipped FITS files: copies of `distinct` simulated frames of small spectrographs, of every type"
    from spit_nb.simulate import simulate_frame, draw_instrument, FRAME_TYPES
    src = []
    for k in range(distinct):
        inst = draw_instrument('amateur', k)
        f = folder / f'src{k:03d}.fits.gz'; simulate_frame(FRAME_TYPES[k % len(FRAME_TYPES)], inst, seed=k).write(f); src.append(f)
    paths = []
    for i in range(n):
        p = folder / f'f{i:05d}.fits.gz'; shutil.copy(src[i % distinct], p); paths.append(p)
    return paths


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--counts', default='500,1000,2000'); ap.add_argument('--workers', type=int, default=2)
    ap.add_argument('--distinct', type=int, default=40)
    a = ap.parse_args(argv)
    counts = [int(c) for c in a.counts.split(',')]
    from spit_nb.classify import classify_many, load_model
    from spit_nb.cluster import connect
    tmp = Path(tempfile.mkdtemp())
    paths = write_frames(tmp, max(counts), a.distinct)
    model = load_model(); classify_many(paths[:8], model, workers=1, progress=False)  # load and warm the network here
    print(f'{max(counts)} files ({a.distinct} distinct small simulated frames, gzipped); {a.workers} workers; {os.cpu_count()} cores')
    client = connect(f'local:{a.workers}')
    classify_many(paths[:4 * a.workers], client=client, progress=False)  # every worker loads the network once
    print(f"{'frames':>7s} {'pool frames/s':>14s} {'cluster frames/s':>17s} {'ratio':>6s}  cluster workers' peak memory (MB)  main process (MB)")
    for n in counts:
        t = time.perf_counter(); here = classify_many(paths[:n], model, workers=a.workers, progress=False); tp = time.perf_counter() - t
        t = time.perf_counter(); there = classify_many(paths[:n], client=client, progress=False); tc = time.perf_counter() - t
        assert [r.label for r in here] == [r.label for r in there] and not any(r.error for r in there)
        mem = sorted(client.run(peak_rss_mb).values())
        print(f'{n:7d} {n / tp:14.1f} {n / tc:17.1f} {tp / tc:6.2f}  {", ".join(f"{m:.0f}" for m in mem):>32s}  {peak_rss_mb():.0f}', flush=True)
    client.close(); shutil.rmtree(tmp)


if __name__ == '__main__': main()
