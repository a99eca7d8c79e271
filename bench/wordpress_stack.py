"""WordPress 6.1 from Debian beside toasoan, for bench_serving.py: MariaDB and PHP-FPM
started under var/prod/wp/, installed through WordPress's own install step
(``wp_install()``, no wp-cli) with the seed article inserted by ``wp_insert_post()``, and
served by nginx twice: uncached (WP_PORT) and with nginx's fastcgi_cache (WP_CACHED_PORT).

Debian's wordpress reads its database settings from /etc/wordpress/config-NAME.php, NAME
coming from the WORDPRESS_CONFIG FastCGI parameter; this writes config-toasoanbench.php
there and nothing else outside var/prod/wp/. PHP-FPM gets as many workers as gunicorn
(pm = static), OPcache on (Debian's default), the Twenty Twenty-Three theme.

    python bench/wordpress_stack.py up|down
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("TOASOAN_PROD_DIR", ROOT / "var" / "prod")) / "wp"
WP_PORT = int(os.environ.get("WP_PORT", "8090"))
WP_CACHED_PORT = int(os.environ.get("WP_CACHED_PORT", "8091"))
WORKERS = int(os.environ.get("TOASOAN_WORKERS", 2 * (os.cpu_count() or 1) + 1))
CONFIG = Path("/etc/wordpress/config-toasoanbench.php")
PACKAGES = ["wordpress", "php8.2-fpm", "php8.2-mysql", "mariadb-server",
            "wordpress-theme-twentytwentythree"]  # fmt: skip
SOCK = VAR / "mysql.sock"


def run(*cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def ensure_packages(packages: list[str] = PACKAGES) -> None:
    missing = [p for p in packages if subprocess.run(
        ["dpkg", "-s", p], capture_output=True).returncode]  # fmt: skip
    if missing:
        if os.geteuid() != 0:
            sys.exit("wordpress_stack: apt-get install " + " ".join(missing))
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing,
            env=env)  # fmt: skip


def alive(pidfile: Path) -> int | None:
    try:
        pid = int(pidfile.read_text().split()[0])
        os.kill(pid, 0)
        return pid
    except (OSError, ValueError, IndexError):
        return None


def start_mariadb() -> None:
    if alive(VAR / "mariadb.pid"):
        return
    data = VAR / "mysql"
    if not data.exists():
        data.mkdir(parents=True)
        shutil.chown(data, "mysql", "mysql")
        run("mariadb-install-db", f"--datadir={data}", "--user=mysql",
            "--auth-root-authentication-method=socket", stdout=subprocess.DEVNULL)  # fmt: skip
    shutil.chown(VAR, "mysql")
    log = open(VAR / "mariadb.log", "ab")
    subprocess.Popen(
        ["mariadbd", f"--datadir={data}", f"--socket={SOCK}", "--skip-networking",
         "--user=mysql", f"--pid-file={VAR / 'mariadb.pid'}",
         "--innodb-buffer-pool-size=256M"],
        stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        if SOCK.exists():
            break
        time.sleep(0.2)
    sql = (
        "CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4;"
        "CREATE USER IF NOT EXISTS 'wp'@'localhost' IDENTIFIED BY 'wp-bench';"
        "GRANT ALL ON wordpress.* TO 'wp'@'localhost';"
    )
    run("mariadb", f"--socket={SOCK}", "-e", sql)


def write_config() -> None:
    CONFIG.parent.mkdir(exist_ok=True)
    CONFIG.write_text(
        "<?php\n"
        "define('DB_NAME', 'wordpress');\ndefine('DB_USER', 'wp');\n"
        "define('DB_PASSWORD', 'wp-bench');\n"
        f"define('DB_HOST', 'localhost:{SOCK}');\n"
        "define('DB_CHARSET', 'utf8mb4');\n"
        # Both servers (uncached and cached) answer as themselves: no canonical redirect.
        f"$toasoan_host = $_SERVER['HTTP_HOST'] ?? '127.0.0.1:{WP_PORT}';\n"
        "define('WP_HOME', 'http://' . $toasoan_host);\n"
        "define('WP_SITEURL', 'http://' . $toasoan_host);\n"
        "define('DISABLE_WP_CRON', true);\n"
    )


def install(title: str, body_html: str) -> int:
    """WordPress's own install step, then the article; returns the post id."""
    script = r"""<?php
$_SERVER['HTTP_HOST'] = '127.0.0.1:' . getenv('WP_PORT'); $_SERVER['WORDPRESS_CONFIG'] = 'toasoanbench';
define('WP_INSTALLING', true);
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
if (!is_blog_installed()) {
    wp_install('Báo Thanh Hóa (WordPress)', 'admin', 'admin@example.com', true, '', 'bench-pass-123');
}
switch_theme('twentytwentythree');
$input = json_decode(file_get_contents('php://stdin'), true);
$found = get_posts(['title' => $input['title'], 'post_type' => 'post', 'numberposts' => 1]);
if ($found) { echo $found[0]->ID; exit; }
echo wp_insert_post(['post_title' => $input['title'], 'post_content' => $input['body'],
    'post_status' => 'publish']);
"""
    (VAR / "install.php").write_text(script)
    out = run("php", str(VAR / "install.php"), input=json.dumps(
        {"title": title, "body": body_html}), capture_output=True, text=True,
        env=dict(os.environ, WP_PORT=str(WP_PORT)))  # fmt: skip
    return int(out.stdout.strip().splitlines()[-1])


def start_php_fpm() -> None:
    if alive(VAR / "php-fpm.pid"):
        return
    (VAR / "php-fpm.conf").write_text(f"""[global]
pid = {VAR / "php-fpm.pid"}
error_log = {VAR / "php-fpm.log"}
daemonize = yes
[www]
user = www-data
group = www-data
listen = {VAR / "php-fpm.sock"}
listen.owner = www-data
listen.group = www-data
; As many workers as gunicorn has: the same machine, the same share of it.
pm = static
pm.max_children = {WORKERS}
""")
    run("php-fpm8.2", "-y", str(VAR / "php-fpm.conf"))


def start_nginx() -> None:
    if alive(VAR / "nginx.pid"):
        return
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "cache"):
        (VAR / "nginx" / sub).mkdir(parents=True, exist_ok=True)
    fastcgi = f"""
            include /etc/nginx/fastcgi_params;
            fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
            fastcgi_param WORDPRESS_CONFIG toasoanbench;
            fastcgi_pass unix:{VAR / "php-fpm.sock"};"""
    (VAR / "nginx.conf").write_text(f"""user www-data;
worker_processes auto;
pid {VAR / "nginx.pid"};
error_log {VAR / "nginx-error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {VAR}/nginx/body; proxy_temp_path {VAR}/nginx/proxy;
    fastcgi_temp_path {VAR}/nginx/fastcgi; uwsgi_temp_path {VAR}/nginx/uwsgi;
    scgi_temp_path {VAR}/nginx/scgi;
    fastcgi_cache_path {VAR}/nginx/cache levels=1:2 keys_zone=wp:32m inactive=1h;
    server {{
        listen 127.0.0.1:{WP_PORT};
        root /usr/share/wordpress;
        index index.php;
        location / {{ try_files $uri $uri/ /index.php?$args; }}
        location ~ \\.php$ {{ {fastcgi} }}
    }}
    server {{
        listen 127.0.0.1:{WP_CACHED_PORT};
        root /usr/share/wordpress;
        index index.php;
        location / {{ try_files $uri $uri/ /index.php?$args; }}
        location ~ \\.php$ {{ {fastcgi}
            fastcgi_cache wp;
            fastcgi_cache_key "$request_method$request_uri";
            fastcgi_cache_valid 200 10m;
            fastcgi_ignore_headers Cache-Control Expires Set-Cookie;
            add_header X-Cache $upstream_cache_status;
        }}
    }}
}}
""")
    run(shutil.which("nginx") or "/usr/sbin/nginx", "-q", "-p", str(VAR), "-c",
        str(VAR / "nginx.conf"))  # fmt: skip


def up(title: str, body_html: str) -> dict:
    ensure_packages()
    VAR.mkdir(parents=True, exist_ok=True)
    start_mariadb()
    write_config()
    post = install(title, body_html)
    start_php_fpm()
    start_nginx()
    return {
        "uncached": f"http://127.0.0.1:{WP_PORT}/?p={post}",
        "cached": f"http://127.0.0.1:{WP_CACHED_PORT}/?p={post}",
    }


def down() -> None:
    for name in ("nginx.pid", "php-fpm.pid", "mariadb.pid"):
        pid = alive(VAR / name)
        if pid:
            os.kill(pid, signal.SIGTERM)
    for _ in range(50):
        if not any(alive(VAR / n) for n in ("nginx.pid", "php-fpm.pid", "mariadb.pid")):
            break
        time.sleep(0.2)


if __name__ == "__main__":
    if sys.argv[1:] == ["down"]:
        down()
    elif sys.argv[1:] == ["up"]:
        print(up("Bài thử", "<p>Nội dung thử.</p>"))
    else:
        sys.exit("usage: wordpress_stack.py up|down")
