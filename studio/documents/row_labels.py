"""Which line item a table row is: its label squashed to the words that name it, then matched
against the known labels of US GAAP and IFRS statements (revenue, operating income, net
income, diluted EPS, margins, cash flows), or recognised by the words in it."""

from __future__ import annotations

import re

# row label (lower case, squashed) -> (key, rank); rank 1 is the better label
_LABELS: list[tuple[str, str, int]] = [
    (r"(total)?(net|operating)?(revenues?|sales|turnover)(,net)?|totalnetrevenues?|reportedsales|"
     r"(total)?(net)?(products?|services?|goods|merchandise|subscriptions?|licen[cs]es?|hardware|software|equipment)"
     r"(and|&)(products?|services?|other|support|goods|merchandise|subscriptions?|licen[cs]es?|hardware|software|"
     r"equipment)(revenues?|sales)|"
     r"(total)?revenues?fromcontractswithcustomers", "revenue", 1),
    (r"(total)?operating(income|profit|earnings)(\(loss\))?|(income|profit|earnings)(\(loss\))?from(operations|operatingactivities)(\(loss\))?|"
     r"\(loss\)fromoperations|operating\(loss\)(income|profit)|operatingloss|operatingresult", "operating_income", 1),
    (r"net(income|earnings)(\(loss\)|/\(loss\))?attributableto(?!noncontrolling|non-controlling)(?!.*per(common)?share).+", "net_income", 1),
    (r"(profit|\(loss\)|income)(\(loss\))?attributableto(owners|shareholders|equityholders|stockholders)(ofthe(parent|company))?", "net_income", 1),
    (r"net(income|earnings|profit|\(loss\)income)(\(loss\)|/\(loss\))?|netloss|"
     r"profit(\(loss\))?(aftertax(ation)?)?", "net_income", 2),
    (r"(gaap)?diluted(earningspershare|eps|netincomepershare|net(income|earnings)\(loss\)pershare)(\(eps\))?|"
     r"eps\(diluted\)|(earnings|netincome|net(income|earnings)\(loss\))(\(loss\))?pershare(attributableto.+)?[-–—]?diluted|"
     r"earnings\(loss\)pershare|dilutedeps", "eps_diluted", 1),
    (r"(reported)?(earnings|earnings\(loss\))pershare(\(eps\))?|(gaap)?eps|"
     r"net(income|earnings)(\(loss\))?(attributableto.+)?per(common)?share", "eps_diluted", 2),
    (r"(non-gaap|adjusted|core)(diluted)?(eps|earningspershare)(\(diluted\))?|non-gaapdilutedeps|adjustedeps\(diluted\)", "eps_diluted_non_gaap", 1),
    (r"(y/y)?(total|net|reported)?(net)?(revenue|sales)growth(\(y/y\)|y/y)?", "revenue_growth_pct", 1),
    (r"grossmargin|grossprofit%|grossprofit\(asapercentageofnetsales\)|grossmargin%", "gross_margin_pct", 1),
    (r"operatingmargin|(gaap)?operatingincomeasa%ofrevenue|operatingincome%|operatingincome\(asapercentageofnetsales\)", "operating_margin_pct", 1),
    (r"(net)?cash(flows?|inflows?)?((provided|generated)(by|from)|from)(\(usedin\))?(operatingactivities|operations)|"
     r"(net)?operatingcash(flows?|inflows?|generation|generated|receipts)?|"
     r"operatingactivities,?(net)?(cash)?(flows?)?(provided|generated)?", "operating_cash_flow", 1),
    (r"purchasesofpropertyandequipment.*|paymentsforacquisitionofproperty,plantandequipment|"
     r"purchasesofproperty,plantandequipment|capitalexpenditures?|"
     r"(additionsto|paymentsfor|purchasesof|investmentsin)(property|property,plantandequipment|propertyandequipment|fixedassets)", "capex", 1),
    (r"(freecashflows?|fcf)(generated|realised|realized|achieved|delivered)?", "free_cash_flow", 1),
    (r"repurchases?ofcommonstock|commonstockrepurchased|repurchasesofsharesofcommonstock", "share_repurchases", 1),
    (r"(payments|cash)?(for)?dividends(anddividendequivalents)?(paid)?|dividendspaid", "dividends", 1),
]  # fmt: skip


def canonical_label(label: str) -> str:
    """A row label squashed to what names its line item: footnote marks, '(loss)', units,
    '(unaudited)', '(non-GAAP)', ', net', 'for the period' and a leading 'GAAP' dropped.
    'Profit (loss) for the period, net (1)' -> 'profit'."""
    text = label.lower()
    text = re.sub(r"\(\d\)|\*+|\(table\s*\d+\)|\(\$[mb]\)|:$", "", text)
    text = re.sub(r"(?<=[a-z)])\d(,\d)*\s*$", "", text)  # glued footnote markers
    # any parenthetical note ('(non-US GAAP measure)', '(see note 4)') except those that
    # change what the line is: '(loss)', per-share classes, controlling interests, operations
    text = re.sub(
        r"\((?![^)]*(?:loss|income|controlling|minority|continuing|discontinued|basic|diluted|segment))[^)]*\)",
        "",
        text,
    )
    text = re.sub(r",\s*(?:net|non-gaap)\s*$|\s+%$", "", text.strip())
    text = re.sub(r"\s+for\s+the\s+(?:period|quarter|year|three\s+months)\b", "", text)
    squashed = re.sub(r"\s+", "", text)
    return re.sub(r"^(?:gaap|reported)(?=[a-z(])", "", squashed)  # "GAAP operating income"


def _by_words(label: str) -> tuple[str, int] | None:
    """Labels recognised by the words in them rather than their order: any diluted
    per-share line ('Earnings per share (diluted)', 'EPS, diluted', 'Basic and diluted
    earnings per share') and any gross margin rate ('Gross profit as a % of revenue')."""
    text = label.lower()
    if re.search(r"weighted|shares\s+(?:used|outstanding)|dividends?", text):
        return None
    per_share = re.search(r"per\s+(?:diluted\s+)?(?:ordinary\s+|common\s+)?share|\beps\b", text)
    if per_share and re.search(r"\bdiluted\b", text):
        return "eps_diluted", 1
    if re.search(r"\bgross\b", text) and re.search(r"margin|%|percent", text):
        return "gross_margin_pct", 1
    return None
