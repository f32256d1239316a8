"""The cohort report as one self-contained HTML file: inline CSS and SVG, no network."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from html import escape

from sim.reports.cohort import SCORE_BINS, Cohort, Row, bin_label
from sim.reports.cohort_formats import agreement_line, provenance_line
from sim.reports.text import COMPETENCY_NAMES, shown

CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1d2430;background:#fff}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;font-size:.85rem}
td,th{padding:.3rem .4rem;border-bottom:1px solid #dde}td{white-space:nowrap}
td.notes{white-space:normal;overflow-wrap:anywhere;min-width:7rem;max-width:16rem}table.calls{font-size:.8rem}
th{text-align:left;background:#f3f5f9}.no{color:#b3261e;font-weight:600}.yes{color:#1e7b34}
.grid{display:flex;flex-wrap:wrap;gap:1.5rem}
.card{border:1px solid #dde;border-radius:6px;padding:.8rem}
svg text{font-size:10px;fill:#334}.scroll{overflow-x:auto}
@media (prefers-color-scheme: dark){body{background:#14171c;color:#e6e9ee}th{background:#222831}
td,th{border-color:#333a45}.card{border-color:#333a45}svg text{fill:#cdd3dc}}
"""


def bar_chart(
    values: Sequence[tuple[str, int | None]],
    width: int = 260,
    bar: int = 16,
    colour: str = "#3a6ea5",
) -> str:
    """Horizontal bars with labels; values are counts or 0-100 scores (None: "n/a", no bar)."""
    top = max([v for _, v in values if v is not None] + [1])
    height = bar * len(values) + 4
    gutter = 130  # room for labels such as "callback_arranged"
    parts = [f'<svg role="img" width="{width + gutter + 40}" height="{height}">']
    for i, (label, value) in enumerate(values):
        y = i * bar + 2
        w = 0 if value is None else round(width * value / top)
        parts.append(
            f'<text x="0" y="{y + bar - 5}">{escape(label)}</text>'
            f'<rect x="{gutter}" y="{y}" width="{w}" height="{bar - 4}" fill="{colour}"/>'
            f'<text x="{gutter + 4 + w}" y="{y + bar - 5}">{shown(value)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def html(cohort: Cohort) -> str:
    role = cohort.role
    out = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Cohort report ({escape(role)})</title><style>{CSS}</style></head><body>",
        f"<h1>Cohort report: {len(cohort.rows)} call(s), {len(cohort.ranked)} ranked "
        f"by {escape(role)} fit</h1>",
        f"<p class='provenance'>{escape(provenance_line(cohort))}</p>",
        "<h2 id='candidates'>Candidates</h2>",
        "<div class='scroll'><table id='candidate-summary'><tr><th>candidate</th>"
        "<th>calls</th><th>passed</th><th>best</th><th>latest</th>"
        + "".join(f"<th>{n}</th>" for n in COMPETENCY_NAMES.values())
        + f"<th>{escape(role)} fit</th><th>flags</th></tr>",
    ]
    for s in cohort.candidates():
        out.append(
            f"<tr><td>{escape(s.candidate)}</td><td>{s.attempts}</td><td>{s.passes}</td>"
            f"<td>{s.best}</td><td class='{_yes(s.latest_passed)}'>{s.latest} "
            f"({_yes(s.latest_passed)})</td>"
            + "".join(f"<td>{shown(s.means[k])}</td>" for k in COMPETENCY_NAMES)
            + f"<td>{s.fit}</td><td class='notes'>{_breakable(', '.join(s.flags))}</td></tr>"
        )
    out.append("</table></div><h2 id='calls'>Calls</h2>")
    out += _calls_table(cohort.ranked, role)
    if cohort.unranked:
        out.append(f"<h2 id='not-ranked'>Not ranked ({len(cohort.unranked)})</h2>")
        out += _calls_table(cohort.unranked, role)
    out.append("<h2>Score distributions</h2><div class='grid'>")
    for c, name in COMPETENCY_NAMES.items():
        hist = cohort.histograms.get(c, Counter[int]())
        bins = [(bin_label(b), hist.get(b, 0)) for b in SCORE_BINS]
        out.append(f"<div class='card'><b>{name}</b><br>{bar_chart(bins)}</div>")
    out.append("</div><h2>Candidate profiles</h2><div class='grid'>")
    for summary in cohort.candidates():
        values = [(COMPETENCY_NAMES[c], _rounded(summary.means[c])) for c in COMPETENCY_NAMES]
        out.append(
            f"<div class='card'><b>{escape(summary.candidate)}</b><br>"
            f"{bar_chart(values, colour='#5b8c3a')}</div>"
        )
    out.append("</div><h2>Where calls ended</h2><div class='grid'>")
    out.append(
        "<div class='card'><b>Outcomes</b><br>"
        f"{bar_chart(sorted(cohort.outcomes.items()), colour='#a5673a')}</div>"
    )
    out.append(
        "<div class='card'><b>Final states</b><br>"
        f"{bar_chart(sorted(cohort.ended_in.items()), colour='#7a4fa0')}</div></div>"
    )
    agreement = agreement_line(cohort)
    if agreement:
        out.append(f"<h2>Machine and human agreement</h2><p>{escape(agreement)}.</p>")
    out.append("<h2>Interview questions aimed at each candidate's gaps</h2>")
    for candidate, questions in sorted(cohort.questions.items()):
        items = "".join(f"<li>{escape(q)}</li>" for q in sorted(questions)) or "<li>none</li>"
        out.append(f"<h3>{escape(candidate)}</h3><ul>{items}</ul>")
    out.append("</body></html>\n")
    return "\n".join(out)


def _breakable(ids: str) -> str:
    """Rule ids escaped, and free to wrap after each underscore (a narrow column)."""
    return escape(ids).replace("_", "_<wbr>")


def _rounded(mean: float | None) -> int | None:
    return None if mean is None else round(mean)


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _calls_table(rows: Iterable[Row], role: str) -> list[str]:
    out = [
        "<div class='scroll'><table class='calls'><tr><th>candidate</th><th>scenario</th>"
        "<th>date</th>"
        "<th>mode</th>"
        + "".join(f"<th>{n}</th>" for n in COMPETENCY_NAMES.values())
        + "<th>overall</th><th>passed</th><th>verdict by</th><th>machine</th>"
        f"<th>{escape(role)} fit</th><th>critical / flags</th><th>problems</th></tr>"
    ]
    for r in rows:
        machine = f"{r.machine['overall']} ({_yes(r.machine['passed'])})"
        out.append(
            f"<tr><td>{escape(r.candidate)}</td><td>{escape(r.scenario)}</td>"
            f"<td>{escape(r.date)}</td><td>{escape(r.mode)}</td>"
            + "".join(f"<td>{shown(r.scores[c])}</td>" for c in COMPETENCY_NAMES)
            + f"<td>{r.overall}</td><td class='{_yes(r.passed)}'>{_yes(r.passed)}</td>"
            f"<td>{r.verdict_by}</td><td>{escape(machine)}</td><td>{r.role_fit[role]}</td>"
            f"<td class='notes'>{_breakable(', '.join(r.critical + r.flags))}</td>"
            f"<td class='notes no'>{escape('; '.join(r.problems))}</td></tr>"
        )
    out.append("</table></div>")
    return out
