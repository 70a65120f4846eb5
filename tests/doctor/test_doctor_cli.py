"""The doctor and its neighbours on the command line: `doctor`, `migrate`, `new-external-id`."""

import re

from bot.cli import main


def test_a_broken_configuration_is_one_line_with_its_fix_and_exit_1(monkeypatch, tmp_path, capsys):
    accounts = tmp_path / "accounts.yaml"
    accounts.write_text("- name: demo\n  account_id: '123'\n")
    monkeypatch.setenv("ACCOUNTS_FILE", str(accounts))
    monkeypatch.chdir(tmp_path)  # no .env here
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out
    assert "✗ configuration:" in out and "account_id" in out
    assert "fix:" in out


def test_migrate_then_the_store_is_current(monkeypatch, tmp_path, capsys):
    from bot.store import Store

    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    assert main(["migrate"]) == 0
    assert "schema current" in capsys.readouterr().out
    store = Store(url)
    assert store.pending_migrations() == []
    store.dispose()


def test_new_external_id_is_long_random_and_fits_the_templates(capsys):
    ids = set()
    for _ in range(3):
        assert main(["new-external-id"]) == 0
        ids.add(capsys.readouterr().out.strip())
    assert len(ids) == 3  # never the same twice
    for value in ids:
        assert len(value) >= 32  # the audit role template's MinLength
        assert re.fullmatch(r"[\w+=,.@:/-]+", value)  # its AllowedPattern, and the accounts file's


def test_help_lists_doctor_and_migrate(capsys):
    try:
        main(["--help"])
    except SystemExit as exc:
        assert exc.code == 0
    out = capsys.readouterr().out
    assert "doctor" in out and "migrate" in out and "new-external-id" in out
