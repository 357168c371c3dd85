"""Merging two records of one person (found e.g. by ``members.services.duplicates_by_phone``).

``merge_customers(keep, remove, actor=…, reason=…)`` folds ``remove`` into ``keep`` in one
transaction and leaves ``remove`` in place, marked ``merged_into = keep`` (lookups and exports skip
merged records; a second merge of it is refused):

* Cards move to ``keep`` with their accounts, so balances and their ledger entries follow.
* Card-less (customer-level) accounts: moved if ``keep`` has none of that kind; otherwise the
  balance moves with one ledger transaction of two postings (out of ``remove``'s account, into
  ``keep``'s). For points, ``remove``'s lots then move to ``keep``'s account, keeping their expiry,
  so ``sum(lots) == balance == ledger`` still holds for both. Reserved (held) points must be
  released or confirmed first.
* **Ledger history is not rewritten**: ``LedgerTransaction`` and ``LedgerEntry`` rows are append-only
  (a database trigger refuses UPDATE). Their ``customer`` still names ``remove``; the history stays
  reachable through the moved accounts (entries point at accounts), and ``merged_family_ids(keep)``
  gives the ids whose transactions belong to the person.
* Referrals, coupons and spend records move; the tier state moves if ``keep`` has none (and the
  tier is re-evaluated). Tags are united, notes appended, and every empty profile field of ``keep``
  (including the member number) is filled from ``remove``.
* One audit entry ``customer.merge`` on ``keep`` with before/after; search tokens are refreshed for
  both.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError
from members.models import Customer
from members.services import refresh_search_tokens

FILLABLE = ("phone", "email", "birthday", "gender", "address", "home_store", "photo", "referrer_id")
SNAPSHOT = (
    "name",
    "phone",
    "email",
    "birthday",
    "gender",
    "address",
    "home_store",
    "notes",
    "tags",
    "member_no",
    "joined_at",
    "referrer_id",
    "merged_into_id",
)


class MergeRefused(DomainError):
    code = "merge_refused"
    status = 409


def _snapshot(customer: Customer) -> dict[str, Any]:
    """JSON-ready profile values (the audit log stores nested values as they are)."""
    values: dict[str, Any] = {"id": customer.pk, "photo": customer.photo.name if customer.photo else ""}
    for key in SNAPSHOT:
        value = getattr(customer, key)
        values[key] = value if isinstance(value, (str, int, list, type(None))) else str(value)
    return values


def merged_family_ids(customer: Customer) -> list[int]:
    """``customer`` and every record merged into it (directly or through another merge): the
    customers whose ledger transactions are this person's history."""
    ids = [customer.pk]
    frontier = [customer.pk]
    while frontier:
        frontier = list(
            Customer.objects.filter(merged_into_id__in=frontier)
            .exclude(pk__in=ids)
            .values_list("pk", flat=True)
        )
        ids.extend(frontier)
    return ids


def _move_customer_accounts(keep: Customer, remove: Customer, actor: Any, reason: str) -> dict[str, Any]:
    from loyalty import ledger
    from loyalty.models import Account, LedgerTransaction, PointsLot

    moved: dict[str, Any] = {}
    theirs = list(Account.objects.filter(customer=remove, card__isnull=True).order_by("id"))
    ours = {a.kind: a for a in Account.objects.filter(customer=keep, card__isnull=True)}
    for account in theirs:
        if account.kind == Account.Kind.POINTS_HELD and account.balance > 0:
            raise MergeRefused(
                _("%(name)s has reserved points: release or confirm them before merging.")
                % {"name": remove.name}
            )
    for account in theirs:
        target = ours.get(account.kind)
        if target is None:
            Account.objects.filter(pk=account.pk).update(customer=keep)
            moved[account.kind] = {"account": account.pk, "moved": True, "balance": str(account.balance)}
            continue
        source, target = ledger.lock_accounts([account, target])
        amount: Decimal = source.balance
        if amount > 0:
            ledger.post(
                LedgerTransaction.Kind.ADJUSTMENT,
                [ledger.Posting(source, -amount), ledger.Posting(target, amount)],
                idempotency_key=f"merge:{remove.pk}:{source.pk}",
                request_fingerprint=ledger.fingerprint(
                    op="merge",
                    keep=keep.pk,
                    remove=remove.pk,
                    source=source.pk,
                    target=target.pk,
                    amount=amount,
                ),
                customer=keep,
                actor=actor,
                reason=reason or "merge",
                source=("merge", str(remove.pk)),
            )
        if account.kind == Account.Kind.POINTS:
            # The lots carry the points' expiry; they follow the points (each lot keeps its entries).
            PointsLot.objects.filter(account=source).update(account=target)
        moved[account.kind] = {"from": source.pk, "to": target.pk, "amount": str(amount)}
    return moved


def merge_customers(keep: Customer, remove: Customer, actor: Any = None, reason: str = "") -> Customer:
    """Fold ``remove`` into ``keep`` (see the module docstring); returns the updated ``keep``."""
    from loyalty.models import Account, Card, Coupon, CustomerSpend, CustomerTier

    if keep.pk == remove.pk:
        raise MergeRefused(_("A customer cannot be merged into itself."))
    with transaction.atomic():
        locked = {
            c.pk: c
            for c in Customer.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk]).order_by("pk")
        }
        if len(locked) != 2:
            raise MergeRefused(_("One of the customers no longer exists."))
        keep, remove = locked[keep.pk], locked[remove.pk]
        if remove.merged_into_id:
            raise MergeRefused(
                _("%(name)s has already been merged into another customer.") % {"name": remove.name}
            )
        if keep.merged_into_id:
            raise MergeRefused(
                _("%(name)s has been merged into another customer; merge into that one instead.")
                % {"name": keep.name}
            )
        before = {"keep": _snapshot(keep), "remove": _snapshot(remove)}

        cards = list(Card.objects.filter(customer=remove).values_list("number", flat=True))
        Card.objects.filter(customer=remove).update(customer=keep)
        Account.objects.filter(customer=remove, card__isnull=False).update(customer=keep)
        accounts = _move_customer_accounts(keep, remove, actor, reason)
        referrals = Customer.objects.filter(referrer=remove).exclude(pk=keep.pk).update(referrer=keep)
        coupons = Coupon.objects.filter(customer=remove).update(customer=keep)
        spend = CustomerSpend.objects.filter(customer=remove).update(customer=keep)
        tier_moved = False
        if not CustomerTier.objects.filter(customer=keep).exists():
            tier_moved = bool(CustomerTier.objects.filter(customer=remove).update(customer=keep))

        # Profile: fill what keep lacks, unite tags, append notes.
        for name in FILLABLE:
            if not getattr(keep, name) and getattr(remove, name):
                setattr(keep, name, getattr(remove, name))
        if keep.referrer_id in (keep.pk, remove.pk):
            keep.referrer_id = None
        keep.tags = [*keep.tags, *(t for t in remove.tags if t not in keep.tags)]
        if remove.notes.strip():
            header = _("Merged from %(name)s (%(ref)s):") % {
                "name": remove.name,
                "ref": remove.member_no or remove.pk,
            }
            keep.notes = f"{keep.notes.rstrip()}\n\n{header}\n{remove.notes.strip()}".strip()
        if not keep.member_no and remove.member_no:
            keep.member_no, remove.member_no = remove.member_no, None
            Customer.objects.filter(pk=remove.pk).update(member_no=None)  # unique: free it first
        keep.joined_at = min((d for d in (keep.joined_at, remove.joined_at) if d), default=None)
        if remove.last_visit_at and (not keep.last_visit_at or remove.last_visit_at > keep.last_visit_at):
            keep.last_visit_at = remove.last_visit_at
        extra = dict(remove.extra or {})
        extra.update(keep.extra or {})
        custom = {**(remove.extra or {}).get("custom", {}), **(keep.extra or {}).get("custom", {})}
        if custom:
            extra["custom"] = custom
        keep.extra = extra
        keep.save()
        remove.merged_into = keep
        remove.save(update_fields=["merged_into", "member_no", "updated_at"])
        refresh_search_tokens(keep)
        refresh_search_tokens(remove)

        if spend or accounts or tier_moved:
            _reevaluate_tier(keep, actor)
        audit.record(
            "customer.merge",
            keep,
            actor=actor,
            reason=reason,
            before=before,
            after={
                "keep": _snapshot(keep),
                "removed": remove.pk,
                "cards": cards,
                "accounts": accounts,
                "referrals": referrals,
                "coupons": coupons,
                "spend_records": spend,
                "tier_moved": tier_moved,
                "at": timezone.now().isoformat(),
            },
        )
        return keep


def _reevaluate_tier(customer: Customer, actor: Any) -> None:
    from loyalty.models import Tier

    if not Tier.objects.filter(active=True).exists():
        return
    from loyalty.services import tiers

    tiers.evaluate(customer, actor=actor)
