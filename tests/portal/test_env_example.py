""".env.example documents every environment variable portal/settings.py reads."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# env.str("NAME", ...), env.bool(\n    "NAME", ...), env.db("NAME", ...), ...
ENV_READ = re.compile(r"\benv\.\w+\(\s*\"([A-Z][A-Z0-9_]*)\"")


def settings_variables():
    """Return the names of the variables portal/settings.py reads from the environment."""
    return set(ENV_READ.findall((ROOT / "portal" / "settings.py").read_text(encoding="utf-8")))


def test_settings_variables_are_found():
    """The scan sees the variables every deployment sets (so the next test means something)."""
    assert {"SECRET_KEY", "DATABASE_URL", "DEBUG", "ALLOWED_HOSTS"} <= settings_variables()


def test_env_example_documents_every_variable():
    """Each variable read by the settings is named in .env.example."""
    documented = (ROOT / ".env.example").read_text(encoding="utf-8")
    missing = {name for name in settings_variables() if not re.search(rf"\b{name}\b", documented)}
    assert not missing, f"Thiếu trong .env.example: {sorted(missing)}"
