"""A scenario file of one's own, as a student would write it: the tests upload it, whole or
broken in one place."""

OWN = """\
name = "mijn-wijk"
title = "My own neighbourhood"
title_nl = "Mijn eigen wijk"
description = "A scenario written by a student: outreach, almost all of the time."
source = "a class exercise"
extends = "outreach"

[parameters]
outreach = 0.9

[why]
outreach = "assumption: the class chose it"
"""
