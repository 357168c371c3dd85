"""The ledger kernel: the only code that changes a balance.

``post`` writes one LedgerTransaction and its entries and moves the cached balances, all in the
caller's transaction:

1. The header is inserted first, in a savepoint. Its idempotency key is unique, so a retry (or a
   concurrent duplicate, which blocks on the unique index until the first commits) lands on the
   existing transaction and returns it: exactly one effect. Same key with a different request is a
   conflict, never a silent replay.
2. Each balance moves with a conditional ``UPDATE … SET balance = balance + x WHERE … AND
   balance + x >= 0 RETURNING balance``: no lost update, never below zero, no read-modify-write.
3. Entries record the amount and the balance after it, so statements show a running balance.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection

from core import orm, work
from loyalty.errors import AlreadyReversed, IdempotencyConflict, InsufficientBalance
from loyalty.models import Account, LedgerEntry, LedgerTransaction


@dataclass(frozen=True)
class Posting:
    account: Account
    amount: Decimal


@dataclass(frozen=True)
class PostResult:
    transaction: LedgerTransaction
    created: bool


def fingerprint(**request: Any) -> str:
    """A stable hash of what was asked, to tell a retry from a different request with a reused key."""
    canonical = json.dumps(request, sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def lock_accounts(accounts: Sequence[Account]) -> list[Account]:
    """Lock rows in id order (no deadlocks between two operations on the same accounts) and
    return fresh copies with current balances."""
    ids = sorted({a.pk for a in accounts})
    locked = {a.pk: a for a in Account.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    return [locked[a.pk] for a in accounts]


def existing(idempotency_key: str, request_fingerprint: str) -> LedgerTransaction | None:
    if work.claimed(idempotency_key):
        return None
    found = LedgerTransaction.objects.filter(idempotency_key=idempotency_key).first()
    if found is not None and found.fingerprint != request_fingerprint:
        raise IdempotencyConflict()
    return found


def post(
    kind: str,
    postings: Sequence[Posting],
    *,
    idempotency_key: str,
    request_fingerprint: str,
    customer: Any,
    card: Any = None,
    actor: Any = None,
    reason: str = "",
    source: tuple[str, str] = ("", ""),
    amount_paid: Decimal | None = None,
    reverses: LedgerTransaction | None = None,
    insufficient_message: Any = None,
    already_checked: bool = False,
) -> PostResult:
    """``already_checked``: the caller looked the key up in this transaction (saves a query)."""
    assert connection.in_atomic_block, "ledger.post must run inside the caller's transaction"
    found = None if already_checked else existing(idempotency_key, request_fingerprint)
    if found is not None:
        return PostResult(found, False)
    header = LedgerTransaction(
        kind=kind,
        idempotency_key=idempotency_key,
        fingerprint=request_fingerprint,
        customer=customer,
        card=card,
        actor=actor if getattr(actor, "pk", None) else None,
        reason=reason,
        source_type=source[0],
        source_id=str(source[1]),
        amount_paid=amount_paid,
        reverses=reverses,
    )
    header, created = work.insert_header(
        header,
        idempotency_key,
        lambda: existing(idempotency_key, request_fingerprint),
        AlreadyReversed if reverses is not None else None,
    )
    if not created:
        return PostResult(header, False)
    entries = []
    with connection.cursor() as cursor:
        for posting in postings:
            if posting.amount == 0:
                continue
            cursor.execute(
                f"UPDATE {Account._meta.db_table} SET balance = balance + %s, updated_at = now() "  # noqa: S608
                "WHERE id = %s AND balance + %s >= 0 RETURNING balance",
                [posting.amount, posting.account.pk, posting.amount],
            )
            row = cursor.fetchone()
            if row is None:
                raise InsufficientBalance(insufficient_message)
            posting.account.balance = row[0]
            entries.append(
                LedgerEntry(
                    transaction=header, account=posting.account, amount=posting.amount, balance_after=row[0]
                )
            )
    LedgerEntry.objects.bulk_create(entries)
    orm.prime(header, "entries", entries)  # the caller may read them back for free
    return PostResult(header, True)


@dataclass(frozen=True)
class BulkItem:
    """One transaction of a bulk post: each account may appear once across the whole batch."""

    idempotency_key: str
    request_fingerprint: str
    customer: Any
    card: Any
    postings: Sequence[Posting]


def post_many(
    kind: str,
    items: Sequence[BulkItem],
    *,
    actor: Any = None,
    reason: str = "",
    source: tuple[str, str] = ("", ""),
) -> list[tuple[BulkItem, LedgerTransaction]]:
    """``post`` for many transactions in a handful of statements (imports of opening balances).

    Same rows and checks as ``post``: unique idempotency keys (a matching replay is skipped, a
    different request with a used key is a conflict, a concurrent twin fails the unique index),
    one conditional ``UPDATE … WHERE balance + x >= 0`` for all accounts (``unnest``), entries with
    their balance after. Returns the newly written (item, header) pairs; replays are left out.
    """
    assert connection.in_atomic_block, "ledger.post_many must run inside the caller's transaction"
    if not items:
        return []
    found = dict(
        LedgerTransaction.objects.filter(idempotency_key__in=[i.idempotency_key for i in items]).values_list(
            "idempotency_key", "fingerprint"
        )
    )
    if any(i.idempotency_key in found and found[i.idempotency_key] != i.request_fingerprint for i in items):
        raise IdempotencyConflict()
    items = [i for i in items if i.idempotency_key not in found]
    headers = LedgerTransaction.objects.bulk_create(
        [
            LedgerTransaction(
                kind=kind,
                idempotency_key=i.idempotency_key,
                fingerprint=i.request_fingerprint,
                customer=i.customer,
                card=i.card,
                actor=actor if getattr(actor, "pk", None) else None,
                reason=reason,
                source_type=source[0],
                source_id=str(source[1]),
            )
            for i in items
        ]
    )
    moves = [p for i in items for p in i.postings if p.amount]
    if len({p.account.pk for p in moves}) != len(moves):
        raise ValueError("post_many takes at most one posting per account")
    balances: dict[int, Decimal] = {}
    if moves:
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Account._meta.db_table} AS a SET balance = a.balance + v.amount, "  # noqa: S608
                "updated_at = now() FROM unnest(%s::bigint[], %s::numeric[]) AS v(id, amount) "
                "WHERE a.id = v.id AND a.balance + v.amount >= 0 RETURNING a.id, a.balance",
                [[p.account.pk for p in moves], [p.amount for p in moves]],
            )
            balances = dict(cursor.fetchall())
        if len(balances) != len(moves):
            raise InsufficientBalance()
    entries = []
    for item, header in zip(items, headers, strict=True):
        for p in item.postings:
            if p.amount:
                p.account.balance = balances[p.account.pk]
                entries.append(
                    LedgerEntry(
                        transaction=header,
                        account=p.account,
                        amount=p.amount,
                        balance_after=p.account.balance,
                    )
                )
    LedgerEntry.objects.bulk_create(entries)
    return list(zip(items, headers, strict=True))


def reverse(
    original: LedgerTransaction,
    *,
    idempotency_key: str,
    actor: Any = None,
    reason: str = "",
    insufficient_message: Any = None,
) -> PostResult:
    """Post the exact opposite of ``original``; refused if it is itself a reversal or reversed."""
    request = fingerprint(op="reverse", original=original.pk)
    found = existing(idempotency_key, request)
    if found is not None:
        return PostResult(found, False)
    if original.kind == LedgerTransaction.Kind.REVERSAL:
        raise AlreadyReversed()
    if LedgerTransaction.objects.filter(reverses=original).exists():
        raise AlreadyReversed()
    entries = list(original.entries.select_related("account"))
    accounts = lock_accounts([e.account for e in entries])
    postings = [Posting(account, -entry.amount) for account, entry in zip(accounts, entries, strict=True)]
    return post(
        LedgerTransaction.Kind.REVERSAL,
        postings,
        idempotency_key=idempotency_key,
        request_fingerprint=request,
        customer=original.customer,
        card=original.card,
        actor=actor,
        reason=reason,
        source=("ledger_transaction", str(original.pk)),
        amount_paid=-original.amount_paid if original.amount_paid is not None else None,
        reverses=original,
        insufficient_message=insufficient_message,
    )
