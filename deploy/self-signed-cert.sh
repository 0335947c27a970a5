#!/bin/sh
# A self-signed certificate for a test box (browsers will warn): writes deploy/certs/fullchain.pem
# and deploy/certs/privkey.pem for the host name given (default: the first ALLOWED_HOSTS of .env).
# On a real server put the CA-issued certificate chain and key in the same two files instead.
set -eu
cd "$(dirname "$0")"
host=${1:-$(sed -n 's/^ALLOWED_HOSTS=\([^,]*\).*/\1/p' ../.env 2>/dev/null || true)}
[ -n "$host" ] || { echo "usage: deploy/self-signed-cert.sh HOSTNAME" >&2; exit 2; }
out=${CERT_DIR:-certs}
mkdir -p "$out"
umask 077
openssl req -x509 -newkey rsa:2048 -nodes -days 365 -sha256 \
  -subj "/CN=$host" -addext "subjectAltName=DNS:$host" \
  -keyout "$out/privkey.pem" -out "$out/fullchain.pem" 2>/dev/null
chmod 0644 "$out/fullchain.pem"
echo "Self-signed certificate for $host written to $out/ (valid 365 days)."
