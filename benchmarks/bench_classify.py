#!/usr/bin/env python
"""Benchmark what the review flag costs: the shipped model's four-orientation probabilities alone
(`orientation_probabilities`) against `classify_images`, which also reads each expert's own probabilities
(one network call with three outputs) to flag answers for review. Both on the same preprocessed simulated frames,
in one run; prints medians and their ratio.

Target (issue 30 §3): the flag costs under 10% of the network's time.

Usage: python benchmarks/bench_classify.py [--repeat 7] [--frames 32]
"""
import argparse
import numpy as np
from spit_nb.cli import import_tensorflow
import_tensorflow()
from spit_nb.classify import load_model, orientation_probabilities, classify_images
from spit_nb.preprocess import preprocess_steps
from spit_nb.simulate import simulate_frame
from spit_nb.dataset import CLASSES
from bench_model import median_time  # (this folder is on the path when a script here runs)

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--repeat', type=int, default=7); p.add_argument('--frames', type=int, default=32)
    a = p.parse_args(argv)
    model = load_model()
    views = [preprocess_steps(simulate_frame(CLASSES[k % 5], 'random', seed=k).data) for k in range(a.frames)]
    x, s = np.stack([v.image for v in views]), np.stack([v.stats for v in views])
    t_p = median_time(lambda: orientation_probabilities(x, model, s), a.repeat)
    t_c = median_time(lambda: classify_images(x, model, stats=s), a.repeat)
    print(f'{a.frames} frames, median of {a.repeat}:')
    print(f'  orientation_probabilities (the network alone)  {t_p * 1e3 / a.frames:7.2f} ms a frame')
    print(f'  classify_images (vote, experts, review flag)   {t_c * 1e3 / a.frames:7.2f} ms a frame  ({t_c / t_p:.2f}x)')

if __name__ == '__main__': main()
