#!/usr/bin/env bash
# Provisions a fresh chatd from CI: mint an API token, apply a file of
# widgets, users and canned replies, print each widget's embed snippet.
#
#   CHATD_URL=https://chat.example.com \
#   CHATD_ADMIN_PASSWORD="$(cat /var/lib/chatd/initial-admin-password)" \
#   docs/provision-example.sh [FILE]
#
# FILE defaults to docs/provision-example.toml. Run it again at any time: apply
# changes only what differs. New users get generated passwords, printed once
# in apply's report (or set `password` in the file).
#
# Needs: chatctl on PATH. Environment:
#   CHATD_URL             chatd base URL (required)
#   CHATD_ADMIN_PASSWORD  password of the admin (required)
#   CHATD_ADMIN_EMAIL     default admin@localhost, the account chatd creates on first start
set -euo pipefail

: "${CHATD_URL:?set CHATD_URL to the chatd base URL}"
: "${CHATD_ADMIN_PASSWORD:?set CHATD_ADMIN_PASSWORD to the admin password}"
admin_email="${CHATD_ADMIN_EMAIL:-admin@localhost}"
here="$(cd "$(dirname "$0")" && pwd)"
manifest="${1:-$here/provision-example.toml}"
# Keep this list in step with the file's [[widgets]] names.
widgets=(Support Docs)

# 1. Log in once, in a throwaway config, only to mint an API token for this run.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export CHATCTL_CONFIG="$scratch/config.toml"
printf '%s\n' "$CHATD_ADMIN_PASSWORD" |
  chatctl login --server "$CHATD_URL" --email "$admin_email" --password-stdin
token_name="provisioning-$(date +%Y%m%d%H%M%S)"
token="$(chatctl token create "$token_name" --expires-in 3600 --output json |
  sed -n 's/^ *"secret": "\(.*\)",\{0,1\}$/\1/p')"
if [ -z "$token" ]; then
  echo "provision: could not read the new API token" >&2
  exit 1
fi
chatctl logout

# 2. From here on only the token is used, as in any CI job: no config file.
unset CHATCTL_CONFIG
export CHATCTL_SERVER="$CHATD_URL" CHATCTL_TOKEN="$token"
chatctl apply -f "$manifest"

# 3. The snippets to paste before </body> on each site.
for w in "${widgets[@]}"; do
  printf '\n<!-- %s -->\n' "$w"
  chatctl widget snippet "$w"
done

# 4. The token was for this run only.
chatctl token revoke "$token_name"
