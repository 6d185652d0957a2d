#!/usr/bin/env python
"""Peak memory of typing one very large frame (issue 33 §1): `spit_classify` on a 6000 x 6000 float32 frame (144 MB of
pixels) in a fresh process, against the same command on a small frame measured in the same run (the process's own
footprint: Python, TensorFlow and the model). Target: peak resident memory below 1 GB in total.

Usage: python benchmarks/bench_memory.py [--size 6000]
"""
import argparse, resource, subprocess, sys, tempfile
from pathlib import Path
import numpy as np
from astropy.io import fits


def frame(n, rng):
    "A float32 raw frame of n x n pixels: a bias level, read noise, a lit slit with a star's trace and a few lines"
    f = rng.normal(1000, 5, (n, n)).astype(np.float32)
    f[n // 4:3 * n // 4] += 200 + 150 * (np.arange(n) % 97 == 0)[None, :]  # slit-wide lines along the dispersion
    f[n // 2 - 3:n // 2 + 3] += 3000  # a bright trace
    return np.round(f)


def peak_mb(path):
    "Peak resident memory (MB) of a fresh `spit_classify` on one file"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    r = subprocess.run([sys.executable, '-c', 'import sys; from spit_nb.classify import spit_classify; sys.exit(spit_classify(sys.argv[1:]))',
                        str(path), '--workers', '1'], capture_output=True, text=True)
    if r.returncode: raise SystemExit(r.stderr)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(after, before) / 1024, r.stdout.strip().splitlines()[-1]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0]); ap.add_argument('--size', type=int, default=6000)
    a = ap.parse_args(argv); rng = np.random.default_rng(0); tmp = Path(tempfile.mkdtemp())
    small, big = tmp / 'small.fits', tmp / 'big.fits'
    fits.PrimaryHDU(frame(400, rng)).writeto(small); fits.PrimaryHDU(frame(a.size, rng)).writeto(big)
    m_small, _ = peak_mb(small)  # first: RUSAGE_CHILDREN keeps the largest child so far
    m_big, row = peak_mb(big)
    print(f'spit_classify on a 400 x 400 frame: peak {m_small:.0f} MB (the process itself)')
    print(f'spit_classify on a {a.size} x {a.size} float32 frame ({a.size ** 2 * 4 / 1e6:.0f} MB of pixels): peak {m_big:.0f} MB '
          f'(target < 1024 MB), {m_big - m_small:.0f} MB above the small frame; {row}')


if __name__ == '__main__': main()
