#!/usr/bin/env python
"""Run every notebook as a test (in parallel, one fresh process each), then the repository checks:
notebooks clean, module exported in sync, README generated from nbs/index.ipynb.
Prints one line per test and a final `N passed, N failed`; exits 1 when anything failed.
Usage: python .ci/run_tests.py [--flags slow] [--workers N] [notebook names...]"""
import argparse, filecmp, multiprocessing, os, shutil, subprocess, sys, tempfile, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

def run_notebook(args):
    "Run one notebook top to bottom with nbdev's test runner; (name, ok, seconds, error text)"
    path, flags = args
    import io, contextlib
    from nbdev.test import test_nb
    from nbdev.config import get_config
    skip = get_config().tst_flags.split()
    t0, buf = time.time(), io.StringIO()
    os.chdir(path.parent)
    native, saved = tempfile.TemporaryFile(), os.dup(2)  # C-level stderr too (TensorFlow logs there): kept, shown only on failure
    os.dup2(native.fileno(), 2)
    try:
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
            try: ok, _ = test_nb(path, skip_flags=[f for f in skip if f not in flags], force_flags=flags, do_print=False)
            except Exception as e: ok = False; print(f'{type(e).__name__}: {e}')
    finally:
        os.dup2(saved, 2); os.close(saved)
    native.seek(0)
    return path.name, bool(ok), time.time() - t0, native.read().decode(errors='replace')[-3000:] + buf.getvalue()

def _tree_copy(tmp):
    "Copy what nbdev needs into tmp; return the copy's root"
    dst = Path(tmp)/'repo'
    for name in ('nbs', 'spit_nb'): shutil.copytree(ROOT/name, dst/name, ignore=shutil.ignore_patterns('__pycache__', '.ipynb_checkpoints'))
    for name in ('settings.ini', 'setup.py', 'README.md'): shutil.copy2(ROOT/name, dst/name)
    shutil.copytree(ROOT/'.ci', dst/'.ci')
    return dst

def _changed(a, b, names):
    "Files under the listed folders that differ between two trees"
    out = []
    for name in names:
        for f in sorted((a/name).rglob('*')):
            if f.is_file() and '__pycache__' not in f.parts and not filecmp.cmp(f, b/f.relative_to(a), shallow=False):
                out.append(str(f.relative_to(a)))
    return out

def check_clean_and_exported():
    "nbdev_clean and nbdev_export, run on a copy, must change nothing"
    with tempfile.TemporaryDirectory() as tmp:
        dst = _tree_copy(tmp)
        for cmd in ('nbdev_clean', 'nbdev_export'):
            r = subprocess.run([cmd], cwd=dst, capture_output=True, text=True)
            if r.returncode: return False, f'{cmd} failed: {r.stderr[-2000:]}'
            changed = _changed(ROOT, dst, ['nbs', 'spit_nb'])
            if changed: return False, f'{cmd} changed {", ".join(changed)}: run nbdev_clean && nbdev_export and commit'
    return True, ''

def check_readme():
    "README.md must be what .ci/make_readme.py generates from nbs/index.ipynb"
    r = subprocess.run([sys.executable, str(ROOT/'.ci'/'make_readme.py'), '--check'], cwd=ROOT, capture_output=True, text=True)
    return r.returncode == 0, (r.stdout + r.stderr)[-3000:]

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('notebooks', nargs='*', help='notebook names (default: all of nbs/ not starting with _)')
    p.add_argument('--flags', default='', help='test flags to run too, e.g. slow')
    p.add_argument('--workers', type=int, default=os.cpu_count() or 2)
    a = p.parse_args()
    nbs = sorted(f for f in (ROOT/'nbs').glob('*.ipynb') if not f.name.startswith('_'))
    if a.notebooks: nbs = [f for f in nbs if f.name in a.notebooks or f.stem in a.notebooks]
    results = []
    t0 = time.time()
    with ProcessPoolExecutor(a.workers, mp_context=multiprocessing.get_context('spawn'), max_tasks_per_child=1) as ex:
        for name, ok, secs, err in ex.map(run_notebook, [(f, a.flags.split()) for f in nbs]):
            results.append((name, ok)); print(f"{'PASS' if ok else 'FAIL'}  {name}  ({secs:.0f} s)", flush=True)
            if not ok: print(err[-6000:], flush=True)
    for name, check in (('notebooks clean and module exported', check_clean_and_exported), ('README generated from index.ipynb', check_readme)):
        ok, err = check()
        results.append((name, ok)); print(f"{'PASS' if ok else 'FAIL'}  {name}", flush=True)
        if not ok: print(err, flush=True)
    npass = sum(ok for _, ok in results)
    print(f'\n({time.time() - t0:.0f} s)\n{npass} passed, {len(results) - npass} failed')
    return 0 if npass == len(results) else 1

if __name__ == '__main__': sys.exit(main())
