"""Leave-one-instrument-out study of `spit_nb.adapt`: adapt the model to k labelled real frames per type of one
spectrograph, judge its other frames, the other spectrographs' frames and a simulated test set.

    python benchmarks/study_adapt.py OUT [--sim-test DATASET] [--ks 2,5] [--model M] [--instruments A,B]

Writes OUT/adapt_loio.json (one row per instrument and k) and prints a markdown table. Needs the real frames
($SPIT_NB_DATA) and about 3 minutes per adaptation on 2 cores. The models it makes are for measuring only:
the shipped model is never adapted to real frames."""
import argparse, json, time
from pathlib import Path
import numpy as np
from spit_nb.headers import real_frames
from spit_nb.preprocess import preprocess_many
from spit_nb.dataset import CLASSES, load_split, load_stats
from spit_nb.classify import load_model, model_config, classify_images, DEFAULT_MODEL
from spit_nb.adapt import adapt_model, simulated_nights
from spit_nb.real import is_right


def picks(frames, k, rng):
    "Up to k frames of each type, leaving at least one of each type to judge"
    chosen = []
    for t in sorted({f['type'] for f in frames}):
        of = [f for f in frames if f['type'] == t]
        n = min(k, len(of) - 1)
        chosen += [of[i] for i in rng.choice(len(of), n, replace=False)] if n > 0 else []
    return chosen


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('out'); ap.add_argument('--sim-test', help='a data set whose test split is judged too')
    ap.add_argument('--ks', default='2,5'); ap.add_argument('--model', default=str(DEFAULT_MODEL)); ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--epochs', type=int, default=3); ap.add_argument('--learning-rate', type=float, default=3e-4); ap.add_argument('--share', type=float, default=0.1)
    ap.add_argument('--tolerance', type=float, default=0.01, help="simulated accuracy an epoch may lose (adapt_model's)")
    ap.add_argument('--instruments', help='comma-separated instrument folders to hold out (default: all)')
    a = ap.parse_args(); out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    frames = [f for f in real_frames() if not f['ambiguous']]
    if not frames: raise SystemExit('no real frames: set $SPIT_NB_DATA')
    base = load_model(a.model); cfg = model_config(base)
    x, st, good, bad = preprocess_many([f['path'] for f in frames], cfg, None, False, stats=True)
    assert not bad, bad
    sim = simulated_nights(out / 'simulated')
    xs = ys = ss = None
    if a.sim_test: (xs, ys, _), ss = load_split(a.sim_test, 'test'), load_stats(a.sim_test, 'test')
    insts = sorted({f['instrument'] for f in frames}) if not a.instruments else a.instruments.split(','); rows = []

    inst = np.array([f['instrument'] for f in frames])

    def answers(model):
        "Which real frames the model types right, and its simulated test score (or None)"
        ok = np.array([is_right(r.label, f['type']) for r, f in zip(classify_images(x, model, stats=st), frames)])
        if xs is None: return ok, None
        return ok, float(np.mean(np.array([r.label for r in classify_images(xs, model, stats=ss)]) == np.array(CLASSES)[ys]))

    def judge(answered, held, tag):
        ok, sim_final = answered; names = {str(f['path']) for f in held}
        mine = (inst == tag) & ~np.array([str(f['path']) in names for f in frames])
        row = dict(right_held_out=int(ok[mine].sum()), judged=int(mine.sum()),
                   right_others=int(ok[inst != tag].sum()), others=int((inst != tag).sum()))
        return row if sim_final is None else {**row, 'sim_final': sim_final}

    base_answers = answers(base)  # the starting model, typed once

    for tag in insts:
        mine = [f for f in frames if f['instrument'] == tag]
        rows.append(dict(instrument=tag, k=0, labelled=0, seconds=0., **judge(base_answers, [], tag)))
        print(rows[-1], flush=True)
        for k in (int(v) for v in a.ks.split(',')):
            held = picks(mine, k, np.random.default_rng((a.seed, k, len(tag))))
            t0 = time.time()
            rep = adapt_model([(f['path'], f['type']) for f in held], out / f'{tag}_k{k}', simulated=sim, model=a.model, seed=a.seed,
                              epochs=a.epochs, learning_rate=a.learning_rate, share=a.share, tolerance=a.tolerance)
            rows.append(dict(instrument=tag, k=k, labelled=len(held), seconds=round(time.time() - t0, 1),
                             kept_epoch=rep['kept_epoch'], epoch_scores=rep['epoch_scores'],
                             **judge(answers(load_model(rep['model'])), held, tag),
                             base_right_held_out=judge(base_answers, held, tag)['right_held_out']))  # the start on the same frames
            print(rows[-1], flush=True)
            (out / 'adapt_loio.json').write_text(json.dumps(rows, indent=1))  # kept as it goes
    (out / 'adapt_loio.json').write_text(json.dumps(rows, indent=1))
    print('| instrument | k | labelled | its other frames right (before) | other instruments right | simulated test |')
    print('|---|---|---|---|---|---|')
    for r in rows:
        s = f"{r['sim_final']:.3f}" if 'sim_final' in r else '-'
        print(f"| {r['instrument']} | {r['k']} | {r['labelled']} | {r['right_held_out']}/{r['judged']} ({r.get('base_right_held_out', r['right_held_out'])}) | {r['right_others']}/{r['others']} | {s} |")


if __name__ == '__main__': main()
