"""Guided activities for teachers, in the NetLogo tradition: predict, run, notice, explain, try.

Each lesson sets up its scenario (or two, side by side) and a map layer with one click. The
texts say what the default seed shows; the tests check that the scenarios they name exist and
that every text is there in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.bilingual import Bilingual, pick


@dataclass(frozen=True)
class Lesson:
    """One guided activity. Text fields are (English, Dutch) pairs."""

    key: str
    title: Bilingual
    scenarios: tuple[str, ...]  # one: single view; two: compare mode
    layer: str
    weeks: int  # how far to run before explaining
    predict: Bilingual
    run: Bilingual
    notice: Bilingual
    explain: Bilingual
    try_: Bilingual

    def text(self, field: str, lang: str) -> str:
        return pick(getattr(self, field), lang)


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        key="desk",
        title=("Who comes to the desk?", "Wie komt er naar de balie?"),
        scenarios=("bureaublind",),
        layer="state",
        weeks=52,
        predict=(
            "The professionals stay at their desk in the office and wait for residents to "
            "come in. Which of the four groups will walk in and join? Which will not?",
            "De professionals blijven achter hun balie op kantoor en wachten tot bewoners "
            "binnenlopen. Welke van de vier groepen lopen binnen en doen mee? Welke niet?",
        ),
        run=(
            "Press Play and let it run for a year (52 weeks). Then switch the map between "
            "'Participation' and 'Subgroup'.",
            "Druk op Afspelen en laat het een jaar (52 weken) lopen. Wissel de kaart dan tussen "
            "'Deelname' en 'Subgroep'.",
        ),
        notice=(
            "After a year the participants are almost all higher-SES residents: their "
            "representation is about 3 (three times their share of the neighbourhood), the "
            "low-SES groups' is near 0. Many low-SES residents have heard of it and still "
            "do not come.",
            "Na een jaar zijn de deelnemers bijna allemaal bewoners met hogere SES: hun "
            "vertegenwoordiging is ongeveer 3 (drie keer hun aandeel in de wijk), die van de "
            "groepen met lage SES bijna 0. Veel bewoners met lage SES hebben ervan gehoord "
            "en komen toch niet.",
        ),
        explain=(
            "Walking up to a desk takes capacity: language, literacy, a network, room in "
            "your head when money and housing cause stress. Those who have it are the "
            "'usual suspects'. Waiting at the desk is bureaublindheid (000 L3985-4060).",
            "Naar een balie stappen vraagt vermogen: taal, geletterdheid, een netwerk, "
            "ruimte in je hoofd als geld en wonen stress geven. Wie dat heeft, zijn de "
            "'usual suspects'. Achter de balie wachten is bureaublindheid (000 "
            "L3985-4060).",
        ),
        try_=(
            "Raise Outreach to 0.8 and press Reset. More low-SES residents are reached; do "
            "more of them join? Then raise Laagdrempeligheid as well.",
            "Zet Outreach op 0,8 en druk op Opnieuw. Er worden meer bewoners met lage SES "
            "bereikt; doen er ook meer mee? Zet daarna ook Laagdrempeligheid hoger.",
        ),
    ),
    Lesson(
        key="familiar-face",
        title=("What a familiar face changes", "Wat een bekend gezicht verandert"),
        scenarios=("bureaublind", "bekende-gezichten"),
        layer="not_reached",
        weeks=52,
        predict=(
            "Left: only the desk. Right: the same neighbourhood with bekende gezichten, "
            "residents whom their own group trusts. Who will the right-hand side reach "
            "that the left misses?",
            "Links: alleen de balie. Rechts: dezelfde wijk met bekende gezichten, bewoners "
            "die hun eigen groep vertrouwt. Wie bereikt de rechterkant die links gemist "
            "wordt?",
        ),
        run=(
            "Press Play for a year. Watch the 'Not reached' map and the representation plot "
            "on both sides.",
            "Druk een jaar op Afspelen. Kijk naar de kaart 'Niet bereikt' en de grafiek van "
            "de vertegenwoordiging aan beide kanten.",
        ),
        notice=(
            "On the right the low-SES groups and the newcomers take part in about their "
            "share in the first year (representation near 1 or above), on the left hardly "
            "at all. Later the higher-SES group catches up on the right too.",
            "Rechts doen de groepen met lage SES en de nieuwkomers in het eerste jaar mee "
            "naar hun aandeel (vertegenwoordiging rond 1 of hoger), links nauwelijks. Later "
            "haalt de groep met hogere SES ook rechts in.",
        ),
        explain=(
            "A familiar face vouches for the initiative to people who know them, the most "
            "stressed first, so the threshold drops for exactly those whom the desk misses "
            "(000 L3194-3273, L2660-2662). A face can only reach the people who know them, "
            "and the ones who are paid stop when the funding does.",
            "Een bekend gezicht staat in voor het initiatief bij mensen die hem of haar "
            "kennen, wie de meeste stress heeft eerst. Zo daalt de drempel voor precies "
            "wie de balie mist (000 L3194-3273, L2660-2662). Een bekend gezicht bereikt "
            "alleen wie hem of haar kent, en betaalde gezichten stoppen als de subsidie "
            "stopt.",
        ),
        try_=(
            "Let it run past week 156, when the funding ends. What happens on the right? "
            "Then switch to 'One scenario' and try 0 to 8 bekende gezichten.",
            "Laat het doorlopen na week 156, als de subsidie stopt. Wat gebeurt er rechts? "
            "Ga dan naar 'Eén scenario' en probeer 0 tot 8 bekende gezichten.",
        ),
    ),
    Lesson(
        key="health-gap",
        title=(
            "Average health rises: does the gap close?",
            "De gemiddelde gezondheid stijgt: sluit de kloof?",
        ),
        scenarios=("laagdrempelig",),
        layer="health",
        weeks=260,
        predict=(
            "A low-threshold initiative runs for five years and many residents take part. "
            "Average health goes up. Will the gap in healthy life years between low and "
            "higher SES get smaller?",
            "Een laagdrempelig initiatief loopt vijf jaar en veel bewoners doen mee. De "
            "gemiddelde gezondheid gaat omhoog. Wordt de kloof in gezonde levensjaren "
            "tussen lage en hogere SES kleiner?",
        ),
        run=(
            "Set the speed high and press Play until week 260. Watch the plot of the gap in "
            "healthy life years.",
            "Zet de snelheid hoog en druk op Afspelen tot week 260. Kijk naar de grafiek van "
            "de kloof in gezonde levensjaren.",
        ),
        notice=(
            "Average health rises a little, yet the gap widens by about a year: among "
            "participants higher-SES residents are over-represented about 2.5 times, so "
            "most of the gains go to them. Regie also grows most for the higher-SES group.",
            "De gemiddelde gezondheid stijgt iets, maar de kloof wordt ongeveer een jaar "
            "groter: bewoners met hogere SES zijn onder de deelnemers zo'n 2,5 keer "
            "oververtegenwoordigd, dus de winst gaat vooral naar hen. Ook de eigen regie "
            "groeit het meest bij de groep met hogere SES.",
        ),
        explain=(
            "Benefits go to those who take part; when the usual suspects take part most, "
            "an initiative can raise average health and widen the gap at the same time "
            "(000 L160-170, L3765-3798; 002 l.121-127). Health moves slowly: over years, "
            "not weeks.",
            "De winst gaat naar wie meedoet; als vooral de usual suspects meedoen, kan een "
            "initiatief de gemiddelde gezondheid verhogen en tegelijk de kloof vergroten "
            "(000 L160-170, L3765-3798; 002 l.121-127). Gezondheid verandert langzaam: in "
            "jaren, niet in weken.",
        ),
        try_=(
            "Choose the scenario 'best-practice' (outreach, bekende gezichten, feedback, "
            "mixing) and run five years again. Does the gap close now?",
            "Kies het scenario 'best-practice' (outreach, bekende gezichten, terugkoppeling, "
            "mengen) en draai opnieuw vijf jaar. Sluit de kloof nu wel?",
        ),
    ),
    Lesson(
        key="tunnelvisie",
        title=("Tunnelvisie: the same faces again", "Tunnelvisie: steeds dezelfde gezichten"),
        scenarios=("outreach", "tunnelvisie"),
        layer="not_reached",
        weeks=52,
        predict=(
            "Both sides send professionals out. On the right most of their contacts go "
            "back to people they already know. Where on the map will residents stay "
            "unreached?",
            "Aan beide kanten gaan professionals de wijk in. Rechts gaan de meeste "
            "contacten terug naar mensen die ze al kennen. Waar op de kaart blijven "
            "bewoners onbereikt?",
        ),
        run=(
            "Press Play for a year with the map on 'Not reached'.",
            "Druk een jaar op Afspelen met de kaart op 'Niet bereikt'.",
        ),
        notice=(
            "After a year more low-SES residents and newcomers are still unreached on the "
            "right, and the low-SES groups stay far below their share among participants "
            "on both sides.",
            "Na een jaar zijn rechts meer bewoners met lage SES en nieuwkomers nog niet "
            "bereikt, en aan beide kanten blijven de groepen met lage SES ver onder hun "
            "aandeel bij de deelnemers.",
        ),
        explain=(
            "Tunnelvisie: professionals look for the people who already turn up and are "
            "easy to work with (000 L3490-3491, L3694-3723). Contacts pile up on the same "
            "residents, and nobody asks who is missing.",
            "Tunnelvisie: professionals zoeken de mensen op die al komen en met wie het "
            "makkelijk werkt (000 L3490-3491, L3694-3723). Contacten stapelen zich op bij "
            "dezelfde bewoners, en niemand vraagt wie er ontbreekt.",
        ),
        try_=(
            "Go to 'One scenario', choose 'tunnelvisie' and lower Tunnelvisie to 0. Does "
            "reaching more people also make them join?",
            "Ga naar 'Eén scenario', kies 'tunnelvisie' en zet Tunnelvisie op 0. Doen meer "
            "bereikte mensen ook vaker mee?",
        ),
    ),
    Lesson(
        key="funding",
        title=("When the money stops", "Als het geld stopt"),
        scenarios=("zuiderveld-joure", "sint-nyk"),
        layer="state",
        weeks=260,
        predict=(
            "Two Frisian villages, the same programme, the same three years of funding. "
            "Sint Nyk (right) has a strong residents' organisation; Zuiderveld (left) does "
            "not. What happens to participation after week 156?",
            "Twee Friese dorpen, hetzelfde programma, dezelfde drie jaar subsidie. Sint "
            "Nyk (rechts) heeft een sterke bewonersorganisatie; Zuiderveld (links) niet. "
            "Wat gebeurt er met de deelname na week 156?",
        ),
        run=(
            "Press Play until week 260 and watch the participation plots around the dotted "
            "line where the funding ends.",
            "Druk op Afspelen tot week 260 en kijk naar de grafieken van de deelname rond de "
            "stippellijn waar de subsidie stopt.",
        ),
        notice=(
            "In Zuiderveld participation falls when the funding ends; in Sint Nyk it carries on.",
            "In Zuiderveld valt de deelname terug als de subsidie stopt; in Sint Nyk gaat ze door.",
        ),
        explain=(
            "Projects end; what residents carry themselves stays. A residents' "
            "organisation or residents who organise can keep activities going after the "
            "funding (000 L3115-3188; 004 l.1974-1979).",
            "Projecten stoppen; wat bewoners zelf dragen, blijft. Een bewonersorganisatie "
            "of bewoners die mee organiseren kunnen activiteiten voortzetten na de "
            "subsidie (000 L3115-3188; 004 l.1974-1979).",
        ),
        try_=(
            "In 'One scenario', choose 'zuiderveld-joure' and raise the residents' "
            "organisation to 0.7. Does participation survive the funding now?",
            "Kies in 'Eén scenario' 'zuiderveld-joure' en zet de bewonersorganisatie op 0,7. "
            "Overleeft de deelname de subsidie nu?",
        ),
    ),
)

LESSONS_BY_KEY = {lesson.key: lesson for lesson in LESSONS}
