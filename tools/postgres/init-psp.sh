#!/bin/sh
# docker-compose's PostgreSQL runs this once, as its superuser, when it initialises an empty data
# directory: the two logins of PSP Koordinering and their database.
#   psp_owner  owns the schema; runs the migrations only (MIGRATION_DATABASE_URL)
#   psp_app    the api's, worker's and mailer's login (DATABASE_URL): no superuser, owns nothing,
#              cannot become psp_owner; the migrations grant it exactly what it needs
set -eu
: "${PSP_OWNER_PASSWORD:?set PSP_OWNER_PASSWORD}"
: "${PSP_APP_PASSWORD:?set PSP_APP_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  -v owner_password="$PSP_OWNER_PASSWORD" -v app_password="$PSP_APP_PASSWORD" <<'SQL'
CREATE ROLE psp_owner WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_password';
CREATE ROLE psp_app WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_password';
CREATE DATABASE psp OWNER psp_owner;
REVOKE ALL ON DATABASE psp FROM PUBLIC;
GRANT CONNECT ON DATABASE psp TO psp_app;
SQL
