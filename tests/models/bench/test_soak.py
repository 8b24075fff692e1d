import pytest

from models.bench import soak


@pytest.mark.parametrize("argv", [["--seconds", "0"], ["--clients", "0"], ["--seconds", "abc"]])
def test_bad_arguments_are_refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        soak.main(argv)
    assert stopped.value.code == 2
    assert "python -m models.bench.soak" in capsys.readouterr().err
