"""Every hook is documented in docs/plugins.md and exercised under tests/platform/pluginhost/;
plus a guard on the repository layout (``platform/`` is a source root, never a package)."""

from __future__ import annotations

import inspect
import re
import sys
import sysconfig
from pathlib import Path

import pytest

from pluginhost import hookspecs
from pluginhost.markers import PROJECT_NAME

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "plugins.md"
HOOK_TESTS = ROOT / "tests" / "platform" / "pluginhost"
THIS_FILE = Path(__file__).resolve()


def hook_names() -> list[str]:
    """The hookspecs, found the way pluggy finds them: functions carrying the `huiyuan_spec` mark."""
    return sorted(
        name
        for name, obj in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(obj, f"{PROJECT_NAME}_spec")
    )


def documented(name: str, text: str) -> bool:
    """A Markdown heading naming the hook, e.g. ``### register_cashier_modes`` or ``### `order_paid` ``."""
    return re.search(rf"^#{{1,6}}\s.*`?\b{re.escape(name)}\b`?", text, re.MULTILINE) is not None


def files_naming(name: str, folder: Path = HOOK_TESTS) -> list[Path]:
    """Test modules under ``folder`` that name the hook (as a whole word)."""
    pattern = re.compile(rf"\b{re.escape(name)}\b")
    return [
        path
        for path in sorted(folder.rglob("test_*.py"))
        if path.resolve() != THIS_FILE and pattern.search(path.read_text(encoding="utf-8"))
    ]


def test_hookspecs_are_found():
    names = hook_names()
    assert {"register_cashier_modes", "order_paid", "order_refunded"} <= set(names)
    assert "hookspec" not in names and "annotations" not in names


@pytest.mark.parametrize("name", hook_names())
def test_hook_has_a_section_in_docs_plugins_md(name):
    assert DOC.is_file(), "docs/plugins.md is missing"
    assert documented(name, DOC.read_text(encoding="utf-8")), f"docs/plugins.md has no heading for {name}"


@pytest.mark.parametrize("name", hook_names())
def test_hook_is_exercised_by_a_test(name):
    assert files_naming(name), f"no test under tests/platform/pluginhost/ names the hook {name}"


def test_the_checks_can_fail(tmp_path):
    text = "# Plugins\n\n### register_cashier_modes\n\nregister_fields is mentioned in prose only.\n"
    assert documented("register_cashier_modes", text)
    assert not documented("register_fields", text)
    assert not documented("register_cashier_mode", text)  # a prefix is not the hook
    (tmp_path / "test_x.py").write_text("def test_x():\n    assert 'register_cashier_modes'\n")
    (tmp_path / "helper.py").write_text("order_paid = None\n")  # not a test module
    assert files_naming("register_cashier_modes", tmp_path)
    assert not files_naming("order_paid", tmp_path)
    assert not files_naming("register_cashier_mode", tmp_path)


# --- layout -------------------------------------------------------------------------------------


def test_platform_is_a_source_root_not_a_package():
    assert (ROOT / "platform").is_dir()
    assert not (ROOT / "platform" / "__init__.py").exists()


def test_import_platform_is_the_standard_library():
    import platform

    stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()
    assert Path(platform.__file__).resolve().parent == stdlib
    assert platform.system() in {"Linux", "Darwin", "Windows"}
    assert sys.modules["platform"] is platform


@pytest.mark.parametrize(
    "entry", ["platform", "tenants", "plugins", "billing", "frontend", "tests", "pyproject.toml", "Procfile"]
)
def test_top_level_layout(entry):
    path = ROOT / entry
    assert path.exists(), f"{entry} is missing at the repository root"
    assert path.is_file() if "." in entry or entry == "Procfile" else path.is_dir()
