#!/usr/bin/env bash
# Writes the man page dispatchwatch.1 and the bash completion file `dispatchwatch` from the program's own
# help (`dispatchwatch --help` and every `dispatchwatch COMMAND --help`), so that neither can drift from the
# commands and options the program takes. The build runs it (packaging/CMakeLists.txt).
#   scripts/generate_from_help.sh BINARY OUTDIR VERSION DATE
set -euo pipefail
bin="$1" out="$2" version="$3" date="$4"
mkdir -p "$out"

# Reads one QCommandLineParser help text and prints it as records, one per line, tab-separated:
#   U usage-line | D description-line | O option-spec description | A argument description
parse_help() {
    awk '
        function flush() { if (kind != "") print kind "\t" spec "\t" text; kind = "" }
        NR == 1 && /^Usage: / { print "U\t" substr($0, 8); next }
        /^       dispatchwatch / && section == "" { sub(/^ +/, ""); print "U\t" $0; next }
        /^Options:$/ { flush(); section = "O"; next }
        /^Arguments:$/ { flush(); section = "A"; next }
        section == "" { print "D\t" $0; next }
        /^$/ { flush(); next }
        /^  [^ ]/ {
            flush()
            line = substr($0, 3)
            if (match(line, /  +/)) {
                spec = substr(line, 1, RSTART - 1); text = substr(line, RSTART + RLENGTH)
            } else { spec = line; text = "" }
            kind = section
            next
        }
        /^   +/ { sub(/^ +/, ""); text = (text == "" ? $0 : text " " $0); next }
        END { flush() }
    '
}

# The commands the top-level help lists, with their summaries (NAME<TAB>SUMMARY).
top="$("$bin" --help)"
commands="$(printf '%s\n' "$top" | awk '/^Commands:$/ { on = 1; next } on && /^$/ { exit }
    on { name = $1; sub(/^  [^ ]+ +/, ""); print name "\t" $0 }')"

# The documented units: each command, and each action whose help a command's help points to
# ("Run 'dispatchwatch dashboard check --help'").
units=()
while IFS=$'\t' read -r name _; do
    units+=("$name")
    while read -r action; do
        units+=("$name $action")
    done < <("$bin" "$name" --help 2>/dev/null | sed -n "s/.*Run 'dispatchwatch $name \([a-z-]*\) --help'.*/\1/p")
done <<< "$commands"

records="$(mktemp -d)"
trap 'rm -rf "$records"' EXIT
for unit in "${units[@]}"; do
    # shellcheck disable=SC2086 # a unit is one or two words
    "$bin" $unit --help 2>/dev/null | parse_help > "$records/${unit// /_}"
    if [ ! -s "$records/${unit// /_}" ]; then
        echo "generate_from_help: '$bin $unit --help' printed nothing" >&2
        exit 1
    fi
done

# --- the man page ---------------------------------------------------------------------------------------
roff_text() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
# An option spec ("-h, --help", "--config <prometheus.yml>") with its names bold and its value italic.
roff_spec() {
    sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e 's/^\(.*\) \(<.*>\)$/\1 \\fI\2\\fR/' \
        -e 's/\(\\-[^ ,]*\)/\\fB\1\\fR/g'
}
roff_unit() {
    local unit="$1" file="$records/${1// /_}" in_pre=0
    printf '.SS "dispatchwatch %s"\n' "$unit"
    while IFS=$'\t' read -r kind spec text; do
        case "$kind" in
            U) printf '.nf\n\\fB%s\\fR\n.fi\n' "$(printf '%s' "$spec" | roff_text)" ;;
            D)
                # Indented lines are laid out by hand (lists of actions): kept as they are.
                if [[ "$spec" == " "* ]]; then
                    [ "$in_pre" = 1 ] || printf '.nf\n'
                    in_pre=1
                else
                    [ "$in_pre" = 0 ] || printf '.fi\n'
                    in_pre=0
                fi
                if [ -z "$spec" ]; then printf '.PP\n'; else printf '%s\n' "$spec" | roff_text; fi
                ;;
            O | A)
                [ "$in_pre" = 0 ] || printf '.fi\n'
                in_pre=0
                case "$spec" in "-h, --help" | "--help-all") continue ;; esac
                if [ "$kind" = O ]; then
                    printf '.TP\n%s\n' "$(printf '%s' "$spec" | roff_spec)"
                else
                    printf '.TP\n\\fI%s\\fR\n' "$(printf '%s' "$spec" | roff_text)"
                fi
                printf '%s\n' "$text" | roff_text
                ;;
        esac
    done < "$file"
    [ "$in_pre" = 0 ] || printf '.fi\n'
    printf '.PP\n'
}
{
    printf '.TH DISPATCHWATCH 1 "%s" "dispatchwatch %s" "User Commands"\n' "$date" "$version"
    printf '.SH NAME\ndispatchwatch \\- the health of dispatchers and workers that expose Prometheus metrics\n'
    printf '.SH SYNOPSIS\n.B dispatchwatch\n[\\fIOPTIONS\\fR] [\\fIURL\\fR...]\n.br\n'
    printf '.B dispatchwatch\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]\n.br\n'
    printf '.B dispatchwatch \\-\\-version\n'
    printf '.SH DESCRIPTION\n'
    printf '%s\n' "$top" | awk 'NR > 2 && /^$/ { exit } NR > 2' | roff_text
    printf '.PP\nThe commands:\n'
    while IFS=$'\t' read -r name summary; do
        printf '.TP\n.B %s\n%s\n' "$name" "$(printf '%s' "$summary" | roff_text)"
    done <<< "$commands"
    printf '.PP\nEvery command takes \\fB\\-h\\fR, \\fB\\-\\-help\\fR (its options) and \\fB\\-\\-help\\-all\\fR '
    printf "(with Qt's own options).\n"
    printf '.SH CONVENTIONS\n'
    printf '%s\n' "$top" | sed -n '/^Conventions: /,/^$/p' | sed 's/^Conventions: \(.\)/\u\1/' | roff_text
    printf '.SH COMMANDS\n'
    for unit in "${units[@]}"; do roff_unit "$unit"; done
    printf '.SH "SEE ALSO"\n\\fBprometheus\\fR(1), \\fBpromtool\\fR(1), \\fBalertmanager\\fR(1)\n'
} > "$out/dispatchwatch.1"

# --- bash completion ------------------------------------------------------------------------------------
# One unit's case in _dispatchwatch_unit: the options it takes, its actions, and for each option with a
# value what completes the value: the choices a value name lists (<text|openmetrics>), files for a value
# that names one, nothing otherwise (status 2: the value was completed).
complete_unit() {
    local file="$records/${1// /_}" options="" values="" actions=""
    while IFS=$'\t' read -r kind spec text; do
        if [ "$kind" = O ]; then
            local names="${spec%% <*}"
            options+=" ${names//,/}"
            if [[ "$spec" == *" <"* ]]; then
                local value="${spec#* <}"
                value="${value%>}"
                local action="return 2"
                if [[ "$value" =~ ^[a-z0-9.-]+(\|[a-z0-9.-]+)+$ ]]; then
                    action="COMPREPLY=(\$(compgen -W \"${value//|/ }\" -- \"\$cur\")); return 2"
                elif [[ "$value" =~ FILE|PATH|DIR|\.(yml|yaml|json|png) ]]; then
                    action="_filedir; return 2"
                fi
                values+="                ${names##* }) $action ;;"$'\n'
            fi
        elif [ "$kind" = A ] && [ "$spec" = ACTION ]; then
            actions="$(printf '%s' "$text" | tr -c 'a-z\n' ' ' | tr -s ' ' '\n' | grep -vx 'or' | xargs)"
        fi
    done < "$file"
    printf '        "%s")\n' "$1"
    [ -z "$actions" ] || printf '            actions="%s"\n' "$actions"
    printf '            options="%s"\n' "${options# }"
    [ -z "$values" ] || printf '            case "$prev" in\n%s            esac\n' "$values"
    printf '            ;;\n'
}
{
    printf '# bash completion for dispatchwatch. Generated from its help by scripts/generate_from_help.sh.\n'
    printf '# shellcheck shell=bash disable=SC2207\n\n'
    printf '# Sets options and actions for a unit ("check", "dashboard check"); returns 1 for an unknown unit\n'
    printf "# and 2 when it completed the value of the option before the cursor.\n"
    printf '_dispatchwatch_unit() {\n'
    printf '    case "$1" in\n'
    for unit in "${units[@]}"; do complete_unit "$unit"; done
    printf '        *) return 1 ;;\n'
    printf '    esac\n'
    printf '    return 0\n'
    printf '}\n\n'
    printf '_dispatchwatch() {\n'
    printf '    local cur prev words cword\n'
    printf '    _init_completion || return\n'
    printf '    local commands="%s"\n' "$(cut -f1 <<< "$commands" | xargs)"
    printf '    local unit="${words[1]}" options="" actions="" status=1\n'
    printf '    if [ "$cword" -eq 1 ] && [[ "$cur" != -* ]]; then\n'
    printf '        COMPREPLY=($(compgen -W "$commands" -- "$cur"))\n        return\n    fi\n'
    printf '    # The window needs no command: options and URLs alone are its.\n'
    printf '    [[ " $commands " == *" $unit "* ]] || unit=window\n'
    printf '    if [ "$unit" != window ] && [ "$cword" -gt 2 ] && [[ "${words[2]}" != -* ]]; then\n'
    printf '        _dispatchwatch_unit "$unit ${words[2]}"\n        status=$?\n    fi\n'
    printf '    if [ "$status" -eq 1 ]; then\n        _dispatchwatch_unit "$unit"\n        status=$?\n    fi\n'
    printf '    [ "$status" -ne 2 ] || return\n'
    printf '    if [ -n "$actions" ] && [ "$cword" -eq 2 ] && [[ "$cur" != -* ]]; then\n'
    printf '        COMPREPLY=($(compgen -W "$actions" -- "$cur"))\n        return\n    fi\n'
    printf '    if [[ "$cur" == -* ]]; then\n'
    printf '        [ "$cword" -gt 1 ] || options+=" --help --version"\n'
    printf '        COMPREPLY=($(compgen -W "$options" -- "$cur"))\n        return\n    fi\n'
    printf '    _filedir\n'
    printf '}\n'
    printf 'complete -F _dispatchwatch dispatchwatch\n'
} > "$out/dispatchwatch.bash-completion"
