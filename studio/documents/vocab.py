"""Small word lists, kept as data: enough English to repair the text layers of financial
documents (words split by odd glyph spacing, ligatures the font dropped) and to tell
readable text from glyph-code garbage. Not a dictionary: a word missing here is simply
left as the PDF gave it."""

from __future__ import annotations

from functools import lru_cache

# Function words: any page of English prose is full of them; a page of garbage is not.
_STOPWORDS = """a an and are as at be by for from has have in is it its of on or our that the their
this to was we were which will with not but than also all more other over per"""
STOPWORDS = frozenset(_STOPWORDS.split())

# General vocabulary of earnings releases and financial statements (lower case, base forms;
# `is_word` adds plural/verb endings).
_WORDS = """
a i an and are as at be by for from has have in is it its of on or our that the their this
to was we were which will with not but than also all more other over per up down no yes
about above after again against any before below between both during each few into off
once only out own same so some such then there these they those through under until very
what when where who why how can could may might must shall should would do does did done
one two three four five six seven eight nine ten eleven twelve thirteen twenty thirty
first second third fourth quarter quarters year years month months week weeks day days
annual annually quarterly period periods ended ending end fiscal calendar date dated
company companies corporation inc incorporated co group holdings business businesses
revenue revenues sale sales net gross total income loss losses profit profits margin margins
operating operation operations operational expense expenses cost costs earnings earning
share shares shareholder shareholders stockholder stockholders equity stock common preferred
diluted dilution basic dilutive weighted average outstanding amount amounts number numbers
cash flow flows free capital expenditure expenditures capex dividend dividends repurchase
repurchases repurchased buyback buybacks return returned returns
asset assets liability liabilities current noncurrent long short term debt debts deferred
receivable receivables payable payables inventory inventories property plant equipment
goodwill intangible intangibles lease leases leasing investment investments investing
financing finance financial marketable securities security accounts account accrued
provision provisions tax taxes taxation rate rates effective before after including included
excluding exclude excludes adjusted adjustment adjustments reconciliation reconcile
segment segments reportable region regions regional geographic international domestic
americas europe china japan asia pacific rest world worldwide global consolidated condensed
statement statements unaudited audited balance sheet sheets results result highlights
guidance outlook expect expects expected expecting expectation expectations forecast
increase increased increases increasing decrease decreased decreases decreasing growth
grew grow growing rose rise declined decline declines fell flat compared comparable
prior previous previously last next year-over-year approximately about nearly roughly
percent percentage basis points point billion million thousand thousands millions billions
research development selling general administrative marketing restructuring impairment
charge charges gain gains interest other others services service products product
subscription support professional license licenses hardware software cloud advertising
retail wholesale store stores online digital customer customers member members membership
fee fees gross merchandise volume transactions transaction ticket comparable identical
depreciation amortization compensation based stock-based employee employees headcount
commercial paper term notes note bonds credit facility facilities lines line
continuing discontinued operations attributable noncontrolling interests controlling
report reports reported reporting announce announces announced announcement release
press news today statement forward looking forward-looking risk risks uncertainties
uncertainty factor factors demand supply chain pricing price prices inflation currency
foreign exchange constant neutral organic acquisition acquisitions divestiture divestitures
committed commitment commitments contingencies paid payments payment proceeds maturities
purchases purchase acquired issuance repayments repayment settlement settlements generated
used provided beginning ending end restricted supplemental disclosure information
liabilities value par authorized issued accumulated deficit comprehensive retained
shareholders’ stockholders’ category categories wearables home accessories mac ipad iphone
data center centers network edge client computing foundry mobile devices device
beverages foods food snacks pharmaceutical medtech consumer health vaccine
chief executive officer president chairman board directors director declared payable record
conference call webcast website investors investor relations contact contacts media
strong strength solid record momentum performance perform performed execution execute
strategic strategy initiatives initiative investments invest invested investing
continue continued continues continuing deliver delivered delivering delivers value values
opportunity opportunities environment macro macroeconomic economic economy challenging
challenge challenges challenged pressure pressures headwind headwinds tailwind tailwinds
driven drive drives driving due primarily partially offset higher lower high low
trading traded market markets marketplace ecosystem platform platforms users user
active daily monthly people family apps app impressions ad ads average
"""

# Words that carry fi / fl / ff / ffi / ffl: the letters a font's ligature glyph can take
# with it when the text layer has no mapping for that glyph.
_LIGATURE_WORDS = """
first fiscal financial finance financing financed financials profit profits profitable
profitability nonprofit benefit benefits benefited beneficial flow flows cashflow cash-flow
officer officers office offices official offer offers offered offering offerings effect
effects effective effectively efficiency efficiencies efficient affect affects affected
affecting affiliate affiliates affiliated difference differences different differ differs
differently significant significantly identified identify identifies certified certify
confident confidence confidently conflict conflicts inflation inflationary deflation
deflationary tariff tariffs filed filing filings figure figures definition definitions
defined define defines diversified diversify reflect reflects reflected reflecting
reflection specific specifically modified modify final finally fifth fifty five fifteen
field fields file files fill filled find finds finding findings fine fined finished firm
firms fit fits fixed flat fleet flexible flexibility floor flora fluid fluctuations
fluctuation fly flyer flash flagship float floating inflows outflows influence
influenced afford affordable affordability staff staffing traffic suffer suffered
sufficient sufficiently effort efforts offset offsets offsetting off offline difficult
difficulty fluctuate fluctuated infrastructure fulfill fulfilled fulfillment
qualified quarterly-dividend classified classification clarified unified simplified
amplified intensified specified justified notified ratified satisfied
"""


def _forms(word: str) -> set[str]:
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing", word + "ly"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if word.endswith("e"):
        forms.add(word[:-1] + "ing")
    return forms


@lru_cache(maxsize=1)
def words() -> frozenset[str]:
    """General vocabulary, with simple inflections."""
    out: set[str] = set()
    for word in (_WORDS + _LIGATURE_WORDS).split():
        out |= _forms(word)
    return frozenset(out)


@lru_cache(maxsize=1)
def ligature_words() -> frozenset[str]:
    out: set[str] = set()
    for word in _LIGATURE_WORDS.split():
        out |= _forms(word)
    return frozenset(out)


def is_word(token: str) -> bool:
    return token.lower().strip(".,;:()’'\"“”") in words()
