#!/usr/bin/env python
"""Build the documentation site locally, without Quarto: the same pages as nbdev's Quarto site.

Quarto (which `nbdev_docs` and the GitHub Pages workflow use) cannot be installed from the package registries,
so this script renders the pages with nbconvert (Jupyter's own converter, from PyPI):

1. every notebook of nbs/ executed top to bottom, as the tests run it (the test runner saves these copies in
   _exec/; a notebook missing there is executed now);
2. nbdev's docs processing (the one `nbdev_docs` applies before Quarto): hidden cells dropped, `show_doc`
   entries added for every exported name, directives read;
3. nbconvert's HTML exporter (JupyterLab template), honouring the directives Quarto would (`echo: false`,
   `output: false`, `include: false`), front matter turned into a title, a sidebar linking every page.

Pages are named as nbdev names them (`01_rasterize.ipynb` -> `rasterize.html`), so the links in
`spit_nb/_modidx.py` point into this site too. `_docs/pages.json` lists each page's figures and API entries
for the browser test (`.ci/test_docs.py`).
Usage: python .ci/build_docs.py [--out _docs] [--exec-dir _exec] [--execute] [notebook ...]"""
import argparse, html, json, os, re, shutil, sys, tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT/'nbs'

def execute(path:Path, flags=()):
    "Run a notebook as the tests do (flagged and `eval: false` cells skipped); the notebook with its outputs"
    from execnb.nbio import read_nb
    from execnb.shell import CaptureShell
    from nbdev.process import extract_directives
    from nbdev.config import get_config
    skip = set(get_config().tst_flags.split()) - set(flags)
    nb = read_nb(path)
    for c in nb.cells: c.directives_ = extract_directives(c, remove=False)
    def no_eval(c):
        if c.cell_type != 'code': return True
        d = c.directives_ or {}
        return d.get('eval:', [''])[0].lower() == 'false' or bool(skip & d.keys())
    cwd = os.getcwd(); os.chdir(path.parent)
    try: CaptureShell(path).run_all(nb, exc_stop=True, preproc=no_eval)
    finally: os.chdir(cwd)
    return nb

def page_name(nb_path:Path)->str:
    "nbdev's page name: numeric prefix dropped"
    return 'index.html' if nb_path.stem == 'index' else re.sub(r'^\d+[a-z]?_', '', nb_path.stem) + '.html'

def _directives(source:str):
    "Quarto-style `#| key: value` lines at the top of a code cell, and the source without them"
    lines, d = source.splitlines(), {}
    while lines and lines[0].startswith('#|'):
        k, _, v = lines.pop(0)[2:].partition(':'); d[k.strip()] = v.strip()
    return d, '\n'.join(lines)

def _api_names(nb):
    "Names that nbdev gave an API entry (show_doc) on this page"
    return sorted({m.group(1) for c in nb.cells if c.cell_type == 'code' for m in re.finditer(r'show_doc\(([A-Za-z_][\w.]*)', c.source)})

def _plain(markdown:str)->str:
    "The text a reader sees of a one-line markdown title (code spans, emphasis and links unwrapped)"
    return re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', markdown).replace('`', '').replace('**', '').replace('*', '')

def prepare(nb):
    "Apply the directives and front matter to a processed notebook; (nbformat node, title, description, API names)"
    import nbformat, yaml
    from execnb.nbio import write_nb
    api = _api_names(nb)
    with tempfile.TemporaryDirectory() as d:
        write_nb(nb, Path(d)/'nb.ipynb'); node = nbformat.read(Path(d)/'nb.ipynb', as_version=4)
    title, desc, cells, fm = '', '', [], {}
    for c in node.cells:
        if c.cell_type == 'raw' and c.source.startswith('---'):
            fm = yaml.safe_load(c.source.strip().strip('-')) or {}
            title, desc = fm.get('title', ''), fm.get('description', ''); continue
        if c.cell_type == 'code':
            d, c.source = _directives(c.source)
            if d.get('include') == 'false': continue
            tags = c.metadata.setdefault('tags', [])
            if d.get('echo') == 'false' or not c.source.strip(): tags.append('remove_input')
            if d.get('output') == 'false': tags.append('remove_output')
            for o in c.get('outputs', []):  # show_doc's markdown carries Pandoc link attributes Quarto reads
                if 'text/markdown' in o.get('data', {}): o['data']['text/markdown'] = re.sub(r'\]\(([^)]*)\)\{[^}]*\}', r'](\1)', o['data']['text/markdown'])
        cells.append(c)
    head = f'# {title}' + (f'\n\n> {desc}' if desc else '')
    node.cells = [nbformat.v4.new_markdown_cell(head)] + cells
    node.metadata['language_info'] = {'name': 'python'}
    return node, title, desc, api, fm.get('output-file') if title else None

SIDEBAR_CSS = """
body { margin: 0; }
nav.spit-sidebar { position: fixed; top: 0; left: 0; bottom: 0; width: 15rem; overflow-y: auto; padding: 1rem;
  background: #f4f6f8; border-right: 1px solid #dde; font: 14px/1.5 system-ui, sans-serif; box-sizing: border-box; }
nav.spit-sidebar a { display: block; color: #234; text-decoration: none; padding: 0.15rem 0.3rem; border-radius: 3px; }
nav.spit-sidebar a.current { background: #dbe6f3; font-weight: 600; }
nav.spit-sidebar .site { font-size: 1.2rem; font-weight: 700; margin-bottom: 0.6rem; }
main.spit-page { margin-left: 15rem; }
.jp-Cell-inputWrapper + .jp-Cell-outputWrapper img, .jp-RenderedImage img { max-width: 100%; height: auto; }
"""

def _sidebar(pages, current, site_title):
    links = '\n'.join(f'<a href="{html.escape(p["file"])}"{" class=current" if p["file"] == current else ""}>{html.escape(p["title"])}</a>' for p in pages)
    return f'<nav class="spit-sidebar"><div class="site">{html.escape(site_title)}</div>\n{links}\n</nav>'

def _anchors(body:str)->str:
    "Add nbdev's lower-case anchors (the links in _modidx.py) beside nbconvert's heading ids"
    return re.sub(r'<h([1-6]) id="([^"]+)"', lambda m: (f'<a id="{m.group(2).lower()}"></a>' if m.group(2).lower() != m.group(2) else '') + m.group(0), body)

def render(node, pages, current, site_title)->str:
    "One HTML page from a prepared notebook"
    from nbconvert import HTMLExporter
    from traitlets.config import Config
    c = Config(); c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_input_tags = {'remove_input'}; c.TagRemovePreprocessor.remove_all_outputs_tags = {'remove_output'}
    body, _ = HTMLExporter(config=c, template_name='lab', exclude_input_prompt=True, exclude_output_prompt=True).from_notebook_node(node)
    body = _anchors(body)
    body = body.replace('</head>', f'<style>{SIDEBAR_CSS}</style>\n</head>', 1)
    body = re.sub(r'(<body[^>]*>)', lambda m: m.group(1) + _sidebar(pages, current, site_title) + '<main class="spit-page">', body, count=1)
    return body.replace('</body>', '</main>\n</body>', 1)

def _count_figures(node)->int:
    "Figures a reader should see: image outputs of shown cells and images in markdown"
    n = 0
    for c in node.cells:
        if c.cell_type == 'markdown': n += len(re.findall(r'!\[[^\]]*\]\([^)]+\)', c.source))
        elif 'remove_output' not in c.metadata.get('tags', []):
            n += sum(any(k.startswith('image/') for k in o.get('data', {})) for o in c.get('outputs', []))
    return n

def build(out:Path, exec_dir:Path|None=None, force_execute:bool=False, only=()):
    "Build the site into `out`; returns the page list"
    import matplotlib; matplotlib.use('Agg')
    os.environ['IN_TEST'] = '1'  # the pages show the notebooks as the tests run them (the tutorial at its reduced size)
    from execnb.nbio import read_nb
    from nbdev.processors import FilterDefaults
    from nbdev.config import get_config
    nbs = sorted(f for f in NBS.glob('*.ipynb') if not f.name.startswith('_'))
    nbs = [NBS/'index.ipynb'] + [f for f in nbs if f.stem != 'index']
    if only: nbs = [f for f in nbs if f.stem in only or f.name in only]
    prepared = []
    for f in nbs:
        saved = exec_dir/f.name if exec_dir else None
        nb = read_nb(saved) if saved and saved.exists() and not force_execute else execute(f)
        cwd = os.getcwd(); os.chdir(NBS)
        try: FilterDefaults()(nb)
        finally: os.chdir(cwd)
        node, title, desc, api, fname = prepare(nb)
        prepared.append((f, node, dict(file=page_name(f) if f.stem == 'index' else fname or page_name(f), notebook=f.name, title=_plain(title) or f.stem, description=desc, api=api,
                                       figures=_count_figures(node))))
    if out.exists(): shutil.rmtree(out)
    out.mkdir(parents=True)
    if (NBS/'images').is_dir(): shutil.copytree(NBS/'images', out/'images')
    pages = [p for _, _, p in prepared]
    site = get_config().lib_name
    for f, node, p in prepared: (out/p['file']).write_text(render(node, pages, p['file'], site))
    (out/'pages.json').write_text(json.dumps(pages, indent=1))
    return pages

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=str(ROOT/'_docs'), help='site folder (replaced)')
    ap.add_argument('--exec-dir', default=str(ROOT/'_exec'), help='executed notebooks saved by the test run')
    ap.add_argument('--execute', action='store_true', help='execute every notebook now, ignoring saved copies')
    ap.add_argument('notebooks', nargs='*', help='only these notebooks (a partial site, for checking a page)')
    a = ap.parse_args()
    pages = build(Path(a.out), Path(a.exec_dir), a.execute, a.notebooks)
    print(f'{len(pages)} pages, {sum(p["figures"] for p in pages)} figures, {sum(len(p["api"]) for p in pages)} API entries -> {a.out}')

if __name__ == '__main__': main()
