#!/usr/bin/env bash
# Build the installers of one system into out/release/ (used by .github/workflows/release.yml):
#   scripts/release-build.sh BUNDLES [tauri build args...]
#   scripts/release-build.sh nsis,msi                                  # Windows
#   scripts/release-build.sh dmg --target universal-apple-darwin       # macOS, Apple Silicon + Intel
#   scripts/release-build.sh deb                                       # Linux
# Signs when the signing secrets are in the environment, and builds unsigned when they are not:
# macOS: APPLE_CERTIFICATE (base64 .p12), APPLE_CERTIFICATE_PASSWORD, APPLE_SIGNING_IDENTITY, and
# for notarisation APPLE_ID, APPLE_PASSWORD (app-specific), APPLE_TEAM_ID — read by the Tauri CLI;
# Windows: WINDOWS_CERTIFICATE (base64 .pfx), WINDOWS_CERTIFICATE_PASSWORD.
# The update check: with TAURI_SIGNING_PRIVATE_KEY (and its _PASSWORD) and UPDATER_PUBKEY, its
# public half, the app gets the updater's settings (the manifest of the latest published
# release of GITHUB_REPOSITORY) and every installer its .sig; without them the app says it
# cannot update itself.
# Needs the UI built (cd ui && npm ci && npm run build); the Tauri CLI is ui's locked one.
set -euo pipefail
cd "$(dirname "$0")/.."
bundles=$1
shift
[ -f ui/dist/index.html ] || { echo "build the UI first: cd ui && npm ci && npm run build" >&2; exit 2; }

# A secret that is not set arrives as an empty string: the CLI must not try to sign with it.
for v in APPLE_CERTIFICATE APPLE_CERTIFICATE_PASSWORD APPLE_SIGNING_IDENTITY APPLE_ID APPLE_PASSWORD APPLE_TEAM_ID WINDOWS_CERTIFICATE WINDOWS_CERTIFICATE_PASSWORD \
  TAURI_SIGNING_PRIVATE_KEY TAURI_SIGNING_PRIVATE_KEY_PASSWORD UPDATER_PUBKEY; do
  [ -n "${!v:-}" ] || unset "$v"
done

config=()
if [ -n "${WINDOWS_CERTIFICATE:-}" ]; then
  # Import the .pfx into the user's store; signtool then signs by thumbprint.
  thumbprint=$(powershell -NoProfile -Command '
    $pfx = Join-Path $env:RUNNER_TEMP "orderdock-sign.pfx"
    [IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:WINDOWS_CERTIFICATE))
    $password = ConvertTo-SecureString -String $env:WINDOWS_CERTIFICATE_PASSWORD -Force -AsPlainText
    (Import-PfxCertificate -FilePath $pfx -CertStoreLocation Cert:\CurrentUser\My -Password $password).Thumbprint')
  config=(--config "{\"bundle\":{\"windows\":{\"certificateThumbprint\":\"${thumbprint//[$'\r\n ']/}\",\"digestAlgorithm\":\"sha256\",\"timestampUrl\":\"http://timestamp.digicert.com\"}}}")
  echo "signing the Windows installers"
elif [ "$(uname -s)" != Darwin ] && [ "$(uname -s)" != Linux ]; then
  echo "no WINDOWS_CERTIFICATE: unsigned installers (SmartScreen will warn; see the README)"
fi
if [ -n "${TAURI_SIGNING_PRIVATE_KEY:-}" ] && [ -n "${UPDATER_PUBKEY:-}" ] && [ -n "${GITHUB_REPOSITORY:-}" ]; then
  manifest="https://github.com/$GITHUB_REPOSITORY/releases/latest/download/latest.json"
  config+=(--config "{\"bundle\":{\"createUpdaterArtifacts\":true},\"plugins\":{\"updater\":{\"pubkey\":\"$UPDATER_PUBKEY\",\"endpoints\":[\"$manifest\"]}}}")
  echo "the update check reads $manifest"
else
  unset TAURI_SIGNING_PRIVATE_KEY TAURI_SIGNING_PRIVATE_KEY_PASSWORD
  echo "no updater signing key: this build cannot update itself"
fi
if [ "$(uname -s)" = Darwin ] && [ -z "${APPLE_CERTIFICATE:-}" ]; then
  echo "no APPLE_CERTIFICATE: an unsigned .dmg (Gatekeeper will warn; see the README)"
fi

npm --prefix ui exec -- tauri build --bundles "$bundles" --ci ${config[@]+"${config[@]}"} "$@"

mkdir -p out/release
# The installers, and for the update check the macOS app archive and every signature.
find target -path '*/release/bundle/*' \( -name '*.exe' -o -name '*.msi' -o -name '*.dmg' -o -name '*.deb' -o -name '*.app.tar.gz' -o -name '*.sig' \) \
  -newer ui/dist/index.html -exec cp {} out/release/ \;
ls -l out/release
