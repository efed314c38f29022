#!/usr/bin/env bash
# Builds the SPA into frontend/dist with content-hashed file names:
#   app-<hash>.js, app-<hash>_bg.wasm, boot-<hash>.js, style-<hash>.css, index.html,
# and a brotli (.br) and gzip (.gz) copy of each hashed file, which the server sends as is.
# Needs the wasm32-unknown-unknown target and wasm-bindgen CLI of the version in Cargo.lock.
# Uses wasm-opt (binaryen >= 116, from PATH or frontend/node_modules/.bin) when present.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
target_dir="${CARGO_TARGET_DIR:-$repo/target}"
dist="$here/dist"
profile="release-wasm"

command -v wasm-bindgen >/dev/null || {
  echo "build.sh: wasm-bindgen not found; install it with" >&2
  echo "  cargo install wasm-bindgen-cli --version <the wasm-bindgen version in Cargo.lock>" >&2
  exit 1
}

echo "==> cargo build ($profile, wasm32)"
# strip = true in the profile would drop the target_features section that wasm-bindgen reads;
# strip only debug info here (wasm-bindgen drops the rest).
(cd "$repo" && CARGO_TARGET_DIR="$target_dir" CARGO_PROFILE_RELEASE_WASM_STRIP=debuginfo \
  cargo build --target wasm32-unknown-unknown --profile "$profile" -p crm-web)
wasm="$target_dir/wasm32-unknown-unknown/$profile/crm-web.wasm"
[[ -f "$wasm" ]] || { echo "build.sh: $wasm not found" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "==> wasm-bindgen"
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
  --out-dir "$work" --out-name app "$wasm"

# wasm-opt from binaryen 116+ reads current rustc output; older ones (Debian's 108) fail.
find_wasm_opt() {
  local candidate version
  for candidate in "$(command -v wasm-opt || true)" "$here/node_modules/.bin/wasm-opt"; do
    [[ -n "$candidate" && -x "$candidate" ]] || continue
    version="$("$candidate" --version 2>/dev/null | grep -oE '[0-9]+' | head -n1 || true)"
    if [[ -n "$version" && "$version" -ge 116 ]]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
if wasm_opt="$(find_wasm_opt)"; then
  echo "==> wasm-opt -Oz ($wasm_opt)"
  "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-mutable-globals --enable-reference-types \
    -o "$work/app_bg.opt.wasm" "$work/app_bg.wasm"
  mv "$work/app_bg.opt.wasm" "$work/app_bg.wasm"
else
  echo "==> wasm-opt (binaryen >= 116) not found; skipping size optimisation"
fi

hash_of() { sha256sum "$1" | cut -c1-16; }

mkdir -p "$dist"
# Old hashed files go; anything else in dist (none expected) stays.
rm -f "$dist"/app-* "$dist"/boot-* "$dist"/style-* "$dist"/index.html

wasm_name="app-$(hash_of "$work/app_bg.wasm")_bg.wasm"
cp "$work/app_bg.wasm" "$dist/$wasm_name"

# The glue's default wasm URL is 'app_bg.wasm'; point it at the hashed name as well
# (boot.js passes the URL explicitly anyway).
sed "s/app_bg\.wasm/$wasm_name/g" "$work/app.js" >"$work/app.hashed.js"
app_name="app-$(hash_of "$work/app.hashed.js").js"
cp "$work/app.hashed.js" "$dist/$app_name"

# No inline script: the CSP is script-src 'self' 'wasm-unsafe-eval'.
cat >"$work/boot.js" <<EOF
import init from "./$app_name";

init({ module_or_path: new URL("./$wasm_name", import.meta.url) }).catch((error) => {
  console.error("The app failed to start", error);
  document.getElementById("boot")?.remove();
  const note = document.getElementById("boot-error");
  if (note) note.hidden = false;
});
EOF
boot_name="boot-$(hash_of "$work/boot.js").js"
cp "$work/boot.js" "$dist/$boot_name"

# One stylesheet: the shell's, the contacts pages', then notifications, history and custom
# fields, then tasks and job progress (kept apart to keep files small).
cat "$here/style.css" "$here/contacts.css" "$here/activity.css" "$here/tasks.css" "$here/deals.css" >"$work/style.css"
style_name="style-$(hash_of "$work/style.css").css"
cp "$work/style.css" "$dist/$style_name"

favicon="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='7' fill='%232f6fed'/%3E%3Cpath d='M16 6l10 10-10 10L6 16z' fill='white'/%3E%3C/svg%3E"

cat >"$dist/index.html" <<EOF
<!doctype html>
<html lang="ru">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="color-scheme" content="light">
  <title>CRM</title>
  <link rel="icon" type="image/svg+xml" href="$favicon">
  <link rel="stylesheet" href="/$style_name">
  <link rel="modulepreload" href="/$app_name">
  <link rel="preload" href="/$wasm_name" as="fetch" type="application/wasm" crossorigin>
  <script type="module" src="/$boot_name"></script>
</head>
<body>
  <div id="boot" class="boot" role="status"><span class="spinner" aria-hidden="true"></span><span>Загрузка… · Loading…</span></div>
  <noscript>CRM needs JavaScript. / Для работы CRM нужен JavaScript.</noscript>
  <p id="boot-error" hidden>The app could not start. Reload the page. / Приложение не запустилось. Обновите страницу.</p>
</body>
</html>
EOF

echo "==> precompress (brotli 11, gzip 9)"
(cd "$repo" && CARGO_TARGET_DIR="$target_dir" cargo run -q --release -p crm-precompress -- \
  "$dist/$wasm_name" "$dist/$app_name" "$dist/$boot_name" "$dist/$style_name")

echo "==> dist:"
ls -l "$dist"
