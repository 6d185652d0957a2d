#!/usr/bin/env python
"""Open every page of the locally built docs (`.ci/build_docs.py`) in headless Chromium and check it as a reader would:
the page loads with its title and sidebar, every figure is there and decoded (an <img> with a real size),
every sidebar link opens an existing page, and every exported function and class of spit_nb has its API entry
where nbdev's index (`spit_nb/_modidx.py`) says it is.
Needs Debian's `chromium` and `chromium-driver` and the `selenium` package. Prints PASS/FAIL per page;
exits 1 on any failure. Without Chromium it prints SKIP and exits 0 (the README says how to install it).
Usage: python .ci/test_docs.py [--site _docs]"""
import argparse, json, shutil, sys, time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROME_ARGS = ('--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking')

def browser():
    "A headless Chromium driven by Selenium, or None when Chromium or its driver is missing"
    chrome = shutil.which('chromium') or shutil.which('chromium-browser') or shutil.which('google-chrome')
    driver = shutil.which('chromedriver')
    if not (chrome and driver): return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    o = webdriver.ChromeOptions(); o.binary_location = chrome
    for a in CHROME_ARGS: o.add_argument(a)
    o.add_argument('--window-size=1280,900')
    return webdriver.Chrome(options=o, service=Service(driver))

def api_entries():
    "{page file: [anchors]} of every public function and class, from nbdev's symbol index"
    sys.path.insert(0, str(ROOT))
    from spit_nb._modidx import d
    out = defaultdict(list)
    for mod, syms in d['syms'].items():
        for name, (link, _) in syms.items():
            short = name[len(mod) + 1:]
            if short.startswith('_') or '.' in short: continue  # private helpers and methods have no entry of their own
            page, _, anchor = link.partition('#'); out[page].append(anchor)
    return out

JS_FIGURES = "return Array.from(document.images).filter(i => !i.closest('nav')).map(i => [i.complete && i.naturalWidth > 0, i.getAttribute('src').slice(0, 40)])"

def check_page(drv, site:Path, page:dict, api:list)->list:
    "Problems found on one page (empty when it is fine)"
    problems = []
    drv.get((site/page['file']).resolve().as_uri())
    for _ in range(100):  # large pages (many embedded figures) can still be decoding on a busy machine: wait up to 10 s
        if drv.execute_script('return document.readyState') == 'complete': break
        time.sleep(0.1)
    else: problems.append('did not finish loading in 10 s')
    h1 = drv.execute_script("const h = document.querySelector('main h1'); return h ? h.textContent : ''")
    if page['title'] and page['title'] not in h1: problems.append(f'title {page["title"]!r} not shown (h1 is {h1!r})')
    figs = drv.execute_script(JS_FIGURES)
    bad = [src for ok, src in figs if not ok]
    if bad: problems.append(f'{len(bad)} figure(s) not displayed: {bad[:3]}')
    if len(figs) < page['figures']: problems.append(f'{len(figs)} figures on the page, {page["figures"]} expected')
    links = drv.execute_script("return Array.from(document.querySelectorAll('nav.spit-sidebar a')).map(a => a.getAttribute('href'))")
    missing = [l for l in links if not (site/l).exists()]
    if not links or missing: problems.append(f'sidebar links broken: {missing or "none found"}')
    absent = [a for a in api if not drv.execute_script('return document.getElementById(arguments[0]) !== null', a)]
    if absent: problems.append(f'no API entry for {absent}')
    return problems

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--site', default=str(ROOT/'_docs'))
    a = ap.parse_args(); site = Path(a.site)
    pages = json.loads((site/'pages.json').read_text())
    drv = browser()
    if drv is None:
        print('SKIP  docs browser test: no chromium/chromedriver (apt-get install chromium chromium-driver)'); return 0
    api, failed = api_entries(), 0
    unknown = sorted(set(api) - {p['file'] for p in pages})
    try:
        for p in pages:
            problems = check_page(drv, site, p, api.get(p['file'], []))
            failed += bool(problems)
            print(f"{'FAIL' if problems else 'PASS'}  docs page {p['file']} ({p['figures']} figures, {len(api.get(p['file'], []))} API entries)")
            for q in problems: print(f'      {q}')
    finally: drv.quit()
    if unknown: print(f'FAIL  docs pages for every module: no page for {unknown}'); failed += 1
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
