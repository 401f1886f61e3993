"""gunicorn's settings for Warta in production (deploy/systemd/warta-web.service):

    .venv/bin/gunicorn -c deploy/gunicorn.conf.py warta.wsgi

Behind nginx (deploy/nginx/warta.conf.in) on the same machine. Override with the environment:
WARTA_BIND (default 127.0.0.1:8000), WEB_CONCURRENCY (workers; default 2 x CPUs + 1, at most 8).
"""

import multiprocessing
import os

bind = [os.environ.get("WARTA_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
# Sync workers: nginx buffers slow clients' requests and responses, so a worker is busy only
# while Django works. Long work (reports, sending) runs in the task worker, not here.
worker_class = "sync"
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow for ever.
max_requests = 2000
max_requests_jitter = 200
# Load the app once before forking (less memory; a broken deployment fails at start, not per request).
preload_app = True
# Only nginx on this machine may tell gunicorn the scheme (X-Forwarded-Proto); the client address
# is taken by Warta itself through WARTA_TRUSTED_PROXY_COUNT.
forwarded_allow_ips = "127.0.0.1,::1"
# Heartbeat files in memory, not on a possibly slow disk.
SHM = "/dev/shm"  # noqa: S108 (gunicorn's own advice: its per-worker heartbeat files, not data)
worker_tmp_dir = SHM if os.path.isdir(SHM) else None
# Logs to the journal (systemd). The address logged is nginx's: nginx keeps the clients' own log.
accesslog = "-"
errorlog = "-"
access_log_format = '"%(r)s" %(s)s %(b)s %(M)sms'
limit_request_line = 8190
limit_request_fields = 100
