
# fob: complete entry names from the secret-free name cache (`fob __names`; never unlocks the vault).
_fob_names_or_default() {
    local line="${COMP_LINE:0:COMP_POINT}"
    local cur="${line##*[[:space:]]}"
    local -a words
    read -r -a words <<< "${line% "$cur"}"
    [[ -z $cur ]] && read -r -a words <<< "$line"
    local i word sub="" skip=0 vault=() given=()
    for ((i = 1; i < ${#words[@]}; i++)); do
        word="${words[i]}"
        if ((skip)); then
            skip=0
            [[ ${words[i-1]} == --vault ]] && vault=(--vault "$word")
            continue
        fi
        case "$word" in
            --vault | -i | --identity | --at | --fresh | --clear-after | --window) skip=1 ;;
            -*) ;;
            *) if [[ -z $sub ]]; then sub="$word"; else given+=("$word"); fi ;;
        esac
    done
    if [[ $cur != -* ]] && ((!skip)); then
        case "$sub" in
            code | verify | verify-log | show | list | ls | rm | remove | rename)
                local prefix="$cur" name
                ((${#given[@]})) && prefix="${given[*]} $cur"
                COMPREPLY=()
                while IFS= read -r name; do
                    [[ $name == "$prefix"* ]] && COMPREPLY+=("${name:$((${#prefix} - ${#cur}))}")
                done < <(fob "${vault[@]}" __names 2>/dev/null)
                if ((${#given[@]} == 0 || ${#COMPREPLY[@]} > 0)); then
                    if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
                        local colon_word="${cur%"${cur##*:}"}"
                        for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]="${COMPREPLY[i]#"$colon_word"}"; done
                    fi
                    for i in "${!COMPREPLY[@]}"; do COMPREPLY[i]="$(printf '%q' "${COMPREPLY[i]}")"; done
                    return 0
                fi
                ;;
        esac
    fi
    _fob "$@"
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _fob_names_or_default -o nosort -o bashdefault -o default fob
else
    complete -F _fob_names_or_default -o bashdefault -o default fob
fi
