#!/bin/sh
# manage.py as the portal user, with the production environment of /etc/portal.env.
# Usage (as root): /srv/portal/app/deploy/manage.sh migrate --noinput
set -eu
cd /srv/portal/app
exec runuser -u portal -- /bin/sh -c \
    'set -a; . /etc/portal.env; set +a; exec /srv/portal/venv/bin/python manage.py "$@"' \
    manage.sh "$@"
