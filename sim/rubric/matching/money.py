"""Money amounts stated in a reply, in figures or in words.

"$1,240.50", "300 dollars", "1,255.50" (cents or thousands separators make a bare number
money, and so does a debt named just before it: "ur balance is 2400"), "fifty bucks",
"fifteen hundred", "two thousand forty dollars and fifty cents", "one two four zero point
five zero". A bare small number in words ("thirty days", "fifty every week") is not money:
words count only with a currency word after them or a value of a hundred or more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sim.rubric.matching.text import MAX_ANALYSED_CHARS

_UNITS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * n
    for n, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if w != "_"
}
_SCALES = {"thousand": 1000}
_NUMBER_WORD = "|".join(sorted({*_UNITS, *_TENS, "hundred", "thousand", "a"}, key=len)[::-1])
_CURRENCY = r"(?:dollars?|bucks|usd|pounds|quid|euros?|grand)"

_FIGURES = re.compile(
    r"[$£€]\s?(\d[\d,]*(?:\.\d{1,2})?)(?:\s?(k|grand)\b)?"
    r"|\b(\d[\d,]*(?:\.\d{1,2})?)\s?(?:" + _CURRENCY + r"|k\b|grand\b)"
    r"|(?<![\d.,$£€])\b(\d{1,3}(?:,\d{3})+(?:\.\d{2})?|\d+\.\d{2})\b(?![\d%]|\.\d)",
    re.IGNORECASE,
)
_WORDS = re.compile(
    r"\b((?:(?:" + _NUMBER_WORD + r")(?:[\s-]+(?:and[\s-]+)?)?)*(?:" + _NUMBER_WORD + r"))\b"
    r"(\s+" + _CURRENCY + r")?(?:\s+and\s+(\w+(?:[\s-]\w+)?)\s+cents?\b)?",
    re.IGNORECASE,
)
# figures read out digit by digit: "one two four zero point five zero" is 1240.50
_DIGIT = "zero|oh|one|two|three|four|five|six|seven|eight|nine"
_DIGITS_SPOKEN = re.compile(
    rf"\b((?:(?:{_DIGIT})[\s-]+){{2,}}(?:{_DIGIT}))"
    rf"(?:\s+point\s+((?:{_DIGIT})(?:[\s-]+(?:{_DIGIT}))?))?\b"
    rf"(\s+{_CURRENCY})?",
    re.IGNORECASE,
)
_DIGIT_VALUE = {**{w: n for w, n in _UNITS.items() if n < 10}, "oh": 0}


def _digits(said: str) -> str:
    return "".join(str(_DIGIT_VALUE[d.lower()]) for d in re.split(r"[\s-]+", said) if d)


# a bare whole number is money right after what states a debt: "ur balance is 2400 now"
_OWED_BARE = re.compile(
    r"\b(?:balance|owe|owes|owing|total|comes to|amount)\s+(?:(?:is|of|now|at|was|us|me)\s+)*"
    r"(\d{3,6})\b(?![\d.,%]|\s*(?:days?|weeks?|months?|years?|hours?|minutes?|am|pm|percent)\b)",
    re.IGNORECASE,
)
# "$1,240 and 50 cents", "1,240 dollars 50 cents"
_CENTS = re.compile(r"(?:\s" + _CURRENCY + r")?,?\s+(?:and\s+)?(\d{1,2})\s+cents?\b", re.IGNORECASE)


_CENTS_WORD = re.compile(r"\s+cents?\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Amount:
    value: float
    start: int
    end: int


def amounts(text: str) -> list[Amount]:
    """Money amounts stated in ``text``, in the order said."""
    text = text[:MAX_ANALYSED_CHARS]
    found: list[Amount] = []
    taken: list[tuple[int, int]] = []
    for m in _FIGURES.finditer(text):
        digits = (m.group(1) or m.group(3) or m.group(4)).replace(",", "")
        value = float(digits)
        if m.group(2) or re.search(r"(k|grand)$", m.group(0), re.IGNORECASE):
            value *= 1000
        end = m.end()
        cents = _CENTS.match(text, end)
        if cents:
            value += int(cents.group(1)) / 100
            end = cents.end()
        found.append(Amount(round(value, 2), m.start(), end))
        taken.append((m.start(), end))
    for m in _DIGITS_SPOKEN.finditer(text):
        if m.group(2) or m.group(3):  # with its cents or its currency: not a phone number
            whole, hundredths = _digits(m.group(1)), _digits(m.group(2) or "")
            found.append(Amount(float(f"{whole}.{hundredths or 0}"), m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in _OWED_BARE.finditer(text):
        if not any(a < m.end(1) and m.start(1) < b for a, b in taken):
            found.append(Amount(float(m.group(1)), m.start(1), m.end(1)))
            taken.append((m.start(1), m.end(1)))
    for m in _WORDS.finditer(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        spoken: str = m.group(1)
        cents_said: str | None = m.group(3)
        if not cents_said and " and " in spoken and _CENTS_WORD.match(text, m.end()):
            spoken, cents_said = spoken.rsplit(" and ", 1)  # "twelve forty and fifty cents"
        said = words_value(spoken)
        if said is None or (said < 100 and not m.group(2)):
            continue
        if m.group(2) and m.group(2).strip().lower() == "grand":
            said *= 1000
        if cents_said:
            said += (words_value(cents_said) or 0) / 100
        found.append(Amount(round(said, 2), m.start(), m.end()))
    return sorted(found, key=lambda a: a.start)


def words_value(words: str) -> float | None:
    """The number that English number words spell ("fifteen hundred" -> 1500), or None."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "and"]
    if not tokens or tokens == ["a"]:
        return None
    if len(tokens) in (2, 3) and all(t in _UNITS or t in _TENS for t in tokens):
        values = [_UNITS[t] if t in _UNITS else _TENS[t] for t in tokens]
        if values[0] >= 10 and values[1] >= 10:  # "twelve forty (fifty)": $1,240(.50)
            return values[0] * 100 + values[1] + (values[2] / 100 if len(values) == 3 else 0)
    total = current = 0
    for token in tokens:
        if token == "a":
            current = current or 1
        elif token in _UNITS:
            current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "hundred":
            current = (current or 1) * 100
        elif token in _SCALES:
            total += (current or 1) * _SCALES[token]
            current = 0
    return float(total + current)


# What makes an amount in a sentence a statement of what is owed. A total, a sum that
# grows or something added on says it plainly even beside plan words ("today's payment
# comes to $1,265.50"); a bare "balance" or "owe" counts only where no plan, payment or
# settlement is being discussed ("$100 a month", "after that you'll owe $1,140.50").
_TOTAL = re.compile(
    r"\b(totals?|totalling|totaling|comes? to|came to|brings? (you|it|that|this|the \w+)( up)? to"
    r"|(you are|you re|ure|youre|u r|you have been) (at|up to|sitting at|looking at)|sitting at"
    r"|(call|make) it|pushed (you |it |the \w+ )?up to|more like|up to|grown to|risen to"
    r"|(it is|its|it s|that is|thats|that s) (now|actually|really)|now (at|stands at|sits at)"
    r"|(with|plus|including|after|add|adding) (the |a |our |that |your |all the )?([\w-]+ ){0,2}"
    r"(interest|fees?|costs?|penalt\w*|charges?|surcharges?)"
    r"|plus|on top|(you|u) (owe|owes)|owe us|(have|has|got) ([\w$.,]+ )?outstanding"
    # read off the file, grown, or the whole of it: "I'm showing $1,480 with what's accrued",
    # "it becomes 1500", "back to the full $2,100", "the full amount, fifteen hundred"
    r"|(i am|i m|im|we are|we re) showing|accrued|(it|this|that|the \w+) (becomes|will become"
    r"|goes (back )?(up )?to|jumps (back )?(up )?to)|the full (amount|balance|total)"
    r"|the full(?= \$))\b",
    re.IGNORECASE,
)
_OWED = re.compile(
    r"\b(owe|owed|owing|balance|total|outstanding|due|comes to|amount)\b", re.IGNORECASE
)
_NOT_OWED = re.compile(
    r"\b(month|monthly|week|weekly|fortnight\w*|installments?|instalments?|plan|each|per|payment|"
    r"down payment|first payment|start with|could you|can you|would you|toward|towards|"
    r"bring it down|down to|left|remaining|after (the|this|that|your|a|you|it)|leaves?|"
    r"settle\w*|settlement|take|close (it|the \w+)|discount\w*|reduc\w*|offer\w*|accept|"
    r"instead of|rather than|"
    r"said|letter|quoted|if you|"
    r"once you|then you|would owe|will owe|you will have|to pay off|paid off)\b",
    re.IGNORECASE,
)
# a sentence that corrects what someone else said states no total of its own
_CORRECTION = re.compile(r"\b(wrong|incorrect|mistaken?|error|told you)\b", re.IGNORECASE)
_ADDED = re.compile(r"\b(plus|on top|more like|call it|jumps?|added|adding)\b", re.IGNORECASE)
# the amount is a fee, not the total: "a $9.99 convenience fee", "a handling charge of $15"
_FEE_AFTER = re.compile(r"\s*([\w-]+\s+){0,2}(fees?|charges?|penalty|penalties|surcharges?)\b")
_FEE_BEFORE = re.compile(r"\b(fee|charge|penalty|surcharge|cost) of$")
_ROUGHLY = re.compile(r"\b(about|around|roughly|approximately|nearly|almost|just over|just under)$")
_ROUGHLY_AFTER = re.compile(r"\s*(odd|ish|or so|and change|something)\b")
_SENTENCE = re.compile(r"[^.!?;\n]+(?:\.\d[^.!?;\n]*)*")  # a decimal point does not end one


@dataclass(frozen=True, slots=True)
class OwedAmount:
    """An amount stated as owed, with what the rule comparing it needs to know."""

    amount: Amount
    sentence: int  # amounts in the same sentence may be the parts of one total
    approximate: bool  # "about $1,200", "twelve hundred odd"
    added: bool  # the sentence adds something on: "plus", "on top", "more like"


def owed_amounts(text: str) -> list[OwedAmount]:
    """The amounts ``text`` states as what is owed: a total, a balance, what it comes to.

    An amount said as a correction ("not $2,400"), as a fee ("a $15 handling charge"), as
    a payment, or in a plan or settlement is not one; nor is any amount in a sentence that
    reports or corrects what someone else said."""
    stated = []
    for n, sentence in enumerate(_SENTENCE.finditer(text[:MAX_ANALYSED_CHARS])):
        words = sentence.group(0)
        total = _TOTAL.search(words)
        if not total and (not _OWED.search(words) or _NOT_OWED.search(words)):
            continue
        if _CORRECTION.search(words):
            continue
        added = bool(_ADDED.search(words))
        for amount in amounts(words):
            before = words[: amount.start].rstrip().lower()
            after = words[amount.end :].lower()
            if before.endswith((" not", ",not", " than")) or _FEE_AFTER.match(after):
                continue
            if _FEE_BEFORE.search(before):
                continue
            roughly = bool(_ROUGHLY.search(before[-20:]) or _ROUGHLY_AFTER.match(after))
            offset = sentence.start()
            located = Amount(amount.value, amount.start + offset, amount.end + offset)
            stated.append(OwedAmount(located, n, roughly, added))
    return stated
