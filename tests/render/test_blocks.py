import pytest

from bot.render.blocks import (
    MAX_SECTION,
    button,
    chunk_blocks,
    code_table,
    line_sections,
    section,
    table_or_csv,
    violations,
)


def test_long_section_is_clipped_to_the_limit():
    block = section("x" * 5000)
    assert len(block["text"]["text"]) == MAX_SECTION
    assert violations([block]) == []


def test_lines_are_packed_without_splitting_any():
    lines = [f"• volume vol-{i:017x} 100 GiB" for i in range(400)]
    blocks = line_sections(lines)
    assert all(len(b["text"]["text"]) <= MAX_SECTION for b in blocks)
    joined = "\n".join(b["text"]["text"] for b in blocks)
    assert joined.split("\n") == lines


def test_table_overflows_to_a_csv_with_every_row():
    rows = [[f"snap-{i:017x}", "us-east-1", i] for i in range(500)]
    blocks, csv = table_or_csv(
        "Snapshots", ["snapshot", "region", "GiB"], rows, max_rows=20, filename="snapshots.csv"
    )
    assert violations(blocks) == []
    assert "snap-00000000000000013" in blocks[0]["text"]["text"]
    assert csv is not None and csv.filename == "snapshots.csv"
    content = csv.content().splitlines()
    assert content[0] == "snapshot,region,GiB" and len(content) == 501
    assert content[-1] == "snap-000000000000001f3,us-east-1,499"


def test_short_table_needs_no_csv():
    blocks, csv = table_or_csv("x", ["a"], [["1"], ["2"]], max_rows=5, filename="x.csv")
    assert csv is None and "1" in blocks[0]["text"]["text"]


def test_code_table_splits_long_tables_each_within_limits():
    blocks = code_table(["id", "why"], [[f"i-{n:017x}", "stopped 40 days"] for n in range(300)])
    assert len(blocks) > 1 and violations(blocks) == []


def test_chunks_of_fifty():
    blocks = [section(str(i)) for i in range(120)]
    assert [len(c) for c in chunk_blocks(blocks)] == [50, 50, 20]
    assert violations(blocks) == ["120 blocks > 50"]


def test_button_values_only_carry_ids():
    with pytest.raises(ValueError, match="only an ID"):
        button("Go", "x", "y" * 2001)
    assert button("A" * 100, "x", "of_1")["text"]["text"].endswith("…")
