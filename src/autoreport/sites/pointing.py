"""A person points at an element the site's knowledge no longer finds, and the tool turns what was
pointed at into a site-patch entry: found by role and name as a person reads the page, checked to be
one visible element of the right sort. Nothing is written here; the caller shows the entry and asks."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from autoreport.sites.elements import PageElements, SiteChanged
from autoreport.sites.knowledge import KIND_ROLES, SiteKnowledge, Way, patched_element

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

# How many times a person may point at something that does not fit before the repair gives up.
ATTEMPTS = 5
# The first node of an element's ARIA snapshot: `- textbox "Order ID"`, `- button "Send" [disabled]`.
ARIA_NODE = re.compile(r'^- (?P<role>[a-z]+)(?: "(?P<name>(?:[^"\\]|\\.)*)")?')


@dataclass(frozen=True)
class PatchEntry:
    """What a repair writes: an element's new way (`elements.<id>`) or a choice's new label (`labels.<key>`)."""

    section: str  # "elements" or "labels"
    key: str
    value: dict | str

    @property
    def entry(self) -> str:
        return f"{self.section}.{self.key}"


class NotAFit(Exception):
    """What the person pointed at cannot stand for the element: the words say why."""


def role_and_name(picked: Locator) -> tuple[str, str]:
    """The role and accessible name of the one element picked, as its ARIA snapshot gives them."""
    match = ARIA_NODE.match(picked.aria_snapshot().strip())
    if not match:
        raise NotAFit("it has no ARIA role the tool can find it by")
    return match["role"], (match["name"] or "").replace('\\"', '"')


def entry_for(picked: Locator, elements: PageElements, missing: SiteChanged) -> PatchEntry:
    """The patch entry that finds what was picked as the missing element; NotAFit if it cannot."""
    knowledge = elements.knowledge
    element = knowledge.element(missing.element_id)
    if picked.count() != 1 or not picked.is_visible():
        raise NotAFit("that is not one visible element")
    role, name = role_and_name(picked)
    fitting = KIND_ROLES[element.kind]
    if fitting and role not in fitting:
        raise NotAFit(f"that is a {role}, and {missing.what} is a {element.kind} ({' or '.join(fitting)})")
    if not name:
        raise NotAFit(f"that {role} has no accessible name to find it by")
    if element.choices and missing.choice is not None:
        key = label_key(knowledge, element.choices, missing.choice)
        entry = PatchEntry("labels", key, name)
        found = elements.find(missing.element_id, choice=name)
    else:
        way = Way(role=role, name=name)
        entry = PatchEntry("elements", missing.element_id, {"role": role, "name": name})
        found = PageElements(elements.page, with_element(knowledge, missing.element_id, way)).find(missing.element_id)
        if element.within and found.count() != 1:
            # Moved out of its section: found on the whole page instead.
            way = Way(role=role, name=name, within=None)
            entry = PatchEntry("elements", missing.element_id, {"role": role, "name": name, "within": None})
            found = PageElements(elements.page, with_element(knowledge, missing.element_id, way)) \
                .find(missing.element_id)
    if found.count() != 1:
        raise NotAFit(f"{found.count()} elements on the page are a {role} named {name!r}; the entry must find one")
    return entry


def label_key(knowledge: SiteKnowledge, choices: str, shown_before: str) -> str:
    """The label the element's {choice} came from: the one of its choices that read `shown_before`."""
    keys = [key for key, label in knowledge.labels.items() if key.startswith(f"{choices}.") and label == shown_before]
    if len(keys) != 1:
        raise NotAFit(f"the label {shown_before!r} is not one of the site's {choices}")
    return keys[0]


def with_element(knowledge: SiteKnowledge, element_id: str, way: Way) -> SiteKnowledge:
    from dataclasses import replace

    patched = patched_element(knowledge.element(element_id), way)
    return replace(knowledge, elements={**knowledge.elements, element_id: patched})


def point_at(page: Page, elements: PageElements, missing: SiteChanged, say: Callable[[str], None]) -> PatchEntry:
    """Ask the person to click the missing element in the browser; the patch entry for it. NotAFit
    after ATTEMPTS pointings that do not fit."""
    for attempt in range(1, ATTEMPTS + 1):
        say(f"  Point at {missing.what} ({missing.element_id}) in the browser window: click it there.")
        picked = page.pick_locator()
        try:
            return entry_for(picked, elements, missing)
        except NotAFit as not_a_fit:
            say(f"  {not_a_fit}" + ("; point again." if attempt < ATTEMPTS else "."))
    raise NotAFit(f"nothing pointed at could stand for {missing.element_id}")
