"""Measure a model as a release is measured: the evaluation plan's frames (normalized test, final scheme, unknowns,
by set-up kind), optionally the test split of other data sets, and the real frames by instrument (pixels only and
with the header's evidence).

    python benchmarks/evaluate_release.py MODEL OUT.json [--plan FOLDER] [--test FOLDER ...]

MODEL is a .keras file or `shipped`. FOLDER for the plan is built with `spit_simulate` (`evaluation_command`) when
it is missing (about 5 minutes on 2 cores). The real frames need the data folder ($SPIT_NB_DATA); without it that
part is skipped. The JSON is what `spit_nb/models/spit_compact.json` keeps under `evaluation`."""
import argparse, json, time
from pathlib import Path
import numpy as np
from astropy.table import Table
from spit_nb.classify import load_model
from spit_nb.dataset import load_split, load_stats, spit_simulate, CLASSES
from spit_nb.evaluate import normalized_test, final_scheme, evaluation_command
from spit_nb.real import type_real_frames, instrument_summary


def judge(folder, usage, model):
    "Normalized-test and final-scheme scores of one split, overall, by set-up kind and by type"
    (x, y, names), s = load_split(folder, usage), load_stats(folder, usage)
    m = Table.read(Path(folder) / 'manifest.ecsv'); kind_of = dict(zip(m['frame'], m['instrument']))
    kinds = np.array([kind_of[str(n)] for n in names])
    t, p = normalized_test(x, y, model, stats=s)
    tf, pf, _ = final_scheme(x, y, model, stats=s)
    r = dict(frames=len(y), normalized=float(np.mean(t == p)), final=float(np.mean(tf == pf)),
             unknown=float(np.mean(pf == 'unknown')))
    r['final_by_kind'] = {k: [int((kinds == k).sum()), float(np.mean(tf[kinds == k] == pf[kinds == k]))] for k in sorted(set(kinds))}
    r['recall'] = {c: float(np.mean(pf[tf == c] == c)) for c in CLASSES}
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('model'); ap.add_argument('out')
    ap.add_argument('--plan', default='judge', help='folder of the evaluation plan (built when missing)')
    ap.add_argument('--test', nargs='*', default=[], help="data sets whose test split is judged too")
    a = ap.parse_args(); t0 = time.time()
    model = load_model(None if a.model == 'shipped' else a.model)
    if not (Path(a.plan) / 'validation.npz').exists(): spit_simulate(evaluation_command(a.plan))
    res = {'evaluation plan': judge(a.plan, 'validation', model)}
    print('evaluation plan', json.dumps(res['evaluation plan']), flush=True)
    for folder in a.test:
        res[f'test split of {Path(folder).name}'] = judge(folder, 'test', model); print(folder, json.dumps(res[f'test split of {Path(folder).name}']), flush=True)
    verdicts = type_real_frames(model=model)
    if verdicts:
        tab = instrument_summary(verdicts); tab.pprint_all()
        res['real frames'] = {str(r['instrument']): dict(frames=int(r['frames']), pixels=int(r['pixels only']), header=int(r['with header']))
                              for r in tab}
        res['real frames wrong'] = [dict(file=Path(v.path).name, instrument=v.instrument, truth=v.truth, pixels=v.pixels.label,
                                         header=v.header.label) for v in verdicts if not (v.right('pixels') and v.right('header'))]
    res['seconds'] = round(time.time() - t0)
    Path(a.out).write_text(json.dumps(res, indent=1))


if __name__ == '__main__': main()
