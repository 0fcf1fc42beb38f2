"""JSONPath and reference paths as Step Functions reads and writes them."""

import pytest

from studyapp.sims.engines.asl_paths import (
    PathError,
    PathNotFound,
    compile_path,
    read_path,
    write_result,
)

DATA = {"a": {"b": [1, 2, {"c": 3}]}, "items": [{"q": 1, "n": "x"}, {"q": 3, "n": "y"}]}


def test_read_path_definite_and_indefinite():
    assert read_path("$.a.b[2].c", DATA) == 3
    assert read_path("$['a']['b'][-1]", DATA) == {"c": 3}
    assert read_path("$..c", DATA) == [3]
    assert read_path("$.items[*].n", DATA) == ["x", "y"]
    assert read_path("$.items[?(@.q > 1)].n", DATA) == ["y"]
    assert read_path("$.a.b[0:2]", DATA) == [1, 2]
    assert read_path("$.a.b.length()", DATA) == 3


def test_read_path_missing_definite_path_raises():
    with pytest.raises(PathNotFound):
        read_path("$.nope", DATA)
    assert read_path("$.items[?(@.q > 9)]", DATA) == []


def test_context_path_reads_the_context_object():
    assert read_path("$$.Execution.Name", {}, {"Execution": {"Name": "run-1"}}) == "run-1"


@pytest.mark.parametrize("text", ["a.b", "$.a[", "$.", "$.a..", "$.a[?(@.x ~ 1)]", "$x y"])
def test_malformed_paths_are_errors(text):
    with pytest.raises(PathError):
        compile_path(text)


def test_reference_paths_exclude_wildcards_and_filters():
    assert compile_path("$.a.b[0]").is_reference
    assert not compile_path("$.a[*]").is_reference
    assert not compile_path("$..a").is_reference


def test_write_result_nests_creates_and_refuses_scalars():
    assert write_result({"x": 1}, "$.r.s", 2) == {"x": 1, "r": {"s": 2}}
    assert write_result({"x": 1}, None, 2) == {"x": 1}
    assert write_result({"x": 1}, "$", 2) == 2
    with pytest.raises(PathNotFound):
        write_result({"x": 1}, "$.x.y", 2)
    with pytest.raises(PathNotFound):
        write_result("text", "$.r", 2)
