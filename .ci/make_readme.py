#!/usr/bin/env python
"""Write README.md from nbs/index.ipynb without Quarto.

Executes the notebook (execnb), applies nbdev's own docs processing (hidden cells, directives, front matter),
converts to Markdown with nbconvert and turns the front matter into a title line.
`--check` compares with the committed README.md instead of writing it (exit 1 when they differ)."""
import os, re, sys
from pathlib import Path

def render(root:Path)->str:
    from execnb.nbio import read_nb, write_nb
    import tempfile
    from execnb.shell import CaptureShell
    from nbdev.processors import FilterDefaults
    from nbconvert import MarkdownExporter
    import nbformat, matplotlib, yaml
    matplotlib.use('Agg')
    nb = read_nb(root/'nbs'/'index.ipynb')
    cwd = os.getcwd(); os.chdir(root/'nbs')
    try:
        CaptureShell().run_all(nb, exc_stop=True)
        FilterDefaults()(nb)
    finally: os.chdir(cwd)
    with tempfile.TemporaryDirectory() as d:  # a round trip through the file format normalizes the outputs
        write_nb(nb, Path(d)/'index.ipynb'); node = nbformat.read(Path(d)/'index.ipynb', as_version=4)
    node.metadata['language_info'] = {'name': 'python'}
    md, _ = MarkdownExporter().from_notebook_node(node)
    def front(m):
        meta = yaml.safe_load(m.group(1))
        return f"# {meta['title']}\n" + (f"\n> {meta['description']}\n" if meta.get('description') else '')
    md = re.sub(r"\A\s*---\n(.*?)\n---\n", front, md, flags=re.S)
    md = md.replace('](images/', '](nbs/images/')  # the notebook's pictures, seen from the repository root
    return re.sub(r"\n{3,}", "\n\n", md).strip() + "\n"

if __name__ == '__main__':
    root = Path(__file__).resolve().parent.parent
    text = render(root)
    if '--check' in sys.argv:
        same = (root/'README.md').read_text() == text
        if not same: print('README.md is out of date: run python .ci/make_readme.py')
        sys.exit(0 if same else 1)
    (root/'README.md').write_text(text)
    print('README.md written')
