
# fob: complete entry names from the secret-free name cache (`fob __names`; never unlocks the vault).
function __fob_entry_names
    set -l typed (commandline -opc)
    set -l cur (commandline -ct)
    set -l given
    for word in $typed[3..-1]
        string match -q -- '-*' $word; or set -a given $word
    end
    set -l prefix $cur
    test (count $given) -gt 0; and set prefix (string join ' ' $given)" $cur"
    set -l skip (math (string length -- "$prefix") - (string length -- "$cur"))
    for name in (fob __names 2>/dev/null)
        string match -q -- "$prefix*" $name; and string sub -s (math $skip + 1) -- $name
    end
end
complete -c fob -n "__fish_seen_subcommand_from code verify verify-log show list ls rm remove rename" -f -a "(__fob_entry_names)"
