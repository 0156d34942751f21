"""Which groups a table must withhold: statistical disclosure control, as INSEE's *secret
statistique* does for published tables.

Primary suppression hides every group smaller than the threshold. That alone is not
enough when a total is published: the total minus the groups shown is the group hidden.
Secondary (complementary) suppression therefore hides more groups, the smallest first,
until the hidden groups together count at least the threshold — so that what subtraction
recovers is the sum over a group as large as any group shown.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)


def suppressed(
    sizes: Mapping[Key, int], threshold: int, unseen: Collection[Key] = ()
) -> frozenset[Key]:
    """The groups to withhold, given how many people each holds (the parts of one total).

    `unseen` groups are never shown on their own (the agents who gave no service: no
    command asks for them), so they are withheld at no cost — but a small one is still
    recoverable by subtraction, and must be protected like any other.
    Groups of zero are left alone: an empty group hides nobody and protects nobody.
    If even every group together is under the threshold, all of them are withheld, and
    the caller must withhold the total as well (it is then a group under the threshold).
    """
    hidden = {key for key, size in sizes.items() if 0 < size < threshold}
    if not hidden:
        return frozenset()
    free = sorted((key for key in unseen if sizes.get(key, 0) > 0), key=_order)
    shown = sorted(
        (key for key, size in sizes.items() if size > 0 and key not in hidden),
        key=lambda key: (key not in free, sizes[key], _order(key)),
    )
    together = sum(sizes[key] for key in hidden)
    for key in shown:
        if together >= threshold and len(hidden) > 1:
            break
        hidden.add(key)
        together += sizes[key]
    return frozenset(hidden)


def _order(key: object) -> tuple[bool, str]:
    """A stable order between equal sizes (None, "not given", last)."""
    return (key is None, str(key))
