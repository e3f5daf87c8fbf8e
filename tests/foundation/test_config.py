from pathlib import Path

import pytest

from entrypoints.config import ConfigError, Settings, load_settings


def test_defaults_need_no_configuration(tmp_path: Path) -> None:
    settings = load_settings({}, dotenv=tmp_path / ".env")
    assert settings.DATABASE_URL is None
    assert settings.HTTP_PORT == 8000
    assert settings.data_dir.name == "health-tracker"


def test_environment_wins_over_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("# comment\nHTTP_PORT=9000\nexport LOG_LEVEL='DEBUG'\nDATA_DIR=\"/x y\"\n")
    settings = load_settings({"HTTP_PORT": "9100"}, dotenv=dotenv)
    assert settings.HTTP_PORT == 9100
    assert settings.LOG_LEVEL == "DEBUG"
    assert settings.DATA_DIR == "/x y"


def test_empty_value_means_unset(tmp_path: Path) -> None:
    settings = load_settings({"DATABASE_URL": "", "HTTP_PORT": ""}, dotenv=tmp_path / "none")
    assert settings.DATABASE_URL is None
    assert settings.HTTP_PORT == 8000


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("HTTP_PORT", "eighty"),
        ("HTTP_PORT", "70000"),
        ("DATABASE_URL", "not a url"),
        ("LOG_LEVEL", "LOUD"),
        ("TELEGRAM_WEBHOOK_SECRET", "has spaces!"),
    ],
)
def test_malformed_value_names_the_variable_in_one_line(
    tmp_path: Path, name: str, value: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({name: value}, dotenv=tmp_path / "none")
    message = str(caught.value)
    assert name in message
    assert "\n" not in message
    assert value not in message  # a value may be a secret: it is never echoed


def test_malformed_dotenv_line_is_reported_with_its_number(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("HTTP_PORT=1\nthis is not an assignment\n")
    with pytest.raises(ConfigError, match=r"\.env:2"):
        load_settings({}, dotenv=dotenv)


def test_every_setting_is_documented(project_root: Path) -> None:
    doc = (project_root / "docs" / "configuration.md").read_text()
    missing = [name for name in Settings.__struct_fields__ if f"`{name}`" not in doc]
    assert missing == []
