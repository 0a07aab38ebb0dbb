"""Invented issuers and their fiscal calendars.

Names are made up (first word + industry word + a legal suffix that fits the currency), so no
extractor can know them in advance. Fiscal years end in January, March, June, September and
so on and are named by the calendar year they end in, so "third quarter of fiscal 2025" can
end on October 27, 2024; some calendars close on the last Saturday or Sunday of a month
(52/53-week years), the rest on the month's last day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass

FIRST = [
    "Contoso", "Halvorsen", "Brightwater", "Kestrel", "Norrland", "Altamira", "Vantor",
    "Celadon", "Meridell", "Quillon", "Tavistock", "Orsolo", "Pemberley", "Lindqvist",
    "Calloway", "Fenwick", "Ardent", "Solvika", "Marisco", "Thornbury", "Ravella", "Ingersby",
    "Caldera", "Westmarch", "Aurelian", "Bexley", "Korvath", "Greyhawk", "Oakhurst", "Veridian",
    "Stellan", "Harrowgate", "Lumina", "Parnell", "Rosling", "Tamsin", "Ulverston", "Wexford",
]  # fmt: skip
INDUSTRIES = {
    "Devices": ["Consumer Devices", "Enterprise Systems", "Components", "Services", "Accessories"],
    "Marine": ["Offshore Vessels", "Port Services", "Shipbuilding", "Aftermarket"],
    "Foods": ["Packaged Foods", "Beverages", "Foodservice", "Ingredients", "Snacks"],
    "Analytics": ["Subscription Software", "Professional Services", "Data Platform"],
    "Semiconductor": ["Data Center", "Automotive", "Industrial", "Mobile", "Networking"],
    "Logistics": ["Freight Forwarding", "Contract Logistics", "Parcel", "Air Cargo"],
    "Therapeutics": ["Oncology", "Immunology", "Vaccines", "Rare Disease"],
    "Retail": ["Stores", "E-commerce", "Wholesale", "Franchise"],
    "Energy": ["Upstream", "Midstream", "Renewables", "Trading"],
    "Instruments": ["Life Sciences", "Diagnostics", "Industrial Measurement", "Service"],
    "Apparel": ["Footwear", "Apparel", "Equipment", "Licensing"],
    "Networks": ["Broadband", "Mobile", "Enterprise", "Wholesale"],
}
REGIONS = ["Americas", "Europe", "Asia Pacific", "Greater China", "Japan", "Middle East and Africa"]
SUFFIXES = {
    "USD": ["Inc.", ", Inc.", "Corp.", "Corporation", "Holdings, Inc.", "Co."],
    "EUR": ["AG", "SE", "N.V.", "S.A.", "Oyj", "ASA"],
    "GBP": ["plc", "Group plc", "Holdings plc", "Ltd"],
}
EXCHANGES = {
    "USD": ["NASDAQ", "NYSE", "Nasdaq"],
    "EUR": ["XETRA", "Euronext", "Nasdaq Helsinki", "OSE"],
    "GBP": ["LSE", "LSE: AIM"],
}
PLACES = {
    "USD": ["SAN JOSE, Calif.", "AUSTIN, Texas", "SEATTLE", "BOSTON", "CHICAGO", "DENVER"],
    "EUR": ["MUNICH", "AMSTERDAM", "OSLO", "HELSINKI", "PARIS", "MILAN"],
    "GBP": ["LONDON", "EDINBURGH", "MANCHESTER", "CAMBRIDGE, England"],
}
ORDINAL = {1: "first", 2: "second", 3: "third", 4: "fourth"}


@dataclass(frozen=True)
class Company:
    name: str  # as printed in the first sentence: "Contoso Devices, Inc."
    short: str  # "Contoso Devices"
    ticker: str
    exchange: str
    place: str
    industry: str
    segment_names: list[str]


def make_company(rng: random.Random, currency: str) -> Company:
    first = rng.choice(FIRST)
    industry = rng.choice(sorted(INDUSTRIES))
    short = f"{first} {industry}"
    suffix = rng.choice(SUFFIXES[currency])
    name = f"{short}{suffix}" if suffix.startswith(",") else f"{short} {suffix}"
    ticker = (first[:3] + industry[0]).upper()
    return Company(
        name=name,
        short=short,
        ticker=ticker,
        exchange=rng.choice(EXCHANGES[currency]),
        place=rng.choice(PLACES[currency]),
        industry=industry,
        segment_names=INDUSTRIES[industry],
    )


@dataclass(frozen=True)
class Period:
    quarter: int  # fiscal quarter 1..4
    fiscal_year: int
    end: dt.date
    prior_end: dt.date
    fy_end_month: int
    weeks: bool  # 52/53-week calendar (quarters end on a weekday near the month's end)

    @property
    def label(self) -> str:
        """Truth form: 'Q3 FY2025' (eval_facts.norm_period reads it)."""
        return f"Q{self.quarter} FY{self.fiscal_year}"

    @property
    def fiscal(self) -> bool:
        return self.fy_end_month != 12

    @property
    def ordinal(self) -> str:
        return ORDINAL[self.quarter]

    @property
    def ytd_months(self) -> int:
        return 3 * self.quarter


def quarter_end(year: int, month: int, weeks: bool, weekday: int) -> dt.date:
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    if not weeks:
        return last
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def make_period(rng: random.Random) -> Period:
    fy_end_month = rng.choice([1, 1, 3, 3, 4, 6, 6, 8, 9, 9, 10, 12])
    quarter = rng.randint(1, 4)
    fiscal_year = rng.randint(2023, 2027)
    # the quarter's last month and its calendar year
    month = fy_end_month - 3 * (4 - quarter)
    year = fiscal_year
    while month <= 0:
        month += 12
        year -= 1
    weeks = rng.random() < 0.4
    weekday = rng.choice([5, 6])  # Saturday or Sunday
    return Period(
        quarter=quarter,
        fiscal_year=fiscal_year,
        end=quarter_end(year, month, weeks, weekday),
        prior_end=quarter_end(year - 1, month, weeks, weekday),
        fy_end_month=fy_end_month,
        weeks=weeks,
    )


def long_date(day: dt.date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def short_date(day: dt.date) -> str:
    return f"{day:%b}. {day.day}, {day.year}".replace("May.", "May")
