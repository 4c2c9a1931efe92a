# The stages of scripts/test: one quiet line each on success, the end of its log on failure.
# Sourced by scripts/test (and by scripts/checks/e2e, which checks this behaviour); expects `logs`
# (the folder for the logs) and `started` (SECONDS at the start) to be set.

# What a stage's log says it did, for its summary line: tests run, checks passed.
counts() {
    local log="$1" found
    found="$(grep -Eo 'Test run with [0-9]+ tests? (in [0-9]+ suites? )?passed' "$log" | tail -1 | grep -Eo '[0-9]+ tests?' | head -1 || true)"
    if [[ -n $found ]]; then echo ", $found passed"; return; fi
    found="$(grep -Ec '^ *ok ' "$log" || true)"
    if ((found == 1)); then echo ", 1 check passed"; return; fi
    if ((found > 1)); then echo ", $found checks passed"; return; fi
    found="$(grep -Eo '[0-9]+ Swift files are formatted' "$log" | grep -Eo '^[0-9]+' || true)"
    if [[ -n $found ]]; then echo ", $found files"; fi
}

# The lines of a stage's log that say a check was skipped (`  skip  x: reason`,
# `x: skipped (reason)`, `skipped: reason`), each once.
skips() {
    # Not a passing check's name (`ok    …skipped…`) nor a runner's count of none (`skipped 0`).
    grep -Ei '(^|[^A-Za-z-])(skip|skipped)([^A-Za-z-]|$)' "$1" | sed -E 's/^[[:space:]]+//' |
        grep -Ev '^(ok|✔|PASS)[[:space:]]|(^|[^A-Za-z])skipped:? 0([^0-9]|$)' | awk '!seen[$0]++' || true
}
skipped_total=0

# stage NAME COMMAND...: runs COMMAND with its output in the stage's log.
stage() {
    local name="$1"; shift
    local log="$logs/$(tr ' /' '--' <<<"$name" | tr -cd 'A-Za-z0-9_.-').log"
    local start=$SECONDS status=0
    if [[ ${GRADVIZ_TEST_VERBOSE:-0} == 1 ]]; then
        "$@" 2>&1 | tee "$log" || status=$?
    else
        "$@" >"$log" 2>&1 || status=$?
    fi
    local took=$((SECONDS - start))
    if ((status != 0)); then
        echo "FAIL  $name (${took} s, exit status $status); the end of $log:" >&2
        tail -n 60 "$log" | sed 's/^/    /' >&2
        echo "test: failed at '$name' after $((SECONDS - started)) s; full log: $log" >&2
        exit 1
    fi
    local skipped
    skipped="$(skips "$log")"
    if [[ -n $skipped ]]; then
        local count
        count="$(wc -l <<<"$skipped")"
        skipped_total=$((skipped_total + count))
        printf 'ok    %-58s %4d s%s; %d skipped:\n' "$name" "$took" "$(counts "$log")" "$count" >&2
        sed 's/^/        skipped  /' <<<"$skipped" >&2
    else
        printf 'ok    %-58s %4d s%s\n' "$name" "$took" "$(counts "$log")" >&2
    fi
}

# The summary's word on skips: nothing when none, else how many (each listed under its stage).
skipped_summary() {
    ((skipped_total == 0)) || echo "; $skipped_total skipped (listed under their stages)"
}

# Fails when the build printed a compiler warning in gradviz's own code (Sources, Tests,
# Examples): the build is kept at 0 warnings. A build that compiles only changed files shows
# only their warnings; a clean build (CI's) shows all.
without_compiler_warnings() {
    local output status=0 warnings
    output="$("$@" 2>&1)" || status=$?
    printf '%s\n' "$output"
    ((status == 0)) || return "$status"
    warnings="$(grep -E "^${root:-$PWD}/(Sources|Tests|Examples|Modules)/[^:]+:[0-9]+:[0-9]+: warning:" <<<"$output" | sort -u || true)"
    if [[ -n $warnings ]]; then
        echo "build: $(wc -l <<<"$warnings") compiler warnings in gradviz's code; the build is kept at 0:"
        printf '%s\n' "$warnings"
        return 1
    fi
}

# The AddressSanitizer build's link prints hundreds of harmless ld.gold warnings about the
# sanitizer's local symbols; they are dropped from its log.
without_gold_asan_warnings() {
    "$@" 2>&1 | { grep -v "warning: Cannot export local symbol '__asan_" || true; }
    return "${PIPESTATUS[0]}"
}

