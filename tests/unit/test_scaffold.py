"""`autoreport new`: a commented spec of every kind and category, valid as written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from tool_run import ToolRun

from autoreport.scaffold import TEMPLATES, spec_text
from autoreport.spec import SELLER_REPORT_CATEGORIES, SPEC_KINDS, SpecInvalid, load_spec

EXAMPLES = Path(__file__).parents[2] / "examples"


def autoreport(*args: str, cwd: Path) -> ToolRun:
    return ToolRun(list(args), cwd=cwd, env={"COLUMNS": "200"}).finish(timeout=60)


def test_there_is_a_template_for_every_kind_and_every_seller_report_category():
    kinds = {template.kind for template in TEMPLATES.values()}
    assert kinds == set(SPEC_KINDS)
    assert set(SELLER_REPORT_CATEGORIES) <= set(TEMPLATES)


@pytest.mark.parametrize("name", [name for name, template in TEMPLATES.items() if not template.evidence_required])
def test_each_template_written_to_a_file_validates_as_written(name, tmp_path):
    written = autoreport("new", name, "--output", "spec.yaml", cwd=tmp_path)
    assert written.exit_code == 0, written.stderr
    assert written.stdout == ""
    spec = load_spec(tmp_path / "spec.yaml")
    assert spec.kind == TEMPLATES[name].kind
    if spec.kind == "seller-report":
        assert spec.category == name
    printed = autoreport("new", name, cwd=tmp_path)
    assert printed.exit_code == 0 and printed.stdout == (tmp_path / "spec.yaml").read_text()


@pytest.mark.parametrize("name", list(TEMPLATES))
def test_each_field_has_its_meaning_above_it_and_the_schema_modeline_comes_first(name):
    text = spec_text(name)
    lines = text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=autoreport.schema.json"
    assert "`autoreport schema > autoreport.schema.json`" in text
    model = SPEC_KINDS[TEMPLATES[name].kind]
    given = yaml.safe_load(text)
    for index, line in enumerate(lines):
        key = line.removeprefix("# ").split(":")[0]
        if key in model.model_fields and not line.startswith(" "):
            assert lines[index - 1].startswith("# "), f"{key} has no comment above it"
    # The optional evidence and contact are there, commented out.
    assert "evidence" not in given and "contact" not in given
    assert ("# evidence:" in lines) == ("evidence" in model.model_fields)
    assert ("# contact:" in lines) == ("contact" in model.model_fields)


def test_an_evidence_block_uncommented_lists_the_files(tmp_path):
    text = spec_text("dispute-appeal").replace("# evidence:", "evidence:").replace("#   - ", "  - ")
    assert yaml.safe_load(text)["evidence"] == ["evidence/tracking-page.png", "evidence/empty-mailbox.jpg"]


def test_an_existing_file_is_never_written_over(tmp_path):
    (tmp_path / "mine.yaml").write_text("my own notes\n")
    result = autoreport("new", "trade-rules", "-o", "mine.yaml", cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip() == ("error: --output mine.yaml: the file exists already; nothing was written "
                                     "(choose another name, or move it away)")
    assert (tmp_path / "mine.yaml").read_text() == "my own notes\n"


def test_a_json_name_is_refused_since_the_spec_is_yaml(tmp_path):
    result = autoreport("new", "dispute-review", "-o", "spec.json", cwd=tmp_path)
    assert result.exit_code == 2 and "name it .yaml or .yml" in result.stderr
    assert not (tmp_path / "spec.json").exists()


@pytest.mark.parametrize(("args", "message"), [
    (("seller-report",), "a seller report's fields follow its category, so each category has its own template: "
                         "autoreport new ipr-protection | restricted-products | trade-rules | search-violations"),
    (("trade-rule",), "no template 'trade-rule'; did you mean 'trade-rules'?"),
    ((), "name the kind of spec to write, e.g. `autoreport new trade-rules`"),
])
def test_a_name_that_is_no_template_exits_2_saying_what_to_do(args, message, tmp_path):
    result = autoreport("new", *args, cwd=tmp_path)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {message}")


def test_list_names_every_template(tmp_path):
    result = autoreport("new", "--list", cwd=tmp_path)
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.stdout.splitlines()[:len(TEMPLATES)]]
    assert names == list(TEMPLATES)
    assert "trade-rules          report a seller: Trade Rules" in result.stdout


@pytest.mark.parametrize("name", [name for name, template in TEMPLATES.items() if template.evidence_required])
def test_a_template_of_a_kind_that_needs_evidence_says_so_and_validates_once_files_are_listed(name, tmp_path):
    text = spec_text(name)
    assert "This kind needs at least one: the spec validates once they are listed." in " ".join(
        line.removeprefix("# ") for line in text.splitlines())
    (tmp_path / "spec.yaml").write_text(text)
    with pytest.raises(SpecInvalid, match="evidence: at least one photo or video is required"):
        load_spec(tmp_path / "spec.yaml")
    listed = TEMPLATES[name].commented["evidence"]
    for path in listed:
        (tmp_path / path).parent.mkdir(exist_ok=True)
        (tmp_path / path).write_bytes((EXAMPLES / "evidence" / "unboxing.mp4").read_bytes())
    (tmp_path / "spec.yaml").write_text(text.replace("# evidence:", "evidence:").replace("#   - ", "  - "))
    spec = load_spec(tmp_path / "spec.yaml")
    assert spec.kind == TEMPLATES[name].kind and [path.name for path in spec.evidence] == [
        Path(path).name for path in listed]
