"""Generated earnings releases for bench/eval_facts.py (see bench/make_releases.py).

company.py   invented issuers and fiscal calendars
numbers.py   statements, cash flows and segments, consistent to the printed digit
money.py     how amounts are printed in tables and prose
phrases.py   the phrasing bank, split into frozen dev and test halves
phrases_blind.py  the third, blind half (wordings no extractor author has seen)
phrases_blind2.py the fourth half, blind2 (new since the blind half was diagnosed)
phrases_blind3.py the fifth half, blind3 (new since blind2 was diagnosed)
phrases_blind4.py the sixth half, blind4 (the final clean measure; blind3 was diagnosed too)
tables.py    income statement, segment, non-GAAP and cash-flow tables
guidance.py  outlook sentences and their truth items
build.py     one release from one seed: blocks plus truth
plants.py    adversarial plants (hidden or AI-addressed text and numbers)
producers/   four PDF producers that lay the same blocks out differently
"""
