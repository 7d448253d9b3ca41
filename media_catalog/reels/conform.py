"""Which frame rates each exchange format can carry, and the sequence rate a reel is written at.
A CMX 3600 EDL counts 24, 25 or 30 (drop-frame or not, so 23.976 and 29.97 too); FCP 7 XML knows
its timebase list. Items at other rates (5, 12, 16, 18 fps) are conformed to the sequence rate,
frame by nearest frame; OTIO and FCPXML carry every item at its own rate."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from ..errors import CatalogError
from ..timecode import NTSC_RATES, RateLike, exact_rate, most_common_rate, rate_label
from ..wording import N_

NTSC_FILM, NTSC_VIDEO, NTSC_HIGH = NTSC_RATES.values()
CARRIED_RATES: dict[str, frozenset[Fraction]] = {
    "edl": frozenset({NTSC_FILM, Fraction(24), Fraction(25), NTSC_VIDEO, Fraction(30)}),
    "fcp7": frozenset(
        {NTSC_FILM, Fraction(24), Fraction(25), NTSC_VIDEO, Fraction(30), Fraction(50)}
        | {NTSC_HIGH, Fraction(60)}
    ),
}
FORMAT_NAMES = {"edl": "CMX 3600 EDL", "fcp7": "FCP 7 XML"}
FALLBACK_RATE = Fraction(24)  # sound film's rate, for silent-film rates nothing divides


class RateError(CatalogError):
    """A sequence rate the chosen format cannot carry."""


def carries(fmt: str, rate: RateLike) -> bool:
    """Whether the format can hold an item at this rate as it is."""
    carried = CARRIED_RATES.get(fmt)
    return carried is None or exact_rate(rate) in carried


def sequence_rate(fmt: str, rates: Iterable[RateLike], chosen: RateLike | None = None) -> Fraction:
    """The editor's rate when given (RateError when the format cannot carry it); else the most
    common rate in the reel the format carries; else one the reel's most common rate divides
    into or out of evenly (5 -> 25, 12 -> 24, 15 -> 30), else 24."""
    carried = CARRIED_RATES.get(fmt)
    if chosen is not None:
        rate = exact_rate(chosen)
        if carried is not None and rate not in carried:
            allowed = ", ".join(rate_label(r) for r in sorted(carried))
            raise RateError(
                N_("rate: %(format)s cannot carry %(rate)s fps; choose one of %(choices)s"),
                format=FORMAT_NAMES[fmt],
                rate=rate_label(rate),
                choices=allowed,
            )
        return rate
    exact = [exact_rate(r) for r in rates]
    if carried is None:
        return most_common_rate(exact)
    fitting = [r for r in exact if r in carried]
    if fitting:
        return most_common_rate(fitting)
    return _kindred_rate(most_common_rate(exact), carried)


def _kindred_rate(rate: Fraction, carried: frozenset[Fraction]) -> Fraction:
    whole = sorted(r for r in carried if r.denominator == 1)
    for candidate in whole:
        if (candidate / rate).denominator == 1 or (rate / candidate).denominator == 1:
            return candidate
    return FALLBACK_RATE


def conform_note(rate: Fraction, conformed: Iterable[RateLike]) -> str | None:
    """The sentence a file carries when items were conformed to its rate, or None."""
    rates = sorted({exact_rate(r) for r in conformed} - {rate})
    if not rates:
        return None
    listed = ", ".join(rate_label(r) for r in rates)
    return (
        f"media-catalog: sequence rate {rate_label(rate)} fps; items at {listed} fps are "
        "conformed to it by nearest frame (their own timecode is in a SOURCE TC comment)"
    )
