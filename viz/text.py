"""Every word the app shows, in English and Dutch.

One table, so that a translator finds all of it in one place and a test can check that no
text exists in one language only. ``t(key, lang)`` looks a text up; ``{name}`` fields are
filled from keyword arguments.
"""

from __future__ import annotations

from sim.bilingual import Bilingual, pick
from sim.messages import in_language

#: key -> (English, Dutch)
TEXT: dict[str, Bilingual] = {
    # The page.
    "app_title": (
        "Co-creation in the neighbourhood: who takes part?",
        "Co-creatie in de wijk: wie doet er mee?",
    ),
    "other_language": ("Nederlands", "English"),
    "menu": (
        "Menu: scenario, run and levers",
        "Menu: scenario, bediening en instellingen",
    ),
    "intro": (
        "Residents of four groups live on the grid. Professionals work from the office or go "
        "out to the vindplaatsen; bekende gezichten (familiar faces) talk to the people who "
        "know them. Who hears of the initiative, who joins, and what happens to the health "
        "gap? Press Step or Play.",
        "Bewoners uit vier groepen wonen in de wijk (het raster). Professionals werken vanuit het "
        "kantoor of gaan naar de vindplaatsen; bekende gezichten praten met de mensen die hen "
        "kennen. Wie hoort van het initiatief, wie doet mee, en wat gebeurt er met de "
        "gezondheidskloof? Druk op Stap of Afspelen.",
    ),
    "mode_single": ("One scenario", "Eén scenario"),
    "mode_compare": ("Compare two", "Twee vergelijken"),
    "mode_lessons": ("Lessons", "Lessen"),
    "mode_info": ("Info", "Info"),
    "mode_guide": ("Teacher guide", "Docentenhandleiding"),
    "guide_download": (
        "The guide as a page to print (HTML)",
        "De handleiding als pagina om te printen (HTML)",
    ),
    "odd_show": (
        "Show the model description (ODD)",
        "Toon de modelbeschrijving (ODD, in het Engels)",
    ),
    "odd_hide": ("Hide the model description", "Verberg de modelbeschrijving"),
    # Controls.
    "controls": ("Run", "Bediening"),
    "reset": ("Reset", "Opnieuw"),
    "step": ("Step", "Stap"),
    "play": ("Play", "Afspelen"),
    "pause": ("Pause", "Pauze"),
    "speed": ("Speed (weeks per second)", "Snelheid (weken per seconde)"),
    "seed": ("Seed (a whole number)", "Startgetal (seed)"),
    "seed_help": (
        "The same scenario with the same seed gives the same run.",
        "Hetzelfde scenario met hetzelfde startgetal geeft precies dezelfde uitkomst.",
    ),
    "scenario": ("Scenario", "Scenario"),
    # Scenario names in the pickers, where the file name is not already Dutch or a place.
    "scenario_name_default": ("default", "standaard"),
    "scenario_a": ("Scenario left", "Scenario links"),
    "scenario_b": ("Scenario right", "Scenario rechts"),
    "layer": ("Colour residents by", "Kleur bewoners op"),
    "levers": ("Levers", "Instellingen"),
    "levers_help": (
        "Each slider starts at the scenario's value. Changes take effect when you press Reset.",
        "Elke schuifregelaar begint bij de waarde van het scenario. Een wijziging gaat in "
        "als je op Opnieuw drukt.",
    ),
    "levers_pending": (
        "Changed: press Reset to run with the new values.",
        "Gewijzigd: druk op Opnieuw om met de nieuwe waarden te starten.",
    ),
    "levers_compare": (
        "Each side has its own sliders, starting at its scenario's values: change one side's "
        "to see what that lever does against the other.",
        "Elke kant heeft eigen schuifregelaars, die beginnen bij de waarden van zijn "
        "scenario: verander die van één kant om te zien wat die instelling doet tegenover "
        "de andere.",
    ),
    "levers_side": ("Sliders of the run", "Schuifregelaars van de simulatie"),
    "side_a": ("left", "links"),
    "side_b": ("right", "rechts"),
    "replications": ("Runs per scenario", "Simulaties per scenario"),
    "replications_help": (
        "With more than one, the plots show the median line and a band from the lowest to the "
        "highest run; every scenario gets the same seeds. The map and the numbers show the "
        "first run (the seed above). Play then goes at most {speed} weeks a second.",
        "Bij meer dan één tonen de grafieken de mediaan en een band van de laagste tot de "
        "hoogste simulatie; elk scenario krijgt dezelfde startgetallen. De kaart en de "
        "getallen tonen de eerste simulatie (het startgetal hierboven). Afspelen gaat dan "
        "hoogstens {speed} weken per seconde.",
    ),
    "run_with": ("This run:", "Deze simulatie:"),
    "lockstep": (
        "Both run with the same seed and take every step together.",
        "Beide simulaties gebruiken hetzelfde startgetal en lopen gelijk op.",
    ),
    "week": ("Week {week} (year {years})", "Week {week} ({years} jaar)"),
    "end_reached": (
        "Ten years simulated: press Reset to start again.",
        "Tien jaar gesimuleerd: druk op Opnieuw om een nieuwe simulatie te starten.",
    ),
    "phase_initiation": ("phase: initiation", "fase: initiatie"),
    "phase_design": ("phase: designing together", "fase: samen ontwerpen"),
    "phase_implementation": ("phase: activities run", "fase: activiteiten lopen"),
    "phase_evaluation": ("phase: evaluation", "fase: evaluatie"),
    "phase_after_funding": ("phase: after the funding", "fase: na de subsidie"),
    "taking_part_now": (
        "Taking part now: {pct}% of residents, {low}% of low-SES residents.",
        "Doet nu mee: {pct}% van de bewoners, {low}% van de bewoners met lage SES.",
    ),
    "run_to_week": ("Run to week", "Ga door tot week"),
    "week_field": ("Stop at week (1 to {max})", "Stop bij week (1 tot {max})"),
    "monitor_week": ("week", "week"),
    "monitor_year": ("year", "jaar"),
    "download_csv": ("Table (CSV)", "Tabel (CSV)"),
    "download_toml": ("Scenario (TOML)", "Scenario (TOML)"),
    "download_png": ("Figure (PNG)", "Figuur (PNG)"),
    "download_svg": ("Figure (SVG)", "Figuur (SVG)"),
    "download_map": ("Map (PNG)", "Kaart (PNG)"),
    "downloads": ("Download this run:", "Download deze simulatie:"),
    # Sharing a run as a link, and a scenario of one's own.
    "share_label": ("Link to this run", "Link naar deze simulatie"),
    "share_copy": ("Copy link", "Link delen"),
    "share_copied": ("Link copied.", "Link gekopieerd."),
    "share_manual": (
        "Select the link and copy it (Ctrl+C).",
        "Selecteer de link en kopieer hem (Ctrl+C).",
    ),
    "share_help": (
        "Opens this run at this week in another browser: same scenario, levers, seed and "
        "runs per scenario.",
        "Opent deze simulatie in deze week in een andere browser: hetzelfde scenario, "
        "dezelfde instellingen, hetzelfde startgetal en evenveel runs per scenario.",
    ),
    "share_from_file": (
        "A scenario from a file cannot be shared as a link: share the file (Scenario (TOML)).",
        "Een scenario uit een bestand kan niet als link gedeeld worden: deel het bestand "
        "(Scenario (TOML)).",
    ),
    "link_ignored": (
        "This link could not be used, so the app starts at its defaults.",
        "Deze link kon niet gebruikt worden; de app begint daarom bij de standaardinstellingen.",
    ),
    "link_unknown": (
        "Ignored in the link: {keys} (not a setting of the app).",
        "Genegeerd in de link: {keys} (geen instelling van de app).",
    ),
    "link_twice": ("'{name}' is in the link twice.", "'{name}' staat twee keer in de link."),
    "link_scenario": (
        "There is no scenario '{value}'.",
        "Er is geen scenario '{value}'.",
    ),
    "link_language": (
        "There is no language '{value}' (en or nl).",
        "Er is geen taal '{value}' (en of nl).",
    ),
    "link_runs": (
        "The runs per scenario must be one of {choices}, not '{value}'.",
        "Het aantal runs per scenario moet een van {choices} zijn, niet '{value}'.",
    ),
    "link_week": (
        "The week must be a whole number from 0 to {max}, not '{value}'.",
        "De week moet een geheel getal van 0 tot {max} zijn, niet '{value}'.",
    ),
    "link_number": (
        "{label} must be a number from {lo} to {hi}, not '{value}'.",
        "{label} moet een getal van {lo} tot {hi} zijn, niet '{value}'.",
    ),
    "link_whole": (
        "{label} must be a whole number from {lo} to {hi}, not '{value}'.",
        "{label} moet een geheel getal van {lo} tot {hi} zijn, niet '{value}'.",
    ),
    "upload_label": ("Own scenario (a .toml file)", "Eigen scenario (een .toml-bestand)"),
    "upload_bad": (
        "The file {name} cannot be used: {problem}",
        "Het bestand {name} kan niet gebruikt worden: {problem}",
    ),
    "upload_unreadable": (
        "The file {name} could not be read ({problem}); choose it again.",
        "Het bestand {name} kon niet gelezen worden ({problem}); kies het opnieuw.",
    ),
    "upload_too_big": (
        "The file {name} is {size} kB; a scenario file may be at most {max} kB.",
        "Het bestand {name} is {size} kB; een scenariobestand mag hooguit {max} kB zijn.",
    ),
    "upload_kept": (
        "The app goes on with the scenario it had.",
        "De app gaat verder met het scenario dat hij had.",
    ),
    # Messages.
    "week_empty": (
        "Fill in a week: a whole number from 1 to {max}.",
        "Vul een week in: een geheel getal van 1 tot {max}.",
    ),
    "week_bad": (
        "The week must be a whole number from 1 to {max}, not '{value}'.",
        "De week moet een geheel getal van 1 tot {max} zijn, niet '{value}'.",
    ),
    "week_range": (
        "The week must be from 1 to {max}, not {value}.",
        "De week moet tussen 1 en {max} liggen, niet {value}.",
    ),
    "week_passed": (
        "The run is already at week {now}, past week {week}: press Reset to start again.",
        "De simulatie is al bij week {now}, voorbij week {week}: druk op Opnieuw om een "
        "nieuwe simulatie te starten.",
    ),
    "seed_empty": (
        "Fill in a seed: a whole number such as 42.",
        "Vul een startgetal in: een geheel getal, zoals 42.",
    ),
    "seed_bad": (
        "The seed must be a whole number such as 42, not '{value}'.",
        "Het startgetal moet een geheel getal zijn, zoals 42, niet '{value}'.",
    ),
    "seed_range": (
        "The seed must be between 0 and {max}, not {value}.",
        "Het startgetal moet tussen 0 en {max} liggen, niet {value}.",
    ),
    "scenario_bad": (
        "Scenario '{name}' cannot be used: {problem}",
        "Scenario '{name}' kan niet gebruikt worden: {problem}",
    ),
    "kept_running": (
        "The run shown is the previous one; fix the problem and press Reset.",
        "Je ziet nog de vorige simulatie; los het probleem op en druk op Opnieuw.",
    ),
    # Map layers and legends.
    "layer_subgroup": ("Subgroup", "Subgroep"),
    "layer_state": ("Participation", "Deelname"),
    "layer_health": ("Health", "Gezondheid"),
    "layer_trust": ("Trust", "Vertrouwen"),
    "layer_not_reached": ("Not reached", "Niet bereikt"),
    "state_unaware": ("not reached yet", "nog niet bereikt"),
    "state_aware": ("knows of it, not taking part", "weet ervan, doet niet mee"),
    "state_participant": ("taking part", "doet mee"),
    "state_organiser": ("organising", "organiseert mee"),
    "state_dropped_out": ("stopped", "gestopt"),
    "reached": ("reached (faded)", "al bereikt (vervaagd)"),
    "not_reached_note": (
        "Coloured: residents the initiative never reached, by subgroup. Nobody "
        "asks who is missing; this layer does.",
        "Gekleurd: bewoners die het initiatief nooit heeft bereikt, per subgroep. "
        "Niemand vraagt wie er ontbreekt; deze laag wel.",
    ),
    "scale_low": ("low", "laag"),
    "scale_high": ("high", "hoog"),
    "office": ("office (the desk)", "kantoor (de balie)"),
    "professional": ("professional", "professional"),
    "bekend_gezicht": ("bekend gezicht (familiar face)", "bekend gezicht"),
    "site_school": ("school", "school"),
    "site_community_centre": ("community centre", "buurthuis"),
    "site_gp_practice": ("GP practice", "huisartsenpraktijk"),
    "site_market": ("market", "markt"),
    "site_library": ("library", "bibliotheek"),
    "vindplaatsen": (
        "vindplaatsen (places residents already go)",
        "vindplaatsen (plekken waar bewoners al komen)",
    ),
    # Plots.
    "years": ("years", "jaar"),
    "plot_participation": ("Taking part (% of subgroup)", "Deelname (% van subgroep)"),
    "plot_representation": (
        "Representation\n(share of participants ÷ share of residents)",
        "Vertegenwoordiging\n(aandeel deelnemers ÷ aandeel bewoners)",
    ),
    "plot_gap": (
        "SES gap in healthy life years (left, proxy)\nand in health (right, 0-1)",
        "SES-kloof in gezonde levensjaren (links, benadering)\nen in gezondheid (rechts, 0-1)",
    ),
    "plot_regie_trust": (
        "Eigen regie (solid) and trust (dashed)",
        "Eigen regie (doorgetrokken)\nen vertrouwen (gestreept)",
    ),
    "plot_by_subgroup": ("{label}, by subgroup{unit}", "{label}, per subgroep{unit}"),
    "plot_by_cause": ("{label}, so far, by cause", "{label}, tot nu toe, per oorzaak"),
    "plots_shown": ("Plots show (up to four panels)", "Grafieken tonen (hoogstens vier)"),
    "funding_horizon": ("funding ends", "subsidie stopt"),
    # Text alternatives: what the map and the plots show, for screen readers.
    "map_alt": (
        "Map of the neighbourhood at week {week}, residents coloured by {layer}. {counts}. "
        "Also shown: the office, the vindplaatsen, the professionals and the bekende gezichten.",
        "Kaart van de wijk in week {week}, bewoners gekleurd op {layer}. {counts}. Ook te "
        "zien: het kantoor, de vindplaatsen, de professionals en de bekende gezichten.",
    ),
    "map_alt_count": ("{label}: {n} residents", "{label}: {n} bewoners"),
    "map_alt_mean": ("{label}: average {value}", "{label}: gemiddeld {value}"),
    "map_alt_not_reached": (
        "Never reached, by subgroup: {counts}",
        "Nooit bereikt, per subgroep: {counts}",
    ),
    "plots_alt": (
        "Four plots over {years} years. Taking part, by subgroup, now: {taking_part}. "
        "Representation, by subgroup, now: {representation}. SES gap in healthy life years "
        "(proxy), now: {gap} years. Eigen regie and trust by subgroup.",
        "Vier grafieken over {years} jaar. Deelname per subgroep, nu: {taking_part}. "
        "Vertegenwoordiging per subgroep, nu: {representation}. SES-kloof in gezonde "
        "levensjaren (benadering), nu: {gap} jaar. Eigen regie en vertrouwen per subgroep.",
    ),
    "plots_alt_chosen": (
        "Plots over {years} years: {titles}.",
        "Grafieken over {years} jaar: {titles}.",
    ),
    "group_value": ("{label} {value}", "{label} {value}"),
    # The live region: read out by screen readers, now and then while playing.
    "live": ("{week}. {runs}", "{week}. {runs}"),
    "live_run": ("{name}: {taking_part}", "{name}: {taking_part}"),
    "mode_tabs": ("View", "Weergave"),
    "layer_tabs": ("Map layer", "Kaartlaag"),
    # Lessons.
    "lesson_setup": ("Set up this lesson", "Zet deze les klaar"),
    "lesson_active": ("Lesson: {title}", "Les: {title}"),
    "reveal": (
        "After running: what to notice, and why",
        "Na afloop: wat valt op, en waarom?",
    ),
    "lesson_stops": (
        "Play stops by itself at week {week}; press Play again to go on.",
        "Afspelen stopt vanzelf bij week {week}; druk opnieuw op Afspelen om verder te gaan.",
    ),
    "lesson_close": ("Close the lesson", "Les sluiten"),
    # Lead-ins of a lesson's parts, with their punctuation ("Wat valt op?" asks).
    "predict": ("Predict.", "Voorspel."),
    "run": ("Run.", "Laat lopen."),
    "notice": ("Things to notice.", "Wat valt op?"),
    "explain": ("Explain.", "Verklaar."),
    "try": ("Things to try.", "Probeer zelf."),
    "lessons_intro": (
        "Each lesson sets up its scenario with one click. Predict first, then run, then "
        "explain what you saw.",
        "Elke les zet met één klik het scenario klaar. Voorspel eerst, laat het model dan "
        "lopen, en verklaar wat je zag.",
    ),
    # Levers: label and a short explanation.
    "outreach": ("Outreach", "Outreach (erop af gaan)"),
    "outreach_help": (
        "Share of the professionals' contact time spent out in the neighbourhood "
        "instead of at the desk. 0 is bureaublindheid.",
        "Deel van de contacttijd die professionals in de wijk doorbrengen in "
        "plaats van achter de balie. 0 is bureaublindheid.",
    ),
    "laagdrempeligheid": ("Laagdrempeligheid (low threshold)", "Laagdrempeligheid"),
    "laagdrempeligheid_help": (
        "How easy it is to join: informal, nearby, free, no forms. "
        "Lowers the step for residents under stress most.",
        "Hoe makkelijk meedoen is: informeel, dichtbij, gratis, geen "
        "formulieren. Verlaagt de drempel het meest voor bewoners met "
        "stress.",
    ),
    "tunnelvisie": ("Tunnelvisie", "Tunnelvisie"),
    "tunnelvisie_help": (
        "Share of outreach contacts that go back to residents who already "
        "take part or are easy to reach.",
        "Deel van de outreach-contacten dat teruggaat naar bewoners die al "
        "meedoen of makkelijk te bereiken zijn.",
    ),
    "n_bekende_gezichten": ("Bekende gezichten (familiar faces)", "Bekende gezichten"),
    "n_bekende_gezichten_help": (
        "Residents whom their own group trusts and who invite people "
        "they know, the most stressed first.",
        "Bewoners die door hun eigen groep worden vertrouwd en die mensen uit "
        "hun kring uitnodigen, te beginnen bij wie de meeste stress heeft.",
    ),
    "feedback_rate": ("Feedback", "Terugkoppeling"),
    "feedback_rate_help": (
        "Chance each week that participants see what became of their input. "
        "Without it, frustration grows.",
        "Kans per week dat deelnemers zien wat er met hun inbreng gebeurt. "
        "Zonder terugkoppeling groeit frustratie.",
    ),
    "expectation_clarity": ("Clear expectations", "Duidelijke verwachtingen"),
    "expectation_clarity_help": (
        "How clear it is to residents what the initiative can and cannot do.",
        "Hoe duidelijk het voor bewoners is wat het initiatief wel en niet kan.",
    ),
    "mixing_effort": ("Mixing effort", "Inzet op ontmoeting tussen groepen"),
    "mixing_effort_help": (
        "Effort to bring groups together at activities; costs outreach time.",
        "Moeite om groepen bij activiteiten samen te brengen; kost outreach-tijd.",
    ),
    "integration": ("Integration of organisations", "Samenwerking tussen organisaties"),
    "integration_help": (
        "How well organisations pass on the problems residents raise (against hokjesmentaliteit).",
        "Hoe goed organisaties de problemen van bewoners doorgeven (tegen hokjesmentaliteit).",
    ),
    "structure": ("Structure", "Structuur"),
    "structure_help": (
        "Formal, embedded organisation: continuity after the funding, but a higher threshold.",
        "Formele, ingebedde organisatie: continuïteit na de subsidie, maar een hogere drempel.",
    ),
    "funding_weeks": ("Funding (weeks)", "Subsidieduur (weken)"),
    "funding_weeks_help": (
        "After how many weeks the project money stops.",
        "Na hoeveel weken het projectgeld stopt.",
    ),
    # Parameters that scenario descriptions name and that have no slider.
    "param_promise_keeping": ("promise keeping", "beloften nakomen"),
    "residents_organisation": ("Residents' organisation", "Bewonersorganisatie"),
    "residents_organisation_help": (
        "Strength of an existing residents' organisation that can carry activities on.",
        "Kracht van een bestaande bewonersorganisatie die activiteiten kan voortzetten.",
    ),
}


def t(key: str, lang: str, **fields) -> str:
    """The text for ``key`` in ``lang`` ("en" or "nl"), with ``{fields}`` filled in; an
    error among them says what it says in ``lang`` (the model's mistakes are worded in
    both)."""
    text = pick(TEXT[key], lang)
    shown = {
        k: in_language(v, lang) if isinstance(v, BaseException) else v for k, v in fields.items()
    }
    return text.format(**shown) if fields else text


def number(value: float, decimals: int, language: str) -> str:
    """``value`` with ``decimals`` decimals: a decimal point in English, a comma in Dutch."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",") if language == "nl" else text


def scenario_label(name: str, lang: str) -> str:
    """A scenario's name as the app shows it: translated where a translation exists (the file
    names are mostly Dutch words or places already)."""
    key = f"scenario_name_{name}"
    return t(key, lang) if key in TEXT else name


# --- pages: the Info tab and the teacher guide -------------------------------------------------
# A page is a sequence of blocks: ("h", text) a section heading, ("p", text) a paragraph,
# ("li", text) an item of a bulleted list. viz/guide.py renders them in the app and as the
# printable Markdown pages in docs/, so both read the same words.

#: A block of a page: its kind ("h", "p" or "li") and its text in both languages.
Block = tuple[str, Bilingual]

#: The Info tab, in the order of NetLogo's Info tab. Its only figures are ones the project
#: states with an interval (README, over ten seeds); a test holds it to that.
INFO: tuple[Block, ...] = (
    ("h", ("What is it?", "Wat is het?")),
    (
        "p",
        (
            "A model of co-creation in a neighbourhood where many residents have a low "
            "socio-economic status (SES): a municipality, professionals and residents design "
            "and run a health initiative together. The studies it builds on warn that "
            "co-creation which mainly reaches the already healthy, articulate and "
            "well-connected 'usual suspects' keeps the health gap between low and higher SES in "
            "place, or widens it. The model makes that participation bias visible: who hears "
            "of the initiative, who joins, who stops, and what happens to the health gap over "
            "the years.",
            "Een model van co-creatie in een wijk waar veel bewoners een lage "
            "sociaaleconomische status (SES) hebben: een gemeente, professionals en bewoners "
            "bedenken en voeren samen een gezondheidsinitiatief uit. De studies waarop het "
            "steunt waarschuwen dat co-creatie die vooral de al gezonde, mondige en goed "
            "verbonden 'usual suspects' bereikt, de gezondheidskloof tussen lage en hogere SES "
            "in stand houdt of vergroot. Het model maakt die deelnamescheefheid zichtbaar: wie "
            "hoort van het initiatief, wie doet mee, wie stopt, en wat gebeurt er in de loop "
            "van de jaren met de gezondheidskloof?",
        ),
    ),
    (
        "p",
        (
            "It is a tool for teaching and thinking, not a forecast: the sources fix "
            "directions and patterns, not sizes.",
            "Het is een hulpmiddel om mee te leren en na te denken, geen voorspelling: de "
            "bronnen leggen richtingen en patronen vast, geen groottes.",
        ),
    ),
    ("h", ("How it works", "Hoe werkt het?")),
    (
        "p",
        (
            "One step is one week. Residents of several subgroups live on a grid; in the "
            "default neighbourhood these are residents with higher SES, with low SES and a "
            "Dutch background, with low SES and a migration background, and newcomers. Each "
            "resident has stress, health, eigen regie (a sense of control over their own "
            "life), trust in institutions, ties with similar people nearby, and a state: not "
            "reached yet, knows of it, taking part, organising, or stopped.",
            "Eén stap is één week. Bewoners uit verschillende subgroepen wonen op een raster; "
            "in de standaardwijk zijn dat bewoners met hogere SES, met lage SES en een "
            "Nederlandse achtergrond, met lage SES en een migratieachtergrond, en "
            "nieuwkomers. Elke bewoner heeft stress, gezondheid, eigen regie, vertrouwen in "
            "instanties, banden met vergelijkbare mensen in de buurt, en een toestand: nog "
            "niet bereikt, weet ervan, doet mee, organiseert mee, of gestopt.",
        ),
    ),
    (
        "p",
        (
            "Professionals work from the office (the desk) or go out to the vindplaatsen, "
            "places where residents already come: the school, the community centre, the GP "
            "practice, the market, the library. Outreach sets how much of their time they "
            "spend out there; tunnelvisie, how many of their contacts go back to people they "
            "already know. Bekende gezichten (familiar faces) are residents whom their own "
            "group trusts: they tell the people who know them about the initiative, the most "
            "stressed first, and vouch for it.",
            "Professionals werken vanuit het kantoor (de balie) of gaan naar de "
            "vindplaatsen, plekken waar bewoners al komen: de school, het buurthuis, de "
            "huisartsenpraktijk, de markt, de bibliotheek. Outreach bepaalt hoeveel van hun "
            "tijd ze daar doorbrengen; tunnelvisie hoeveel van hun contacten teruggaan naar "
            "mensen die ze al kennen. Bekende gezichten zijn bewoners die door hun eigen groep "
            "worden vertrouwd: zij vertellen de mensen die hen kennen over het initiatief, te "
            "beginnen bij wie de meeste stress heeft, en staan ervoor in.",
        ),
    ),
    (
        "p",
        (
            "Every week a resident who knows of the initiative decides whether to join: "
            "trust, the benefit they expect and a familiar face's word count for it; stress, "
            "the threshold and language count against it. Participants who see nothing come "
            "of their input grow frustrated and may stop. Taking part builds eigen regie, "
            "support and trust; health follows slowly, over years. When the funding stops, "
            "only what residents carry themselves goes on.",
            "Elke week beslist een bewoner die van het initiatief weet of hij of zij "
            "meedoet: vertrouwen, de verwachte winst en het woord van een bekend gezicht "
            "tellen mee; stress, de drempel en de taal tellen tegen. Deelnemers die niets "
            "terugzien van hun inbreng raken gefrustreerd en kunnen stoppen. Meedoen bouwt "
            "eigen regie, steun en vertrouwen op; de gezondheid volgt langzaam, in de loop "
            "van jaren. Als de subsidie stopt, gaat alleen door wat bewoners zelf dragen.",
        ),
    ),
    ("h", ("How to use it", "Hoe gebruik je het?")),
    (
        "li",
        (
            "Choose a scenario, a neighbourhood with a way of working, and press Step for one "
            "week or Play to run on. Speed sets the weeks per second; 'Run to week' plays to a "
            "week and stops there.",
            "Kies een scenario, een wijk met een manier van werken, en druk op Stap voor één "
            "week of op Afspelen om door te gaan. Snelheid bepaalt het aantal weken per "
            "seconde; 'Ga door tot week' speelt af tot een week en stopt daar.",
        ),
    ),
    (
        "li",
        (
            "Colour the residents on the map by subgroup, participation, health, trust, or "
            "'Not reached': the residents the initiative never reached.",
            "Kleur de bewoners op de kaart op subgroep, deelname, gezondheid, vertrouwen, of "
            "'Niet bereikt': de bewoners die het initiatief nooit heeft bereikt.",
        ),
    ),
    (
        "li",
        (
            "The sliders under Levers change the way of working; a change takes effect when "
            "you press Reset. The seed fixes the chance events: the same scenario with the "
            "same seed gives the same run.",
            "De schuifregelaars onder Instellingen veranderen de manier van werken; een "
            "wijziging gaat in als je op Opnieuw drukt. Het startgetal (seed) legt het toeval "
            "vast: hetzelfde scenario met hetzelfde startgetal geeft precies dezelfde "
            "uitkomst.",
        ),
    ),
    (
        "li",
        (
            "'Compare two' runs two scenarios with the same seed side by side. 'Lessons' sets "
            "up a guided activity with one click; the Teacher guide says how to use them in "
            "class.",
            "'Twee vergelijken' laat twee scenario's met hetzelfde startgetal naast elkaar "
            "lopen. 'Lessen' zet met één klik een begeleide opdracht klaar; de "
            "Docentenhandleiding beschrijft hoe je ze in de klas gebruikt.",
        ),
    ),
    (
        "li",
        (
            "Download a run as a table (CSV), as a scenario file (TOML), or its plots as a "
            "figure (PNG or SVG).",
            "Download een simulatie als tabel (CSV), als scenariobestand (TOML), of de "
            "grafieken als figuur (PNG of SVG).",
        ),
    ),
    ("h", ("Things to notice", "Wat valt op?")),
    (
        "li",
        (
            "Who stays coloured on the 'Not reached' map, and in which group's colour? The "
            "sources say that nobody asks who did not come.",
            "Wie blijft gekleurd op de kaart 'Niet bereikt', en in de kleur van welke groep? "
            "Volgens de bronnen vraagt niemand wie er niet kwam.",
        ),
    ),
    (
        "li",
        (
            "Representation: 1 means that a subgroup is as common among the participants as "
            "among the residents; below 1 it is under-represented.",
            "Vertegenwoordiging: 1 betekent dat een subgroep onder de deelnemers even vaak "
            "voorkomt als onder de bewoners; onder 1 is ze ondervertegenwoordigd.",
        ),
    ),
    (
        "li",
        (
            "How few take part. Over ten seeds, 4.6% ± 0.5 of the residents of the default "
            "neighbourhood have ever taken part after four years (mean and 95% interval); "
            "the one published figure for a comparable programme, Well London, is 3.1% (95% "
            "interval 1.6 to 4.6).",
            "Hoe weinig mensen meedoen. Over tien startgetallen heeft na vier jaar 4,6% ± 0,5 "
            "van de bewoners van de standaardwijk ooit meegedaan (gemiddelde en 95%-interval); "
            "het enige gepubliceerde cijfer voor een vergelijkbaar programma, Well London, is "
            "3,1% (95%-interval 1,6 tot 4,6).",
        ),
    ),
    (
        "li",
        (
            "What happens at the dotted line in the plots, where the funding stops.",
            "Wat er gebeurt bij de stippellijn in de grafieken, waar de subsidie stopt.",
        ),
    ),
    (
        "li",
        (
            "How slowly health and the health gap move compared with participation.",
            "Hoe langzaam de gezondheid en de gezondheidskloof veranderen, vergeleken met de "
            "deelname.",
        ),
    ),
    ("h", ("Things to try", "Wat kun je proberen?")),
    (
        "li",
        (
            "Set Outreach to its lowest (bureaublindheid), then high: who is reached, and "
            "who joins?",
            "Zet Outreach op het laagst (bureaublindheid) en daarna hoog: wie wordt bereikt, "
            "en wie doet mee?",
        ),
    ),
    (
        "li",
        (
            "Add bekende gezichten, or raise Tunnelvisie, and watch the 'Not reached' map.",
            "Voeg bekende gezichten toe, of zet Tunnelvisie hoger, en kijk naar de kaart "
            "'Niet bereikt'.",
        ),
    ),
    (
        "li",
        (
            "Lower Feedback and Clear expectations: who stops, and when?",
            "Zet Terugkoppeling en Duidelijke verwachtingen lager: wie stopt er, en wanneer?",
        ),
    ),
    (
        "li",
        (
            "Shorten or lengthen the funding, with and without a residents' organisation.",
            "Maak de subsidieduur korter of langer, met en zonder bewonersorganisatie.",
        ),
    ),
    (
        "li",
        (
            "Run the same comparison with other seeds: which differences hold every time?",
            "Doe dezelfde vergelijking met andere startgetallen: welke verschillen blijven "
            "elke keer overeind?",
        ),
    ),
    ("h", ("Extending the model", "Het model uitbreiden")),
    (
        "li",
        (
            "A scenario is a TOML file in the folder scenarios/: copy one, change its "
            "parameters or subgroups, note why next to each value, and run it with "
            "'cocreatie run'. The file downloaded from the app is such a scenario.",
            "Een scenario is een TOML-bestand in de map scenarios/: kopieer er een, verander "
            "de parameters of de subgroepen, noteer bij elke waarde waarom, en voer het uit met "
            "'cocreatie run'. Het bestand dat je uit de app downloadt, is zo'n scenario.",
        ),
    ),
    (
        "li",
        (
            "For research, 'cocreatie sweep' varies parameters over many seeds, with "
            "sensitivity analyses and tidy tables, and 'cocreatie validate' checks the model "
            "against what the sources report.",
            "Voor onderzoek varieert 'cocreatie sweep' parameters over veel startgetallen, met "
            "gevoeligheidsanalyses en nette tabellen, en toetst 'cocreatie validate' het "
            "model aan wat de bronnen melden.",
        ),
    ),
    (
        "li",
        (
            "Some things the sources describe are not in the model: age, shocks such as "
            "COVID, resistance against a topic the municipality sets, and men's own meeting "
            "places such as a sports club or a mosque. Each is a way to extend it; the model "
            "description (ODD) says where every rule lives.",
            "Sommige dingen uit de bronnen zitten niet in het model: leeftijd, schokken zoals "
            "COVID, weerstand tegen een onderwerp dat de gemeente kiest, en eigen "
            "ontmoetingsplekken van mannen zoals een sportclub of een moskee. Elk daarvan is "
            "een manier om het uit te breiden; de modelbeschrijving (ODD) zegt waar elke "
            "regel staat.",
        ),
    ),
    ("h", ("Sources", "Bronnen")),
    (
        "p",
        (
            "The mechanisms follow five Dutch and Flemish documents on co-creation and "
            "health inequalities:",
            "De mechanismen volgen vijf Nederlandse en Vlaamse documenten over co-creatie en "
            "gezondheidsverschillen:",
        ),
    ),
    (
        "li",
        (
            "a master's thesis on nine Dutch co-creation cases;",
            "een masterscriptie over negen Nederlandse co-creatiecasussen;",
        ),
    ),
    (
        "li",
        (
            "a whitepaper on the human measure in government;",
            "een whitepaper over de menselijke maat in de overheid;",
        ),
    ),
    (
        "li",
        (
            "a Flemish thesis comparing Genk and Beringen;",
            "een Vlaamse scriptie die Genk en Beringen vergelijkt;",
        ),
    ),
    ("li", ("an RIVM report on three regions;", "een RIVM-rapport over drie regio's;")),
    ("li", ("the magazine Acht jaar GezondIn.", "het magazine Acht jaar GezondIn.")),
    (
        "p",
        (
            "Parameters and lessons cite a document by its number and the lines of its "
            "plain-text copy.",
            "Parameters en lessen verwijzen naar een document met zijn nummer en de regels "
            "van de platte-tekstversie.",
        ),
    ),
    ("h", ("Model description (ODD)", "Modelbeschrijving (ODD)")),
    (
        "p",
        (
            "The full description of the model in the ODD protocol (overview, design "
            "concepts, details), with every rule and parameter and its source, is "
            "docs/ODD.md in the repository. It is in English.",
            "De volledige beschrijving van het model volgens het ODD-protocol (overzicht, "
            "ontwerpconcepten, details), met elke regel en parameter en hun bron, staat in "
            "docs/ODD.md in de repository. Ze is in het Engels.",
        ),
    ),
)

#: The teacher guide's opening, before the learning goals.
GUIDE_INTRO: tuple[Block, ...] = (
    (
        "p",
        (
            "For teachers in health, social work, public administration and related "
            "courses who want to show in class how co-creation can miss the residents it is "
            "meant for: who takes part, who does not, and why? The lessons are in the app's "
            "Lessons tab, each set up with one click, in English and Dutch. Each follows the "
            "same steps: predict, run, notice, explain, try.",
            "Voor docenten in gezondheidszorg, sociaal werk, bestuurskunde en verwante "
            "opleidingen die in de klas willen laten zien hoe co-creatie de bewoners kan "
            "missen voor wie ze bedoeld is: wie doet mee, wie niet, en waarom? De lessen "
            "staan in de app onder Lessen; elke les zet je met één klik klaar, in het "
            "Nederlands en het Engels. Elke les volgt dezelfde stappen: voorspellen, laten "
            "lopen, opmerken, verklaren, zelf proberen.",
        ),
    ),
)

#: What students can do after the lesson.
GUIDE_GOALS: tuple[Bilingual, ...] = (
    (
        "Explain participation bias: why an initiative open to everyone reaches mainly the "
        "usual suspects, and why that can keep the health gap in place.",
        "Deelnamescheefheid uitleggen: waarom een initiatief dat voor iedereen openstaat vooral "
        "de usual suspects bereikt, en waarom dat de gezondheidskloof in stand kan houden.",
    ),
    (
        "Name the mechanisms the sources describe and what each does in the model: "
        "bureaublindheid, laagdrempeligheid, bekende gezichten, tunnelvisie, and the end of "
        "the funding.",
        "De mechanismen uit de bronnen benoemen en zeggen wat elk in het model doet: "
        "bureaublindheid, laagdrempeligheid, bekende gezichten, tunnelvisie en het einde "
        "van de subsidie.",
    ),
    (
        "Read reach, participation and representation from a map and a plot, and ask who "
        "is missing.",
        "Bereik, deelname en vertegenwoordiging aflezen van een kaart en een grafiek, en "
        "vragen wie er ontbreekt.",
    ),
    (
        "Tell a model's patterns and directions apart from a prediction for a real neighbourhood.",
        "Het verschil zien tussen de patronen en richtingen van een model en een "
        "voorspelling voor een echte wijk.",
    ),
    (
        "Argue which ways of working would reach whom, and what they cost.",
        "Beargumenteren welke manier van werken wie bereikt, en wat die kost.",
    ),
)

#: A lesson of 45 minutes: (minutes, what happens).
GUIDE_PLAN: tuple[tuple[int, Bilingual], ...] = (
    (
        5,
        (
            "Opening. Ask the class: who takes part in a neighbourhood health initiative, who "
            "does not, and why? Show the app: the map, the groups' colours, the plots.",
            "Opening. Vraag de klas: wie doet mee aan een gezondheidsinitiatief in de wijk, "
            "wie niet, en waarom? Laat de app zien: de kaart, de kleuren van de groepen, de "
            "grafieken.",
        ),
    ),
    (
        10,
        (
            "Together, on the projector: lesson 'Who comes to the desk?'. Let students write "
            "down their prediction first, then run it and read the map and the numbers above "
            "it.",
            "Samen, op het digibord: de les 'Wie komt er naar de balie?'. Laat studenten "
            "eerst hun voorspelling opschrijven, laat het model dan lopen en lees de kaart "
            "en de getallen erboven af.",
        ),
    ),
    (
        15,
        (
            "In pairs, each on a laptop: 'What a familiar face changes' or 'Tunnelvisie: the "
            "same faces again'. Each pair predicts in writing, runs the lesson, and notes "
            "what they saw and one thing they tried.",
            "In tweetallen, elk op een laptop: 'Wat een bekend gezicht verandert' of "
            "'Tunnelvisie: steeds dezelfde gezichten'. Elk tweetal voorspelt op papier, laat "
            "de les lopen, en noteert wat het zag en één ding dat het zelf probeerde.",
        ),
    ),
    (
        10,
        (
            "Together: 'When the money stops' (or 'Five years low-threshold') at high speed. "
            "Pairs report back; discuss with the questions below.",
            "Samen: 'Als het geld stopt' (of 'Vijf jaar laagdrempelig') op hoge snelheid. "
            "De tweetallen vertellen wat ze zagen; bespreek het met de vragen hieronder.",
        ),
    ),
    (
        5,
        (
            "Close: what not to read into the numbers (below). Each student writes one "
            "sentence: whom did the initiative miss, and why?",
            "Afsluiting: wat je niet uit de getallen mag halen (hieronder). Elke student "
            "schrijft één zin: wie miste het initiatief, en waarom?",
        ),
    ),
)

#: The guide's warnings, after the section "What not to read into the numbers" of the docs
#: on calibration and evidence, without its figures.
GUIDE_CAVEATS: tuple[Bilingual, ...] = (
    (
        "Levels. A participation rate or a representation ratio is not a prediction for any "
        "real neighbourhood, even where it agrees with a published figure. Compare scenarios "
        "with the same seed and read the differences and their directions.",
        "Niveaus. Een deelnamepercentage of een vertegenwoordiging is geen voorspelling voor "
        "een echte wijk, ook niet als het overeenkomt met een gepubliceerd cijfer. Vergelijk "
        "scenario's met hetzelfde startgetal en lees de verschillen en hun richting.",
    ),
    (
        "Healthy life years. The gap in healthy life years is a stand-in: the gap in modelled "
        "health between higher and low SES, put on the scale of years. A change in it is a "
        "change in modelled health, not a forecast of how long anyone lives.",
        "Gezonde levensjaren. De kloof in gezonde levensjaren is een benadering: het verschil "
        "in gemodelleerde gezondheid tussen hogere en lage SES, uitgedrukt in jaren. Een "
        "verandering daarin is een verandering in gemodelleerde gezondheid, geen voorspelling "
        "van hoe lang iemand leeft.",
    ),
    (
        "Health effects are indirect and slow by design: over a few years they are small "
        "next to the gap at the start. That is the sources' point ('effects show only after "
        "years'), not a measured effect size.",
        "Gezondheidseffecten zijn bewust indirect en traag: over een paar jaar zijn ze klein "
        "naast de kloof aan het begin. Dat is wat de bronnen zeggen ('effecten zie je pas na "
        "jaren'), geen gemeten effectgrootte.",
    ),
    (
        "Absences. Some things the sources describe are not in the model: age, shocks such "
        "as COVID, resistance against a topic the municipality sets, and men's own meeting "
        "places. Where a question turns on them, the model is silent.",
        "Wat ontbreekt. Sommige dingen uit de bronnen zitten niet in het model: leeftijd, "
        "schokken zoals COVID, weerstand tegen een onderwerp dat de gemeente kiest, en eigen "
        "ontmoetingsplekken van mannen. Waar een vraag daarom draait, zegt het model niets.",
    ),
    (
        "One run is one neighbourhood's chance events. A lesson's numbers are the mean and "
        "range over ten seeds; the run on screen can differ. Where one run looks odd, try "
        "another seed.",
        "Eén simulatie is het toeval van één wijk. De getallen van een les zijn het "
        "gemiddelde en de spreiding over tien startgetallen; de simulatie op het scherm kan "
        "afwijken. Ziet één simulatie er vreemd uit, probeer dan een ander startgetal.",
    ),
)

#: The guide's headings and labels.
GUIDE_WORDS: dict[str, Bilingual] = {
    "title": ("Teacher guide", "Docentenhandleiding"),
    "goals": ("Learning goals", "Leerdoelen"),
    "goals_lead": (
        "After the lesson, students can:",
        "Na de les kunnen studenten:",
    ),
    "plan": ("A lesson of 45 minutes", "Een les van 45 minuten"),
    "minutes": ("{start}-{end} min", "{start}-{end} min"),
    "lessons": ("The lessons", "De lessen"),
    "setup": (
        "Set-up: {scenarios}; map: {layer}; play stops at week {weeks}.",
        "Klaarzetten: {scenarios}; kaart: {layer}; afspelen stopt bij week {weeks}.",
    ),
    "setup_pair": ("left {a}, right {b}", "links {a}, rechts {b}"),
    "expected": ("Expected observations", "Wat studenten zien"),
    "expected_note": (
        "Each range (the numbers in brackets) holds on at least nine of ten seeds and at seed "
        "42, the one the lesson starts with; what happens 'in every run' holds on all ten. A "
        "test checks every one; the run on screen is one seed, so its numbers can differ "
        "from the means.",
        "Elk bereik (de getallen tussen haakjes) klopt bij minstens negen van de tien "
        "startgetallen en bij startgetal 42, waarmee de les begint; wat 'in elke simulatie' "
        "gebeurt, klopt bij alle tien. Een test controleert ze allemaal; de simulatie op het "
        "scherm is één startgetal, dus de getallen kunnen van de gemiddelden afwijken.",
    ),
    "why": ("Why", "Waarom"),
    "discuss": ("Questions for discussion", "Vragen voor het gesprek"),
    "caveats": ("What not to read into the numbers", "Wat je niet uit de getallen mag halen"),
    "generated": (
        "Generated from viz/text.py and viz/lessons.py by `uv run python -m viz.guide`; "
        "the app shows the same text under Teacher guide. Edit those files, not this one.",
        "Gemaakt uit viz/text.py en viz/lessons.py met `uv run python -m viz.guide`; de app "
        "toont dezelfde tekst onder Docentenhandleiding. Pas die bestanden aan, niet dit.",
    ),
}
