"""`python -m bot import-payments FILE.csv`: good rows kept, bad rows reported by line, exit code."""

from bot.billing.ledger import payment_for
from bot.cli import main
from bot.store import Store


def _store_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def test_good_rows_are_recorded_and_bad_ones_reported_by_line(tmp_path, monkeypatch, capsys):
    url = _store_url(tmp_path, monkeypatch)
    path = tmp_path / "payments.csv"
    path.write_text(
        "invoice_id,paid_date,amount,currency,reference\n"
        "2078514362,2026-11-20,1568.40,USD,wire #A17\n"
        "KR-2607-094127,yesterday,2369067,KRW,\n"
    )
    assert main(["import-payments", str(path)]) == 1
    out, err = capsys.readouterr()
    assert "Recorded 1 payment(s): line 2 2078514362." in out
    assert "line 3: paid_date 'yesterday' is not a date (YYYY-MM-DD) (row skipped)" in out
    assert "Expected columns: invoice_id,paid_date,amount,currency,reference" in err
    store = Store(url)
    try:
        payment = payment_for(store, "2078514362")
        assert payment.source == "cli-csv" and payment.recorded_by.startswith("cli:")
        assert payment_for(store, "KR-2607-094127") is None
    finally:
        store.dispose()


def test_a_clean_file_exits_zero_and_twice_changes_nothing(tmp_path, monkeypatch, capsys):
    _store_url(tmp_path, monkeypatch)
    path = tmp_path / "payments.csv"
    path.write_text("invoice_id,paid_date\n2078514362,2026-11-20\n")
    assert main(["import-payments", str(path)]) == 0
    assert main(["import-payments", str(path)]) == 0
    assert "was already recorded paid on 2026-11-20" in capsys.readouterr().out


def test_a_missing_file_is_one_line(tmp_path, monkeypatch, capsys):
    _store_url(tmp_path, monkeypatch)
    assert main(["import-payments", str(tmp_path / "nope.csv")]) == 2
    assert capsys.readouterr().err.startswith("cannot read ")
