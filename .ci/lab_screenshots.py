#!/usr/bin/env python
"""Screenshots of the explorers running in a real JupyterLab session, taken headless, for the docs.

Starts JupyterLab on 127.0.0.1 (a random free port and token, in a temporary folder holding one small notebook
per explorer), opens each notebook in headless Chromium (Selenium), runs all its cells through JupyterLab's
own command, waits until the widgets have drawn their figures, moves one slider as a user would, and saves a
screenshot to nbs/images/. Needs jupyterlab, ipywidgets, selenium, and Debian's chromium + chromium-driver.
Usage: python .ci/lab_screenshots.py [--out nbs/images]"""
import argparse, json, os, secrets, socket, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'.ci'))
from test_docs import browser

NOTEBOOKS = {  # screenshot name -> (cells, (the slider to set, the value to type))
    'frame_explorer_lab': (["from spit_nb.classify import load_model\nmodel = load_model()  # TensorFlow starts here", "from spit_nb.explore import FrameExplorer\nfx = FrameExplorer(model=model, width=9)\nfx.frame.value = 'sample:science'\nfx"],
                           ('contrast', '0.6')),
    'raster_explorer_lab': (["import numpy as np", "from spit_nb.explore import RasterExplorer\nrx = RasterExplorer(width=9)\nrx"], ('supersample', '4')),
}

def _notebook(cells):
    return {'cells': [{'cell_type': 'code', 'execution_count': None, 'id': f'c{i}', 'metadata': {}, 'outputs': [], 'source': c}
                      for i, c in enumerate(cells)],
            'metadata': {'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'}},
            'nbformat': 4, 'nbformat_minor': 5}

def _free_port():
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def wait(fn, timeout, what):
    t0 = time.time()
    while time.time() - t0 < timeout:
        try:
            v = fn()
            if v: return v
        except Exception: pass
        time.sleep(0.5)
    raise TimeoutError(f'timed out after {timeout} s waiting for {what}')

JS_IMAGES = "return Array.from(document.querySelectorAll('.jp-OutputArea img')).filter(i => i.complete && i.naturalWidth > 0).map(i => i.src)"

def shoot(drv, base, token, name, slider, value, out:Path):
    drv.get(f'{base}/lab/tree/{name}.ipynb?token={token}')
    wait(lambda: drv.execute_script("return window.jupyterapp && document.querySelector('.jp-Notebook') !== null"), 120, 'JupyterLab')
    time.sleep(3)  # the kernel starts
    drv.execute_script("jupyterapp.commands.execute('notebook:run-all-cells')")
    first = wait(lambda: drv.execute_script(JS_IMAGES), 240, f'the {name} figures')
    # set a slider the way a user would: type a new value into its read-out box and press Enter
    box = drv.execute_script(f"""const ws = Array.from(document.querySelectorAll('.widget-slider, .jupyter-widget-slider'));
        const w = ws.find(e => e.querySelector('label') && e.querySelector('label').textContent.trim() == '{slider}');
        return w ? w.querySelector('.widget-readout') : null""")
    if box is None: drv.save_screenshot(str(out/f'{name}-failed.png')); raise RuntimeError(f'no {slider!r} slider found in {name}')
    from selenium.webdriver.common.keys import Keys
    box.click(); box.send_keys(Keys.CONTROL, 'a'); box.send_keys(value, Keys.ENTER)
    try: wait(lambda: drv.execute_script(JS_IMAGES) != first, 120, f'the {name} figure to redraw after setting {slider!r}')
    except TimeoutError: drv.save_screenshot(str(out/f'{name}-failed.png')); raise
    # tidy the window for the picture: file browser folded, news toast dismissed, TensorFlow's start-up log lines cleared
    drv.execute_script("""jupyterapp.shell.collapseLeft();
        for (const b of document.querySelectorAll('.Toastify__toast button, .jp-toast-button')) if (b.textContent.trim() == 'No') b.click();
        jupyterapp.shell.currentWidget.content.widgets[0].model.outputs.clear();""")
    time.sleep(2)
    drv.save_screenshot(str(out/f'{name}.png'))
    print(f'{out/name}.png: {slider!r} set to {value}, figure redrawn')

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=str(ROOT/'nbs'/'images'))
    a = ap.parse_args(); out = Path(a.out); out.mkdir(parents=True, exist_ok=True)
    port, token = _free_port(), secrets.token_hex(16)
    with tempfile.TemporaryDirectory() as d:
        for name, (cells, _) in NOTEBOOKS.items(): (Path(d)/f'{name}.ipynb').write_text(json.dumps(_notebook(cells)))
        env = {**os.environ, 'MPLBACKEND': 'Agg', 'TF_CPP_MIN_LOG_LEVEL': '3'}
        lab = subprocess.Popen([sys.executable, '-m', 'jupyterlab', '--no-browser', f'--ServerApp.port={port}', '--ServerApp.ip=127.0.0.1',
                                f'--IdentityProvider.token={token}', '--LabApp.expose_app_in_browser=True', f'--ServerApp.root_dir={d}',
                                '--ServerApp.open_browser=False', '--allow-root'], env=env, stdout=subprocess.DEVNULL, stderr=open(Path(d)/'lab.log', 'w'))
        drv = browser()
        if drv is None: lab.terminate(); sys.exit('no chromium/chromedriver: apt-get install chromium chromium-driver')
        drv.set_window_size(1400, 1050)
        try:
            base = f'http://127.0.0.1:{port}'
            wait(lambda: socket.create_connection(('127.0.0.1', port), timeout=1), 60, 'the JupyterLab server')
            for name, (_, (slider, value)) in NOTEBOOKS.items(): shoot(drv, base, token, name, slider, value, out)
        finally:
            drv.quit(); lab.terminate(); lab.wait(20)

if __name__ == '__main__': main()
