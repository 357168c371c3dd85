"""Counter lookup at 100,000 members: p95 server time of GET /api/v1/customers/lookup/?q=…

The request runs through the whole Django stack in-process (tenant middleware, auth, DRF, the
GIN token query, serialization); no network. Queries mix what cashiers type: a whole phone, the
last four digits, a member number, and two characters of a (mostly Chinese) name. Target: p95 ≤ 20 ms.
Prints one JSON line: members, p95_ms (plus p50_ms and lookups).

    .venv/bin/python bench/member_lookup.py [--members 100000] [--lookups 600]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time

from _support.common import make_shop, percentile, setup_django

SURNAMES = (
    "王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅鄭梁謝宋唐許韓馮鄧曹彭曾蕭田董潘袁蔡蔣余杜葉程蘇魏呂丁任沈姚盧"
)
GIVEN = "美麗華明志偉俊傑家豪婷雅慧宜君佳玲芳怡欣穎建國文博宇翔子軒思涵詩雨晨昊天浩然小大安心"
LATIN = [
    "Alice",
    "Brian",
    "Chloe",
    "Daniel",
    "Emily",
    "Frank",
    "Grace",
    "Henry",
    "Ivy",
    "Jason",
    "Kevin",
    "Lily",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=600)
    args = parser.parse_args()
    setup_django("huiyuan_bench_lookup")

    from django.db import connection
    from django.test import Client
    from django_tenants.utils import schema_context

    from accounts.models import User
    from members.models import Customer
    from members.search import build_tokens

    rng = random.Random(42)
    tenant = make_shop()
    phones = rng.sample(range(10_000_000, 99_999_999), args.members)
    people = []
    with schema_context(tenant.schema_name):
        started = time.perf_counter()
        for start in range(0, args.members, 5000):
            batch = []
            for i in range(start, min(start + 5000, args.members)):
                if rng.random() < 0.15:
                    name = f"{rng.choice(LATIN)} {rng.choice(SURNAMES)}"
                else:
                    name = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
                national = f"09{phones[i]:08d}"
                e164 = f"+886{national[1:]}"
                member_no = f"M{i + 1:06d}"
                batch.append(
                    Customer(
                        name=name,
                        phone=e164,
                        member_no=member_no,
                        search_tokens=build_tokens(name, e164, national, [member_no]),
                    )
                )
                people.append((name, national, member_no))
            Customer.objects.bulk_create(batch)
            print(f"members {min(start + 5000, args.members)}/{args.members}", file=sys.stderr)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE members_customer")
        print(f"loaded in {time.perf_counter() - started:.0f}s", file=sys.stderr)
        from rest_framework.authtoken.models import Token

        token = Token.objects.create(user=User.objects.get(role="owner"))

    from django.conf import settings

    client = Client(
        HTTP_HOST=f"{tenant.subdomain}.{settings.BASE_DOMAIN}", HTTP_AUTHORIZATION=f"Token {token.key}"
    )

    def query() -> str:
        name, national, member_no = rng.choice(people)
        kind = rng.random()
        if kind < 0.25:
            return national
        if kind < 0.5:
            return national[-4:]
        if kind < 0.7:
            return member_no
        start = rng.randrange(max(1, len(name.replace(" ", "")) - 1))
        return name.replace(" ", "")[start : start + 2]

    for _ in range(30):  # warm caches and connections
        client.get("/api/v1/customers/lookup/", {"q": query()})
    timings = []
    for _ in range(args.lookups):
        q = query()
        t0 = time.perf_counter()
        response = client.get("/api/v1/customers/lookup/", {"q": q})
        timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.content
        assert response.json()["results"], f"no result for {q!r}"
    print(
        json.dumps(
            {
                "members": args.members,
                "p95_ms": round(percentile(timings, 95), 2),
                "p50_ms": round(percentile(timings, 50), 2),
                "lookups": len(timings),
            }
        )
    )


if __name__ == "__main__":
    main()
