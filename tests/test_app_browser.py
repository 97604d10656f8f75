"""End-to-end: the real app server (``cocreatie app``) driven in real Chromium.

Chromium is found or installed by the session fixture ``chromium`` (``conftest.py``,
``browser_setup.py``: ``$CHROMIUM``, then ``PATH``, then Playwright's cache, else it installs
one); Playwright only drives it. The server runs in its own process group, which is killed
whatever happens. Every test opens a fresh page, which Solara gives its own state.
Screenshots of the main views go to ``tests/artifacts/``.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from sim.model import CoCreationModel
from sim.scenarios import load
from viz.app import history_csv

from own_scenario import OWN

ARTIFACTS = Path(__file__).parent / "artifacts"
#: Chromium flags for a closed network and no screen: no background calls home, no GPU.
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 30_000
#: The server reports every deprecation in its log (as the tests treat them as errors).
SERVER_WARNINGS = {"PYTHONWARNINGS": "always::DeprecationWarning,"
                   "always::PendingDeprecationWarning,always::FutureWarning"}
#: Deprecations in the server's log that are not ours and that we cannot fix.
SERVER_WARNINGS_IGNORED = [
    # Solara (solara/server/starlette.py) and uvicorn (protocols/websockets/websockets_impl.py)
    # import websockets.legacy, deprecated since websockets 14; fixed upstream, not here.
    "DeprecationWarning: websockets.legacy is deprecated",
    # ipyvuetify's file field (extra/file_input.py), which the scenario upload uses, reads a
    # file through ipykernel's Kernel._parent_header, deprecated since ipykernel 6.
    "DeprecationWarning: Kernel._parent_header is deprecated",
]

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_group(proc: subprocess.Popen) -> None:
    """End ``proc`` and every process in its process group: SIGTERM, then after 10 s (or
    at once for what is left when ``proc`` has gone) SIGKILL."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``cocreatie app`` on a free loopback port, as a user starts it, in a session (process
    group) of its own. Afterwards, its output must show that it tried to reach nothing beyond
    this machine."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("app") / "server.log"
    url = f"http://127.0.0.1:{port}/"
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "sim", "app", "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT, text=True,
                                start_new_session=True, env={**os.environ, **SERVER_WARNINGS})
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(url, timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the app did not start:\n{log_path.read_text()}")
                time.sleep(0.5)
        yield url
    finally:
        stop_group(proc)
    output = log_path.read_text()
    assert output.startswith(f"The app is at {url}"), output[:300]
    assert "Could not load URL" not in output and "Traceback" not in output, output
    deprecations = [line for line in output.splitlines()
                    if re.search(r"(Deprecation|Future)Warning", line)
                    and not any(known in line for known in SERVER_WARNINGS_IGNORED)]
    assert deprecations == [], "\n".join(deprecations)


@pytest.fixture(scope="module")
def browser(chromium):
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=FLAGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser, server):
    """A fresh page on the app, with every console error and failed request recorded."""
    context = browser.new_context(viewport={"width": 1500, "height": 1900})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.problems = []
    pg.on("console", lambda m: pg.problems.append(f"console: {m.text}")
          if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("requestfailed", lambda r: pg.problems.append(f"failed: {r.url}"))
    pg.on("response", lambda r: pg.problems.append(f"HTTP {r.status}: {r.url}")
          if r.status >= 400 else None)
    pg.on("request", lambda r: None if on_this_machine(r.url)
          else pg.problems.append(f"left this machine: {r.url}"))
    pg.goto(server)
    step_button(pg).wait_for()
    expect(week(pg, 0)).to_be_visible()
    yield pg
    context.close()


def on_this_machine(url: str) -> bool:
    """Whether a request stays on loopback (or in the page: data and blob addresses)."""
    return url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:"))


def step_button(pg: Page, label: str = "Step"):
    return pg.get_by_role("button", name=label, exact=True)


def week(pg: Page, n: int, word: str = "Week"):
    return pg.get_by_text(re.compile(rf"^{word} {n} \(")).first


def shot(pg: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.wait_for_timeout(300)  # let the last image decode
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def play_until(pg: Page, weeks: int) -> None:
    """Play at full speed until at least ``weeks`` weeks have passed, then pause."""
    pg.locator(".v-input", has_text="Speed").get_by_role("slider").focus()
    pg.keyboard.press("End")
    pg.get_by_role("button", name="Play", exact=True).click()
    pg.wait_for_function(f"""() => [...document.querySelectorAll('.week-counter')].every(
        e => parseInt(e.innerText.split(' ')[1]) >= {weeks})""")
    pg.get_by_role("button", name="Pause", exact=True).click()
    expect(step_button(pg)).to_be_enabled()


def map_picture(pg: Page) -> str:
    """What the first map's canvas shows, as an image address."""
    return pg.locator(".neighbourhood-map canvas").first.evaluate("c => c.toDataURL()")


def chart_weeks(pg: Page) -> list[int]:
    """The last week each chart of plots holds, as it says itself."""
    return [int(w) for w in pg.locator(".plots-chart").evaluate_all(
        "charts => charts.map(c => c.dataset.week)")]


def test_the_page_renders_offline_without_errors(page):
    expect(page.locator(".neighbourhood-map canvas")).to_have_count(1)
    expect(page.locator(".plots-chart canvas")).to_have_count(1)  # ECharts, drawn here
    assert page.problems == []


def test_the_plots_are_drawn_in_the_browser_and_grow_while_playing(page):
    """ECharts from the app's own server (no request leaves this machine, see ``page``), no
    image of plots; while playing, the series grow week by week with the week counter."""
    chart = page.locator(".plots-chart")
    expect(chart).to_have_attribute("data-week", "0")
    expect(page.locator(".plots-image img")).to_have_count(0)
    page.locator(".v-input", has_text="Speed").get_by_role("slider").focus()
    page.keyboard.press("End")
    page.get_by_role("button", name="Play", exact=True).click()
    seen = []
    for _ in range(6):
        page.wait_for_timeout(400)
        week, points = chart.evaluate("c => [+c.dataset.week, +c.dataset.points]")
        seen.append((week, points))
    page.get_by_role("button", name="Pause", exact=True).click()
    expect(step_button(page)).to_be_enabled()
    weeks = [week for week, _ in seen]
    assert weeks == sorted(weeks) and weeks[-1] > weeks[0] > 0, seen
    assert all(points == week + 1 for week, points in seen), seen  # week 0 too
    # when paused, the chart holds exactly the weeks the counter shows
    shown = int(page.locator(".monitor-week").inner_text())
    expect(chart).to_have_attribute("data-week", str(shown))
    assert page.problems == []


def test_step_advances_the_week_and_redraws_map_and_plots(page):
    canvas = page.locator(".neighbourhood-map canvas")
    expect(canvas).to_have_attribute("data-week", "0")  # drawn in the browser
    before_map = map_picture(page)
    for n in range(1, 4):
        step_button(page).click()
        expect(week(page, n)).to_be_visible()
    expect(page.locator(".plots-chart")).to_have_attribute("data-week", "3")
    expect(canvas).to_have_attribute("data-week", "3")
    page.get_by_role("button", name="Participation", exact=True).click()
    expect(page.get_by_text("knows of it, not taking part")).to_be_visible()
    expect(canvas).to_have_attribute("data-week", "3")
    assert map_picture(page) != before_map
    play_until(page, 104)
    shot(page, "single")
    assert page.problems == []


def test_play_runs_until_paused(page):
    page.get_by_role("button", name="Play", exact=True).click()
    counter = page.locator(".week-counter").first
    expect(counter).to_have_text(re.compile(r"^Week ([5-9]|[1-9]\d+) \("))
    page.get_by_role("button", name="Pause", exact=True).click()
    expect(step_button(page)).to_be_enabled()
    page.wait_for_timeout(1000)  # updates already on their way may still arrive
    shown = counter.inner_text()
    page.wait_for_timeout(1500)
    assert counter.inner_text() == shown
    assert page.problems == []


def test_a_slider_change_takes_effect_after_reset(page):
    levers = page.locator(".run-levers").first
    expect(levers).to_contain_text("Outreach 0.30")
    slider = page.locator(".v-input", has_text="Outreach:").get_by_role("slider")
    slider.focus()
    page.keyboard.press("End")
    expect(page.get_by_text("Outreach: 1.00")).to_be_visible()
    expect(page.get_by_text("press Reset to run with the new values")).to_be_visible()
    expect(levers).to_contain_text("Outreach 0.30")  # not yet
    step_button(page, "Reset").click()
    expect(levers).to_contain_text("Outreach 1.00")
    expect(page.get_by_text("press Reset to run with the new values")).to_be_hidden()
    assert page.problems == []


def choose(pg: Page, label: str, option: str) -> None:
    pg.locator(".v-select", has_text=label).first.click()
    pg.get_by_role("option", name=option, exact=True).click()


def test_the_scenario_picker_loads_a_scenario(page):
    choose(page, "Scenario", "bureaublind")
    expect(page.get_by_text(re.compile(r"^bureaublind · "))).to_be_visible()
    expect(page.locator(".run-levers").first).to_contain_text("Outreach 0.05")
    expect(page.get_by_text("Outreach: 0.05")).to_be_visible()
    expect(week(page, 0)).to_be_visible()
    assert page.problems == []


def test_the_output_selector_changes_what_the_plots_show_in_both_languages(page):
    plots = page.locator(".plots-image")
    expect(plots).to_have_attribute("aria-label", re.compile(r"^Four plots over"))
    # four panels at most: one of today's four out, health in
    page.locator(".plot-choice .v-input__append-inner").click()  # the arrow: not a chip
    # with four panels shown, a fifth output cannot be picked
    expect(page.get_by_role("option", name="Health", exact=True)).to_have_attribute(
        "aria-disabled", "true")
    page.get_by_role("option", name="Representation", exact=True).click()
    page.get_by_role("option", name="Health", exact=True).click()
    page.keyboard.press("Escape")
    expect(plots).to_have_attribute("aria-label", re.compile(
        r"^Plots over 0\.0 years: Taking part \(% of subgroup\); Health, by subgroup \(0-1\); "))
    expect(page.locator(".plot-choice .v-chip", has_text=re.compile(r"^Health$"))).to_be_visible()
    page.get_by_role("button", name="Nederlands").click()
    expect(plots).to_have_attribute("aria-label", re.compile(
        r"^Grafieken over 0,0 jaar: Deelname \(% van subgroep\); Gezondheid, per subgroep "))
    expect(page.locator(".plot-choice .v-chip", has_text=re.compile(r"^Gezondheid$"))).to_be_visible()
    # and in compare mode both runs' plots show the choice
    page.get_by_role("button", name="Twee vergelijken", exact=True).click()
    expect(page.locator(".plots-image", has=page.locator(".plots-chart"))).to_have_count(2)
    for i in range(2):
        expect(plots.nth(i)).to_have_attribute("aria-label", re.compile("Gezondheid, per subgroep"))
    assert page.problems == []


def test_compare_mode_shows_two_maps_in_lockstep(page):
    page.get_by_role("button", name="Compare two", exact=True).click()
    expect(page.locator(".neighbourhood-map canvas")).to_have_count(2)
    expect(page.locator(".plots-chart canvas")).to_have_count(2)
    for _ in range(2):
        step_button(page).click()
    expect(page.locator(".week-counter", has_text=re.compile(r"^Week 2 \("))).to_have_count(2)
    shot(page, "compare")
    assert page.problems == []


def test_compare_has_sliders_per_side_and_replications_as_bands(page):
    page.get_by_role("button", name="Compare two", exact=True).click()
    levers = page.locator(".run-levers")
    expect(levers).to_have_count(2)
    left, right = levers.nth(0).inner_text(), levers.nth(1).inner_text()
    assert "Bekende gezichten (familiar faces) 0 " in right  # as the scenario says
    # the right run's sliders: one changed, Reset, and only the right run changes
    page.get_by_role("button", name="Sliders of the run right").click()
    expect(page.get_by_text("Outreach: 0.70")).to_be_visible()  # the scenario's value
    faces = page.locator(".v-navigation-drawer .v-slider",
                         has=page.locator("[aria-label^='Bekende gezichten']"))
    faces.locator("[role=slider]").focus()
    page.keyboard.press("End")
    expect(page.get_by_text("Bekende gezichten (familiar faces): 20")).to_be_visible()
    page.get_by_role("button", name="Reset", exact=True).click()
    expect(levers.nth(1)).to_contain_text("Bekende gezichten (familiar faces) 20")
    assert levers.nth(0).inner_text() == left
    # three runs per scenario: the plots get bands; the map stays one run
    charts = page.locator(".plots-chart")
    expect(charts.nth(0)).to_have_attribute("data-bands", "0")
    page.get_by_role("button", name="3", exact=True).click()
    expect(page.get_by_text("Play then goes at most 26 weeks a second")).to_be_visible()
    for i in range(2):
        expect(charts.nth(i)).not_to_have_attribute("data-bands", "0")
    lines = int(charts.nth(0).get_attribute("data-bands"))
    assert lines >= 4  # a band per line drawn
    step_button(page).click()
    expect(charts.nth(1)).to_have_attribute("data-week", "1")
    expect(page.locator(".neighbourhood-map canvas")).to_have_count(2)
    expect(levers.nth(1)).to_contain_text("Bekende gezichten (familiar faces) 20")
    shot(page, "compare-replications")
    assert page.problems == []


def test_the_language_switch_changes_the_labels(page):
    page.get_by_role("button", name="Nederlands").click()
    expect(step_button(page, "Stap")).to_be_visible()
    expect(step_button(page, "Step")).to_have_count(0)
    expect(page.get_by_text("Kleur bewoners op")).to_be_visible()
    expect(week(page, 0)).to_be_visible()  # "Week" is Dutch too
    expect(page.locator(".week-counter")).to_contain_text("Week 0 (0,0 jaar)")
    page.get_by_role("button", name="English").click()
    expect(step_button(page, "Step")).to_be_visible()
    assert page.problems == []


def test_a_bad_seed_shows_a_message_and_the_app_keeps_working(page):
    seed = page.get_by_label("Seed (a whole number)")
    seed.fill("abc")
    seed.press("Enter")
    expect(page.get_by_text("not 'abc'").first).to_be_visible()
    step_button(page, "Reset").click()
    expect(page.get_by_text(re.compile("The run shown is the previous one"))).to_be_visible()
    step_button(page).click()
    expect(week(page, 1)).to_be_visible()
    seed.fill("")
    seed.press("Enter")
    expect(page.get_by_text("Fill in a seed").first).to_be_visible()
    seed.fill("7")
    seed.press("Enter")
    step_button(page, "Reset").click()
    expect(week(page, 0)).to_be_visible()
    expect(page.get_by_text(re.compile("The run shown is the previous one"))).to_have_count(0)
    assert page.problems == []


def test_a_lesson_sets_up_its_scenarios_with_one_click(page):
    page.get_by_role("button", name="Lessons", exact=True).click()
    card = page.locator(".v-card", has_text="What a familiar face changes")
    card.get_by_role("button", name="Set up this lesson").click()
    expect(page.get_by_text("Lesson: What a familiar face changes")).to_be_visible()
    expect(page.locator(".neighbourhood-map canvas")).to_have_count(2)
    expect(page.get_by_text(re.compile(r"^bekende-gezichten · "))).to_be_visible()
    expect(page.get_by_text("Coloured: residents the initiative never reached").first
           ).to_be_visible()
    page.locator(".v-input", has_text="Speed").get_by_role("slider").focus()
    page.keyboard.press("End")
    page.get_by_role("button", name="Play", exact=True).click()
    # play stops by itself at the week the lesson names, on both sides
    expect(page.locator(".monitor-week")).to_have_text(["52", "52"], timeout=60_000)
    expect(page.get_by_role("button", name="Play", exact=True)).to_be_visible()
    page.wait_for_timeout(500)
    expect(page.locator(".monitor-week")).to_have_text(["52", "52"])
    shot(page, "lesson")
    assert page.problems == []


def test_run_to_a_week_read_the_monitors_and_download_the_table(page, tmp_path):
    field = page.get_by_label("Stop at week (1 to 520)")
    field.fill("abc")
    field.press("Enter")
    page.get_by_role("button", name="Run to week", exact=True).click()
    expect(page.get_by_text(re.compile("The week must be a whole number")).first).to_be_visible()
    step_button(page).click()  # the app keeps working
    expect(page.locator(".monitor-week")).to_have_text("1")
    field.fill("20")
    field.press("Enter")
    page.get_by_role("button", name="Run to week", exact=True).click()
    expect(page.locator(".monitor-week")).to_have_text("20", timeout=60_000)
    expect(page.get_by_role("button", name="Play", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile("The week must be"))).to_have_count(0)
    reached = page.locator(".monitor-reached").inner_text()
    assert re.fullmatch(r"\d+\.\d", reached), reached
    with page.expect_download() as info:
        page.get_by_role("button", name="Table (CSV)").click()
    download = info.value
    assert download.suggested_filename == "default-app-seed-42-week-20.csv"
    rows = Path(download.path()).read_text().splitlines()
    header = rows[0].split(",")
    assert header[0] == "week" and len(rows) == 22  # the header, weeks 0 to 20
    last = dict(zip(header, rows[-1].split(",")))
    assert last["week"] == "20" and f"{100 * float(last['ever_reached']):.1f}" == reached
    # the scenario file reproduces the table downloaded, to the last digit
    with page.expect_download() as info:
        page.get_by_role("button", name="Scenario (TOML)").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == "default-app-seed-42.toml"
    again = CoCreationModel(rng=42, **load(saved).params)
    again.run_for(20)
    assert history_csv(again) == Path(download.path()).read_text()
    # the plots as a figure, drawn when clicked
    with page.expect_download() as info:
        page.get_by_role("button", name="Figure (PNG)").click()
    assert info.value.suggested_filename == "default-app-seed-42-week-20.png"
    assert Path(info.value.path()).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator(".monitor-year")).to_have_text("0,4")
    expect(page.locator(".monitor-reached")).to_have_text(reached.replace(".", ","))
    shot(page, "monitors")
    assert page.problems == []


def test_the_info_tab_and_the_teacher_guide_in_both_languages(page):
    page.get_by_role("button", name="Info", exact=True).click()
    expect(page.get_by_role("heading", name="What is it?")).to_be_visible()
    expect(page.get_by_text("4.6% ± 0.5", exact=False)).to_be_visible()
    page.get_by_role("button", name="Show the model description (ODD)").click()
    expect(page.get_by_role("heading", name="1. Purpose and patterns")).to_be_visible()
    page.get_by_role("button", name="Teacher guide", exact=True).click()
    expect(page.get_by_role("heading", name="Learning goals")).to_be_visible()
    expect(page.get_by_role("heading", name="A lesson of 45 minutes")).to_be_visible()
    expect(page.get_by_role("heading", name="Who comes to the desk?")).to_be_visible()
    expect(page.get_by_role("heading", name="What not to read into the numbers")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("button", name="The guide as a page to print (HTML)").click()
    assert info.value.suggested_filename == "teacher-guide.html"
    printable = Path(info.value.path()).read_text(encoding="utf-8")
    assert '<html lang="en">' in printable and "<h3>Learning goals</h3>" in printable
    page.get_by_role("button", name="Nederlands").click()
    expect(page.get_by_role("heading", name="Leerdoelen")).to_be_visible()
    expect(page.get_by_role("heading", name="Wat studenten zien").first).to_be_visible()
    expect(page.get_by_text("ongeveer 8% heeft ervan gehoord", exact=False)).to_be_visible()
    page.get_by_role("button", name="Info", exact=True).click()
    expect(page.get_by_role("heading", name="Wat is het?")).to_be_visible()
    expect(page.get_by_text("4,6% ± 0,5", exact=False)).to_be_visible()
    shot(page, "info-nl")
    page.get_by_role("button", name="Eén scenario", exact=True).click()
    expect(week(page, 0)).to_be_visible()  # back to a run
    assert page.problems == []


def tab_to(pg: Page, name: str, presses: int = 60) -> None:
    """Press Tab until the control named ``name`` has the keyboard focus."""
    for _ in range(presses):
        pg.keyboard.press("Tab")
        if pg.evaluate("() => document.activeElement.innerText.trim()").lower() == name.lower():
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_accessibility_language_text_alternatives_live_region_toggles_and_keyboard(page):
    html_tag = page.locator("html")
    expect(html_tag).to_have_attribute("lang", "en")
    expect(page.get_by_text("This website runs on")).to_have_count(0)  # no English-only banner
    # the map and the plots say what they show
    expect(page.get_by_role("img", name=re.compile(
        r"^Map of the neighbourhood at week 0, residents coloured by subgroup\. Higher SES: \d+ "
        r"residents"))).to_have_count(1)
    expect(page.get_by_role("img", name=re.compile(
        r"^Four plots over 0\.0 years\. Taking part, by subgroup, now: Higher SES 0\.0%"))
    ).to_have_count(1)
    # a polite live region reads out the week and participation
    live = page.locator("[role=status][aria-live=polite]")
    expect(live).to_have_count(1)
    expect(live).to_have_text(re.compile(
        r"^Week 0 \(year 0\.0\)\. default: Taking part now: 0\.0% of residents, 0\.0% of "
        r"low-SES residents\.$"))
    step_button(page).click()
    expect(live).to_contain_text("Week 1 (year 0.0).")
    # the toggles say which one is on
    subgroup = page.get_by_role("button", name="Subgroup", exact=True)
    participation = page.get_by_role("button", name="Participation", exact=True)
    expect(subgroup).to_have_attribute("aria-pressed", "true")
    expect(participation).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("button", name="One scenario", exact=True)
           ).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("button", name="Lessons", exact=True)
           ).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("group", name="Map layer").get_by_role("button")).to_have_count(5)
    expect(page.get_by_role("group", name="View").get_by_role("button")).to_have_count(5)
    # by keyboard alone: Tab to a layer, a visible focus ring, Space chooses it
    page.locator("body").click(position={"x": 5, "y": 300})
    tab_to(page, "Participation")
    ring = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, s.outlineWidth]; }""")
    assert ring == ["solid", "3px"], ring
    page.keyboard.press("Space")
    expect(participation).to_have_attribute("aria-pressed", "true")
    expect(subgroup).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("img", name=re.compile(
        r"coloured by participation\. not reached yet: \d+ residents"))).to_have_count(1)
    # everything follows the language switch
    page.get_by_role("button", name="Nederlands").click()
    expect(html_tag).to_have_attribute("lang", "nl")
    expect(live).to_contain_text("Week 1 (0,0 jaar). standaard: Doet nu mee: 0,0% van de bewoners")
    expect(page.get_by_role("img", name=re.compile(r"^Kaart van de wijk in week 1"))
           ).to_have_count(1)
    expect(page.get_by_role("button", name="Deelname", exact=True)
           ).to_have_attribute("aria-pressed", "true")
    page.get_by_role("button", name="English").click()
    expect(html_tag).to_have_attribute("lang", "en")
    assert page.problems == []


# --- share links and scenario files of one's own ------------------------------------------------


def open_page(browser, url: str) -> Page:
    """A page in a browser context of its own: another browser, as far as the app knows."""
    context = browser.new_context(viewport={"width": 1500, "height": 1900})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.goto(url)
    return pg


def run_state(pg: Page) -> dict[str, object]:
    """What a run shows: its scenario's title, the levers it ran with, the seed and every
    monitor (week, year and the numbers)."""
    return {
        "title": pg.get_by_text(re.compile(r"^[a-z0-9.-]+ · ")).first.inner_text(),
        "levers": pg.locator(".run-levers").first.inner_text(),
        "seed": pg.get_by_label("Seed (a whole number)").input_value(),
        "monitors": pg.locator(".monitor-value").all_inner_texts(),
    }


def test_a_share_link_opens_the_same_run_in_another_browser(page, browser):
    choose(page, "Scenario", "bureaublind")
    slider = page.locator(".v-input", has_text="Outreach:").get_by_role("slider")
    slider.focus()
    page.keyboard.press("End")
    seed = page.get_by_label("Seed (a whole number)")
    seed.fill("7")
    seed.press("Enter")
    step_button(page, "Reset").click()
    expect(page.locator(".run-levers").first).to_contain_text("Outreach 1.00")
    field = page.get_by_label("Stop at week (1 to 520)")
    field.fill("30")
    field.press("Enter")
    page.get_by_role("button", name="Run to week", exact=True).click()
    expect(page.locator(".monitor-week")).to_have_text("30", timeout=60_000)
    expect(page.get_by_role("button", name="Play", exact=True)).to_be_visible()
    link = page.locator(".share-link-url input").input_value()
    assert link.startswith(page.url.split("?")[0]), link
    for part in ("scenario=bureaublind", "seed=7", "week=30", "outreach=1", "lang=en"):
        assert part in link, link
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".share-link-status")).to_have_text("Link copied.")
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    first = run_state(page)
    shot(page, "share-link")
    other = open_page(browser, link)
    try:
        expect(other.locator(".monitor-week")).to_have_text("30", timeout=60_000)
        expect(other.get_by_role("button", name="Play", exact=True)).to_be_visible()
        assert run_state(other) == first
        assert first["title"].startswith("bureaublind · ")
        expect(other.locator(".link-problem")).to_have_count(0)
        step_button(other).click()  # and it goes on from there
        expect(other.locator(".monitor-week")).to_have_text("31")
    finally:
        other.context.close()
    assert page.problems == []


def test_a_compare_link_opens_both_runs_and_their_replications_in_another_browser(
    browser, server
):
    query = "scenario=outreach&compare=default&seed=7&week=20&runs=3&b.outreach=0.45&lang=en"
    first = open_page(browser, f"{server}?{query}")
    other = None
    try:
        expect(first.locator(".monitor-week")).to_have_count(2)
        expect(first.locator(".monitor-week").nth(1)).to_have_text("20", timeout=60_000)
        expect(first.get_by_role("button", name="Play", exact=True)).to_be_visible()
        expect(first.get_by_role("button", name="Compare two", exact=True)).to_have_attribute(
            "aria-pressed", "true")
        charts = first.locator(".plots-chart")
        for i in range(2):
            expect(charts.nth(i)).not_to_have_attribute("data-bands", "0")
        expect(first.locator(".run-levers").nth(1)).to_contain_text("Outreach 0.45")
        link = first.locator(".share-link-url input").input_value()
        assert link.split("?")[1] == query, link  # the page shares what it opened
        other = open_page(browser, link)
        expect(other.locator(".monitor-week").nth(1)).to_have_text("20", timeout=60_000)
        expect(other.get_by_role("button", name="Play", exact=True)).to_be_visible()
        for pg in (first, other):
            expect(pg.locator(".plots-chart").nth(1)).to_have_attribute("data-week", "20")
        assert (other.locator(".monitor-value").all_inner_texts()
                == first.locator(".monitor-value").all_inner_texts())
        assert (other.locator(".run-levers").all_inner_texts()
                == first.locator(".run-levers").all_inner_texts())
    finally:
        first.context.close()
        if other is not None:
            other.context.close()


def test_a_bad_link_says_what_it_ignored_and_the_app_starts_at_its_defaults(browser, server):
    bad = open_page(browser, f"{server}?scenario=nope&seed=abc&week=9999&outreach=2&lang=nl")
    try:
        message = bad.locator(".link-problem")
        expect(message).to_contain_text("Deze link kon niet gebruikt worden")
        expect(message).to_contain_text("Er is geen scenario 'nope'.")
        expect(message).to_contain_text("niet 'abc'")
        expect(message).to_contain_text("van 0 tot 520 zijn, niet '9999'")
        expect(message).to_contain_text("Outreach (erop af gaan) moet een getal van 0,00 tot 1,00")
        expect(bad.locator(".monitor-week")).to_have_text("0")
        expect(bad.get_by_text(re.compile(r"^standaard · "))).to_be_visible()
        step_button(bad, "Stap").click()
        expect(bad.locator(".monitor-week")).to_have_text("1")
        bad.get_by_role("button", name="English").click()  # the message follows the language
        expect(message).to_contain_text("This link could not be used")
    finally:
        bad.context.close()
    odd = open_page(browser, f"{server}?week=abc&colour=red")
    try:
        message = odd.locator(".link-problem")
        expect(message).to_contain_text("The week must be a whole number from 0 to 520, not 'abc'.")
        expect(message).to_contain_text("Ignored in the link: 'colour'")
        step_button(odd).click()
        expect(odd.locator(".monitor-week")).to_have_text("1")
    finally:
        odd.context.close()


def upload(pg: Page, path: Path) -> None:
    pg.locator("input[type=file]").set_input_files(str(path))


def test_a_scenario_file_of_ones_own_becomes_the_current_scenario(page, tmp_path):
    path = tmp_path / "mijn-wijk (1).toml"  # as a browser names a second download
    path.write_text(OWN, encoding="utf-8")
    step_button(page).click()
    upload(page, path)
    expect(page.get_by_text("mijn-wijk.toml · My own neighbourhood")).to_be_visible()
    expect(week(page, 0)).to_be_visible()
    expect(page.locator(".run-levers").first).to_contain_text("Outreach 0.90")
    expect(page.get_by_text("cannot be shared as a link")).to_be_visible()
    step_button(page).click()
    expect(page.locator(".monitor-week")).to_have_text("1")
    page.get_by_role("button", name="Nederlands").click()
    expect(page.get_by_text("mijn-wijk.toml · Mijn eigen wijk")).to_be_visible()
    shot(page, "own-scenario-nl")
    assert page.problems == []


def test_a_broken_scenario_file_gives_a_message_in_both_languages(page, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "broken"\ntitle = [', encoding="utf-8")
    upload(page, broken)
    problem = page.locator(".upload-problem")
    expect(problem).to_contain_text("The file broken.toml cannot be used: broken.toml: not valid "
                                    "TOML")
    expect(problem).to_contain_text("The app goes on with the scenario it had.")
    expect(page.get_by_text(re.compile(r"^default · "))).to_be_visible()
    step_button(page).click()
    expect(page.locator(".monitor-week")).to_have_text("1")
    page.get_by_role("button", name="Nederlands").click()
    expect(problem).to_contain_text("Het bestand broken.toml kan niet gebruikt worden:")
    unknown = tmp_path / "unknown.toml"
    unknown.write_text(OWN.replace("outreach = 0.9", "outreach = 0.9\nbogus = 1"),
                       encoding="utf-8")
    upload(page, unknown)
    expect(problem).to_contain_text("Het bestand unknown.toml kan niet gebruikt worden:")
    expect(problem).to_contain_text("onbekende parameter 'bogus'")  # the model's words too
    expect(problem).not_to_contain_text("Engels")
    expect(problem).to_contain_text("De app gaat verder met het scenario dat hij had.")
    step_button(page, "Stap").click()
    expect(page.locator(".monitor-week")).to_have_text("2")
    big = tmp_path / "big.toml"
    big.write_text(OWN + "#" * 120_000, encoding="utf-8")
    upload(page, big)
    expect(problem).to_contain_text("big.toml is 121 kB; een scenariobestand mag hooguit 100 kB")
    page.get_by_role("button", name="English").click()
    expect(problem).to_contain_text("a scenario file may be at most 100 kB")
    expect(page.get_by_text(re.compile(r"^default · "))).to_be_visible()
    step_button(page).click()
    expect(page.locator(".monitor-week")).to_have_text("3")
    shot(page, "upload-problem")
    unknown.write_text(OWN, encoding="utf-8")  # fixed, and chosen again
    upload(page, unknown)
    expect(page.get_by_text("mijn-wijk.toml · My own neighbourhood")).to_be_visible()
    expect(problem).to_have_count(0)
    assert page.problems == []


# --- one screen: the map, the plots and the numbers together, at the common screen sizes -------

#: Laptops and classroom projectors (1366x768) and full-HD screens.
SCREENS = [(1366, 768), (1920, 1080)]
#: What must be seen together: the map(s), the plots and the live numbers of every run shown.
SCREEN_PARTS = (".neighbourhood-map", ".plots-chart", ".monitors")


def open_sized(browser, url: str, width: int, height: int) -> Page:
    """The app in a window of this size, with its problems recorded as for ``page``."""
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.problems = []
    pg.on("console", lambda m: pg.problems.append(f"console: {m.text}")
          if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.goto(url)
    expect(week(pg, 0)).to_be_visible(timeout=TIMEOUT_MS)  # "Week" in both languages
    return pg


#: The labels that set up the lesson "What a familiar face changes", by language.
LESSON_LABELS = {"en": ("Lessons", "What a familiar face changes", "Set up this lesson", "Lesson"),
                 "nl": ("Lessen", "Wat een bekend gezicht verandert", "Zet deze les klaar", "Les")}


def set_up_lesson(pg: Page, language: str = "en") -> None:
    tab, title, button, heading = LESSON_LABELS[language]
    pg.get_by_role("button", name=tab, exact=True).click()
    pg.locator(".v-card", has_text=title).get_by_role("button", name=button).click()
    # setting up two runs takes seconds on a loaded machine
    expect(pg.get_by_text(f"{heading}: {title}")).to_be_visible(timeout=TIMEOUT_MS)
    expect(pg.locator(".neighbourhood-map canvas")).to_have_count(2, timeout=TIMEOUT_MS)
    expect(pg.locator(".plots-chart canvas")).to_have_count(2, timeout=TIMEOUT_MS)


def assert_on_one_screen(pg: Page, runs: int) -> None:
    """Every run's map, plots and numbers lie inside the window as it opens, unscrolled; no
    two overlap; nothing lies over them (the point at the middle and near each corner, and
    at the plots' titles, belongs to them); the plots are drawn at the size they are shown
    (ECharts' canvas fills its box: their text is the 11 px it is drawn at), at least as
    wide as they are laid out for."""
    pg.wait_for_timeout(500)  # let the images load and the layout settle
    width, height = pg.viewport_size["width"], pg.viewport_size["height"]
    boxes = []
    for selector in SCREEN_PARTS:
        parts = pg.locator(selector)
        expect(parts).to_have_count(runs)
        for i in range(runs):
            box = parts.nth(i).bounding_box()
            assert box is not None, selector
            name = f"{selector} #{i} {box}"
            assert box["x"] >= 0 and box["y"] >= 0, name
            assert box["x"] + box["width"] <= width, f"{name} reaches past {width}"
            assert box["y"] + box["height"] <= height, f"{name} reaches below {height}"
            boxes.append((name, box))
    for i, (name, a) in enumerate(boxes):
        for other, b in boxes[i + 1:]:
            apart = (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                     or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])
            assert apart, f"{name} overlaps {other}"
    covered = pg.evaluate("""(selectors) => {
        const points = [[0.5, 0.5], [0.05, 0.05], [0.95, 0.05], [0.05, 0.95], [0.95, 0.95]];
        // the plots' titles: above the left and right panels of both rows
        const titles = [[0.27, 0.2], [0.73, 0.2], [0.27, 0.6], [0.73, 0.6]];
        const found = [];
        for (const selector of selectors) {
            for (const part of document.querySelectorAll(selector)) {
                const b = part.getBoundingClientRect();
                const at = selector === '.plots-chart' ? points.concat(titles) : points;
                for (const [fx, fy] of at) {
                    const x = b.x + fx * b.width, y = b.y + fy * b.height;
                    const top = document.elementFromPoint(x, y);
                    if (!top || !(part === top || part.contains(top))) {
                        found.push(`${selector} at (${Math.round(x)}, ${Math.round(y)}): ` +
                                   (top ? top.outerHTML.slice(0, 120) : 'nothing'));
                    }
                }
            }
        }
        return found;
    }""", list(SCREEN_PARTS))
    assert covered == [], covered
    sizes = pg.evaluate("""() => [...document.querySelectorAll('.plots-chart')].map(c => {
        const box = c.getBoundingClientRect(), canvas = c.querySelector('canvas');
        const drawn = canvas.getBoundingClientRect();
        return [box.width, box.height, drawn.width, drawn.height];
    })""")
    for box_w, box_h, drawn_w, drawn_h in sizes:
        assert abs(box_w - drawn_w) <= 1 and abs(box_h - drawn_h) <= 1, sizes
        assert box_w >= (440 if runs == 2 else 490) and box_h >= 300, sizes


@pytest.mark.parametrize("width,height", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_one_run_fits_on_one_screen(browser, server, width, height):
    pg = open_sized(browser, server, width, height)
    try:
        assert_on_one_screen(pg, runs=1)
        expect(pg.get_by_text("This website runs on")).to_have_count(0)
        if (width, height) == (1366, 768):  # the README's picture, after two years
            pg.get_by_role("button", name="Participation", exact=True).click()
            play_until(pg, 104)
            assert_on_one_screen(pg, runs=1)
            shot(pg, "screen-single-1366x768")
        assert pg.problems == []
    finally:
        pg.context.close()


@pytest.mark.parametrize("width,height,language", [*((w, h, "en") for w, h in SCREENS),
                                                   (1366, 768, "nl")],
                         ids=[*(f"{w}x{h}" for w, h in SCREENS), "1366x768-nl"])
def test_a_compare_lesson_fits_on_one_screen(browser, server, width, height, language):
    # Dutch: longer titles and labels, on the smaller screen
    pg = open_sized(browser, f"{server}?lang={language}", width, height)
    try:
        set_up_lesson(pg, language)
        assert_on_one_screen(pg, runs=2)
        if language == "nl":
            assert pg.problems == []
            return
        if (width, height) == (1366, 768):  # the README's picture, after a year
            pg.locator(".v-input", has_text="Speed").get_by_role("slider").focus()
            pg.keyboard.press("End")
            pg.get_by_role("button", name="Play", exact=True).click()
            expect(pg.locator(".monitor-week")).to_have_text(["52", "52"], timeout=60_000)
            expect(pg.get_by_role("button", name="Play", exact=True)).to_be_visible()
            assert_on_one_screen(pg, runs=2)
            shot(pg, "screen-compare-1366x768")
        assert pg.problems == []
    finally:
        pg.context.close()


#: The controls of the side drawer, as the mouse reaches them: a slider by its track (its
#: ``role=slider`` element, which takes the keyboard focus, has no size of its own).
DRAWER_CONTROLS = ("button, .v-slider, input[type=text], input:not([type]), .v-select__slot, "
                   ".v-file-input .v-input__slot")


def test_on_a_narrow_screen_the_drawer_starts_closed_and_every_control_is_reachable(
        browser, server):
    pg = open_sized(browser, server, 768, 1024)
    try:
        drawer = pg.locator(".v-navigation-drawer")
        # closed as the page opens: off the page once its slide (a fifth of a second) ends,
        # which on a loaded machine may take longer than that
        pg.wait_for_function("""() => { const d = document.querySelector('.v-navigation-drawer');
            return !d || d.getBoundingClientRect().right <= 0; }""", timeout=5000)
        box = drawer.bounding_box()
        assert box is None or box["x"] + box["width"] <= 0, box  # closed, off the page
        expect(pg.locator(".v-overlay--active")).to_have_count(0)
        for selector in SCREEN_PARTS:  # the page itself can be used
            target = pg.locator(selector).first
            target.scroll_into_view_if_needed()
            centre = target.bounding_box()
            top = pg.evaluate("([x, y]) => !!document.elementFromPoint(x, y).closest("
                              "'.v-navigation-drawer, .v-overlay')",
                              [centre["x"] + centre["width"] / 2,
                               centre["y"] + centre["height"] / 2])
            assert not top, f"the drawer covers {selector}"
        # the menu button, named for screen readers, opens it
        pg.get_by_role("button", name="Menu: scenario, run and levers").click()
        expect(drawer).to_be_in_viewport()
        controls = drawer.locator(DRAWER_CONTROLS)
        count = controls.count()
        assert count >= 20, count  # pickers, upload, Run, speed, seed, layers and 11 levers
        reached = []
        for i in range(count):
            control = controls.nth(i)
            if not control.is_visible():
                continue
            control.scroll_into_view_if_needed()
            box = control.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            assert 0 <= x <= 768 and 0 <= y <= 1024, (i, box)
            hit = control.evaluate("(c, [x, y]) => { const top = document.elementFromPoint(x, y);"
                                   " return !!top && (c === top || c.contains(top)"
                                   " || top.contains(c)); }", [x, y])
            assert hit, f"control {i} is covered: {control.evaluate('e => e.outerHTML')[:200]}"
            focusable = control.locator("[role=slider]") if control.evaluate(
                "e => e.matches('.v-slider')") else control
            if focusable.evaluate("e => e.matches('button, [role=slider], input')"):
                focusable.focus()
                assert focusable.evaluate("e => e === document.activeElement"), i
            reached.append(i)
        # the two pickers' and the file's fields, 3 run buttons, run to week, the seed,
        # 5 layers, the speed and the 11 levers
        assert len(reached) >= 25, (reached, count)
        outreach = drawer.locator(".v-slider", has=pg.locator("[aria-label^='Outreach:']"))
        outreach.locator("[role=slider]").focus()
        pg.keyboard.press("End")
        expect(pg.get_by_text("Outreach: 1.00")).to_be_visible()
        step = step_button(pg)
        step.scroll_into_view_if_needed()
        step.click()
        expect(pg.locator(".monitor-week")).to_have_text("1")
        assert pg.problems == []
    finally:
        pg.context.close()


# --- the frame-rate benchmark ------------------------------------------------------------------

FRAMERATE = Path(__file__).resolve().parents[1] / "experiments" / "benchmarks" / "framerate.py"


def test_the_frame_rate_benchmark_writes_a_table_and_ends_what_it_starts(chromium, tmp_path):
    """A short run of the benchmark (one visitor, two seconds): a well-formed CSV, and no
    process of it left behind (``conftest.py`` checks that at the end of the session). The
    figures themselves are for the README, not for a test."""
    out = tmp_path / "framerate.csv"
    done = subprocess.run(
        [sys.executable, str(FRAMERATE), "--visitors", "1", "--seconds", "2", "--out", str(out),
         "--chromium", chromium],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "median fps" in done.stdout
    import csv
    with open(out, newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 1 and rows[0]["visitors"] == "1" and rows[0]["seconds"] == "2.0"
    frames, fps = int(rows[0]["frames"]), float(rows[0]["fps"])
    assert frames > 0 and fps == round(frames / 2, 1)
    assert 0 < float(rows[0]["server_cpu"]) and float(rows[0]["echarts_ms"]) > 0


#: ECharts' own reading of a chart: the text its axes' labels give a value, and its series.
ECHARTS_READ = """([chart, value]) => {
    const url = `${window.solara ? window.solara.cdn : './_solara/cdn'}/echarts@5.4.0/dist/echarts.min.js`;
    const instance = window.requirejs(url).getInstanceByDom(chart);
    const option = instance.getOption();
    return {x: option.xAxis[0].axisLabel.formatter(value),
            y: option.yAxis[0].axisLabel.formatter(value),
            series: option.series.length, points: option.series[0].data.length};
}"""


def test_the_dutch_charts_write_decimal_commas(browser, server):
    pg = browser.new_context(viewport={"width": 1500, "height": 1000}).new_page()
    try:
        pg.set_default_timeout(TIMEOUT_MS)
        pg.goto(f"{server}?lang=nl")
        chart = pg.locator(".plots-chart")
        expect(chart).to_have_attribute("data-week", "0")
        step_button(pg, "Stap").click()
        expect(chart).to_have_attribute("data-week", "1")
        read = chart.evaluate(f"(c) => ({ECHARTS_READ})([c, 0.5])")
        assert read["x"] == read["y"] == "0,5"
        assert read["points"] == 2 and read["series"] >= 12  # weeks 0 and 1, in ECharts
        pg.get_by_role("button", name="English").click()
        expect(step_button(pg)).to_be_visible()
        # the chart follows the language switch (its layout comes after the page's render)
        pg.wait_for_function(f"""() => ({ECHARTS_READ})(
            [document.querySelector('.plots-chart'), 0.5]).y === '0.5'""")
    finally:
        pg.context.close()
