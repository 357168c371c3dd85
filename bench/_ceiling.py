import json, sys, threading, time
from decimal import Decimal
from _support.common import make_shop, setup_django, percentile
from _support.server import Client, gunicorn, cpu_seconds, backend_pids
from _support.shop import stock_shop
setup_django("huiyuan_bench_ceiling")
from django.db import connections
tenant = make_shop()
shop = stock_shop(tenant, products=3, stock=10, members=1, balance=Decimal(10))
connections.close_all()
paths = sys.argv[1:] or ["/healthz", "/api/v1/checkout-settings/"]
w, t = 4, 4
with gunicorn(w, t) as server:
    for path in paths:
        stop = threading.Event(); done = []
        def till():
            c = Client(server.port, shop.host, shop.token); mine=[]
            while not stop.is_set():
                s = time.perf_counter(); st, _ = c.get(path); mine.append(((time.perf_counter()-s)*1000, st)) if time.perf_counter() else None
            done.extend(mine)

        ths = [threading.Thread(target=till) for _ in range(16)]
        for th in ths: th.start()
        time.sleep(2)
        pids = server.worker_pids(); a = cpu_seconds(pids); cc = time.process_time()
        s = time.perf_counter(); time.sleep(10); el = time.perf_counter()-s
        a = cpu_seconds(pids)-a; cc = time.process_time()-cc
        stop.set(); [th.join() for th in ths]
        ok = [ms for ms, st in done if st == 200]; n = len(ok)*10/12
        print(json.dumps({"path": path, "rps": round(n/el,1), "ok": len(ok), "status": sorted({st for _, st in done}), "p99": round(percentile(ok,99),1) if ok else None, "app_cpu_ms": round(a*1000/max(n,1),2), "client_cpu_ms": round(cc*1000/max(n,1),2)}))
