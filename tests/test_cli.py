import json

import pytest
from click.testing import CliRunner

from kg.cli import cli

COMMANDS = sorted(cli.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Example:" in result.output


def test_build_and_explain(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("President Recep Tayyip Erdoğan met Angela Merkel in Berlin on Monday.\n\n"
                                  "Erdogan said Turkey would help.\n", encoding="utf-8")
    (corpus / "b.md").write_bytes("Angela Merkel visited Ankara. Erdoğan welcomed her.".encode("cp1252", "replace"))
    (corpus / "empty.txt").write_text("")
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(corpus), "--out", str(out)])
    assert result.exit_code == 3, result.output  # built, but a document was skipped
    assert "2 documents read (2 parsed, 0 from cache), 1 skipped (1 empty)" in result.output
    assert "skipped empty.txt: empty" in result.output
    assert (out / "graph.graphml").is_file() and (out / "graph.html").is_file()
    result = runner.invoke(cli, ["explain", "erdogan", "--graph", str(out), "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["label"] == "Recep Tayyip Erdoğan" and "Erdogan" in info["aliases"]
    assert any(m["rule"].startswith("short-form") for m in info["merges"])
    assert "President" in info["titles"]
    result = runner.invoke(cli, ["explain", "erdogan", "--graph", str(out)])
    assert "short-form" in result.output


def test_errors_are_one_line_messages_with_nonzero_exit(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(tmp_path / "missing"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "no such file or folder" in result.output
    result = runner.invoke(cli, ["explain", "x", "--graph", str(tmp_path)])
    assert result.exit_code == 1 and "no graph here" in result.output
    (tmp_path / "in").mkdir()
    result = runner.invoke(cli, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "no readable documents" in result.output
    result = runner.invoke(cli, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "o"), "--model", "nope_model"])
    assert result.exit_code == 1 and "pip install" in result.output


def test_build_summary_time_covers_the_whole_command(tmp_path):
    import re
    import subprocess
    import sys
    import time

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Ana Ruiz works for Acme Corp in Lorwick.\n", encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "kg", "build", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                           "--no-cache"], capture_output=True, text=True, timeout=300)
    wall = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    said = float(re.search(r" in ([0-9.]+)s -> ", done.stdout).group(1))
    assert said >= 0.6 * wall - 0.1, (said, wall)  # imports, model load, extraction and every output file


def test_no_rule_names_a_registered_merge_rule(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    result = CliRunner().invoke(cli, ["build", str(tmp_path), "--out", str(tmp_path / "out"), "--no-rule", "bogus"])
    assert result.exit_code == 2 and "short-form-across-documents" in result.output
