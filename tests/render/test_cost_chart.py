import io
from datetime import date, timedelta
from decimal import Decimal

from PIL import Image

from bot.render.cost_chart import SPIKE, daily_cost_chart
from bot.spend.explorer import DailyCost
from bot.spend.signals import run_rate, spikes

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
START = date(2026, 8, 26)


def _series(amounts):
    return [DailyCost(START + timedelta(days=i), Decimal(str(a))) for i, a in enumerate(amounts)]


def _red_pixels(png: bytes) -> int:
    red = tuple(int(SPIKE[i : i + 2], 16) for i in (1, 3, 5))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(count for count, color in image.getcolors(maxcolors=1 << 20) if color == red)


def test_chart_is_a_png_written_by_matplotlib_with_spikes_in_red():
    series = _series([164] * 88 + [1680, 924])
    png = daily_cost_chart(series, spikes(series), title="demo — daily cost")
    assert png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == (1000, 400)
    assert image.info["Software"].startswith("Matplotlib version")
    assert _red_pixels(png) > 500  # two tall red bars and their label


def test_a_flat_bill_has_no_red_and_names_its_run_rate():
    series = _series([160 + (i % 3) for i in range(90)])
    assert spikes(series) == []
    png = daily_cost_chart(series, [], title="flat", run_rate=run_rate(series))
    assert png.startswith(PNG_SIGNATURE)
    assert _red_pixels(png) == 0


def test_a_short_or_empty_series_still_draws():
    assert daily_cost_chart(_series([5, 7]), [], title="two days").startswith(PNG_SIGNATURE)
    assert daily_cost_chart([], [], title="nothing").startswith(PNG_SIGNATURE)
