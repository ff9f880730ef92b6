#!/usr/bin/env bash
# package-test.sh BUILD_DIR SOURCE_DIR CPACK
# Builds the .deb from BUILD_DIR, checks its fields, unpacks it into a temporary root that is then
# made read-only, and runs the installed programs from there with a home of their own: everything
# they write must land in that home (QStandardPaths), nothing in the install root. Every program
# it starts has a timeout; each step says how long it took.
set -euo pipefail

build=$(realpath "$1")
source=$(realpath "$2")
cpack=$3

work=$(mktemp -d)
cleanup() {
    chmod -R u+w "$work" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "package-test: FAIL: $*" >&2
    exit 1
}

# Milliseconds since the epoch.
now() {
    local micro=${EPOCHREALTIME/[.,]/}
    echo $((micro / 1000))
}
started=$(now)
step_started=$started
step() {
    local time
    time=$(now)
    printf 'package-test: %-62s %6d ms\n' "$1" $((time - step_started))
    step_started=$time
}

# --- the package --------------------------------------------------------------------------------
timeout 240 "$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work/cpack" >"$work/cpack.log" 2>&1 \
    || { cat "$work/cpack.log" >&2; fail "cpack -G DEB"; }
debs=("$work"/cpack/aftershock_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "cpack made no single aftershock_*.deb: ${debs[*]}"
deb=${debs[0]}
step "cpack -G DEB: $(basename "$deb"), $(du -h "$deb" | cut -f1)"

timeout 30 dpkg-deb --info "$deb" >"$work/info.txt"
# A field of the control file (the first line of a multi-line one).
field() {
    sed -n "s/^ $1: //p" "$work/info.txt"
}
# A relationship field's package names, one a line, without versions.
names() {
    field "$1" | sed 's/ ([^)]*)//g; s/, */\n/g'
}
depends=$(names Depends)
recommends=$(names Recommends)
# Computed by dpkg-shlibdeps, then the ones Qt loads at run time.
for package in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6sql6 libqt6charts6 \
    libqt6svg6 libyaml-cpp0.7 libqt6sql6-sqlite fonts-dejavu-core; do
    grep -qxF "$package" <<<"$depends" || fail "Depends lacks $package: $(field Depends)"
done
for package in python3 python3-fastapi python3-uvicorn python3-sqlalchemy; do
    grep -qxF "$package" <<<"$recommends" || fail "Recommends lacks $package: $(field Recommends)"
done
[ "$(field Package)" = aftershock ] || fail "Package: $(field Package)"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture: $(field Architecture)"
for name in Maintainer Section Homepage Description; do
    [ -n "$(field "$name")" ] || fail "no $name field"
done
step "dpkg-deb --info: Depends and Recommends"

root=$work/root
timeout 60 dpkg -x "$deb" "$root"
usr=$root/usr
for file in bin/aftershock bin/aftershock-cli share/applications/aftershock.desktop \
    share/metainfo/io.github.aftershock_lab.aftershock.metainfo.xml share/icons/hicolor/scalable/apps/aftershock.svg \
    share/aftershock/demo-target/app.py share/aftershock/demo/scenarios.yaml share/doc/aftershock/copyright \
    share/man/man1/aftershock.1.gz share/man/man1/aftershock-cli.1.gz; do
    [ -f "$usr/$file" ] || fail "the package has no /usr/$file"
done
for prompt in "$source"/prompts/*.md.j2; do
    installed=$usr/share/aftershock/prompts/$(basename "$prompt")
    cmp -s "$prompt" "$installed" || fail "the package's $installed differs from $prompt"
done
# Everything is under /usr; programs are stripped.
[ "$(find "$root" -mindepth 1 -maxdepth 1)" = "$usr" ] || fail "files outside /usr: $(ls "$root")"
file "$usr/bin/aftershock" "$usr/bin/aftershock-cli" | grep -v ', stripped$' && fail "a program is not stripped"
step "dpkg -x: files in place"

timeout 30 desktop-file-validate "$usr/share/applications/aftershock.desktop" || fail "desktop-file-validate"
timeout 60 appstreamcli validate --no-net "$usr/share/metainfo/io.github.aftershock_lab.aftershock.metainfo.xml" \
    >"$work/appstream.txt" 2>&1 || { cat "$work/appstream.txt" >&2; fail "appstreamcli validate"; }
step "desktop-file-validate, appstreamcli validate --no-net"

# --- the installed programs, from a read-only root ----------------------------------------------
home=$work/home
export HOME=$home XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data XDG_CACHE_HOME=$home/cache \
    XDG_RUNTIME_DIR=$home/runtime QT_QPA_PLATFORM=offscreen
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
unset OPENAI_API_KEY ANTHROPIC_API_KEY GEMINI_API_KEY OPENROUTER_API_KEY
listing() {
    find "$root" -printf '%p %s %T@ %m\n' | sort
}
chmod -R a-w "$root"
listing >"$work/before.txt"
cli=$usr/bin/aftershock-cli
gui=$usr/bin/aftershock
scenarios=$usr/share/aftershock/demo/scenarios.yaml
# From inside the root, so that a file written relative to the working folder would show too.
cd "$usr"

version=$(timeout 30 "$cli" --version)
[[ $version =~ ^aftershock-cli\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "aftershock-cli --version: $version"
grep -q "<release version=\"${version#aftershock-cli }\"" \
    "$usr/share/metainfo/io.github.aftershock_lab.aftershock.metainfo.xml" || fail "no metainfo release for $version"
gui_version=$(timeout 30 "$gui" --version)
[ "$gui_version" = "Aftershock ${version#aftershock-cli }" ] || fail "aftershock --version: $gui_version"
timeout 30 "$gui" --help | grep -q '^Usage: ' || fail "aftershock --help"
validation=$(timeout 30 "$cli" scenario validate "$scenarios") || fail "scenario validate: $validation"
[[ $validation == "ok: "* ]] || fail "scenario validate: $validation"
step "--version, --help, scenario validate ($validation)"

# A man page for each command the program lists, each rendering without a warning.
commands=$(timeout 30 "$cli" --help | sed -n '/^Commands:$/,/^$/s/^  \([a-z][a-z ]*[a-z]\)  .*/\1/p')
[ -n "$commands" ] || fail "no commands in aftershock-cli --help"
while read -r words; do
    page=$usr/share/man/man1/aftershock-cli-${words// /-}.1.gz
    [ -f "$page" ] || fail "no man page for '$words': $page"
    zcat "$page" | grep -q '^\.SH EXAMPLES$' || fail "$page has no EXAMPLES section"
    zcat "$page" | grep -q "aftershock\\\\-cli ${words// /.*}" || fail "$page has no example of '$words'"
done <<<"$commands"
for page in "$usr"/share/man/man1/*.1.gz; do
    warnings=$(zcat "$page" | timeout 30 groff -k -man -Tutf8 -ww -z 2>&1) || fail "groff on $page: $warnings"
    [ -z "$warnings" ] || fail "groff on $page: $warnings"
done
step "man pages: $(echo "$commands" | wc -l) commands, $(ls "$usr"/share/man/man1 | wc -l) pages"

# The installed prompts are the advisor's templates; the code index of the installed demo target goes
# to the data folder. --print-prompts sends nothing.
timeout 60 "$cli" agent advise --results "$source/tests/data/results/advisor-demo.json" \
    --source-dir "$usr/share/aftershock/demo-target" --prompts "$usr/share/aftershock/prompts" --print-prompts \
    >"$work/prompts.txt" 2>"$work/advise-errors.txt" || { cat "$work/advise-errors.txt" >&2; fail "agent advise"; }
grep -q 'async def create_user' "$work/prompts.txt" || fail "the prompts hold no code of the demo target"
compgen -G "$XDG_DATA_HOME/Aftershock/aftershock-cli/code-index/*.sqlite" >/dev/null \
    || fail "no code index in $XDG_DATA_HOME: $(find "$home" -type f)"
step "agent advise --print-prompts with the installed prompts"

# The GUI on the demo for 3 s; on SIGTERM it closes as its window would, with status 0.
status=0
timeout --preserve-status -s TERM 3 "$gui" "$scenarios" >"$work/gui-output.txt" 2>"$work/gui-errors.txt" || status=$?
[ $status -eq 0 ] || { cat "$work/gui-errors.txt" >&2; fail "the GUI ended with status $status"; }
# Qt's offscreen platform says this of every window it shows; nothing else may be said.
unexpected=$(grep -v -x -F 'This plugin does not support propagateSizeHints()' "$work/gui-errors.txt" || true)
[ -z "$unexpected" ] || fail "the GUI warned: $unexpected"
written=$(find "$home" -type f)
[ -f "$XDG_CONFIG_HOME/Aftershock/Aftershock.conf" ] || fail "no settings in $XDG_CONFIG_HOME: $written"
[ -f "$XDG_DATA_HOME/Aftershock/Aftershock/runs.sqlite" ] || fail "no run store in $XDG_DATA_HOME: $written"
step "the GUI, offscreen for 3 s"

listing >"$work/after.txt"
diff "$work/before.txt" "$work/after.txt" >&2 || fail "the programs changed the install root"
step "the install root is as it was"
echo "package-test: passed in $(($(now) - started)) ms"
