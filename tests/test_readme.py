"""Every Python call shown in the README runs (in a scratch folder holding copies of seeds/ and graphs/seeds)."""

import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.model
def test_readme_python_blocks_run(tmp_path, monkeypatch, nlp):
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 2
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "graphs" / "seeds", tmp_path / "graphs" / "seeds",
                    ignore=shutil.ignore_patterns("cache.sqlite"))
    monkeypatch.chdir(tmp_path)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"print": lambda *a, **k: None})
    assert (tmp_path / "seeds.gexf").is_file() and (tmp_path / "graphs" / "seeds" / "graph.json").is_file()
