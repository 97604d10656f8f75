"""Every word the app shows, in English and Dutch.

One table, so that a translator finds all of it in one place and a test can check that no
text exists in one language only. ``t(key, lang)`` looks a text up; ``{name}`` fields are
filled from keyword arguments.
"""

from __future__ import annotations

from sim.bilingual import Bilingual, pick

#: key -> (English, Dutch)
TEXT: dict[str, Bilingual] = {
    # The page.
    "app_title": (
        "Co-creation in the neighbourhood: who takes part?",
        "Co-creatie in de wijk: wie doet er mee?",
    ),
    "other_language": ("Nederlands", "English"),
    "intro": (
        "Residents of four groups live on the grid. Professionals work from the office or go "
        "out to the vindplaatsen; bekende gezichten (familiar faces) talk to the people who "
        "know them. Who hears of the initiative, who joins, and what happens to the health "
        "gap? Press Step or Play.",
        "Bewoners uit vier groepen wonen op het raster. Professionals werken vanuit het "
        "kantoor of gaan naar de vindplaatsen; bekende gezichten praten met de mensen die hen "
        "kennen. Wie hoort van het initiatief, wie doet mee, en wat gebeurt er met de "
        "gezondheidskloof? Druk op Stap of Afspelen.",
    ),
    "mode_single": ("One scenario", "Eén scenario"),
    "mode_compare": ("Compare two", "Twee vergelijken"),
    "mode_lessons": ("Lessons", "Lessen"),
    # Controls.
    "controls": ("Run", "Draaien"),
    "reset": ("Reset", "Opnieuw"),
    "step": ("Step", "Stap"),
    "play": ("Play", "Afspelen"),
    "pause": ("Pause", "Pauze"),
    "speed": ("Speed (weeks per second)", "Snelheid (weken per seconde)"),
    "seed": ("Seed (a whole number)", "Seed (een geheel getal)"),
    "seed_help": (
        "The same scenario with the same seed gives the same run.",
        "Hetzelfde scenario met dezelfde seed geeft precies dezelfde run.",
    ),
    "scenario": ("Scenario", "Scenario"),
    "scenario_a": ("Scenario left", "Scenario links"),
    "scenario_b": ("Scenario right", "Scenario rechts"),
    "layer": ("Colour residents by", "Kleur bewoners naar"),
    "levers": ("Levers", "Knoppen"),
    "levers_help": (
        "Each slider starts at the scenario's value. Changes take effect when you press Reset.",
        "Elke schuif begint bij de waarde van het scenario. Een wijziging gaat in "
        "als je op Opnieuw drukt.",
    ),
    "levers_pending": (
        "Changed: press Reset to run with the new values.",
        "Gewijzigd: druk op Opnieuw om met de nieuwe waarden te draaien.",
    ),
    "levers_compare": (
        "In compare mode both scenarios run as written, so that the difference "
        "you see is the difference between the scenarios.",
        "Bij vergelijken draaien beide scenario's zoals ze beschreven zijn, zodat "
        "het verschil dat je ziet het verschil tussen de scenario's is.",
    ),
    "run_with": ("This run:", "Deze run:"),
    "lockstep": (
        "Both run with the same seed and take every step together.",
        "Beide draaien met dezelfde seed en zetten elke stap samen.",
    ),
    "week": ("Week {week} (year {years})", "Week {week} (jaar {years})"),
    "end_reached": (
        "Ten years simulated: press Reset to start again.",
        "Tien jaar gesimuleerd: druk op Opnieuw om opnieuw te beginnen.",
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
    "run_to_week": ("Run to week", "Draai tot week"),
    "week_field": ("Stop at week (1 to {max})", "Stop bij week (1 tot {max})"),
    "monitor_week": ("week", "week"),
    "monitor_year": ("year", "jaar"),
    "download_csv": ("Table (CSV)", "Tabel (CSV)"),
    "download_toml": ("Scenario (TOML)", "Scenario (TOML)"),
    "download_png": ("Figure (PNG)", "Figuur (PNG)"),
    "download_svg": ("Figure (SVG)", "Figuur (SVG)"),
    "downloads": ("Download this run:", "Download deze run:"),
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
        "De run is al bij week {now}, voorbij week {week}: druk op Opnieuw om opnieuw te beginnen.",
    ),
    "seed_empty": (
        "Fill in a seed: a whole number such as 42.",
        "Vul een seed in: een geheel getal, zoals 42.",
    ),
    "seed_bad": (
        "The seed must be a whole number such as 42, not '{value}'.",
        "De seed moet een geheel getal zijn, zoals 42, niet '{value}'.",
    ),
    "seed_range": (
        "The seed must be between 0 and {max}, not {value}.",
        "De seed moet tussen 0 en {max} liggen, niet {value}.",
    ),
    "scenario_bad": (
        "Scenario '{name}' cannot be used: {problem}",
        "Scenario '{name}' kan niet gebruikt worden: {problem}",
    ),
    "kept_running": (
        "The run shown is the previous one; fix the problem and press Reset.",
        "De getoonde run is de vorige; los het probleem op en druk op Opnieuw.",
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
    "reached": ("reached (faded)", "bereikt (vaag)"),
    "not_reached_note": (
        "Coloured: residents the initiative never reached, by subgroup. Nobody "
        "asks who is missing; this layer does.",
        "Gekleurd: bewoners die het initiatief nooit bereikte, per subgroep. "
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
    "plot_participation": ("Taking part (% of subgroup)", "Doet mee (% van subgroep)"),
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
        "Eigen regie (doorgetrokken)\nen vertrouwen (gestippeld)",
    ),
    "funding_horizon": ("funding ends", "subsidie stopt"),
    # Lessons.
    "lesson_setup": ("Set up this lesson", "Zet deze les klaar"),
    "lesson_active": ("Lesson: {title}", "Les: {title}"),
    "reveal": (
        "After running: what to notice, and why",
        "Na het draaien: waar let je op, en waarom",
    ),
    "lesson_stops": (
        "Play stops by itself at week {week}; press Play again to go on.",
        "Afspelen stopt vanzelf bij week {week}; druk opnieuw op Afspelen om verder te gaan.",
    ),
    "lesson_close": ("Close the lesson", "Sluit de les"),
    "predict": ("Predict", "Voorspel"),
    "run": ("Run", "Draai"),
    "notice": ("Things to notice", "Let op"),
    "explain": ("Explain", "Verklaar"),
    "try": ("Things to try", "Probeer"),
    "lessons_intro": (
        "Each lesson sets up its scenario with one click. Predict first, then run, then "
        "explain what you saw.",
        "Elke les zet met één klik het scenario klaar. Voorspel eerst, draai dan, en verklaar "
        "wat je zag.",
    ),
    # Levers: label and a short explanation.
    "outreach": ("Outreach", "Outreach (erop af)"),
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
        "Bewoners die hun eigen groep vertrouwt en die mensen uit hun "
        "kring uitnodigen, wie de meeste stress heeft eerst.",
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
    "mixing_effort": ("Mixing effort", "Inzet op mengen"),
    "mixing_effort_help": (
        "Effort to bring groups together at activities; costs outreach time.",
        "Moeite om groepen bij activiteiten te mengen; kost outreach-tijd.",
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
    "funding_weeks": ("Funding (weeks)", "Subsidie (weken)"),
    "funding_weeks_help": ("When the project money stops.", "Wanneer het projectgeld stopt."),
    "residents_organisation": ("Residents' organisation", "Bewonersorganisatie"),
    "residents_organisation_help": (
        "Strength of an existing residents' organisation that can carry activities on.",
        "Kracht van een bestaande bewonersorganisatie die activiteiten kan voortzetten.",
    ),
}


def t(key: str, lang: str, **fields) -> str:
    """The text for ``key`` in ``lang`` ("en" or "nl"), with ``{fields}`` filled in."""
    text = pick(TEXT[key], lang)
    return text.format(**fields) if fields else text
