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
    "Run one notebook top to bottom as nbdev's test runner does; save the executed copy in exec_dir; (name, ok, seconds, error text)"
    path, flags, exec_dir = args
    import io, contextlib, traceback
    sys.path.insert(0, str(ROOT/'.ci'))
    from build_docs import execute
    from execnb.nbio import write_nb
    os.environ['IN_TEST'] = '1'
    t0, buf = time.time(), io.StringIO()
    native, saved = tempfile.TemporaryFile(), os.dup(2)  # C-level stderr too (TensorFlow logs there): kept, shown only on failure
    os.dup2(native.fileno(), 2)
    try:
        with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(buf):
            try:
                nb = execute(path, flags); ok = True
                if exec_dir: Path(exec_dir).mkdir(exist_ok=True); write_nb(nb, Path(exec_dir)/path.name)
            except (Exception, SystemExit): ok = False; traceback.print_exc()  # (a usage error's SystemExit inside a cell is a failure, not the runner's exit)
    finally:
        os.dup2(saved, 2); os.close(saved)
    native.seek(0)
    return path.name, ok, time.time() - t0, native.read().decode(errors='replace')[-3000:] + buf.getvalue()

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

def check_flagged_cells():
    "A cell behind a test flag (e.g. slow) must hold no import: nbdev's docs processing runs every cell with an import, flags or not"
    import ast, json
    from nbdev.config import get_config
    flags = {f'#| {f}' for f in get_config().tst_flags.split()}
    bad = []
    for f in sorted((ROOT/'nbs').glob('*.ipynb')):
        for c in json.loads(f.read_text())['cells']:
            src = ''.join(c['source'])
            if c['cell_type'] != 'code' or not any(l.strip() in flags for l in src.splitlines()): continue
            try: tree = ast.parse('\n'.join(l for l in src.splitlines() if not l.lstrip().startswith(('#', '%', '!'))))
            except SyntaxError: continue
            if any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(tree)): bad.append(f'{f.name}: {src.splitlines()[1][:60]!r}')
    return not bad, 'flagged cells with imports (move the imports to an unflagged cell): ' + '; '.join(bad)

def check_readme():
    "README.md must be what .ci/make_readme.py generates from nbs/index.ipynb"
    r = subprocess.run([sys.executable, str(ROOT/'.ci'/'make_readme.py'), '--check'], cwd=ROOT, capture_output=True, text=True)
    return r.returncode == 0, (r.stdout + r.stderr)[-3000:]

def docs_tests(exec_dir):
    "Build the docs site from the executed notebooks and open every page in headless Chromium; one result per page"
    r = subprocess.run([sys.executable, str(ROOT/'.ci'/'build_docs.py'), '--exec-dir', str(exec_dir)], cwd=ROOT, capture_output=True, text=True)
    print(f"{'PASS' if r.returncode == 0 else 'FAIL'}  docs build  {r.stdout.strip()}", flush=True)
    if r.returncode: print(r.stderr[-4000:], flush=True); return [('docs build', False)]
    r = subprocess.run([sys.executable, str(ROOT/'.ci'/'test_docs.py')], cwd=ROOT, capture_output=True, text=True)
    print(r.stdout + r.stderr[-4000:], end='', flush=True)
    res = [('docs build', True)] + [(l[6:], {'PASS': True, 'FAIL': False, 'SKIP': None}[l[:4]])
                                    for l in r.stdout.splitlines() if l[:6] in ('PASS  ', 'FAIL  ', 'SKIP  ')]
    if r.returncode and all(ok is not False for _, ok in res): res.append(('docs browser test', False))
    return res

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('notebooks', nargs='*', help='notebook names (default: all of nbs/ not starting with _)')
    p.add_argument('--flags', default='', help='test flags to run too, e.g. slow')
    p.add_argument('--workers', type=int, default=os.cpu_count() or 2)
    p.add_argument('--exec-dir', default=str(ROOT/'_exec'), help='where the executed notebooks go (the docs are built from them)')
    p.add_argument('--no-docs', action='store_true', help='skip the docs build and browser test')
    a = p.parse_args()
    nbs = sorted(f for f in (ROOT/'nbs').glob('*.ipynb') if not f.name.startswith('_'))
    if a.notebooks: nbs = [f for f in nbs if f.name in a.notebooks or f.stem in a.notebooks]
    results = []
    t0 = time.time()
    if not a.notebooks: shutil.rmtree(a.exec_dir, ignore_errors=True)  # the docs must come from this run's notebooks only
    with ProcessPoolExecutor(a.workers, mp_context=multiprocessing.get_context('spawn'), max_tasks_per_child=1) as ex:
        for name, ok, secs, err in ex.map(run_notebook, [(f, a.flags.split(), a.exec_dir) for f in nbs]):
            results.append((name, ok)); print(f"{'PASS' if ok else 'FAIL'}  {name}  ({secs:.0f} s)", flush=True)
            if not ok: print(err[-6000:], flush=True)
    for name, check in (('notebooks clean and module exported', check_clean_and_exported), ('README generated from index.ipynb', check_readme),
                        ('no imports in flagged cells', check_flagged_cells)):
        ok, err = check()
        results.append((name, ok)); print(f"{'PASS' if ok else 'FAIL'}  {name}", flush=True)
        if not ok: print(err, flush=True)
    if not a.notebooks and not a.no_docs: results += docs_tests(Path(a.exec_dir))
    npass, nfail = sum(ok is True for _, ok in results), sum(ok is False for _, ok in results)
    nskip = len(results) - npass - nfail
    print(f'\n({time.time() - t0:.0f} s)\n{npass} passed, {nfail} failed' + (f', {nskip} skipped' if nskip else ''))
    return 1 if nfail else 0

if __name__ == '__main__': sys.exit(main())
