"""The 90-day daily cost as a PNG, spikes marked: what a person sees at a glance in the thread.

The dashed line is the spike rule's own baseline (the median of the days before), so a red bar
visibly stands `spike_factor` times above it. matplotlib's object API on the Agg canvas, never
pyplot: pyplot keeps global state and is not safe from the bot's worker threads; a `Figure` of our
own is.
"""

from __future__ import annotations

import io
import statistics
from collections.abc import Sequence

from bot.spend.explorer import DailyCost
from bot.spend.signals import RULES, Rules, RunRate, Spike

NORMAL = "#4a78b5"
SPIKE = "#d62728"
PARTIAL = "#a9c0de"
BASELINE = "#555555"


def daily_cost_chart(
    series: Sequence[DailyCost],
    spikes: Sequence[Spike] = (),
    *,
    title: str,
    run_rate: RunRate | None = None,
    rules: Rules = RULES,
) -> bytes:
    """PNG bytes: one bar a day (today, still partial, lighter), spike days red, the largest labelled."""
    from matplotlib.artist import Artist
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    spike_days = {s.day.day for s in spikes}
    days = [d.day for d in series]
    amounts = [float(d.amount) for d in series]
    colors = [SPIKE if d.day in spike_days else NORMAL for d in series]
    if colors and series[-1].day not in spike_days:
        colors[-1] = PARTIAL

    figure = Figure(figsize=(10, 4), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    ax.bar(days, amounts, width=0.85, color=colors)
    baseline = _baseline(series, rules.baseline_days)
    if baseline:
        ax.plot(
            [d for d, _ in baseline], [v for _, v in baseline], color=BASELINE, linestyle="--", lw=1, zorder=3
        )
    for spike in _labelled(spikes):
        ax.annotate(
            f"${spike.day.amount:,.0f} ({spike.ratio}×)",
            (spike.day.day, float(spike.day.amount)),
            xytext=(-4, 4),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=8,
            color=SPIKE,
        )
    median = f"median of the {rules.baseline_days} days before"
    handles: list[Artist] = [Line2D([], [], color=BASELINE, linestyle="--", lw=1, label=median)]
    if spikes:
        rule = f"spike: ≥ {rules.spike_factor}× that median and ≥ ${rules.spike_min_usd} above"
        handles.append(Patch(color=SPIKE, label=rule))
    handles.append(Patch(color=PARTIAL, label="today (partial)"))
    ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False)
    if run_rate is not None:
        title += f" — {run_rate.describe()}"
    ax.set_title(title, loc="left", fontsize=11)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"${value:,.0f}"))
    ax.set_ylim(0, max([*amounts, 1.0]) * 1.25)
    ax.grid(axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    for label in ax.get_xticklabels():
        label.set_rotation(30)
        label.set_horizontalalignment("right")
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _baseline(series: Sequence[DailyCost], window: int) -> list[tuple[object, float]]:
    return [
        (series[i].day, float(statistics.median(d.amount for d in series[i - window : i])))
        for i in range(window, len(series))
    ]


def _labelled(spikes: Sequence[Spike]) -> list[Spike]:
    """The highest day of each run of consecutive spike days: labels on neighbours would overlap."""
    runs: list[list[Spike]] = []
    for spike in sorted(spikes, key=lambda s: s.day.day):
        if runs and (spike.day.day - runs[-1][-1].day.day).days <= 1:
            runs[-1].append(spike)
        else:
            runs.append([spike])
    return [max(run, key=lambda s: s.day.amount) for run in runs]
