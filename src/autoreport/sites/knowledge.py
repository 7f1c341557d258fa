"""What the tool knows of a site's pages, as data: knowledge.yaml, shipped in the package, and the site
patches a person writes when the site changed (patches.py). The steps read locators and labels from
here and from nowhere else."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

KNOWLEDGE_FILE = "knowledge.yaml"
WAYS = ("role", "label", "text", "css")
CHOICE = "{choice}"

# What sort of thing an element is, and the roles a person may point at for it when repairing.
KIND_ROLES: dict[str, tuple[str, ...]] = {
    "field": ("textbox", "searchbox", "spinbutton", "combobox"),
    "file": ("button", "textbox"),
    "button": ("button", "link", "menuitem"),
    "link": ("link", "button", "menuitem"),
    "choice": ("radio", "checkbox", "option", "switch", "menuitemradio", "menuitemcheckbox"),
    "dropdown": ("combobox", "button", "listbox"),
    "group": ("group", "radiogroup", "region", "form", "main", "generic", "list", "dialog"),
    "heading": ("heading",),
    "list": ("list", "listbox", "table", "grid"),
    "table": ("table", "grid"),
    "text": (),  # any element that shows text
}
Kind = Literal["field", "file", "button", "link", "choice", "dropdown", "group", "heading", "list", "table", "text"]


class Way(BaseModel):
    """How to find one element: one way (role with its name, label, text, or css), maybe within another."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    role: str | None = None
    name: str | None = None
    label: str | None = None
    text: str | None = None
    css: str | None = None
    exact: bool = True
    within: str | None = None

    @model_validator(mode="after")
    def one_way(self) -> Way:
        ways = [way for way in WAYS if getattr(self, way) is not None]
        if not ways:
            raise ValueError("says no way to find the element: give role (with name), label, text or css")
        if len(ways) > 1:
            raise ValueError(f"gives {len(ways)} ways to find the element ({', '.join(ways)}); give one")
        if self.name is not None and self.role is None:
            raise ValueError("name goes with role: {role: textbox, name: ...}")
        for text in (self.name, self.label, self.text):
            if text is not None and is_pattern(text):
                try:
                    re.compile(text[1:-1])
                except re.error as error:
                    raise ValueError(f"{text} is not a regular expression: {error}") from None
        return self

    def way(self, choice: str | None = None) -> str:
        if self.css is not None:
            return f"locator({self.css!r})"
        if self.role is not None:
            if self.name is None:
                return f'get_by_role("{self.role}")'
            return f'get_by_role("{self.role}", name={written(fill(self.name, choice), self.exact)})'
        if self.label is not None:
            return f"get_by_label({written(fill(self.label, choice), self.exact)})"
        return f"get_by_text({written(fill(self.text or '', choice), self.exact)})"


class Element(Way):
    """An element of the package's knowledge: how to find it, and what it is, for people."""

    what: str
    kind: Kind
    choices: str | None = None  # the labels (`categories`, `reasons`, ...) its {choice} comes from


def is_pattern(text: str) -> bool:
    return len(text) > 1 and text.startswith("/") and text.endswith("/")


def fill(text: str, choice: str | None) -> str:
    return text.replace(CHOICE, choice) if choice is not None and CHOICE in text else text


def written(text: str, exact: bool) -> str:
    if is_pattern(text):
        return f"re.compile({text[1:-1]!r})"
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{quoted}, exact=True" if exact else quoted


@functools.cache
def aria_roles() -> frozenset[str]:
    """The roles Playwright finds elements by (its get_by_role's own list). A patch's roles are checked
    against it; the package's are, by a test (importing Playwright here would cost every start)."""
    from typing import get_args, get_type_hints

    from playwright.sync_api import Page

    return frozenset(get_args(get_type_hints(Page.get_by_role)["role"]))


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    editions: list[str]  # the one expected first; the others the site may still show
    urls: dict[str, str]


class Edition(BaseModel):
    """One edition of a site's pages. An entry set to null is one the edition does not have (an element
    or a choice it inherits by a YAML merge key from another edition, and lacks)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    elements: dict[str, Element]
    labels: dict[str, str]
    forms_sent_by_script: bool = Field(False, alias="forms-sent-by-script")
    reason_in_description: list[str] = Field([], alias="reason-in-description")
    pages_as: dict[str, str] = Field({}, alias="pages-as")

    @model_validator(mode="before")
    @classmethod
    def drop_what_it_lacks(cls, data: dict) -> dict:
        for section in ("elements", "labels"):
            data[section] = {key: value for key, value in data.get(section, {}).items() if value is not None}
        return data

    @model_validator(mode="after")
    def containers_known(self) -> Edition:
        for element_id, element in self.elements.items():
            if element.within is not None and element.within not in self.elements:
                raise ValueError(f"{element_id} is within {element.within}, which is no element")
        if "report-centre-marker" not in self.elements:
            raise ValueError("an edition names the report-centre-marker that tells it apart")
        return self


class KnowledgeFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    profiles: dict[str, Profile]
    editions: dict[str, Edition]

    def editions_of(self, site: str) -> list[Edition]:
        return [self.editions[name] for name in self.profiles[site].editions]


@functools.cache
def package_knowledge() -> KnowledgeFile:
    """knowledge.yaml, read once: a file of the package's own, so a fault in it is the package's."""
    text = files("autoreport.sites").joinpath(KNOWLEDGE_FILE).read_text(encoding="utf-8")
    # libyaml's loader where it is built in: a sixth of the pure-Python loader's time, on every start.
    return KnowledgeFile.model_validate(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


@dataclass(frozen=True)
class SiteKnowledge:
    """One site's pages as this run knows them: the package's edition with the patches in force."""

    site: str
    edition: str
    urls: Mapping[str, str]
    elements: Mapping[str, Element]
    labels: Mapping[str, str]
    # The entries patches changed (`elements.order-number`, `labels.categories.trade-rules`), each with
    # the patch file that changed it last.
    patched: Mapping[str, str] = field(default_factory=dict)
    forms_sent_by_script: bool = False  # a form's answer comes to a script, not as a new page
    reason_in_description: tuple[str, ...] = ()  # categories whose reason leads the description
    pages_as: Mapping[str, str] = field(default_factory=dict)  # page -> the edition it is as

    def edition_of_page(self, page: str) -> str:
        """The edition whose stored template this edition's page is compared with."""
        return self.pages_as.get(page, self.edition)

    def element(self, element_id: str) -> Element:
        return self.elements[element_id]

    def label(self, key: str) -> str:
        return self.labels[key]

    def has(self, element_id: str) -> bool:
        return element_id in self.elements

    def described(self, element_id: str, choice: str | None = None) -> str:
        """How the element is looked for, as Playwright's Python API writes it:
        `get_by_role("group", name="Contact information").get_by_label("Email", exact=True)`."""
        element = self.elements[element_id]
        found = element.way(choice)
        return f"{self.described(element.within, choice)}.{found}" if element.within else found

    def patch_entries(self, entries) -> list[dict[str, str]]:
        """The patched entries among those given, each with its patch file, for a receipt."""
        return [{"entry": entry, "file": self.patched[entry]} for entry in sorted(entries)
                if entry in self.patched]


def site_knowledge(site: str, patches: tuple = (), edition: str | None = None) -> SiteKnowledge:
    """The site's knowledge in one of its editions (the one expected, by default), with the patches
    (patches.SitePatch, in order: a later one wins); a patch's entry applies where the edition has it."""
    known = package_knowledge()
    profile = known.profiles[site]
    name = edition or profile.editions[0]
    pages = known.editions[name]
    elements, labels, patched = dict(pages.elements), dict(pages.labels), {}
    for patch in patches:
        for element_id, way in patch.elements.items():
            if element_id in elements:
                elements[element_id] = patched_element(elements[element_id], way)
                patched[f"elements.{element_id}"] = str(patch.path)
        for key, label in patch.labels.items():
            if key in labels:
                labels[key] = label
                patched[f"labels.{key}"] = str(patch.path)
    return SiteKnowledge(site, name, profile.urls, elements, labels, patched,
                         forms_sent_by_script=pages.forms_sent_by_script,
                         reason_in_description=tuple(pages.reason_in_description), pages_as=pages.pages_as)


def every_edition(site: str, patches: tuple = ()) -> tuple[SiteKnowledge, ...]:
    """The site's knowledge in each edition it may show, the expected one first."""
    return tuple(site_knowledge(site, patches, name) for name in package_knowledge().profiles[site].editions)


def patched_element(element: Element, way: Way) -> Element:
    """The element found the patch's way. The patch says the whole way (role and name, label, text or
    css, and exact); `within` stays the package's unless the patch names one."""
    changes = {name: getattr(way, name) for name in (*WAYS, "name", "exact")}
    if "within" in way.model_fields_set:
        changes["within"] = way.within
    return element.model_copy(update=changes)
