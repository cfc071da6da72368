#!/usr/bin/env bash
# Regenerates the emulator's test TLS material in this folder (run once; the output is committed):
#   ca.pem          test CA certificate, valid 2020-2120: what tests trust (AWS_CA_BUNDLE, https.Agent ca)
#   server.pem      server certificate for localhost, 127.0.0.1 and ::1, issued by that CA
#   server-key.pem  the server certificate's private key
# The CA's private key is deleted at the end, so no one can issue other certificates from a CA that
# a developer might have trusted. Dates are fixed (not "now") so that clocks behind the generating
# machine's also accept them. Needs OpenSSL 1.1.1 or later.
set -euo pipefail
cd "$(dirname "$0")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat >"$work/ca.cnf" <<'CONFIG'
[ca]
default_ca = test_ca
[test_ca]
database = $ENV::WORK/index.txt
new_certs_dir = $ENV::WORK
serial = $ENV::WORK/serial
default_md = sha256
policy = any_name
unique_subject = no
[any_name]
commonName = supplied
[ca_cert]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[server_cert]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1,IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
CONFIG

export WORK="$work"
touch "$work/index.txt"
openssl rand -hex 16 >"$work/serial"
sign() { # sign CSR OUT EXTENSIONS [ca options]
  openssl ca -batch -config "$work/ca.cnf" -notext -startdate 20200101000000Z -enddate 21200101000000Z \
    -in "$1" -out "$2" -extensions "$3" "${@:4}"
}

openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout "$work/ca-key.pem" -out "$work/ca.csr" -subj "/CN=Connect Federation emulator test CA"
sign "$work/ca.csr" ca.pem ca_cert -selfsign -keyfile "$work/ca-key.pem"

openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout server-key.pem -out "$work/server.csr" -subj "/CN=localhost"
sign "$work/server.csr" server.pem server_cert -cert ca.pem -keyfile "$work/ca-key.pem"

openssl verify -CAfile ca.pem server.pem
