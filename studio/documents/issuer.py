"""Who reports, and for which period: the issuer's name and the fiscal period, in the
document's own words.

    find_company(texts)  "Contoso Devices, Inc." from the title or first sentence: a run of
                         capitalised words ending in a legal form (Inc., plc, ASA, S.A., ...),
                         a name before an exchange ticker, or the name a title or opening
                         sentence "reports"; never a bare legal form
    find_period(texts)   "Q3 FY2025" from "third quarter of fiscal 2025", "Q3 2024" from
                         "third quarter 2024", and for "quarter ended October 27, 2024" the
                         fiscal year the document names ("fiscal 2025") and the quarter its
                         tables imply (a nine-month column beside it: the third quarter)

Only the opening of the document counts: later pages talk about other companies (customers,
acquisitions) and other periods (comparatives, guidance).
"""

from __future__ import annotations

import re

ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_ORD = r"(first|second|third|fourth|1st|2nd|3rd|4th)"

LEGAL_FORM = (
    r"(?:Inc\.?|Incorporated|Corporation|Corp\.?|Co\.|Company|Limited|Ltd\.?|L\.?L\.?C\.?|L\.?P\.?|"
    r"INC\.?|CORPORATION|CORP\.?|COMPANY|LIMITED|LTD\.?|plc|PLC|P\.L\.C\.|N\.V\.|NV|B\.V\.|S\.A\.|SA|S\.p\.A\.|SpA|S\.E\.|SE|AG|GmbH|KGaA|ASA|AS|A/S|"
    r"AB|Oyj|Holdings?|Group)"
)
_NAME_WORD = r"(?:[A-Z][\w&'’.-]*|[A-Z]{2,}|&|and|of|de|del|la|van|von|der|e|du)"
# "Contoso Devices, Inc." / "Halvorsen Marine ASA" / "The Brightwater Foods Company plc"
_WITH_FORM = re.compile(
    rf"(?<![\w&'’.-])((?:The\s+)?[A-Z][\w&'’.-]*(?:\s+{_NAME_WORD}){{0,5}}?,?\s+{LEGAL_FORM}"
    rf"(?:,?\s+{LEGAL_FORM})?)(?![\w&'’-])"
)
_REPORTS = (
    r"(?:today\s+|on\s+\w+\s+)?(?i:reported|announced|reports|announces|posted|posts|released|"
    r"releases|delivered|delivers|presented|presents)\b"
)
_TICKER = re.compile(
    r"\((?:NYSE|Nasdaq|NASDAQ|NYSE American|TSX|LSE|AMEX|OTC|ASX|Euronext|XETRA|OSE|SIX|"
    r"Oslo\s+B[øo]rs|FTSE|AIM)[\w\s]*\s*:\s*[A-Z0-9.]+\)"
)
# words that open a heading or sentence but never a company's name
_NOT_NAME = re.compile(
    r"^(?:For|In|On|At|Press|Release|News|Results|Financial|Fiscal|First|Second|Third|Fourth|"
    r"Quarter|Quarterly|Annual|Full|Year|Reports?|Announces?|Earnings|Highlights?|Investor|"
    r"Contacts?|Media|Today|Immediate|Exhibit|Q[1-4]|FY\d*|\d.*)$",
    re.I,
)


def _clean_name(name: str) -> str | None:
    name = re.sub(r"\s+", " ", name).strip(" ,;:")
    # "The Board of Brightwater Foods plc", "Management of Kestrel Analytics Corp."
    name = re.sub(
        r"^(?:the\s+)?(?:board(?:\s+of\s+directors)?|directors|management|shareholders)\s+of\s+(?:the\s+)?",
        "",
        name,
        flags=re.I,
    )
    words = re.findall(r"[\w&'’.-]+", name)
    # never a bare legal form: at least one word that is the name itself
    core = [w for w in words if not re.fullmatch(LEGAL_FORM, w) and w.lower() not in ("the", "&")]
    if not core or any(_NOT_NAME.match(p) for w in core for p in w.split("-")[1:]):
        return None  # "Second-Quarter", "Year-End"
    if all(_NOT_NAME.match(w) for w in core) or re.search(r"\b(?:per|share|diluted)\b", name, re.I):
        return None
    while words and _NOT_NAME.match(words[0]):
        name = name[len(words[0]) :].strip(" ,")  # "Results Contoso ..." -> "Contoso ..."
        words = words[1:]
    return name or None


def find_company(texts: list[str]) -> str | None:
    """The issuer's name as printed in the title or opening sentences, by the most reliable
    signal present: a name before its exchange ticker; a name with a legal form that opens a
    sentence ("Contoso Devices, Inc. today reported"); a copyright line; the name a title
    "reports" (in its fuller form when the opening prints one); the first name with a legal
    form."""
    lined = re.sub(r"[ \t]+", " ", "\n".join(texts[:2]))[:2500]
    head = _squash(lined)
    titled = _reporting_name(head)
    ticker = _TICKER.search(lined)
    if ticker:
        before = re.sub(r"\s*\([^()]*\)\s*$", "", lined[: ticker.start()].rstrip())
        # the name may wrap onto the ticker's line ("Oakhurst / Semiconductor Corporation
        # (Nasdaq: OAKS)"): it runs back across the break only as far as the title's name
        wide = _name_before(_squash(before))
        # the text above the name's own lines (title, dateline): where its full form shows
        title = _squash(" ".join(before.split("\n")[:-2])).lower()
        if wide:
            words = wide.split(" ")
            for start in range(len(words)):
                suffix = " ".join(words[start:])
                if not _clean_name(suffix):
                    continue
                if titled and _core(suffix).startswith(_core(titled)):
                    return suffix
                # no reporting verb in the title: the name as the title prints it
                if (
                    not titled
                    and len(words) - start >= 2
                    and re.search(rf"\b{re.escape(_core(suffix))}\b", title)
                ):
                    return suffix
        # a name wrapped across the break right after a dateline ('… 2025 — Brantley /
        # Optics Corp. (NYSE: BRO)') runs back to the dateline's dash
        flat = _squash(before)
        if wide and re.search(rf"(?:—|–|--|:|\)|/|\b(?:19|20)\d\d,)\s*{re.escape(wide)}$", flat):
            return wide
        name = _name_before(before.rsplit("\n", 1)[-1])
        if name:
            return name
    forms = [
        (m, _clean_name(m.group(1))) for m in _WITH_FORM.finditer(head) if not _person(head, m)
    ]
    forms = [(m, name) for m, name in forms if name]
    for match, name in forms:
        if re.match(rf"\s*(?:\(|,\s+(?:a|an|the)\s|{_REPORTS})", head[match.end() :]):
            return name
    match = re.search(
        r"©\s*(?:\d{4}\s+)?([A-Z][A-Za-z&.,' -]+?(?:INC\.|CORPORATION|CORP\.|CO\.|LLC|LTD\.|PLC))",
        head,
    )
    if match:
        return " ".join(
            w if w in ("&",) else w.capitalize() if w != "INC." else "Inc."
            for w in match.group(1).split()
        )
    if titled:
        fuller = [n for _, n in forms if _core(n).startswith(_core(titled))]
        return fuller[0] if fuller else titled
    return forms[0][1] if forms else None


def _reporting_name(head: str) -> str | None:
    """The name a title or opening sentence says reports: 'Kestrel Analytics Reports ...'."""
    match = re.search(rf"((?:[A-Z][\w&'’.-]*\s+){{1,5}}?){_REPORTS}", head)
    return _clean_name(match.group(1)) if match else None


def _person(head: str, match: re.Match[str]) -> bool:
    """'said Thomas Weber, Group CEO': a person and a title, not a company."""
    before, after = (
        head[max(0, match.start() - 12) : match.start()],
        head[match.end() : match.end() + 20],
    )
    return bool(
        re.search(r"\b(?:said|says|according\s+to|by)\s+$", before, re.I)
        or re.match(r"\s*(?:CEO|CFO|COO|Chief|President|Chair|Director|Head|Executive)\b", after)
    )


def _name_before(text: str) -> str | None:
    tokens = text.split(" ")
    name: list[str] = []
    for token in reversed(tokens):
        if re.fullmatch(
            r"(?:[A-Z][\w.&’'-]*,?|&|of|and|[a-z]+[A-Z][\w.]*,?)", token
        ) and not re.search(r"\d", token):
            name.insert(0, token)
        else:
            break
        if len(name) >= 7:
            break
    while name and name[0] in ("of", "and", "&"):  # "the earnings of Fernhill Tools Inc."
        name.pop(0)
    return _clean_name(" ".join(name)) if name else None


def _core(name: str) -> str:
    return re.sub(rf"[,\s]+{LEGAL_FORM}\.?$", "", name).strip().lower()


# -- the period ----------------------------------------------------------------------------

_FY = r"(?:fiscal\s+(?:year\s+)?|FY\s?'?)"
_PATTERNS: list[tuple[str, str]] = [
    # (pattern, kind); groups: quarter, fiscal marker (may be empty), year
    (rf"\bQ([1-4])\s*(?:of\s+)?({_FY})(\d{{4}}|\d{{2}})\b", "q"),
    (rf"\b([1-4])Q\s*({_FY})?'?(\d{{4}}|\d{{2}})\b", "q"),
    (rf"\b{_ORD}[- ]quarter\s+(?:of\s+)?(?:(?:its|the|our)\s+)?({_FY})(\d{{4}}|\d{{2}})\b", "ord"),
    (
        rf"\b{_ORD}\s+(fiscal\s+)quarter\s+(?:of\s+)?(?:(?:its|the|our)\s+)?(?:{_FY})?(\d{{4}})\b",
        "ord",
    ),
    (rf"\b({_FY})(\d{{4}}|\d{{2}})\s+{_ORD}[- ]quarter\b", "fy_ord"),
    (rf"\b({_FY})(\d{{4}}|\d{{2}})\s+Q([1-4])\b", "fy_q"),
    (
        rf"\b{_ORD}\s+quarter\b(?:\s+\([^)]*\))?(?:\s+\w+){{0,8}}?\s+(fiscal\s+)(?:year\s+)?(\d{{4}})",
        "ord",
    ),
    (rf"\b{_ORD}[- ]quarter\s+(?:of\s+|in\s+)?()(\d{{4}})\b", "ord"),
    (rf"\b{_ORD}[- ]quarter\s+\((fiscal\s+|FY\s?)(\d{{4}}|\d{{2}})\)", "ord"),
    (rf"\b{_ORD}[- ]quarter\b[\w\s-]{{0,30}}?\bfor\s+({_FY})?(\d{{4}})\b", "ord"),
    (rf"\b()(\d{{4}})\s+{_ORD}[- ]quarter\b", "year_ord"),
    (r"\bQ([1-4])\s+()(\d{4})\b", "q"),
    # "the Q3 reporting term of fiscal 2027"
    (rf"\bQ([1-4])\s+(?:[a-z]+\s+){{1,2}}of\s+({_FY})(\d{{4}}|\d{{2}})\b", "q"),
]
_ENDED = re.compile(
    rf"\b(?:{_ORD}\s+(?:fiscal\s+)?quarter|(?:three|3|thirteen|twelve|13|12)[- ](?:months|weeks)|quarter)"
    r"\s+ended\b(?:[^.$]{0,60}?)\b([A-Z][a-z]+\.?\s+\d{1,2},\s+(\d{4}))",
    re.I,
)


def find_period(texts: list[str]) -> tuple[str | None, bool]:
    """The reporting period ('Q3 FY2025', 'Q2 2023') and whether it is a quarter."""
    first = texts[0] if texts else ""
    opening = first if len(first) > 300 or len(texts) == 1 else "\n".join(texts[:2])
    # a table header names several periods side by side ("Q3 FY2024  Q3 FY2025"): its first
    # column may be the year-ago one, so headers never name the reporting period
    opening = "\n".join(line for line in opening.split("\n") if not _header_of_periods(line))
    head = _squash(opening)[:1800]
    found: list[tuple[int, str]] = []
    for pattern, kind in _PATTERNS:
        for match in re.finditer(pattern, head, re.I):
            lead = re.sub(
                r"\b(?:than|as)\s+(?:expected|anticipated|forecast)\b",
                "",
                _sentence_before(head, match.start()),
                flags=re.I,
            )
            if _FORWARD.search(lead):
                continue  # "expects ... for the third quarter of fiscal 2026": the next period
            found.append((match.start(), _period_text(kind, match.groups())))
            break
    flat = _squash(" ".join(texts[:2]))
    if found:
        period = min(found)[1]
        end = _period_end(flat)
        if end and not _consistent(period, end):
            # the named period cannot end on the stated date (a guidance year taken for the
            # quarter's, a comparative quarter): say the date, never a wrong period
            return f"quarter ended {end[0]}", True
        return period, True
    match = _ENDED.search(flat)
    if match:
        quarter = ORDINAL.get((match.group(1) or "").lower()) or _quarter_from_spans(flat)
        fiscal = _fiscal_year(flat)
        if quarter and (fiscal or quarter == 4):
            # a fourth quarter ends its fiscal year: the year of its end date names it
            return f"Q{quarter} FY{fiscal or match.group(3)}", True
        return f"quarter ended {match.group(2)}", True
    match = re.search(r"\b(?:In|for)\s+(?:fiscal\s+)?(20\d{2})\b", head)
    return (match.group(1) if match else None), False


_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
)}  # fmt: skip
_END_DATE = re.compile(
    r"\b(?:ended|ending|closed|concluded|finished|wrapped\s+up|through)\s+(?:on\s+)?(?:([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),?\s+(\d{4})|"
    r"(\d{1,2})\s+([A-Z][a-z]{2,8})\.?,?\s+(\d{4}))"
)


def _period_end(text: str) -> tuple[str, int, int] | None:
    """('October 27, 2024', year, month) of the first 'ended <date>' in the opening."""
    match = _END_DATE.search(text[:2500])
    if not match:
        return None
    month_name = match.group(1) or match.group(5)
    month = _MONTHS.get(month_name[:3].lower())
    year = int(match.group(3) or match.group(6))
    return (
        (match.group(0).split(None, 1)[1].removeprefix("on ").strip(), year, month)
        if month
        else None
    )


def _consistent(period: str, end: tuple[str, int, int]) -> bool:
    """Can a quarter named `period` end in the month of `end`? A calendar quarter ends in
    its own months; a fiscal year names the year its fourth quarter ends in, so the
    quarter's end date plus the quarters left must fall in that year (give or take the
    weeks a 52/53-week year shifts)."""
    match = re.match(r"Q([1-4])\s+(FY)?(\d{2,4})$", period)
    if not match:
        return True
    quarter, fiscal, year = int(match.group(1)), bool(match.group(2)), int(match.group(3))
    year = year + 2000 if year < 100 else year
    _, end_year, end_month = end
    if not fiscal:
        return end_year == year and (end_month - 1) // 3 + 1 == quarter
    months = end_year * 12 + end_month - 1 + 3 * (4 - quarter)
    return year in {months // 12, (months + 1) // 12, (months - 1) // 12}


_FORWARD = re.compile(
    r"\b(?:expects?|expected|expecting|anticipat\w*|forecast\w*|guid\w*|outlook|projects?|projected|"
    r"plans?|planning|budget\w*|targets?|targeting|looking\s+ahead|next|coming|upcoming|will|intends?|"
    r"should|would|could|might|ought|ahead|sketch\w*)\b",
    re.I,
)


def _header_of_periods(line: str) -> bool:
    periods = re.findall(
        rf"\bQ[1-4]\s*(?:{_FY})?'?\d{{2,4}}\b|\b[1-4]Q\d{{2}}\b|\b\d{{1,2}}M\s+(?:{_FY})?\d{{2,4}}\b|\bFY\s?'?\d{{2,4}}\b",
        line,
        re.I,
    )
    return len(periods) >= 2 and len(re.findall(r"[a-z]{4,}", line)) <= 4


def _sentence_before(text: str, at: int) -> str:
    """The text of the sentence that `at` lies in, up to `at`."""
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at), text.rfind(": ", 0, at))
    return text[start + 1 : at]


def _period_text(kind: str, groups: tuple[str | None, ...]) -> str:
    if kind in ("fy_ord", "fy_q"):
        fiscal, year, quarter = groups
    elif kind == "year_ord":
        fiscal, year, quarter = groups[0], groups[1], groups[2]
    else:
        quarter, fiscal, year = groups
    number = ORDINAL.get((quarter or "").lower()) or int(quarter or 0)
    if fiscal:
        return f"Q{number} FY{year}"
    return f"Q{number} {year if len(year or '') == 4 else '20' + (year or '')}"


def _fiscal_year(text: str) -> str | None:
    """The fiscal year the opening names, when it names exactly one."""
    years = {
        m.group(1) if len(m.group(1)) == 4 else "20" + m.group(1)
        for m in re.finditer(
            rf"\b{_FY}(\d{{4}}|\d{{2}})\b(?!\s+(?:outlook|guidance))", text[:1500], re.I
        )
    }
    return years.pop() if len(years) == 1 else None


def _quarter_from_spans(text: str) -> int | None:
    """A table's column spans say which quarter ends on the date: beside 'Nine Months Ended'
    the three months are the third quarter; beside 'Six Months', the second."""
    if re.search(r"\bnine\s+months\s+ended|\b39\s+weeks\s+ended|\bthirty-nine\s+weeks", text, re.I):
        return 3
    if re.search(r"\bsix\s+months\s+ended|\b26\s+weeks\s+ended|\btwenty-six\s+weeks", text, re.I):
        return 2
    if re.search(
        r"\b(?:twelve|12)\s+months\s+ended|\b5[23]\s+weeks\s+ended|\byear\s+ended", text, re.I
    ):
        return 4
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
