"""Guided activities for teachers, in the NetLogo tradition: predict, run, notice, explain, try.

Each lesson sets up its scenario (or two, side by side) and a map layer with one click.
What a lesson asks students to notice holds on at least nine of ten seeds; numbers are given as
about the mean, with the range over ten runs, and also hold at seed 42, the one the app starts
with. tests/test_app.py checks every claim that way, that the scenarios the lessons name exist,
and that every text is there in both languages.
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
    #: Questions for the class afterwards (the teacher guide); they ask, they claim nothing.
    discuss: tuple[Bilingual, ...]

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
            "After a year almost nobody has joined: at most 3 residents (0.1%) in ten runs. "
            "The desk and the flyers reach few: about 8% have heard of it (between 7 and 9% "
            "over ten runs), higher-SES residents about 2.6 times as often as low-SES (2.0 to "
            "3.3 times). Now run on to week 156 (Run to week). About 2% of the higher-SES "
            "residents take part (1.2 to 2.9%), of the low-SES about 0.2% (0 to 0.6%): a "
            "representation of about 2.9 (2.0 to 3.3) against about 0.2 (0 to 0.6). Hearing "
            "of it is not enough.",
            "Na een jaar doet bijna niemand mee: hooguit 3 bewoners (0,1%) in tien simulaties. De "
            "balie en de folders bereiken weinig mensen: ongeveer 8% heeft ervan gehoord "
            "(tussen 7 en 9% over tien startgetallen), bewoners met hogere SES zo'n 2,6 keer zo "
            "vaak "
            "als bewoners met lage SES (2,0 tot 3,3 keer). Laat het model nu doorlopen tot "
            "week 156 (Ga door tot week). "
            "Ongeveer 2% van de bewoners met hogere SES doet mee (1,2 tot 2,9%), van die met "
            "lage SES ongeveer 0,2% (0 tot 0,6%): een vertegenwoordiging van ongeveer 2,9 "
            "(2,0 tot 3,3) tegenover ongeveer 0,2 (0 tot 0,6). Ervan horen is niet genoeg.",
        ),
        explain=(
            "Walking up to a desk takes capacity: language, literacy, a network, room in "
            "your head when money and housing cause stress. Those who have it are the "
            "'usual suspects'. Waiting at the desk is bureaublindheid (000 L3985-4060).",
            "Naar een balie stappen vraagt vermogen: taal, geletterdheid, een netwerk, "
            "ruimte in je hoofd als geld en wonen stress geven. Wie dat heeft, hoort bij de "
            "'usual suspects'. Achter de balie wachten is bureaublindheid (000 "
            "L3985-4060).",
        ),
        try_=(
            "Raise Outreach to 0.8 and press Reset. More low-SES residents are reached; do "
            "more of them join? Then raise Laagdrempeligheid as well.",
            "Zet Outreach op 0,8 en druk op Opnieuw. Er worden meer bewoners met lage SES "
            "bereikt; doen er ook meer mee? Zet daarna ook Laagdrempeligheid hoger.",
        ),
        discuss=(
            (
                "Hearing of it is not enough. What stops a resident with money worries who "
                "knows of the initiative from walking in?",
                "Ervan horen is niet genoeg. Wat houdt een bewoner met geldzorgen die van het "
                "initiatief weet tegen om binnen te lopen?",
            ),
            (
                "Who are the usual suspects in your own neighbourhood, school or organisation?",
                "Wie zijn de usual suspects in je eigen wijk, school of organisatie?",
            ),
            (
                "Where would you go instead of waiting at the desk, and whom would you meet there?",
                "Waar zou jij naartoe gaan in plaats van achter de balie te wachten, en wie "
                "kom je daar tegen?",
            ),
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
            "die door hun eigen groep worden vertrouwd. Wie bereikt de rechterkant wél, die "
            "links buiten beeld blijft?",
        ),
        run=(
            "Press Play for a year. Watch the 'Not reached' map and the representation plot "
            "on both sides.",
            "Laat het model een jaar lopen (druk op Afspelen). Kijk naar de kaart 'Niet "
            "bereikt' en de grafiek van de vertegenwoordiging aan beide kanten.",
        ),
        notice=(
            "After a year few take part on either side, but not the same people. 'Taking "
            "part, low SES' reads about 1.1% on the right (0.7 to 1.5% over ten runs) and at "
            "most 0.2% on the left, and on the right nearly all participants are low-SES "
            "residents or newcomers. The 'Not reached' map shows why: on the right about 35% "
            "of the low-SES residents have heard of it (33 to 36%), on the left about 5%; of "
            "the newcomers about 70% (59 to 87%) against about 3%. Run on to week 260: the "
            "higher-SES group catches up on the right, from a representation near 0 to about "
            "1.0 (0.6 to 1.6).",
            "Na een jaar doen aan beide kanten weinig mensen mee, maar niet dezelfde. 'Doet nu "
            "mee, lage SES' staat rechts op ongeveer 1,1% (0,7 tot 1,5% over tien startgetallen) "
            "en "
            "links op hooguit 0,2%, en rechts zijn bijna alle deelnemers bewoners met lage SES "
            "of nieuwkomers. De kaart 'Niet bereikt' laat zien waarom: rechts heeft ongeveer "
            "35% van de bewoners met lage SES ervan gehoord (33 tot 36%), links ongeveer 5%; "
            "van de nieuwkomers ongeveer 70% (59 tot 87%) tegenover ongeveer 3%. Laat het "
            "doorlopen tot week 260: rechts haalt de groep met hogere SES in, van een "
            "vertegenwoordiging rond 0 naar ongeveer 1,0 (0,6 tot 1,6).",
        ),
        explain=(
            "A familiar face vouches for the initiative to people who know them, the most "
            "stressed first, so the threshold drops for exactly those whom the desk misses "
            "(000 L3194-3273, L2660-2662). A face can only reach the people who know them, "
            "and the ones who are paid stop when the funding does.",
            "Een bekend gezicht staat in voor het initiatief bij mensen die hem of haar "
            "kennen, te beginnen bij wie de meeste stress heeft. Zo daalt de drempel voor "
            "precies wie de balie mist (000 L3194-3273, L2660-2662). Een bekend gezicht bereikt "
            "alleen wie hem of haar kent, en betaalde gezichten stoppen als de subsidie "
            "stopt.",
        ),
        try_=(
            "Let it run past week 156, when the funding ends. What happens on the right? "
            "Then switch to 'One scenario' and try 0 to 8 bekende gezichten.",
            "Laat het doorlopen tot na week 156, wanneer de subsidie stopt. Wat gebeurt er "
            "rechts? "
            "Ga dan naar 'Eén scenario' en probeer 0 tot 8 bekende gezichten.",
        ),
        discuss=(
            (
                "Why does a familiar face reach people whom a flyer or a professional does not?",
                "Waarom bereikt een bekend gezicht mensen die een folder of een professional "
                "niet bereikt?",
            ),
            (
                "A familiar face reaches only the people who know them. Which residents would "
                "still be missed?",
                "Een bekend gezicht bereikt alleen wie hem of haar kent. Welke bewoners worden "
                "dan nog steeds gemist?",
            ),
            (
                "Who pays the familiar faces, and what happens to the trust they built when the "
                "funding stops?",
                "Wie betaalt de bekende gezichten, en wat gebeurt er met het vertrouwen dat ze "
                "opbouwden als de subsidie stopt?",
            ),
        ),
    ),
    Lesson(
        key="health-gap",
        title=(
            "Five years low-threshold: does the health gap close?",
            "Vijf jaar laagdrempelig: sluit de gezondheidskloof?",
        ),
        scenarios=("laagdrempelig",),
        layer="health",
        weeks=260,
        predict=(
            "A low-threshold initiative runs for five years. How many residents will take "
            "part? Will average health go up? Will the gap in healthy life years between "
            "low and higher SES get smaller?",
            "Een laagdrempelig initiatief loopt vijf jaar. Hoeveel bewoners doen er mee? "
            "Gaat de gemiddelde gezondheid omhoog? Wordt de kloof in gezonde levensjaren "
            "tussen lage en hogere SES kleiner?",
        ),
        run=(
            "Set the speed high and press Play until week 260. Watch the plot of the gap in "
            "healthy life years.",
            "Zet de snelheid hoog en druk op Afspelen tot week 260. Kijk naar de grafiek van "
            "de kloof in gezonde levensjaren.",
        ),
        notice=(
            "Few take part: at week 260 'taking part' reads about 4% for higher SES (2.4 to "
            "5.3% over ten runs) and under 1% for low SES; in five years about 4% of all "
            "residents ever took part (3 to 5%). That is realistic: in a London programme "
            "3.1% of adults ever took part (Phillips et al. 2014). Average health stays at "
            "about 0.64, and the gap barely moves: it grows by about 0.1 year (0.06 to 0.2), "
            "in every run. Higher-SES residents are over-represented about 2.7 times among "
            "participants (2.2 to 3.3), so the little health that is gained goes mostly to "
            "them; regie also grows most for the higher-SES group.",
            "Weinig mensen doen mee: in week 260 staat 'doet nu mee' op ongeveer 4% bij "
            "hogere SES (2,4 tot 5,3% over tien startgetallen) en onder 1% bij lage SES; in vijf "
            "jaar "
            "deed ongeveer 4% van alle bewoners ooit mee (3 tot 5%). Dat is realistisch: in "
            "een Londens programma deed 3,1% van de volwassenen ooit mee (Phillips e.a. "
            "2014). De gemiddelde gezondheid blijft ongeveer 0,64 en de kloof verandert "
            "nauwelijks: ze groeit met ongeveer 0,1 jaar (0,06 tot 0,2), in elke simulatie. "
            "Bewoners met hogere SES zijn onder de deelnemers zo'n 2,7 keer "
            "oververtegenwoordigd (2,2 tot 3,3), dus het beetje gezondheidswinst gaat vooral "
            "naar hen; ook de eigen regie groeit het meest bij de groep met hogere SES.",
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
            "ontmoeting tussen groepen) en laat het model opnieuw vijf jaar lopen. Sluit de "
            "kloof nu wel?",
        ),
        discuss=(
            (
                "Is an initiative a success when the people who take part gain? For whom?",
                "Is een initiatief een succes als de deelnemers erop vooruitgaan? Voor wie?",
            ),
            (
                "Why does the gap hardly move in five years, even though some residents take part?",
                "Waarom verandert de kloof in vijf jaar nauwelijks, terwijl sommige bewoners "
                "wel meedoen?",
            ),
            (
                "What should a municipality look at before it calls an initiative like this a "
                "success?",
                "Waar moet een gemeente naar kijken voordat ze zo'n initiatief een succes noemt?",
            ),
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
            "Laat het model een jaar lopen (druk op Afspelen), met de kaart op 'Niet bereikt'.",
        ),
        notice=(
            "After a year the right has reached fewer residents: about 34% (33 to 36% over "
            "ten runs) against about 39% (37 to 40%); of the low-SES residents about 32% "
            "(30 to 35%) against about 37% (35 to 38%). On both sides few take part (at most "
            "0.6%), and the low-SES groups stay far below their share among participants "
            "(representation under 0.75).",
            "Na een jaar heeft de rechterkant minder bewoners bereikt: ongeveer 34% (33 tot "
            "36% over tien startgetallen) tegenover ongeveer 39% (37 tot 40%); van de bewoners met "
            "lage SES ongeveer 32% (30 tot 35%) tegenover ongeveer 37% (35 tot 38%). Aan "
            "beide kanten doen weinig mensen mee (hooguit 0,6%), en de groepen met lage "
            "SES blijven ver onder hun aandeel bij de deelnemers (vertegenwoordiging onder "
            "0,75).",
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
            "Ga naar 'Eén scenario', kies 'tunnelvisie' en zet Tunnelvisie op 0. Gaan de "
            "extra bereikte mensen ook meedoen?",
        ),
        discuss=(
            (
                "Why is it tempting for professionals to go back to the people they already know?",
                "Waarom is het verleidelijk voor professionals om terug te gaan naar de mensen "
                "die ze al kennen?",
            ),
            (
                "Reaching more people is not the same as more people taking part. What else is "
                "needed?",
                "Meer mensen bereiken is niet hetzelfde als meer mensen die meedoen. Wat is er "
                "nog meer nodig?",
            ),
            (
                "How could a team notice, during a project, whom it is missing?",
                "Hoe kan een team tijdens een project merken wie het mist?",
            ),
        ),
    ),
    Lesson(
        key="funding",
        title=("When the money stops", "Als het geld stopt"),
        scenarios=("zuiderveld-joure", "sint-nyk"),
        layer="state",
        weeks=260,
        predict=(
            "A Frisian neighbourhood and a Frisian village, the same programme, the same "
            "three years of funding. "
            "Sint Nyk (right) has a strong residents' organisation; Zuiderveld (left) does "
            "not. What happens to participation after week 156?",
            "Een Friese wijk en een Fries dorp, hetzelfde programma, dezelfde drie jaar "
            "subsidie. Sint Nyk (rechts) heeft een sterke bewonersorganisatie; Zuiderveld "
            "(links) niet. Wat gebeurt er met de deelname na week 156?",
        ),
        run=(
            "Press Play until week 260 and watch the participation plots around the dotted "
            "line where the funding ends.",
            "Druk op Afspelen tot week 260 en kijk naar de grafieken van de deelname rond de "
            "stippellijn waar de subsidie stopt.",
        ),
        notice=(
            "Watch 'taking part, low SES'. In Zuiderveld it falls after the funding ends, in "
            "every run: from about 1.9% at week 156 (1.4 to 2.8% over ten runs) to about "
            "0.7% at week 260 (0.3 to 1.3%), while the better-off residents who were already "
            "active carry on (about 2% at week 260, 1.3 to 2.7%). In Sint Nyk it holds "
            "better: about 4.1% at week 156 (2.8 to 5.9%) and 3.5% at week 260 (1.9 to "
            "5.5%). By then more low-SES residents take part there than in Zuiderveld, in "
            "every run, and usually at least twice as many.",
            "Kijk naar 'doet nu mee, lage SES'. In Zuiderveld daalt dat als de subsidie "
            "stopt, in elke simulatie: van ongeveer 1,9% in week 156 (1,4 tot 2,8% over tien "
            "startgetallen) "
            "naar ongeveer 0,7% in week 260 (0,3 tot 1,3%), terwijl de beter bedeelde "
            "bewoners die al actief waren doorgaan (ongeveer 2% in week 260, 1,3 tot 2,7%). "
            "In Sint Nyk houdt het beter stand: ongeveer 4,1% in week 156 (2,8 tot 5,9%) en "
            "3,5% in week 260 (1,9 tot 5,5%). Dan doen daar in elke simulatie meer bewoners met "
            "lage SES mee dan in Zuiderveld, en meestal minstens twee keer zoveel.",
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
        discuss=(
            (
                "What did Sint Nyk have that Zuiderveld did not, and how is that built?",
                "Wat had Sint Nyk dat Zuiderveld niet had, en hoe bouw je dat op?",
            ),
            (
                "Who carries on after the money stops, and who stops first? Why?",
                "Wie gaat door als het geld stopt, en wie stopt het eerst? Waarom?",
            ),
            (
                "If you were the municipality, what would you pay for after the project ends?",
                "Als jij de gemeente was, waar zou je na het project nog geld aan geven?",
            ),
        ),
    ),
)

LESSONS_BY_KEY = {lesson.key: lesson for lesson in LESSONS}
