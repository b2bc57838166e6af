"""Write make bench's nginx configuration: deploy/nginx.conf once per site measured.

Usage (by bench/run.sh):

    python bench/nginx_site.py <work-dir> <name>:<https port>:<http port>:<app port> ...

Each site (the portal, the naive page, bare Django) gets a copy of the shipped
deploy/nginx.conf with only its addresses, ports, paths and upstream name rewritten, each
of which must be found, so the bench breaks loudly if the file changes shape (as
tests/portal/test_nginx.py does). The TLS certificate is the throwaway one run.sh makes.
If the shipped file gains a response cache (proxy_cache_path), its folder moves into the
work folder and its zone gets a name per site; only the portal's copy keeps the
directives that use it, since the sites it is compared with have no such design.

The main file mirrors Debian's /etc/nginx/nginx.conf (worker_processes auto, its modules,
sendfile, gzip on), with one access log in the format the report reads:
``$msec $server_port $status $request_method $request_uri $upstream_status $upstream_addr``.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "deploy" / "nginx.conf"
LOOPBACK = "127.0.0.1"
UPSTREAM = "portal_app"
PORTAL = "portal"
CACHE_DIRECTIVES = re.compile(r"(proxy_cache\w*|proxy_no_cache|ssi\w*)$")

MAIN = """
user root;
worker_processes auto;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
include /etc/nginx/modules-enabled/*.conf;
events {{
    worker_connections 768;
}}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    ssl_prefer_server_ciphers on;
    gzip on;
    log_format bench '$msec $server_port $status $request_method $request_uri '
                     '$upstream_status $upstream_addr';
    access_log {work}/access.log bench;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    include {work}/site-*.conf;
}}
"""


def site(work, name, https_port, http_port, app_port):
    """Return deploy/nginx.conf for one measured site."""
    text = SITE.read_text()
    replacements = {
        "listen 80;": f"listen {LOOPBACK}:{http_port};",
        "listen 443 ssl http2;": f"listen {LOOPBACK}:{https_port} ssl http2;",
        "listen 80 default_server;": f"listen {LOOPBACK}:{http_port} default_server;",
        "listen 443 ssl default_server;": f"listen {LOOPBACK}:{https_port} ssl default_server;",
        "server 127.0.0.1:8000;": f"server {LOOPBACK}:{app_port};",
        "/etc/ssl/portal/fullchain.pem": str(work / "cert.pem"),
        "/etc/ssl/portal/privkey.pem": str(work / "key.pem"),
        "/var/lib/portal/media/": f"{work / 'media'}/",
        "/var/www/letsencrypt": str(work / "acme"),
        f"upstream {UPSTREAM} ": f"upstream bench_{name} ",
        f"http://{UPSTREAM};": f"http://bench_{name};",
    }
    for old, new in replacements.items():
        if old not in text:
            sys.exit(f"deploy/nginx.conf không còn {old!r}: hãy sửa bench/nginx_site.py")
        text = text.replace(old, new)
    for number, match in enumerate(re.finditer(r"proxy_cache_path\s+(\S+)", text)):
        text = text.replace(match.group(1), str(work / f"nginx-cache-{name}-{number}"), 1)
    for zone in re.findall(r"keys_zone=(\w+):", text):
        text = re.sub(rf"\b{zone}\b", f"{zone}_{name}", text)
    if name != PORTAL:
        lines = []
        for line in text.splitlines():
            directive = line.split(None, 1)[0] if line.strip() else ""
            if CACHE_DIRECTIVES.match(directive) and directive != "proxy_cache_path":
                line = "# not for this site: " + line
            lines.append(line)
        text = "\n".join(lines) + "\n"
    return text


def main():
    work = Path(sys.argv[1])
    for spec in sys.argv[2:]:
        name, https_port, http_port, app_port = spec.split(":")
        (work / f"site-{name}.conf").write_text(site(work, name, https_port, http_port, app_port))
    (work / "acme").mkdir(exist_ok=True)
    (work / "media").mkdir(exist_ok=True)
    (work / "nginx.conf").write_text(MAIN.format(work=work))


if __name__ == "__main__":
    main()
