"""Background work: `enqueue` queues after commit and carries the tenant it was called in."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context

from core.tasks import clear_expired_sessions, enqueue

ROOT = Path(__file__).resolve().parents[3]
REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 13


def redis_client():  # type: ignore[no-untyped-def]
    import redis

    client = redis.Redis(
        host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB, socket_timeout=2, socket_connect_timeout=2
    )
    try:
        client.ping()
    except Exception:
        return None
    return client


def make_session(schema: str, *, expired: bool) -> str:
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    with schema_context(schema):
        key = SessionStore().create_model_instance({}).session_key or ""
        key = f"{'x' if expired else 'l'}{uuid.uuid4().hex}{uuid.uuid4().hex}"[:40]
        delta = timedelta(days=-1) if expired else timedelta(days=1)
        Session.objects.create(session_key=key, session_data="e30:", expire_date=timezone.now() + delta)
    return key


def session_exists(schema: str, key: str) -> bool:
    from django.contrib.sessions.models import Session

    with schema_context(schema):
        return Session.objects.filter(session_key=key).exists()


def test_enqueue_runs_after_commit_in_the_tenant_it_was_called_in(
    tenant_a, tenant_b, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    expired_a = make_session(tenant_a.schema_name, expired=True)
    live_a = make_session(tenant_a.schema_name, expired=False)
    expired_b = make_session(tenant_b.schema_name, expired=True)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with schema_context(tenant_a.schema_name):
            enqueue(clear_expired_sessions)
        # Queued, not run: nothing happens before the transaction commits.
        assert session_exists(tenant_a.schema_name, expired_a)
    # The commit happens after the request left tenant A's schema: the task must still run in A.
    assert len(callbacks) == 1
    assert connection.schema_name == "public"
    assert not session_exists(tenant_a.schema_name, expired_a)
    assert session_exists(tenant_a.schema_name, live_a)
    assert session_exists(tenant_b.schema_name, expired_b)


def test_enqueue_in_tenant_b_leaves_tenant_a_alone(
    tenant_a, tenant_b, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    expired_a = make_session(tenant_a.schema_name, expired=True)
    expired_b = make_session(tenant_b.schema_name, expired=True)
    with django_capture_on_commit_callbacks(execute=True), schema_context(tenant_b.schema_name):
        enqueue(clear_expired_sessions)
    assert not session_exists(tenant_b.schema_name, expired_b)
    assert session_exists(tenant_a.schema_name, expired_a)


def test_nothing_runs_when_the_transaction_rolls_back(tenant_a, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    expired_a = make_session(tenant_a.schema_name, expired=True)

    class Abort(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Abort),
        transaction.atomic(),
        schema_context(tenant_a.schema_name),
    ):
        enqueue(clear_expired_sessions)
        raise Abort
    assert callbacks == []
    assert session_exists(tenant_a.schema_name, expired_a)


def database_url_of_tests() -> str:
    s = connection.settings_dict
    user = quote(s.get("USER") or "postgres")
    password = quote(s.get("PASSWORD") or "")
    host = s.get("HOST") or (s.get("OPTIONS") or {}).get("host") or ""
    port = s.get("PORT") or ""
    name = s["NAME"]
    if host.startswith("/"):  # unix socket directory (the embedded server)
        netloc = f"{user}:{password}@" + (f":{port}" if port else "")
        return f"postgresql://{netloc}/{name}?host={quote(host)}"
    return f"postgresql://{user}:{password}@{host}{':' + str(port) if port else ''}/{name}"


@pytest.fixture
def redis_broker():  # type: ignore[no-untyped-def]
    client = redis_client()
    if client is None:
        pytest.skip(f"Redis is not reachable at {REDIS_HOST}:{REDIS_PORT}: the real-broker path needs it")
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}", client


def test_real_worker_runs_task_in_the_sending_tenant(
    django_db_setup, committed_db, tmp_path, redis_broker
) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.sessions.models import Session

    from huiyuan.celery import app
    from tenants.models import Tenant

    broker_url, redis = redis_broker
    if not connection.settings_dict["NAME"].startswith("test_"):
        # committed_db alone does not make pytest-django create the test database: it happens when
        # another collected test uses `db`. Never let a worker loose on the development database.
        pytest.skip("test database not set up (run together with the other tests of this module)")
    queue = f"core-test-{uuid.uuid4().hex[:12]}"
    tenant_a = Tenant.objects.get(subdomain="alpha")
    tenant_b = Tenant.objects.get(subdomain="beta")
    keys = {
        "expired_a": (tenant_a.schema_name, make_session(tenant_a.schema_name, expired=True)),
        "live_a": (tenant_a.schema_name, make_session(tenant_a.schema_name, expired=False)),
        "expired_b": (tenant_b.schema_name, make_session(tenant_b.schema_name, expired=True)),
    }
    env = {k: v for k, v in os.environ.items() if k not in {"SENTRY_DSN", "HUIYUAN_ENV", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="huiyuan.settings",
        PYTHONPATH=os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
        REDIS_URL=broker_url,
        DATABASE_URL=database_url_of_tests(),
    )
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "huiyuan.celery",
            "worker",
            "-P",
            "solo",
            "-c",
            "1",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            queue,
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    saved = {k: app.conf[k] for k in ("task_always_eager", "broker_url")}
    try:
        app.conf.task_always_eager = False
        with (
            app.connection_for_write(broker_url) as broker,
            broker.Producer() as producer,
            schema_context(tenant_a.schema_name),
        ):
            result = clear_expired_sessions.apply_async(queue=queue, producer=producer)
        assert result.id
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and session_exists(*keys["expired_a"]):
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
            time.sleep(0.25)
        worker_log = (tmp_path / "worker.log").read_text()
        assert not session_exists(*keys["expired_a"]), f"task did not run within 60 s:\n{worker_log[-3000:]}"
        assert session_exists(*keys["live_a"])
        assert session_exists(*keys["expired_b"])
        assert "core.tasks.clear_expired_sessions" in worker_log
    finally:
        app.conf.update(saved)
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)
        log.close()
        for schema, key in keys.values():
            with schema_context(schema):
                Session.objects.filter(session_key=key).delete()
        redis.delete(queue, f"_kombu.binding.{queue}")


def test_slow_tasks_run_on_a_background_thread_without_a_broker(committed_db, settings):
    """Sign-up's pool refill must not run inside the response when there is no broker."""
    import threading
    import time

    from django.db import transaction

    from core.tasks import enqueue
    from tenants.models import Tenant
    from tenants.tasks import refill_pool

    settings.INPROCESS_BACKGROUND_THREADS = True
    settings.TENANT_POOL_SIZE = Tenant.objects.filter(state=Tenant.State.POOLED).count() + 1
    before = threading.active_count()
    with transaction.atomic():
        enqueue(refill_pool, slow=True)
        assert threading.active_count() == before  # nothing before commit
    # Right after commit the clone is still running on its own thread (it takes >100 ms), while an
    # inline run would already be finished here with no extra thread.
    assert threading.active_count() == before + 1
    deadline = time.monotonic() + 60
    while Tenant.objects.filter(state=Tenant.State.POOLED).count() < settings.TENANT_POOL_SIZE:
        assert time.monotonic() < deadline, "the background refill never finished"
        time.sleep(0.1)
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    Tenant.objects.filter(state=Tenant.State.POOLED).order_by("-id").first().delete(force_drop=True)
